//! Whether the factory has the schematic, and what the page offers because of it: the result
//! header's status line, whether download links are live, and the primary action.
//!
//! The factory builds an asset only for a schematic it stores: `GET /image/<id>/...` answers
//! 404 "schematic not found" until the schematic was `POST`ed (image-factory
//! `internal/frontend/http/image.go`). The page asks `GET /schematics/<id>` (readable across
//! origins) on every ID change, and offers links as clickable only once the answer is yes.
//!
//! Invariant: pure rules, no I/O. The shell feeds in what the network said.

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
    Unverified { reason: String },
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
        reason: String,
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
    pub message: String,
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

impl std::fmt::Display for CreateCaution {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CreateCaution::MissingExtensions { names, version } => write!(
                f,
                "Talos {version} has no {}: the factory would store this schematic, but cannot build images of {version} from it. Remove or replace {} first, or create it anyway.",
                names.join(", "),
                if names.len() == 1 { "it" } else { "them" }
            ),
            CreateCaution::EmbeddedConfig => f.write_str(
                "This schematic embeds a machine configuration, which may hold secrets: creating it stores that configuration on the factory, where anyone who knows the ID can read it.",
            ),
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

/// The result header's status for schematic `id`, from the factory's answer and the state
/// of "Create". A confirmed creation wins over an older "absent" answer; an invalid
/// schematic (`id` is `None`) has nothing to create.
pub fn result_status(
    id: Option<&SchematicId>,
    presence: &Presence,
    creation: &Creation,
) -> ResultStatus {
    let Some(id) = id else {
        return ResultStatus {
            state: "invalid",
            message: "Fix the schematic to get its ID.".to_string(),
            links_live: false,
            links_unverified: false,
            action: PrimaryAction::Unavailable,
            link_id: None,
        };
    };
    let status = |state, message: String, live, unverified, action| ResultStatus {
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
                "Creating on the factory…".to_string(),
                false,
                false,
                PrimaryAction::Busy,
            );
        }
        Creation::Confirmed { id: found, library } => {
            let message = if *library == YamlLibrary::default() {
                "Confirmed: created on the factory, the links below are ready.".to_string()
            } else {
                format!(
                    "Confirmed under {found}: this factory hashes this schematic like {}, so the links use that ID.",
                    library.releases()
                )
            };
            return ResultStatus {
                link_id: Some(found.clone()),
                ..status("confirmed", message, true, false, PrimaryAction::Done)
            };
        }
        Creation::NotConfirmed { reason } => {
            return status(
                "not-confirmed",
                format!("Not confirmed: {reason}."),
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
            "Asking the factory whether it has this schematic…".to_string(),
            false,
            false,
            PrimaryAction::Create,
        ),
        Presence::Present => status(
            "confirmed",
            "Confirmed: the factory has this schematic, the links below are ready.".to_string(),
            true,
            false,
            PrimaryAction::Done,
        ),
        Presence::Absent => status(
            "not-created",
            "Not created on the factory yet: create it to make the download links work."
                .to_string(),
            false,
            false,
            PrimaryAction::Create,
        ),
        Presence::Unverified { reason } => status(
            "unverified",
            format!(
                "Could not ask the factory ({reason}). The links are unverified: they work once the schematic exists there (the curl command creates it)."
            ),
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
                    reason: "offline".into(),
                },
                false,
                "unverified",
                PrimaryAction::Create,
            ),
        ];
        for (presence, live, state, action) in cases {
            let status = result_status(Some(&id()), &presence, &Creation::NotCreated);
            assert_eq!(status.links_live, live, "{presence:?}");
            assert_eq!(status.state, state);
            assert_eq!(status.action, action);
            assert_eq!(status.link_id, Some(id()));
        }
        let unverified = result_status(
            Some(&id()),
            &Presence::Unverified {
                reason: "offline".into(),
            },
            &Creation::NotCreated,
        );
        assert!(unverified.links_unverified);
        assert!(unverified.message.contains("offline"));
    }

    #[test]
    fn creation_overrides_an_older_answer() {
        let confirmed = Creation::Confirmed {
            id: id(),
            library: YamlLibrary::default(),
        };
        let status = result_status(Some(&id()), &Presence::Absent, &confirmed);
        assert!(status.links_live);
        assert_eq!(status.action, PrimaryAction::Done);
        let creating = result_status(Some(&id()), &Presence::Absent, &Creation::Creating);
        assert!(!creating.links_live);
        assert_eq!(creating.action, PrimaryAction::Busy);
        let failed = result_status(
            Some(&id()),
            &Presence::Present,
            &Creation::NotConfirmed {
                reason: "sending failed".into(),
            },
        );
        assert!(!failed.links_live);
        assert_eq!(failed.action, PrimaryAction::Create);
        assert_eq!(failed.message, "Not confirmed: sending failed.");
    }

    #[test]
    fn an_older_release_id_is_what_the_links_use() {
        let older: SchematicId = "a".repeat(64).parse().unwrap();
        let status = result_status(
            Some(&id()),
            &Presence::Absent,
            &Creation::Confirmed {
                id: older.clone(),
                library: YamlLibrary::YamlV3,
            },
        );
        assert!(status.message.contains(older.as_str()));
        assert_eq!(status.link_id, Some(older));
    }

    #[test]
    fn an_invalid_schematic_offers_nothing() {
        let status = result_status(None, &Presence::Present, &Creation::NotCreated);
        assert!(!status.links_live);
        assert_eq!(status.action, PrimaryAction::Unavailable);
    }

    #[test]
    fn create_asks_first_for_missing_extensions_and_embedded_config() {
        assert!(create_cautions(&[], Some("1.13.9"), false).is_empty());
        let missing = create_cautions(&["siderolabs/zfs".into()], Some("1.9.6"), false);
        assert_eq!(missing.len(), 1);
        let text = missing[0].to_string();
        assert!(
            text.contains("siderolabs/zfs") && text.contains("1.9.6"),
            "{text}"
        );
        assert!(text.contains("Remove or replace it"), "{text}");
        let both = create_cautions(&["a/b".into(), "c/d".into()], Some("1.9.6"), true);
        assert_eq!(both.len(), 2);
        assert!(both[0].to_string().contains("replace them"));
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
