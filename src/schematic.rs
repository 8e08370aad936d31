//! The document the factory hashes: the schematic model (field for field as `pkg/schematic` in
//! siderolabs/image-factory), its canonical YAML and its ID, and import from pasted YAML/JSON.
//!
//! - [`model`]: `Schematic` and its parts; field order = Go struct order = emission order.
//! - `yaml`: the canonical emitter, byte-exact with `go.yaml.in/yaml/v4` v4.0.0-rc.6
//!   (`yaml.Marshal`) and with the libraries older factory releases used ([`YamlLibrary`]).
//! - `id`: [`SchematicId`] = lowercase hex SHA-256 of the canonical YAML bytes.
//! - `decode`: [`Schematic::from_yaml`] / [`Schematic::from_json`], the factory's decoder rules.
//! - `json`: [`Schematic::to_json`], a `POST /schematics` body (YAML for options nested
//!   deeper than JSON can carry), and the options text of a selection.
//!
//! Invariant: schematic → YAML → ID is total and never panics; only import returns errors.

mod decode;
mod error;
mod id;
mod json;
mod model;
mod normalize;
#[cfg(test)]
pub(crate) mod test_support;
mod yaml;

pub use error::{Cause, Hint, SchematicError};
pub use id::{SchematicId, SchematicIdError};

use crate::i18n::{Messages, Text};
pub(crate) use json::options_text;
pub use model::*;
pub use normalize::{Change, Normalization};
pub use yaml::{YamlLibrary, value_yaml};

impl Schematic {
    /// Decodes a schematic written as YAML (JSON is YAML too) the way the current factory
    /// does. See [`Schematic::from_yaml_with`].
    pub fn from_yaml(text: &str) -> Result<Schematic, SchematicError> {
        decode::decode(text, YamlLibrary::GoYamlV4Rc6)
    }

    /// Decodes a schematic as a factory built with `library` would. The libraries differ only
    /// in details of implicit typing inside `overlay.options` (`gopkg.in/yaml.v3` reads `-0`
    /// as the integer 0). Values that the factory accepts but whose ID this crate cannot
    /// reproduce (option keys over 128 bytes or with line breaks, binary non-UTF-8 values,
    /// non-string keys in nested option maps) are rejected with a message saying why.
    pub fn from_yaml_with(text: &str, library: YamlLibrary) -> Result<Schematic, SchematicError> {
        decode::decode(text, library)
    }

    /// Decodes a JSON `POST /schematics` body: it must be valid JSON (checked down to 128
    /// nested levels), and is then decoded exactly as the factory does (as YAML), so its
    /// JSON-specific rejections apply too (`\/` escapes, UTF-16 surrogate escapes).
    pub fn from_json(text: &str) -> Result<Schematic, SchematicError> {
        let body = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        // Syntax only (as Go's `json.Valid`): `IgnoredAny` neither builds a tree nor converts
        // numbers, so `1e400` is valid JSON here as it is for the factory's YAML decoder.
        if let Err(error) = serde_json::from_str::<serde::de::IgnoredAny>(body)
            // serde_json stops at 128 nested levels; deeper bodies are checked by the YAML
            // rules only (the factory reads every body as YAML).
            && !error.to_string().starts_with("recursion limit exceeded")
        {
            let message = error.to_string();
            let message = message
                .split(" at line ")
                .next()
                .unwrap_or(message.as_str())
                .to_owned();
            return Err(
                SchematicError::of(Cause::NotJson(message)).at(error.line(), error.column())
            );
        }
        decode::decode(text, YamlLibrary::GoYamlV4Rc6)
    }

    /// Decodes pasted text that may be either: valid JSON goes through [`Schematic::from_json`]
    /// (JSON-specific messages), anything else through [`Schematic::from_yaml`].
    pub fn from_text(text: &str) -> Result<Schematic, SchematicError> {
        let body = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        let looks_like_json = body.trim_start().starts_with(['{', '['])
            && serde_json::from_str::<serde::de::IgnoredAny>(body).is_ok();
        if looks_like_json {
            Schematic::from_json(text)
        } else {
            Schematic::from_yaml(text)
        }
    }

    /// Why the community factory refuses this schematic although it decodes it: a non-empty
    /// `owner` (enterprise only) is answered with 400 by image-factory's
    /// `internal/frontend/http/configuration.go` after `schematic.Unmarshal` succeeded.
    /// Such a schematic must not be offered for creation.
    pub fn community_factory_refusal(&self) -> Option<Text> {
        // The owner quoted and escaped as Go's `%q` would (data, not words).
        (!self.owner.is_empty()).then(|| Text::schematic_owner_refused(format!("{:?}", self.owner)))
    }

    /// The canonical YAML the current factory hashes (`go.yaml.in/yaml/v4` v4.0.0-rc.6).
    pub fn canonical_yaml(&self) -> String {
        yaml::schematic_yaml(self, YamlLibrary::GoYamlV4Rc6)
    }

    /// The canonical YAML of factory releases up to v0.8.4 (`gopkg.in/yaml.v3` v3.0.1).
    pub fn legacy_canonical_yaml(&self) -> String {
        yaml::schematic_yaml(self, YamlLibrary::YamlV3)
    }

    /// The canonical YAML as `library` emits it.
    pub fn canonical_yaml_with(&self, library: YamlLibrary) -> String {
        yaml::schematic_yaml(self, library)
    }

