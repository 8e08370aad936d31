//! Whether the factory has the schematic, and what the page offers because of it: the result
//! header's status line, whether download links are live, and the primary action.
//!
//! The factory builds an asset only for a schematic it stores: `GET /image/<id>/...` answers
//! 404 "schematic not found" until the schematic was `POST`ed (image-factory
//! `internal/frontend/http/image.go`). The page asks `GET /schematics/<id>` (readable across
//! origins) on every ID change, and offers links as clickable only once the answer is yes.
//!
//! Invariant: pure rules, no I/O. The shell feeds in what the network said.

use crate::i18n::Text;
use crate::schematic::{SchematicId, YamlLibrary};

/// What the factory said about one schematic ID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Presence {
    /// Not asked yet, or the answer is on its way.
    Checking,
    /// `GET /schematics/<id>` returned the schematic.
    Present,
    /// `GET /schematics/<id>` answered 404.
    Absent,
    /// The factory could not be asked (offline, unreachable, CORS, an error status).
    Unverified { reason: Text },
}

/// The state of "Create on factory" for the current ID.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Creation {
    #[default]
    NotCreated,
    Creating,
    /// `library`: the YAML library whose bytes gave the ID the factory has (an older one when
    /// the factory still runs a release that hashes this schematic differently).
    Confirmed {
        id: SchematicId,
        library: YamlLibrary,
    },
    NotConfirmed {
        reason: Text,
    },
}

/// The primary button of the result header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrimaryAction {
    /// "Create on factory": send the schematic, then confirm it.
    Create,
    /// Disabled while a request is under way.
    Busy,
    /// The factory has it: nothing to do, the links are live.
    Done,
    /// The schematic cannot be built (invalid input): nothing to send.
    Unavailable,
}

/// What the result header shows for the current schematic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultStatus {
    /// `data-state` of the status line: `checking`, `confirmed`, `not-created`, `creating`,
    /// `not-confirmed`, `unverified`.
    pub state: &'static str,
    pub message: Text,
    /// Whether links that need the schematic on the factory are offered as clickable.
    pub links_live: bool,
    /// Whether the links are shown as unverified (the factory could not be asked).
    pub links_unverified: bool,
    pub action: PrimaryAction,
    /// The ID the links use: the computed one, or an older factory release's ID it has
    /// (`None` while the schematic is invalid).
    pub link_id: Option<SchematicId>,
}

/// Why "Create" must ask first, if it must.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CreateCaution {
    /// Selected extensions the chosen version's catalog lacks: the factory stores the
    /// schematic, but cannot build an image from it for this version.
    MissingExtensions { names: Vec<String>, version: String },
    /// An embedded machine configuration may hold secrets; the factory stores it.
    EmbeddedConfig,
}

impl CreateCaution {
    /// The caution as the page says it.
    pub fn text(&self) -> Text {
        match self {
            CreateCaution::MissingExtensions { names, version } => {
                Text::caution_missing_extensions(names.len() as u64, names.join(", "), version)
            }
            CreateCaution::EmbeddedConfig => Text::caution_embedded_config(),
        }
    }
}

/// What must be confirmed before sending the schematic (none: send at once).
pub fn create_cautions(
    missing_extensions: &[String],
    version: Option<&str>,
    has_embedded_config: bool,
) -> Vec<CreateCaution> {
    let mut cautions = Vec::new();
    if let (false, Some(version)) = (missing_extensions.is_empty(), version) {
        cautions.push(CreateCaution::MissingExtensions {
            names: missing_extensions.to_vec(),
            version: version.to_string(),
        });
    }
    if has_embedded_config {
        cautions.push(CreateCaution::EmbeddedConfig);
    }
    cautions
}

/// Where the page's schematic ID stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdState {
    /// The ID of the schematic the selection makes.
    Computed(SchematicId),
    /// Not yet known: the overlay options are still being decoded.
    Decoding,
    /// The selection makes no schematic (its error is shown).
    Invalid,
}

