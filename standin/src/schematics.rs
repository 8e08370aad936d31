//! The schematic store: `POST /schematics` bodies decoded and re-emitted by the stand-in's
//! own schematic module (`schematic.rs`, written from the factory's Go sources), hashed into
//! IDs, and kept in memory in creation order.

use std::sync::Mutex;

use sha2::{Digest, Sha256};

use crate::json;
use crate::schematic::{Schematic, UNSUPPORTED, YamlLibrary};

/// A stored schematic and the fields the asset routes need.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredSchematic {
    /// 64 lowercase hex characters.
    pub id: String,
    /// The canonical YAML (what `GET /schematics/<id>` returns).
    pub yaml: String,
    pub schematic: Schematic,
}

/// Decodes a request body the way `handleSchematicCreate` does: YAML whatever the
/// `Content-Type`, a leading BOM skipped, an empty body is `EOF`, and the community edition
/// refuses `owner`. `library` is the YAML library of the imitated factory release.
pub fn decode(body: &[u8], library: YamlLibrary) -> Result<StoredSchematic, String> {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let text =
        std::str::from_utf8(body).map_err(|_| "yaml: invalid leading UTF-8 octet".to_string())?;
    if text.trim().is_empty() {
        return Err("EOF".to_string());
    }
    let schematic = Schematic::decode(text)?;
    if !schematic.owner.is_empty() {
        return Err("owner field is only supported in Enterprise edition".to_string());
    }
    let yaml = schematic
        .canonical_yaml(library)
        .map_err(|reason| format!("{UNSUPPORTED}: {}", reason.0))?;
    Ok(StoredSchematic {
        id: json::hex(&Sha256::digest(yaml.as_bytes())),
        yaml,
        schematic,
    })
}

/// Schematics in creation order; storing is idempotent.
#[derive(Debug, Default)]
pub struct SchematicStore {
    schematics: Mutex<Vec<StoredSchematic>>,
}

impl SchematicStore {
    /// Stores a schematic unless one with the same ID exists.
    pub fn put(&self, stored: StoredSchematic) {
        let mut schematics = self
            .schematics
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if !schematics.iter().any(|existing| existing.id == stored.id) {
            schematics.push(stored);
        }
    }

    /// Looks a schematic up by ID.
    pub fn get(&self, id: &str) -> Option<StoredSchematic> {
        self.schematics
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .iter()
            .find(|stored| stored.id == id)
            .cloned()
    }

    /// Every stored schematic, oldest first.
    pub fn all(&self) -> Vec<StoredSchematic> {
        self.schematics
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Forgets every schematic.
    pub fn clear(&self) {
        self.schematics
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clear();
    }
}

/// Whether `text` is a valid schematic ID (a sha256 digest in lowercase hex).
pub fn is_valid_id(text: &str) -> bool {
    text.len() == 64
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}
