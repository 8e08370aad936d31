//! `SchematicError`: why a pasted schematic was rejected, with the field path and, for YAML
//! syntax and type errors, the line and column.
//!
//! What went wrong is a [`Cause`]: go-yaml's own words where the factory's decoder says the
//! same (kept exactly as Go writes them, the parity tests compare them with go-yaml's), with
//! what this client adds to explain them, or this client's own refusal. The page shows
//! [`SchematicError::text`] in the language shown; [`SchematicError::message`] and `Display`
//! are the English, for the JavaScript API's `Error` and the tests.

use std::fmt;

use crate::i18n::{Messages, Text};

/// What this client adds after go-yaml's words, to say what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hint {
    /// `…: expected a mapping`.
    Mapping,
    /// `…: expected a list`.
    List,
    /// `…: expected an integer from 0 to 255`.
    Byte,
    /// `…: expected a non-negative integer`.
    Unsigned,
    /// `…: expected true or false`.
    Bool,
    /// `…: expected one of none, dual-boot, sd-boot, grub`.
    Bootloader,
    /// `…: an option key must be a scalar`.
    KeyNotScalar,
    /// `… (quote it to keep it as text)`.
    QuoteTimestamp,
    /// `…: "auto" means leaving the bootloader out of the schematic`.
    BootloaderAuto,
    /// `… (known fields: …)`: the struct's fields.
    KnownFields(&'static [&'static str]),
}

/// What went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cause {
    /// go-yaml's (the factory decoder's) own words, exactly as Go writes them.
    Go(String),
    /// go-yaml's words and what this client adds.
    Explained(String, Hint),
    /// The text box is empty.
    NothingPasted,
    /// Not JSON (serde_json's words, without their position).
    NotJson(String),
    /// No YAML document at all (the factory answers EOF).
    NoDocument,
    /// A `!!binary` value whose bytes are not UTF-8 (the factory would emit it as binary).
    BinaryNotUtf8,
    /// An option key over 128 bytes (its length).
    KeyTooLong(usize),
    /// An option key with a line break.
    KeyLineBreak,
    /// A non-string key in a nested option map: the key's text and its YAML tag.
    KeySortedByType { key: String, kind: &'static str },
}

impl Cause {
    /// What the page says, without the place.
    pub fn text(&self) -> Text {
        match self {
            Cause::Go(message) => Text::as_is(message),
            Cause::Explained(message, hint) => match hint {
                Hint::Mapping => Text::decode_expected_mapping(message),
                Hint::List => Text::decode_expected_list(message),
                Hint::Byte => Text::decode_expected_byte(message),
                Hint::Unsigned => Text::decode_expected_unsigned(message),
                Hint::Bool => Text::decode_expected_bool(message),
                Hint::Bootloader => Text::decode_expected_bootloader(message),
                Hint::KeyNotScalar => Text::decode_key_not_scalar(message),
                Hint::QuoteTimestamp => Text::decode_quote_timestamp(message),
                Hint::BootloaderAuto => Text::decode_bootloader_auto(message),
                Hint::KnownFields(fields) => Text::decode_known_fields(message, fields.join(", ")),
            },
            Cause::NothingPasted => Text::schematic_nothing_pasted(),
            Cause::NotJson(detail) => Text::schematic_not_json(detail),
            Cause::NoDocument => Text::schematic_no_document(),
            Cause::BinaryNotUtf8 => Text::decode_binary_not_utf8(),
            Cause::KeyTooLong(length) => Text::decode_key_too_long(*length as u64),
            Cause::KeyLineBreak => Text::decode_key_line_break(),
            Cause::KeySortedByType { key, kind } => Text::decode_key_sorted_by_type(key, kind),
        }
    }
}

/// A schematic that could not be imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchematicError {
    /// What is wrong, without the location.
    pub cause: Cause,
    /// The field, e.g. `customization.meta[0].key`; empty for the document itself.
    pub path: String,
    /// 1-based line of the offending node, when known.
    pub line: Option<usize>,
    /// 1-based column (in characters) of the offending node, when known.
    pub column: Option<usize>,
    /// The errors reported with this one (go-yaml lists every type error), in order (a
    /// boxed slice: an error is returned by value through the decoder, so it stays small).
    pub also: Box<[SchematicError]>,
}

impl SchematicError {
    /// go-yaml's own words.
    pub(crate) fn new(message: impl Into<String>) -> Self {
        SchematicError::of(Cause::Go(message.into()))
    }

    pub(crate) fn of(cause: Cause) -> Self {
        SchematicError {
            cause,
            path: String::new(),
            line: None,
            column: None,
            also: Box::default(),
        }
    }

    pub(crate) fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    pub(crate) fn in_field(mut self, path: &str) -> Self {
        self.path = path.to_owned();
        self
    }

    /// Reports `other` with this error (`…; also …`).
    pub(crate) fn and(&mut self, other: SchematicError) {
        let mut also = std::mem::take(&mut self.also).into_vec();
        also.push(other);
        self.also = also.into_boxed_slice();
    }

    /// The field path (empty for the whole document).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// 1-based line, when known.
    pub fn line(&self) -> Option<usize> {
        self.line
    }

    /// 1-based column, when known.
    pub fn column(&self) -> Option<usize> {
        self.column
    }

    /// go-yaml's words, if the cause is (or starts with) them.
    pub(crate) fn go_words(&self) -> Option<&str> {
        match &self.cause {
            Cause::Go(message) | Cause::Explained(message, _) => Some(message),
            _ => None,
        }
    }

    /// What is wrong without the path and the place, with the errors reported with it (the
    /// page's words: in the language shown).
    pub fn message_text(&self) -> Text {
        self.also.iter().fold(self.cause.text(), |first, other| {
            Text::schematic_error_also(first, other.text())
        })
    }

    /// What the page says: the path, what is wrong and where.
    pub fn text(&self) -> Text {
        let mut text = self.message_text();
        if !self.path.is_empty() {
            text = Text::schematic_error_in(text, &self.path);
        }
        match (self.line, self.column) {
            (Some(line), Some(column)) => Text::schematic_error_at(column, text, line),
            (Some(line), None) => Text::schematic_error_at_line(text, line),
            _ => text,
        }
    }

    /// [`SchematicError::message_text`] in English (the parity tests read it).
    pub fn message(&self) -> String {
        Messages::english().render(&self.message_text())
    }
}

/// English: the JavaScript API's `Error` message and the tests (the page shows
/// [`SchematicError::text`] in the language shown).
impl fmt::Display for SchematicError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&Messages::english().render(&self.text()))
    }
}

impl std::error::Error for SchematicError {}