/// The result header's status for the schematic ID, from the factory's answer and the state
/// of "Create". A confirmed creation wins over an older "absent" answer; an invalid
/// schematic has nothing to create, and one whose ID is still being computed nothing yet.
pub fn result_status(id: &IdState, presence: &Presence, creation: &Creation) -> ResultStatus {
    let id = match id {
        IdState::Computed(id) => id,
        IdState::Decoding => {
            return ResultStatus {
                state: "decoding",
                message: Text::status_decoding_options(),
                links_live: false,
                links_unverified: false,
                action: PrimaryAction::Unavailable,
                link_id: None,
            };
        }
        IdState::Invalid => {
            return ResultStatus {
                state: "invalid",
                message: Text::status_fix_schematic(),
                links_live: false,
                links_unverified: false,
                action: PrimaryAction::Unavailable,
                link_id: None,
            };
        }
    };
    let status = |state, message: Text, live, unverified, action| ResultStatus {
        state,
        message,
        links_live: live,
        links_unverified: unverified,
        action,
        link_id: Some(id.clone()),
    };
    match creation {
        Creation::Creating => {
            return status(
                "creating",
                Text::status_creating(),
                false,
                false,
                PrimaryAction::Busy,
            );
        }
        Creation::Confirmed { id: found, library } => {
            let message = if *library == YamlLibrary::default() {
                Text::status_created()
            } else {
                Text::status_created_older(found, library.releases_text())
            };
            return ResultStatus {
                link_id: Some(found.clone()),
                ..status("confirmed", message, true, false, PrimaryAction::Done)
            };
        }
        Creation::NotConfirmed { reason } => {
            return status(
                "not-confirmed",
                Text::status_not_confirmed(reason.clone()),
                false,
                false,
                PrimaryAction::Create,
            );
        }
        Creation::NotCreated => {}
    }
    match presence {
        // Create need not wait for the answer.
        Presence::Checking => status(
            "checking",
            Text::status_checking(),
            false,
            false,
            PrimaryAction::Create,
        ),
        Presence::Present => status(
            "confirmed",
            Text::status_present(),
            true,
            false,
            PrimaryAction::Done,
        ),
        Presence::Absent => status(
            "not-created",
            Text::status_absent(),
            false,
            false,
            PrimaryAction::Create,
        ),
        Presence::Unverified { reason } => status(
            "unverified",
            Text::status_unverified(reason.clone()),
            false,
            true,
            PrimaryAction::Create,
        ),
    }
}

