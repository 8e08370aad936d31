//! The user's choices: one [`Selection`] holds the whole state of the builder. It converts to
//! the schematic it makes (following the factory UI's rules so IDs match), to and from the URL
//! query (the factory UI's parameter names where they exist), and comes with presets and the
//! check of what a version change would break.
//!
//! Invariant: pure data, no I/O; every conversion from text is total (bad input becomes a
//! notice or an error value, never a panic).

mod cmdline;
mod convert;
mod gates;
mod meta_keys;
mod output_request;
mod page_rules;
mod presets;
mod query;
mod settings;
mod upgrade;
mod version_change;
mod wizard;

use std::num::NonZeroU64;

use crate::outputs::ProxmoxOptions;
use crate::platforms::{self, Arch, Board, CloudPlatform, TargetKind};
use crate::schematic::{Bootloader, MetaValue};
use crate::version::TalosVersion;

pub use cmdline::{
    CmdlineError, join_cmdline_shell, split_cmdline_factory, split_cmdline_shell, splits_differ,
};
pub use convert::{
    SelectionError, options_text_is_blank, overlay_options_text, parse_overlay_options,
};
pub use gates::{
    BOOTLOADER_MIN_VERSION, EMBEDDED_CONFIG_MIN_VERSION, OVERLAY_MIN_VERSION,
    SECUREBOOT_MIN_VERSION, supports_bootloader, supports_embedded_config, supports_overlay,
    supports_secureboot,
};
pub use meta_keys::{MetaKeyLevel, MetaKeyUse, meta_key_use};
pub use page_rules::{
    LinkProblem, Step, StepSummary, VersionGroupView, VersionOption, VersionStatus, link_problems,
};
pub use presets::{PRESETS, Preset, preset};
pub use query::{
    ENROLL_KEYS_VALUES, QUERY_PARAMETERS, QueryNotice, decode_query, encode_component,
    overlay_options_notice,
};
pub use settings::{
    DEFAULT_FACTORY_URL, DEFAULT_PXE_URL, DEFAULT_REGISTRY_HOST, Settings, SettingsError,
    validate_base_url, validate_registry_host,
};
pub use upgrade::{
    ACROSS_MINORS, Catalogs, ExtensionTags, HopKind, PathError, TagChange, TagFound, UpgradeHop,
    UpgradePlan, across_versions, extension_tags, tags_across, upgrade_command, upgrade_path,
    upgrade_start_options,
};
pub use version_change::{
    CATALOG_RENAMES, EXTENSION_ALIASES, GatedOption, VersionFinding, extension_replacement,
    version_change_findings,
};
pub use wizard::KernelArgsNote;

/// The factory UI's default cloud platform.
pub const DEFAULT_PLATFORM: &str = "aws";

/// The factory UI's default board.
pub const DEFAULT_BOARD: &str = "rpi_generic";

/// How the selected extensions are ordered in the schematic (the order is part of the ID).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ExtensionOrder {
    /// Byte-wise sorted, like the factory UI (`slices.Sort`).
    #[default]
    Sorted,
    /// In the order given, to reproduce IDs made by other tools (talhelper, terraform).
    AsGiven,
}

impl ExtensionOrder {
    /// The `order` URL parameter value.
    pub fn as_param(self) -> &'static str {
        match self {
            ExtensionOrder::Sorted => "sorted",
            ExtensionOrder::AsGiven => "given",
        }
    }

    pub fn from_param(text: &str) -> Option<Self> {
        match text {
            "sorted" => Some(ExtensionOrder::Sorted),
            "given" => Some(ExtensionOrder::AsGiven),
            _ => None,
        }
    }
}

/// The factory UI's bootloader radios; `Auto` leaves the field out of the schematic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum BootloaderChoice {
    #[default]
    Auto,
    /// "UEFI only".
    SdBoot,
    /// "BIOS only".
    Grub,
    DualBoot,
}

impl BootloaderChoice {
    pub const ALL: [BootloaderChoice; 4] = [
        BootloaderChoice::Auto,
        BootloaderChoice::SdBoot,
        BootloaderChoice::Grub,
        BootloaderChoice::DualBoot,
    ];