    /// The schematic ID on the current factory.
    pub fn id(&self) -> SchematicId {
        SchematicId::of_yaml(&self.canonical_yaml())
    }

    /// The schematic ID on factory releases up to v0.8.4.
    pub fn legacy_id(&self) -> SchematicId {
        SchematicId::of_yaml(&self.legacy_canonical_yaml())
    }

    /// The schematic ID on a factory built with `library`.
    pub fn id_with(&self, library: YamlLibrary) -> SchematicId {
        SchematicId::of_yaml(&self.canonical_yaml_with(library))
    }

    /// Whether the current and the legacy (`gopkg.in/yaml.v3`) IDs differ: the schematic holds
    /// a string such as `on`, `off`, `yes`, `12:30`, `<<`, or a newline-led multi-line string.
    pub fn legacy_differs(&self) -> bool {
        self.canonical_yaml() != self.legacy_canonical_yaml()
    }

    /// The distinct IDs this schematic has had across factory releases, current first (one
    /// entry for most schematics). Probe them in order when looking a schematic up.
    pub fn ids_across_releases(&self) -> Vec<(YamlLibrary, SchematicId)> {
        let mut ids: Vec<(YamlLibrary, SchematicId)> = Vec::new();
        for library in YamlLibrary::ALL {
            let id = self.id_with(library);
            if ids.iter().all(|(_, known)| *known != id) {
                ids.push((library, id));
            }
        }
        ids
    }

    /// Whether `id` is this schematic's ID on some factory release: how a copy fetched with
    /// `GET /schematics/<id>` (re-emitted by the factory's own YAML library) is checked
    /// against the ID it was asked for, so a truncated or altered answer is never taken for it.
    pub fn has_id(&self, id: &str) -> bool {
        self.ids_across_releases()
            .iter()
            .any(|(_, known)| known.as_str() == id)
    }
}

/// What the import box (or the Compare box) holds: a schematic ID to fetch, or a schematic.
#[derive(Debug, Clone, PartialEq)]
pub enum Pasted {
    Id(SchematicId),
    Schematic(Box<Schematic>),
}

/// Reads pasted text the one way every text box does: 64 hex digits are an ID (to load from
/// the factory), anything else a schematic decoded by [`Schematic::from_text`].
pub fn read_pasted(text: &str) -> Result<Pasted, SchematicError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(SchematicError::of(Cause::NothingPasted));
    }
    if let Ok(id) = trimmed.parse::<SchematicId>() {
        return Ok(Pasted::Id(id));
    }
    Schematic::from_text(text).map(|schematic| Pasted::Schematic(Box::new(schematic)))
}

/// Reads the factory's answer to `GET /schematics/<id>`: it must be a schematic whose ID
/// (under some factory release's YAML library) is `id`, so a cut-off or garbled answer is
/// never taken for it. Every fetched schematic goes through here.
pub fn read_factory_copy(yaml: &str, id: &str) -> Result<Schematic, CopyError> {
    match Schematic::from_yaml(yaml) {
        Ok(copy) if copy.has_id(id) => Ok(copy),
        Ok(copy) => Err(CopyError::OtherSchematic {
            asked: id.to_owned(),
            found: copy.id(),
        }),
        Err(error) => Err(CopyError::Unreadable {
            asked: id.to_owned(),
            error: Box::new(error),
        }),
    }
}

/// Whether the factory's answer to `GET /schematics/<id>` is the schematic `id`, when only
/// that is asked (the presence check, "Create on factory"). The factory answers with the
/// stored schematic re-marshalled by its current YAML library (`handleSchematicGet` in
/// siderolabs/image-factory's `internal/frontend/http/configuration.go`), and the current
/// library's ID is the SHA-256 of exactly those bytes: when they hash to `id`, nothing needs
/// decoding. A schematic stored under an older library's ID comes back re-marshalled
/// differently, so anything else is decoded and checked as [`read_factory_copy`] does.
pub fn confirm_factory_copy(yaml: &str, id: &str) -> Result<(), CopyError> {
    if factory_copy_hashes_to(yaml, id) {
        return Ok(());
    }
    read_factory_copy(yaml, id).map(|_| ())
}

/// The first half of [`confirm_factory_copy`]: whether the copy's bytes hash to `id`, which
/// settles it without the decoder (the page decodes only when this says no).
pub fn factory_copy_hashes_to(yaml: &str, id: &str) -> bool {
    SchematicId::of_yaml(yaml).as_str() == id
}

/// Why the factory's copy of a schematic was not taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CopyError {
    /// The copy is another schematic (a cut-off answer, say).
    OtherSchematic { asked: String, found: SchematicId },
    /// The copy could not be decoded.
    Unreadable {
        asked: String,
        error: Box<SchematicError>,
    },
}

impl CopyError {
    /// What the page says (in the language shown).
    pub fn text(&self) -> Text {
        match self {
            CopyError::OtherSchematic { asked, found } => {
                Text::schematic_copy_other_id(asked, found)
            }
            CopyError::Unreadable { asked, error } => {
                Text::schematic_copy_unreadable(error.text(), asked)
            }
        }
    }
}

/// English, for logs and the tests; the page shows [`CopyError::text`].
impl std::fmt::Display for CopyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&Messages::english().render(&self.text()))
    }
}

#[cfg(test)]
mod tests;