/// The first `len` characters of an ID, for the compact bar (`ab12cd34ef56…`).
pub fn short_id(id: &str, len: usize) -> String {
    let head: String = id.chars().take(len).collect();
    if head.len() < id.len() {
        format!("{head}…")
    } else {
        head
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Messages;

    /// A text as English shows it.
    fn en(text: &Text) -> String {
        Messages::english().render(text)
    }

    const ID_TEXT: &str = "376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba";

    fn id() -> SchematicId {
        ID_TEXT.parse().unwrap()
    }

    #[test]
    fn links_are_live_only_when_the_factory_has_the_schematic() {
        let cases = [
            (Presence::Checking, false, "checking", PrimaryAction::Create),
            (Presence::Present, true, "confirmed", PrimaryAction::Done),
            (
                Presence::Absent,
                false,
                "not-created",
                PrimaryAction::Create,
            ),
            (
                Presence::Unverified {
                    reason: Text::as_is("offline"),
                },
                false,
                "unverified",
                PrimaryAction::Create,
            ),
        ];
        for (presence, live, state, action) in cases {
            let status = result_status(&IdState::Computed(id()), &presence, &Creation::NotCreated);
            assert_eq!(status.links_live, live, "{presence:?}");
            assert_eq!(status.state, state);
            assert_eq!(status.action, action);
            assert_eq!(status.link_id, Some(id()));
        }
        let unverified = result_status(
            &IdState::Computed(id()),
            &Presence::Unverified {
                reason: Text::as_is("offline"),
            },
            &Creation::NotCreated,
        );
        assert!(unverified.links_unverified);
        assert!(en(&unverified.message).contains("(offline)."));
    }

    #[test]
    fn creation_overrides_an_older_answer() {
        let confirmed = Creation::Confirmed {
            id: id(),
            library: YamlLibrary::default(),
        };
        let status = result_status(&IdState::Computed(id()), &Presence::Absent, &confirmed);
        assert!(status.links_live);
        assert_eq!(status.action, PrimaryAction::Done);
        let creating = result_status(
            &IdState::Computed(id()),
            &Presence::Absent,
            &Creation::Creating,
        );
        assert!(!creating.links_live);
        assert_eq!(creating.action, PrimaryAction::Busy);
        let failed = result_status(
            &IdState::Computed(id()),
            &Presence::Present,
            &Creation::NotConfirmed {
                reason: Text::as_is("sending failed"),
            },
        );
        assert!(!failed.links_live);
        assert_eq!(failed.action, PrimaryAction::Create);
        assert_eq!(en(&failed.message), "Not confirmed: sending failed.");
    }

    #[test]
    fn an_older_release_id_is_what_the_links_use() {
        let older: SchematicId = "a".repeat(64).parse().unwrap();
        let status = result_status(
            &IdState::Computed(id()),
            &Presence::Absent,
            &Creation::Confirmed {
                id: older.clone(),
                library: YamlLibrary::YamlV3,
            },
        );
        assert_eq!(
            status.message,
            Text::status_created_older(&older, YamlLibrary::YamlV3.releases_text())
        );
        assert!(en(&status.message).contains(older.as_str()));
        assert_eq!(status.link_id, Some(older));
    }

    #[test]
    fn an_invalid_or_still_decoding_schematic_offers_nothing() {
        let invalid = result_status(&IdState::Invalid, &Presence::Present, &Creation::NotCreated);
        assert!(!invalid.links_live);
        assert_eq!(invalid.action, PrimaryAction::Unavailable);
        assert_eq!(invalid.state, "invalid");
        assert_eq!(invalid.message, Text::status_fix_schematic());
        // An answer or a creation of an earlier ID says nothing about one not yet known.
        let decoding = result_status(
            &IdState::Decoding,
            &Presence::Present,
            &Creation::Confirmed {
                id: id(),
                library: YamlLibrary::default(),
            },
        );
        assert!(!decoding.links_live && !decoding.links_unverified);
        assert_eq!(decoding.action, PrimaryAction::Unavailable);
        assert_eq!(decoding.state, "decoding");
        assert_eq!(decoding.message, Text::status_decoding_options());
        assert_eq!(decoding.link_id, None);
    }

    #[test]
    fn create_asks_first_for_missing_extensions_and_embedded_config() {
        assert!(create_cautions(&[], Some("1.13.9"), false).is_empty());
        let missing = create_cautions(&["siderolabs/zfs".into()], Some("1.9.6"), false);
        assert_eq!(missing.len(), 1);
        let text = en(&missing[0].text());
        assert!(
            text.contains("siderolabs/zfs") && text.contains("1.9.6"),
            "{text}"
        );
        assert!(text.contains("Remove or replace it"), "{text}");
        let both = create_cautions(&["a/b".into(), "c/d".into()], Some("1.9.6"), true);
        assert_eq!(both.len(), 2);
        assert!(en(&both[0].text()).contains("replace them"));
        assert_eq!(both[1], CreateCaution::EmbeddedConfig);
        // Without a version there is no catalog to compare with.
        assert!(create_cautions(&["a/b".into()], None, false).is_empty());
    }

    #[test]
    fn short_ids() {
        assert_eq!(short_id(ID_TEXT, 12), "376567988ad3…");
        assert_eq!(short_id("abc", 12), "abc");
    }
}