    /// The `bootloader` URL parameter value (`auto`, `sd-boot`, `grub`, `dual-boot`).
    pub fn as_param(self) -> &'static str {
        match self {
            BootloaderChoice::Auto => "auto",
            BootloaderChoice::SdBoot => "sd-boot",
            BootloaderChoice::Grub => "grub",
            BootloaderChoice::DualBoot => "dual-boot",
        }
    }

    pub fn from_param(text: &str) -> Option<Self> {
        BootloaderChoice::ALL
            .into_iter()
            .find(|choice| choice.as_param() == text)
    }

    /// The schematic's field (`Auto` → `Bootloader::None`, omitted).
    pub fn to_schematic(self) -> Bootloader {
        match self {
            BootloaderChoice::Auto => Bootloader::None,
            BootloaderChoice::SdBoot => Bootloader::SdBoot,
            BootloaderChoice::Grub => Bootloader::Grub,
            BootloaderChoice::DualBoot => Bootloader::DualBoot,
        }
    }

    pub fn from_schematic(bootloader: Bootloader) -> Self {
        match bootloader {
            Bootloader::None => BootloaderChoice::Auto,
            Bootloader::SdBoot => BootloaderChoice::SdBoot,
            Bootloader::Grub => BootloaderChoice::Grub,
            Bootloader::DualBoot => BootloaderChoice::DualBoot,
        }
    }
}

/// `secureboot.enrollKeys`: the four values the factory's wizard offers, or another text an
/// imported schematic carried (kept as it is, so its ID does not change).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum EnrollKeys {
    Off,
    Manual,
    IfSafe,
    Force,
    Other(String),
}

impl EnrollKeys {
    /// The values offered (`off`, `manual`, `if-safe`, `force`).
    pub const CHOICES: [EnrollKeys; 4] = [
        EnrollKeys::Off,
        EnrollKeys::Manual,
        EnrollKeys::IfSafe,
        EnrollKeys::Force,
    ];

    /// The schematic's (and the URL's) text.
    pub fn as_str(&self) -> &str {
        match self {
            EnrollKeys::Off => "off",
            EnrollKeys::Manual => "manual",
            EnrollKeys::IfSafe => "if-safe",
            EnrollKeys::Force => "force",
            EnrollKeys::Other(text) => text,
        }
    }

    /// One of the offered values, if `text` is one.
    pub fn known(text: &str) -> Option<EnrollKeys> {
        EnrollKeys::CHOICES
            .into_iter()
            .find(|choice| choice.as_str() == text)
    }

    /// `text` as a schematic holds it: empty means not set.
    pub fn from_schematic(text: &str) -> Option<EnrollKeys> {
        (!text.is_empty())
            .then(|| EnrollKeys::known(text).unwrap_or_else(|| EnrollKeys::Other(text.to_string())))
    }
}

/// An overlay outside the board table (imported schematics, custom boards). Used for any
/// target except `sbc`, whose overlay always comes from the board table.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CustomOverlay {
    pub name: String,
    pub image: String,
}

/// The whole state of the builder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    pub target: TargetKind,
    /// `None`: pick the latest stable release when the version list arrives.
    pub version: Option<TalosVersion>,
    /// The cloud platform (a row of the factory UI's table); used when `target` is `cloud`.
    pub platform: &'static CloudPlatform,
    /// The board (a row of the factory UI's table); used when `target` is `sbc`.
    pub board: &'static Board,
    /// The chosen architecture; see [`Selection::effective_arch`] for the one that applies.
    pub arch: Arch,
    /// SecureBoot assets (links only; the factory UI's toggle does not change the schematic).
    pub secureboot: bool,
    /// Extension names in the order the user picked them.
    pub extensions: Vec<String>,
    pub extension_order: ExtensionOrder,
    /// Exact kernel arguments (an argument may contain spaces).
    pub kernel_args: Vec<String>,
    /// Overlay options as YAML (or JSON) mapping text, as typed.
    pub overlay_options: String,
    /// An overlay for targets other than `sbc`.
    pub custom_overlay: Option<CustomOverlay>,
    /// META partition entries, in order.
    pub meta: Vec<MetaValue>,
    pub bootloader: BootloaderChoice,
    /// `secureboot.enrollKeys` (`""` = omitted; `off`, `manual`, `if-safe`, `force`).
    pub enroll_keys: Option<EnrollKeys>,
    /// `secureboot.includeWellKnownCertificates`.
    pub include_well_known_certificates: bool,
    /// `diskImage.sectorSize` in bytes; `None` = omitted (the factory's default).
    pub sector_size: Option<NonZeroU64>,
    /// Embedded machine configuration; never written to the URL (it may hold secrets).
    pub embedded_config: String,
    /// Disk image suffix (`raw.xz`); `None` = the platform's default.
    pub disk_format: Option<String>,
    /// The Proxmox template options (`pve-*` URL parameters); not part of the schematic.
    pub proxmox: ProxmoxOptions,
    pub settings: Settings,
    /// `schematic-id=` from a link: a schematic to fetch and load.
    pub pending_schematic_id: Option<crate::schematic::SchematicId>,
    /// `upgrade-from=`: the version the machines run, for the upgrade planner.
    pub upgrade_from: Option<TalosVersion>,
}

