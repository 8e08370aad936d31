//! Selection ⇄ schematic. `to_schematic` follows the factory UI (`WizardParams.ToSchematic`):
//! extensions sorted byte-wise (unless the order is kept on purpose), `bootloader` left out for
//! "auto", the overlay's name and image taken from the board table for boards, options only
//! where the version supports overlays. Options typed as YAML are decoded exactly as the
//! factory decodes a body that carries them under `overlay.options`.

use std::num::NonZeroU64;

use super::gates::{supports_bootloader, supports_embedded_config, supports_overlay};
use super::{BootloaderChoice, CustomOverlay, EnrollKeys, ExtensionOrder, Selection};
use crate::i18n::Text;
use crate::platforms::{self, Arch, TargetKind};
use crate::schematic::{
    Customization, DiskImage, Overlay, Schematic, SchematicError, SecureBoot, SystemExtensions,
    Value, options_text,
};
use crate::version::TalosVersion;

/// Why a selection cannot make a schematic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SelectionError {
    /// The overlay options are not a YAML mapping the factory accepts. `line` and `column`
    /// (1-based) point into the options text.
    OverlayOptions {
        /// The decoder's message (go-yaml's words kept as they are, in the page's frame).
        message: Text,
        line: Option<usize>,
        column: Option<usize>,
    },
}

impl SelectionError {
    /// What the page says about it (go-yaml's own words inside the decoder's message are
    /// the factory parser's text, shown as they are).
    pub fn text(&self) -> Text {
        match self {
            SelectionError::OverlayOptions {
                message,
                line,
                column,
            } => match (line, column) {
                (Some(line), Some(column)) => {
                    Text::overlay_options_invalid_at(column, line, message.clone())
                }
                (Some(line), None) => Text::overlay_options_invalid_line(line, message.clone()),
                _ => Text::overlay_options_invalid(message.clone()),
            },
        }
    }
}

/// Lines the wrapper document puts before the options text.
const WRAPPER_LINES: usize = 2;
/// Spaces the wrapper document puts before every line of the options text.
const WRAPPER_INDENT: usize = 4;

/// Maps a decoder error in the wrapper document back to the options text.
fn options_error(error: &SchematicError, lines: &[&str]) -> SelectionError {
    let path = error
        .path()
        .strip_prefix("overlay.options")
        .map(|rest| rest.trim_start_matches('.'))
        .unwrap_or(error.path());
    let message = if path.is_empty() {
        error.message_text()
    } else {
        Text::schematic_error_in(error.message_text(), path)
    };
    let line = error
        .line()
        .and_then(|line| line.checked_sub(WRAPPER_LINES))
        .filter(|line| *line >= 1)
        .map(|line| line.min(lines.len().max(1)));
    let column = match (line, error.column()) {
        (Some(line), Some(column)) => {
            let indented = lines.get(line - 1).is_some_and(|text| !text.is_empty());
            Some(if indented {
                column.saturating_sub(WRAPPER_INDENT).max(1)
            } else {
                column
            })
        }
        _ => None,
    };
    SelectionError::OverlayOptions {
        message,
        line,
        column,
    }
}

/// Decodes overlay options typed as a YAML (or JSON) mapping, the way the factory decodes a
/// schematic that carries the text indented under `overlay.options`. Empty text, comments
/// only, or `null` give no options.
pub fn parse_overlay_options(text: &str) -> Result<Vec<(String, Value)>, SelectionError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let normalized = text
        .replace("\r\n", "\n")
        .replace(['\r', '\u{85}', '\u{2028}', '\u{2029}'], "\n");
    let lines: Vec<&str> = normalized.split('\n').collect();
    let mut document = String::from("overlay:\n  options:\n");
    for line in &lines {
        if !line.is_empty() {
            document.push_str(&" ".repeat(WRAPPER_INDENT));
            document.push_str(line);
        }
        document.push('\n');
    }
    Schematic::from_yaml(&document)
        .map(|schematic| schematic.overlay.options)
        .map_err(|error| options_error(&error, &lines))
}

/// Overlay options as YAML text for the options field (keys in the factory's order); empty
/// for no options.
pub fn overlay_options_text(options: &[(String, Value)]) -> String {
    if options.is_empty() {
        return String::new();
    }
    options_text(options)
}

/// Whether options text decodes to no options without needing the decoder: nothing but
/// spaces and line breaks (after an optional byte order mark). Such text is what an untouched
/// or cleared field holds, so the ID of the common case never waits for the decoder's chunk.
pub fn options_text_is_blank(text: &str) -> bool {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    text.chars().all(|c| matches!(c, ' ' | '\n' | '\r'))
}

impl Selection {
    /// The overlay options text the schematic needs decoded, if any: `None` when there is no
    /// overlay, when the chosen version does not take options, or when the text is blank
    /// ([`options_text_is_blank`]). [`Selection::to_schematic_with`] takes what it decodes to.
    pub fn overlay_options_to_decode(&self) -> Option<&str> {
        let has_overlay = match self.target {
            TargetKind::Sbc => true,
            TargetKind::Metal | TargetKind::Cloud => self.custom_overlay.is_some(),
        };
        let allowed = self.version.as_ref().is_none_or(supports_overlay);
        (has_overlay && allowed && !options_text_is_blank(&self.overlay_options))
            .then_some(self.overlay_options.as_str())
    }

