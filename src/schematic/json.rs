//! `Schematic::to_json`: a compact `POST /schematics` body in Go field order, written so that
//! the factory's YAML decoder reads back exactly this schematic: strings escape every
//! character go-yaml's reader refuses raw or treats as a line break (C0/C1 controls, DEL,
//! U+0085, U+2028, U+2029, U+FEFF, U+FFFE, U+FFFF), never `\/`, never surrogate escapes.
//! Options nested deeper than JSON can carry to go-yaml (10,000 flow levels) make the body
//! YAML instead (`deep_options_yaml`), as they do the options text of a selection
//! (`options_text`).

use super::model::{Schematic, Value, Walk, write_flow};
use super::yaml::{bootloader_text, go_float, push_spaces};

impl Schematic {
    /// The JSON body for `POST /schematics`: only non-empty fields, in the Go struct order.
    /// Valid JSON, except for option values only YAML can express (timestamps, `.inf`,
    /// `.nan`), which are written as tagged YAML scalars (`!!timestamp "…"`) that the
    /// factory's YAML decoder reads back identically, and for options nested deeper than
    /// [`PLAIN_DEPTH`] levels (as aliases can build them): go-yaml reads 10,000 flow levels
    /// at most, so such a body is YAML, its options written by [`deep_options_yaml`].
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(128);
        let overlay = &self.overlay;
        if options_depth(&overlay.options) > PLAIN_DEPTH {
            if !self.owner.is_empty() {
                out.push_str("owner: ");
                string(&mut out, &self.owner);
                out.push('\n');
            }
            out.push_str("overlay:\n  image: ");
            string(&mut out, &overlay.image);
            out.push_str("\n  name: ");
            string(&mut out, &overlay.name);
            out.push_str("\n  options:\n");
            deep_options_yaml(&mut out, &overlay.options, 4);
            out.push_str("\ncustomization: ");
            self.customization_json(&mut out);
            out.push('\n');
            return out;
        }
        out.push('{');
        let mut root = Fields::new();
        if !self.owner.is_empty() {
            root.key(&mut out, "owner");
            string(&mut out, &self.owner);
        }
        if !overlay.image.is_empty() || !overlay.name.is_empty() || !overlay.options.is_empty() {
            root.key(&mut out, "overlay");
            out.push('{');
            let mut fields = Fields::new();
            fields.key(&mut out, "image");
            string(&mut out, &overlay.image);
            fields.key(&mut out, "name");
            string(&mut out, &overlay.name);
            if !overlay.options.is_empty() {
                fields.key(&mut out, "options");
                map(&mut out, &overlay.options);
            }
            out.push('}');
        }
        root.key(&mut out, "customization");
        self.customization_json(&mut out);
        out.push('}');
        out
    }

    /// `customization` as a JSON object.
    fn customization_json(&self, out: &mut String) {
        let customization = &self.customization;
        out.push('{');
        let mut fields = Fields::new();
        if !customization.embedded_machine_configuration.is_empty() {
            fields.key(out, "embeddedMachineConfiguration");
            string(out, &customization.embedded_machine_configuration);
        }
        if !customization.extra_kernel_args.is_empty() {
            fields.key(out, "extraKernelArgs");
            strings(out, &customization.extra_kernel_args);
        }
        if !customization.meta.is_empty() {
            fields.key(out, "meta");
            out.push('[');
            for (index, meta) in customization.meta.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                out.push_str(&format!("{{\"key\":{},\"value\":", meta.key));
                string(out, &meta.value);
                out.push('}');
            }
            out.push(']');
        }
        let extensions = &customization.system_extensions.official_extensions;
        if !extensions.is_empty() {
            fields.key(out, "systemExtensions");
            out.push_str("{\"officialExtensions\":");
            strings(out, extensions);
            out.push('}');
        }
        if let Some(bootloader) = bootloader_text(customization.bootloader) {
            fields.key(out, "bootloader");
            string(out, bootloader);
        }
        let secureboot = &customization.secureboot;
        if !secureboot.enroll_keys.is_empty() || secureboot.include_well_known_certificates {
            fields.key(out, "secureboot");
            out.push('{');
            let mut secureboot_fields = Fields::new();
            if !secureboot.enroll_keys.is_empty() {
                secureboot_fields.key(out, "enrollKeys");
                string(out, &secureboot.enroll_keys);
            }
            if secureboot.include_well_known_certificates {
                secureboot_fields.key(out, "includeWellKnownCertificates");
                out.push_str("true");
            }
            out.push('}');
        }
        if customization.disk_image.sector_size != 0 {
            fields.key(out, "diskImage");
            out.push_str(&format!(
                "{{\"sectorSize\":{}}}",
                customization.disk_image.sector_size
            ));
        }
        out.push('}');
    }
}

/// Writes `,"key":` (without the comma for the first field).
struct Fields {
    first: bool,
}

impl Fields {
    fn new() -> Self {
        Fields { first: true }
    }

    fn key(&mut self, out: &mut String, key: &str) {
        if !self.first {
            out.push(',');
        }
        self.first = false;
        string(out, key);
        out.push(':');
    }
}

fn strings(out: &mut String, items: &[String]) {
    out.push('[');
    for (index, item) in items.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        string(out, item);
    }
    out.push(']');
}

/// go-yaml's reader nests collections 10,000 levels deep at most, flow levels and block
/// indentation levels counted apart (`options.go` `DefaultDepthCheck`, from `scanner.go`
/// `increaseFlowLevel` and `rollIndent`).
const READER_DEPTH: usize = 10_000;