impl Default for Selection {
    fn default() -> Self {
        Selection {
            target: TargetKind::Metal,
            version: None,
            platform: platforms::cloud_platform(DEFAULT_PLATFORM)
                .unwrap_or(&platforms::CLOUD_PLATFORMS[0]),
            board: platforms::board(DEFAULT_BOARD).unwrap_or(&platforms::BOARDS[0]),
            arch: Arch::Amd64,
            secureboot: false,
            extensions: Vec::new(),
            extension_order: ExtensionOrder::Sorted,
            kernel_args: Vec::new(),
            overlay_options: String::new(),
            custom_overlay: None,
            meta: Vec::new(),
            bootloader: BootloaderChoice::Auto,
            enroll_keys: None,
            include_well_known_certificates: false,
            sector_size: None,
            embedded_config: String::new(),
            disk_format: None,
            proxmox: ProxmoxOptions::default(),
            settings: Settings::default(),
            pending_schematic_id: None,
            upgrade_from: None,
        }
    }
}

impl Selection {
    /// The board row when the target is `sbc`.
    pub fn board_info(&self) -> Option<&'static Board> {
        match self.target {
            TargetKind::Sbc => Some(self.board),
            TargetKind::Metal | TargetKind::Cloud => None,
        }
    }

    /// The cloud platform row when the target is `cloud`.
    pub fn cloud_platform_info(&self) -> Option<&'static CloudPlatform> {
        match self.target {
            TargetKind::Cloud => Some(self.platform),
            TargetKind::Metal | TargetKind::Sbc => None,
        }
    }

    /// The architecture that applies: `arm64` for boards, the only one of a single-arch
    /// platform, otherwise the chosen one.
    pub fn effective_arch(&self) -> Arch {
        match self.target {
            TargetKind::Sbc => Arch::Arm64,
            TargetKind::Cloud => self
                .cloud_platform_info()
                .and_then(CloudPlatform::only_arch)
                .unwrap_or(self.arch),
            TargetKind::Metal => self.arch,
        }
    }

    /// Whether the architecture is forced (the UI skips the architecture step).
    pub fn is_arch_forced(&self) -> bool {
        match self.target {
            TargetKind::Sbc => true,
            TargetKind::Cloud => self
                .cloud_platform_info()
                .is_some_and(|platform| platform.only_arch().is_some()),
            TargetKind::Metal => false,
        }
    }

    /// The platform part of image paths: the cloud platform for `cloud`, `metal` otherwise.
    pub fn platform_name(&self) -> &str {
        match self.target {
            TargetKind::Cloud => self.platform.name,
            TargetKind::Metal | TargetKind::Sbc => "metal",
        }
    }

    /// The chosen version, or `fallback` (typically the latest stable) when none is chosen.
    pub fn version_or<'a>(
        &'a self,
        fallback: Option<&'a TalosVersion>,
    ) -> Option<&'a TalosVersion> {
        self.version.as_ref().or(fallback)
    }

    /// The extensions as the schematic lists them (sorted byte-wise in `Sorted` mode).
    pub fn ordered_extensions(&self) -> Vec<String> {
        let mut extensions = self.extensions.clone();
        if self.extension_order == ExtensionOrder::Sorted {
            extensions.sort();
        }
        extensions
    }

    pub fn has_extension(&self, name: &str) -> bool {
        self.extensions.iter().any(|selected| selected == name)
    }

    /// Selects `name` (appended) if absent, deselects every occurrence otherwise.
    pub fn toggle_extension(&mut self, name: &str) {
        if self.has_extension(name) {
            self.extensions.retain(|selected| selected != name);
        } else {
            self.extensions.push(name.to_string());
        }
    }
}

#[cfg(test)]
mod tests;