    /// The schematic the selection makes. Options the chosen version does not support are
    /// left out (as the factory UI hides their fields): overlay options below 1.7.0, the
    /// embedded configuration below 1.12.0, the bootloader below 1.12.0-alpha.2. With no
    /// version chosen, everything is kept.
    pub fn to_schematic(&self) -> Result<Schematic, SelectionError> {
        let options = match self.overlay_options_to_decode() {
            Some(text) => parse_overlay_options(text)?,
            None => Vec::new(),
        };
        Ok(self.to_schematic_with(options))
    }

    /// [`Selection::to_schematic`] with the overlay options already decoded from
    /// [`Selection::overlay_options_to_decode`] (empty when that is `None`), so that a caller
    /// can decode them elsewhere (the page does it in the decoder's own chunk).
    pub fn to_schematic_with(&self, options: Vec<(String, Value)>) -> Schematic {
        let version = self.version.as_ref();
        let allows = |gate: fn(&TalosVersion) -> bool| version.is_none_or(gate);
        let overlay_base = match self.target {
            TargetKind::Sbc => {
                let board = self.board;
                Some((
                    board.overlay_name.to_string(),
                    board.overlay_image.to_string(),
                ))
            }
            TargetKind::Metal | TargetKind::Cloud => self
                .custom_overlay
                .as_ref()
                .map(|overlay| (overlay.name.clone(), overlay.image.clone())),
        };
        let overlay = match overlay_base {
            Some((name, image)) => Overlay {
                image,
                name,
                options,
            },
            None => Overlay::default(),
        };
        Schematic {
            owner: String::new(),
            overlay,
            customization: Customization {
                embedded_machine_configuration: if allows(supports_embedded_config) {
                    self.embedded_config.clone()
                } else {
                    String::new()
                },
                extra_kernel_args: self.kernel_args.clone(),
                meta: self.meta.clone(),
                system_extensions: SystemExtensions {
                    official_extensions: self.ordered_extensions(),
                },
                bootloader: if allows(supports_bootloader) {
                    self.bootloader.to_schematic()
                } else {
                    BootloaderChoice::Auto.to_schematic()
                },
                secureboot: SecureBoot {
                    enroll_keys: self
                        .enroll_keys
                        .as_ref()
                        .map(|keys| keys.as_str().to_string())
                        .unwrap_or_default(),
                    include_well_known_certificates: self.include_well_known_certificates,
                },
                disk_image: DiskImage {
                    sector_size: self.sector_size.map_or(0, NonZeroU64::get),
                },
            },
        }
    }

    /// A selection that makes `schematic` (with no version chosen). See
    /// [`Selection::with_schematic`].
    pub fn from_schematic(schematic: &Schematic) -> Selection {
        Selection::default().with_schematic(schematic)
    }

    /// This selection with every schematic field replaced by `schematic`'s, keeping the
    /// version, settings, platform, architecture, SecureBoot and format choices. An overlay
    /// that matches a board (name and image) selects that board; any other overlay becomes a
    /// custom overlay (leaving the board target). The extension order is kept exactly
    /// (`AsGiven`) unless it is already sorted. `owner` is dropped (the community factory
    /// rejects it).
    pub fn with_schematic(&self, schematic: &Schematic) -> Selection {
        let mut selection = self.clone();
        let customization = &schematic.customization;
        let overlay = &schematic.overlay;
        let has_overlay =
            !overlay.name.is_empty() || !overlay.image.is_empty() || !overlay.options.is_empty();
        let board = platforms::BOARDS.iter().find(|board| {
            board.overlay_name == overlay.name && board.overlay_image == overlay.image
        });
        selection.custom_overlay = None;
        match board {
            Some(board) if has_overlay => {
                selection.target = TargetKind::Sbc;
                selection.board = board;
                selection.arch = Arch::Arm64;
            }
            _ => {
                if selection.target == TargetKind::Sbc {
                    selection.target = TargetKind::Metal;
                }
                if has_overlay {
                    selection.custom_overlay = Some(CustomOverlay {
                        name: overlay.name.clone(),
                        image: overlay.image.clone(),
                    });
                }
            }
        }
        selection.overlay_options = overlay_options_text(&overlay.options);
        let extensions = &customization.system_extensions.official_extensions;
        selection.extensions = extensions.clone();
        selection.extension_order = if extensions.is_sorted() {
            ExtensionOrder::Sorted
        } else {
            ExtensionOrder::AsGiven
        };
        selection.kernel_args = customization.extra_kernel_args.clone();
        selection.meta = customization.meta.clone();
        selection.bootloader = BootloaderChoice::from_schematic(customization.bootloader);
        selection.enroll_keys = EnrollKeys::from_schematic(&customization.secureboot.enroll_keys);
        selection.include_well_known_certificates =
            customization.secureboot.include_well_known_certificates;
        selection.sector_size = NonZeroU64::new(customization.disk_image.sector_size);
        selection.embedded_config = customization.embedded_machine_configuration.clone();
        selection.pending_schematic_id = None;
        selection
    }
}
