//! The factory UI's compiled-in tables (talos `platforms.go` / `sbcs.go`): hardware targets,
//! architectures, cloud platforms and single-board computers, with the disk image formats the
//! factory can build for each.
//!
//! The tables are compiled into the factory binary: they change with factory releases, not
//! with the Talos version the user picks, except through the strict `min_version` gates.

mod boards;
mod cloud;
mod disk_format;

use std::fmt;

use crate::i18n::Text;
use crate::version::TalosVersion;

pub use boards::BOARDS;
pub use cloud::{CLOUD_PLATFORMS, METAL};
pub use disk_format::{
    BOARD_DISK_FORMATS, DISK_FORMATS, DiskFormat, DiskFormatChoice, DiskFormatLabel, disk_format,
};

/// The factory UI's first choice (`target` URL parameter).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum TargetKind {
    #[default]
    Metal,
    Cloud,
    Sbc,
}

impl TargetKind {
    /// The URL parameter value (`metal`, `cloud`, `sbc`).
    pub fn as_str(self) -> &'static str {
        match self {
            TargetKind::Metal => "metal",
            TargetKind::Cloud => "cloud",
            TargetKind::Sbc => "sbc",
        }
    }

    pub fn from_param(text: &str) -> Option<Self> {
        match text {
            "metal" => Some(TargetKind::Metal),
            "cloud" => Some(TargetKind::Cloud),
            "sbc" => Some(TargetKind::Sbc),
            _ => None,
        }
    }
}

/// Machine architecture (`arch` URL parameter).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Arch {
    #[default]
    Amd64,
    Arm64,
}

impl Arch {
    pub fn as_str(self) -> &'static str {
        match self {
            Arch::Amd64 => "amd64",
            Arch::Arm64 => "arm64",
        }
    }

    pub fn from_param(text: &str) -> Option<Self> {
        match text {
            "amd64" => Some(Arch::Amd64),
            "arm64" => Some(Arch::Arm64),
            _ => None,
        }
    }
}

impl fmt::Display for Arch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a machine first boots Talos (talos `platforms.BootMethod`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BootMethod {
    DiskImage,
    Iso,
    Pxe,
}

impl BootMethod {
    /// The talos name (`disk-image`, `iso`, `pxe`).
    pub fn as_str(self) -> &'static str {
        match self {
            BootMethod::DiskImage => "disk-image",
            BootMethod::Iso => "iso",
            BootMethod::Pxe => "pxe",
        }
    }
}

/// A platform row (talos `platforms.Platform`); also used for metal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloudPlatform {
    /// The `platform` URL parameter and the image path prefix (`aws`, `digital-ocean`).
    pub name: &'static str,
    pub label: &'static str,
    pub arches: &'static [Arch],
    /// Strict semver gate: offered only for versions `>=` this one.
    pub min_version: Option<&'static str>,
    /// The disk image suffix the factory UI links (`raw.xz`); `None` when the platform has no
    /// disk image.
    pub disk_suffix: Option<&'static str>,
    /// Boot methods in display order.
    pub boot_methods: &'static [BootMethod],
    /// `SecureBootSupported`.
    pub secureboot: bool,
    /// Path below the versioned documentation root; `None` links the root itself.
    pub documentation: Option<&'static str>,
}

/// A single-board computer row (talos `platforms.SBC`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Board {
    /// The `board` URL parameter (`rpi_generic`, `orangepi-5`).
    pub param: &'static str,
    /// The schematic's `overlay.name`.
    pub overlay_name: &'static str,
    /// The schematic's `overlay.image`.
    pub overlay_image: &'static str,
    pub label: &'static str,
    /// The models the entry boots, as a short human list (`Rock Pi 4A, Rock Pi 4B (RK3399)`);
    /// the label itself where the overlay's documentation lists none.
    pub models: &'static str,
    /// Strict semver gate: offered only for versions `>=` this one.
    pub min_version: Option<&'static str>,
    /// Path below the versioned documentation root; `None` links the root itself.
    pub documentation: Option<&'static str>,
}

/// The earliest version whose SecureBoot toggle the factory UI shows (strict).
pub const SECUREBOOT_MIN_VERSION: TalosVersion = TalosVersion::new(1, 5, 0);

/// The earliest version offered for single-board computers (strict).
pub const SBC_MIN_VERSION: TalosVersion = TalosVersion::new(1, 7, 0);

/// The disk image path of every board image (`SBC.DiskImagePath` ignores the version).
pub const BOARD_DISK_IMAGE_PATH: &str = "metal-arm64.raw.xz";

/// The disk image suffix of every board image.
pub const BOARD_DISK_SUFFIX: &str = "raw.xz";

/// True when `version` passes the strict gate `min_version` (absent gate: always). A gate that
/// does not parse (never the case in the tables, which the tests check) admits every version.
fn passes_gate(min_version: Option<&str>, version: &TalosVersion) -> bool {
    match min_version.map(str::parse::<TalosVersion>) {
        Some(Ok(min)) => version.at_least(&min),
        Some(Err(_)) | None => true,
    }
}

