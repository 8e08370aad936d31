//! `SchematicId`: the lowercase hex SHA-256 of the canonical YAML bytes (`Schematic.ID()` in
//! image-factory `pkg/schematic`).

use std::fmt;
use std::str::FromStr;

use sha2::{Digest, Sha256};

use crate::i18n::{Messages, Text};

/// A schematic ID: exactly 64 lowercase hex characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SchematicId(String);

impl SchematicId {
    /// The ID of a canonical YAML document.
    pub fn of_yaml(yaml: &str) -> SchematicId {
        let digest = Sha256::digest(yaml.as_bytes());
        let mut hex = String::with_capacity(64);
        for byte in digest.iter() {
            hex.push(char::from(HEX[usize::from(byte >> 4)]));
            hex.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
        SchematicId(hex)
    }

    /// The 64 hex characters.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

const HEX: &[u8; 16] = b"0123456789abcdef";

impl fmt::Display for SchematicId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for SchematicId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// Why a text is not a schematic ID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchematicIdError {
    /// Not 64 characters long (the length found).
    Length(usize),
    /// A character other than `0-9a-f` (upper-case hex included), and its character index.
    Character { character: char, index: usize },
}

impl SchematicIdError {
    /// What the page says (in the language shown).
    pub fn text(&self) -> Text {
        match self {
            SchematicIdError::Length(length) => Text::schematic_id_length(length),
            // The character quoted and escaped (data, not words).
            SchematicIdError::Character { character, index } => {
                Text::schematic_id_character(format!("{character:?}"), index + 1)
            }
        }
    }
}

/// English, for logs and tests (the page shows [`SchematicIdError::text`]).
impl fmt::Display for SchematicIdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&Messages::english().render(&self.text()))
    }
}

impl std::error::Error for SchematicIdError {}

impl FromStr for SchematicId {
    type Err = SchematicIdError;

    /// Accepts exactly 64 lowercase hex characters (surrounding white space is trimmed).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        if let Some((index, character)) = text
            .chars()
            .enumerate()
            .find(|(_, ch)| !matches!(ch, '0'..='9' | 'a'..='f'))
        {
            return Err(SchematicIdError::Character { character, index });
        }
        if text.len() != 64 {
            return Err(SchematicIdError::Length(text.chars().count()));
        }
        Ok(SchematicId(text.to_owned()))
    }
}