/// The deepest options (collection levels below the options map) written the plain way, as
/// JSON (`to_json`) or as the canonical block YAML (the options field): the document's
/// root, `overlay` and `options` take the first 3 reader levels.
pub(crate) const PLAIN_DEPTH: usize = READER_DEPTH - 3;

/// The deepest options [`deep_options_yaml`] writes so that go-yaml reads them: block levels
/// down to [`PLAIN_DEPTH`], then flow levels down to the reader's limit.
#[cfg(test)]
pub(crate) const MAX_WRITTEN_DEPTH: usize = PLAIN_DEPTH + READER_DEPTH;

/// How many collection levels the values of an options map nest (0: scalars only).
pub(crate) fn options_depth(options: &[(String, Value)]) -> usize {
    let mut deepest = 0;
    for (_, value) in options {
        let mut walk = Walk::new(value);
        while walk.next().is_some() {
            deepest = deepest.max(walk.depth());
        }
    }
    deepest
}

/// Options nested deeper than [`PLAIN_DEPTH`], as block YAML whose entries sit at `indent`
/// (a line each, no final line break), in a form go-yaml reads back as exactly these options
/// (down to `MAX_WRITTEN_DEPTH` levels): keys and scalars as in [`Schematic::to_json`],
/// collections in block style down to [`PLAIN_DEPTH`] levels (one indentation level each),
/// deeper ones in flow style.
pub(crate) fn deep_options_yaml(out: &mut String, options: &[(String, Value)], indent: usize) {
    enum Entries<'a> {
        Map(std::slice::Iter<'a, (String, Value)>),
        Seq(std::slice::Iter<'a, Value>),
    }
    // The open block collections, the options map first, each with whether its next entry
    // continues the current line (the first of a collection in a sequence: `- - x`,
    // `- "k": x`). The entries of the collection at nesting level `n` (the stack's length)
    // sit at column `indent + 2 * (n - 1)`.
    let mut open = vec![(Entries::Map(options.iter()), true)];
    loop {
        let level = open.len();
        let Some((entries, inline)) = open.last_mut() else {
            break;
        };
        let entry = match entries {
            Entries::Map(entries) => entries.next().map(|(key, value)| (Some(key), value)),
            Entries::Seq(items) => items.next().map(|value| (None, value)),
        };
        let Some((key, value)) = entry else {
            open.pop();
            continue;
        };
        if !std::mem::take(inline) {
            out.push('\n');
            push_spaces(out, indent + 2 * (level - 1));
        } else if level == 1 {
            push_spaces(out, indent);
        }
        let block = match value {
            Value::Seq(items) if !items.is_empty() && level <= PLAIN_DEPTH => {
                Some(Entries::Seq(items.iter()))
            }
            Value::Map(entries) if !entries.is_empty() && level <= PLAIN_DEPTH => {
                Some(Entries::Map(entries.iter()))
            }
            _ => None,
        };
        match key {
            Some(key) => {
                string(out, key);
                out.push(':');
            }
            None => out.push('-'),
        }
        match block {
            // A block collection starts on the next line after a key, on this one after `-`.
            Some(entries) => {
                if key.is_none() {
                    out.push(' ');
                }
                open.push((entries, key.is_none()));
            }
            None => {
                out.push(' ');
                self::value(out, value);
            }
        }
    }
}

/// Overlay options as the text of a YAML mapping (`key: value` lines) that go-yaml reads, at
/// the options' place in a schematic, as exactly these options: their canonical YAML, or for
/// options nested deeper than [`PLAIN_DEPTH`] levels, [`deep_options_yaml`]. Deeper than
/// `MAX_WRITTEN_DEPTH` (only aliases build such options) no text reads back.
pub(crate) fn options_text(options: &[(String, Value)]) -> String {
    if options_depth(options) <= PLAIN_DEPTH {
        return super::yaml::options_yaml(options, super::YamlLibrary::default());
    }
    let mut out = String::new();
    deep_options_yaml(&mut out, options, 0);
    out.push('\n');
    out
}

fn map(out: &mut String, entries: &[(String, Value)]) {
    out.push('{');
    for (index, (key, value)) in entries.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        string(out, key);
        out.push(':');
        self::value(out, value);
    }
    out.push('}');
}

/// A value in flow style, with a stack of its own (values nest as deep as go-yaml builds
/// them).
pub(crate) fn value(out: &mut String, value: &Value) {
    write_flow(out, value, (",", ":"), string, scalar);
}

fn scalar(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(flag) => out.push_str(if *flag { "true" } else { "false" }),
        Value::Int(number) => out.push_str(&number.to_string()),
        Value::Uint(number) => out.push_str(&number.to_string()),
        Value::Float(number) if number.is_finite() => out.push_str(&go_float(*number)),
        Value::Float(number) => {
            out.push_str("!!float ");
            string(out, &go_float(*number));
        }
        Value::Str(text) => string(out, text),
        Value::Timestamp(text) => {
            out.push_str("!!timestamp ");
            string(out, text);
        }
        Value::Seq(_) | Value::Map(_) => {}
    }
}

/// A JSON string literal that go-yaml reads back as exactly `text`.
fn string(out: &mut String, text: &str) {
    out.push('"');
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{C}' => out.push_str("\\f"),
            '\u{0}'..='\u{1F}'
            | '\u{7F}'..='\u{9F}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{FEFF}'
            | '\u{FFFE}'
            | '\u{FFFF}' => out.push_str(&format!("\\u{:04x}", u32::from(ch))),
            _ => out.push(ch),
        }
    }
    out.push('"');
}
