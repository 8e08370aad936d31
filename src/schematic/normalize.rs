//! `Schematic::normalize`: the clean-ups the factory does not do but a client should before
//! computing an ID and posting (spec "known emitter quirks"): Windows line endings, byte-order
//! marks, and the Unicode line separators go-yaml mangles (U+0085, U+2028, U+2029).

use std::fmt::Write as _;

use super::model::{Schematic, Value};
use crate::i18n::Text;

/// One kind of change `normalize` made, with the field it was made in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalization {
    /// The field path, e.g. `customization.embeddedMachineConfiguration`.
    pub path: String,
    /// What was changed.
    pub change: Change,
}

/// What `normalize` changed in a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Windows line endings (`\r\n`) and lone `\r` turned into `\n`.
    LineEndings,
    /// Byte-order marks (U+FEFF) removed.
    ByteOrderMarks,
    /// Unicode line separators (U+0085, U+2028, U+2029) turned into line breaks.
    SeparatorsToBreaks,
    /// Unicode line separators turned into spaces (single-line fields).
    SeparatorsToSpaces,
}

impl Normalization {
    /// What the page says (`path: change`, in the language shown).
    pub fn text(&self) -> Text {
        let change = match self.change {
            Change::LineEndings => Text::normalized_line_endings(),
            Change::ByteOrderMarks => Text::normalized_byte_order_marks(),
            Change::SeparatorsToBreaks => Text::normalized_separators_breaks(),
            Change::SeparatorsToSpaces => Text::normalized_separators_spaces(),
        };
        Text::normalized_change(change, &self.path)
    }
}

/// Normalises one string; `multiline` fields get `\n` for separators, others a space.
fn clean(text: &mut String, path: &str, multiline: bool, changes: &mut Vec<Normalization>) {
    let has = |predicate: fn(char) -> bool, text: &str| text.chars().any(predicate);
    let mut record = |change: Change| {
        changes.push(Normalization {
            path: path.to_owned(),
            change,
        });
    };
    if has(|ch| ch == '\r', text) {
        *text = text.replace("\r\n", "\n").replace('\r', "\n");
        record(Change::LineEndings);
    }
    if has(|ch| ch == '\u{FEFF}', text) {
        *text = text.replace('\u{FEFF}', "");
        record(Change::ByteOrderMarks);
    }
    if has(|ch| matches!(ch, '\u{85}' | '\u{2028}' | '\u{2029}'), text) {
        let replacement = if multiline { '\n' } else { ' ' };
        *text = text.replace(['\u{85}', '\u{2028}', '\u{2029}'], &replacement.to_string());
        record(if multiline {
            Change::SeparatorsToBreaks
        } else {
            Change::SeparatorsToSpaces
        });
    }
}

/// A collection being cleaned and the length of its path in the path buffer.
enum Open<'a> {
    Seq(std::iter::Enumerate<std::slice::IterMut<'a, Value>>, usize),
    Map(std::slice::IterMut<'a, (String, Value)>, usize),
}

/// Cleans the keys and string values of an options map at `path`, nested values included,
/// with a stack of its own (values nest as deep as go-yaml builds them) and one path buffer
/// (no path string per level).
fn clean_map(entries: &mut [(String, Value)], path: &str, changes: &mut Vec<Normalization>) {
    let mut path = path.to_owned();
    let mut open = vec![Open::Map(entries.iter_mut(), path.len())];
    while let Some(top) = open.last_mut() {
        let item = match top {
            Open::Map(entries, base) => match entries.next() {
                Some((key, value)) => {
                    path.truncate(*base);
                    path.push('.');
                    path.push_str(key);
                    clean(key, &path, false, changes);
                    value
                }
                None => {
                    open.pop();
                    continue;
                }
            },
            Open::Seq(items, base) => match items.next() {
                Some((index, value)) => {
                    path.truncate(*base);
                    let _ = write!(path, "[{index}]");
                    value
                }
                None => {
                    open.pop();
                    continue;
                }
            },
        };
        match item {
            Value::Str(text) => clean(text, &path, true, changes),
            Value::Seq(items) => open.push(Open::Seq(items.iter_mut().enumerate(), path.len())),
            Value::Map(entries) => open.push(Open::Map(entries.iter_mut(), path.len())),
            _ => {}
        }
    }
}

impl Schematic {
    /// Applies the recommended clean-ups in place and lists what changed (empty when
    /// nothing did). The factory itself does none of this: call it before computing the ID
    /// of user input, and tell the user what changed.
    pub fn normalize(&mut self) -> Vec<Normalization> {
        let mut changes = Vec::new();
        clean(&mut self.owner, "owner", false, &mut changes);
        clean(
            &mut self.overlay.image,
            "overlay.image",
            false,
            &mut changes,
        );
        clean(&mut self.overlay.name, "overlay.name", false, &mut changes);
        clean_map(&mut self.overlay.options, "overlay.options", &mut changes);
        let customization = &mut self.customization;
        clean(
            &mut customization.embedded_machine_configuration,
            "customization.embeddedMachineConfiguration",
            true,
            &mut changes,
        );
        for (index, arg) in customization.extra_kernel_args.iter_mut().enumerate() {
            let path = format!("customization.extraKernelArgs[{index}]");
            clean(arg, &path, false, &mut changes);
        }
        for (index, meta) in customization.meta.iter_mut().enumerate() {
            let path = format!("customization.meta[{index}].value");
            clean(&mut meta.value, &path, true, &mut changes);
        }
        let extensions = &mut customization.system_extensions.official_extensions;
        for (index, extension) in extensions.iter_mut().enumerate() {
            let path = format!("customization.systemExtensions.officialExtensions[{index}]");
            clean(extension, &path, false, &mut changes);
        }
        clean(
            &mut customization.secureboot.enroll_keys,
            "customization.secureboot.enrollKeys",
            false,
            &mut changes,
        );
        changes
    }
}