impl CloudPlatform {
    /// The platform's one-line description (talos `Platform.Description`; the English
    /// messages are the factory's texts, the other locales translate them).
    pub fn description(&self) -> Text {
        match self.name {
            "metal" => Text::platform_about_metal(),
            "aws" => Text::platform_about_aws(),
            "gcp" => Text::platform_about_gcp(),
            "equinixMetal" => Text::platform_about_equinix_metal(),
            "azure" => Text::platform_about_azure(),
            "digital-ocean" => Text::platform_about_digital_ocean(),
            "nocloud" => Text::platform_about_nocloud(),
            "openstack" => Text::platform_about_openstack(),
            "vmware" => Text::platform_about_vmware(),
            "akamai" => Text::platform_about_akamai(),
            "cloudstack" => Text::platform_about_cloudstack(),
            "hcloud" => Text::platform_about_hcloud(),
            "oracle" => Text::platform_about_oracle(),
            "upcloud" => Text::platform_about_upcloud(),
            "vultr" => Text::platform_about_vultr(),
            "exoscale" => Text::platform_about_exoscale(),
            "opennebula" => Text::platform_about_opennebula(),
            "scaleway" => Text::platform_about_scaleway(),
            "alibabacloud" => Text::platform_about_alibabacloud(),
            // Every row of the tables has its message (a test checks it).
            _ => Text::as_is(String::new()),
        }
    }

    /// Offered for `version` (strict `MinVersion` gate).
    pub fn is_available(&self, version: &TalosVersion) -> bool {
        passes_gate(self.min_version, version)
    }

    /// The platform can boot some other way than from a disk image (shows "Initial
    /// Installation").
    pub fn not_only_disk_image(&self) -> bool {
        self.boot_methods != [BootMethod::DiskImage]
    }

    pub fn has_boot_method(&self, method: BootMethod) -> bool {
        self.boot_methods.contains(&method)
    }

    pub fn supports_arch(&self, arch: Arch) -> bool {
        self.arches.contains(&arch)
    }

    /// The single architecture the UI picks automatically, if the platform has only one.
    pub fn only_arch(&self) -> Option<Arch> {
        match self.arches {
            [arch] => Some(*arch),
            _ => None,
        }
    }

    /// The factory UI shows the SecureBoot toggle for this platform at `version`: version
    /// `>= 1.5.0` (strict) and the platform supports SecureBoot.
    pub fn secureboot_available(&self, version: &TalosVersion) -> bool {
        self.secureboot && version.at_least(&SECUREBOOT_MIN_VERSION)
    }

    /// The disk image formats the factory can build for this platform, the platform's own
    /// suffix marked as the default; empty when the platform has no disk image.
    pub fn disk_formats(&self) -> Vec<DiskFormatChoice> {
        match self.disk_suffix {
            Some(default) => disk_format::choices(DISK_FORMATS, default),
            None => Vec::new(),
        }
    }
}

impl Board {
    /// Offered for `version`: the SBC floor (1.7.0) and the board's own gate, both strict.
    pub fn is_available(&self, version: &TalosVersion) -> bool {
        version.at_least(&SBC_MIN_VERSION) && passes_gate(self.min_version, version)
    }

    /// The raw disk image formats an overlay build produces, `raw.xz` marked as the default.
    pub fn disk_formats(&self) -> Vec<DiskFormatChoice> {
        disk_format::choices(BOARD_DISK_FORMATS, BOARD_DISK_SUFFIX)
    }
}

/// The cloud platform named `name` (`aws`); metal is not a cloud platform.
pub fn cloud_platform(name: &str) -> Option<&'static CloudPlatform> {
    CLOUD_PLATFORMS
        .iter()
        .find(|platform| platform.name == name)
}

/// The board whose URL parameter is `param`.
pub fn board(param: &str) -> Option<&'static Board> {
    BOARDS.iter().find(|board| board.param == param)
}

/// The cloud platforms offered for `version`, in display order.
pub fn available_platforms(version: &TalosVersion) -> Vec<&'static CloudPlatform> {
    CLOUD_PLATFORMS
        .iter()
        .filter(|platform| platform.is_available(version))
        .collect()
}

/// The boards offered for `version`, in display order (none below 1.7.0).
pub fn available_boards(version: &TalosVersion) -> Vec<&'static Board> {
    BOARDS
        .iter()
        .filter(|board| board.is_available(version))
        .collect()
}

/// The boards whose label, models or URL parameter contain `query` (ASCII case-insensitive,
/// surrounding white space ignored), order kept; an empty query keeps them all.
pub fn filter_boards<'a>(boards: &[&'a Board], query: &str) -> Vec<&'a Board> {
    let needle = query.trim().to_ascii_lowercase();
    boards
        .iter()
        .copied()
        .filter(|board| {
            needle.is_empty()
                || [board.label, board.models, board.param]
                    .iter()
                    .any(|field| field.to_ascii_lowercase().contains(&needle))
        })
        .collect()
}

/// The factory UI shows the SecureBoot toggle: version `>= 1.5.0` (strict) and metal or a
/// cloud platform that supports SecureBoot; never for boards (or unknown platforms).
pub fn secureboot_available(
    kind: TargetKind,
    platform: Option<&str>,
    version: &TalosVersion,
) -> bool {
    match kind {
        TargetKind::Metal => METAL.secureboot_available(version),
        TargetKind::Cloud => platform
            .and_then(cloud_platform)
            .is_some_and(|platform| platform.secureboot_available(version)),
        TargetKind::Sbc => false,
    }
}

#[cfg(test)]
mod tests;
