//! What switching to another Talos version would break: selected extensions the new
//! catalog lacks (with the factory's known renames offered as replacements), a board or
//! platform the version does not offer, an overlay missing from its overlay catalog, and
//! options gated to newer versions.

use super::BootloaderChoice;
use super::Selection;
use super::gates::{
    BOOTLOADER_MIN_VERSION, EMBEDDED_CONFIG_MIN_VERSION, OVERLAY_MIN_VERSION,
    SECUREBOOT_MIN_VERSION, supports_bootloader, supports_embedded_config, supports_overlay,
    supports_secureboot,
};
use crate::catalog::{ExtensionInfo, OverlayInfo};
use crate::platforms::TargetKind;
use crate::version::TalosVersion;

/// The factory's extension renames (`internal/profile/profile.go` `ExtensionNameAlias`):
/// `(old name, new name)`.
pub const EXTENSION_ALIASES: &[(&str, &str)] = &[
    ("siderolabs/v4l-uvc", "siderolabs/v4l-uvc-drivers"),
    ("siderolabs/usb-modem", "siderolabs/usb-modem-drivers"),
    ("siderolabs/gasket", "siderolabs/gasket-driver"),
    (
        "siderolabs/talos-vmtoolsd",
        "siderolabs/vmtoolsd-guest-agent",
    ),
    (
        "siderolabs/xe-guest-utilities",
        "siderolabs/xen-guest-agent",
    ),
    (
        "siderolabs/nvidia-container-toolkit",
        "siderolabs/nvidia-container-toolkit-lts",
    ),
    (
        "siderolabs/nvidia-open-gpu-kernel-modules",
        "siderolabs/nvidia-open-gpu-kernel-modules-lts",
    ),
    (
        "siderolabs/nonfree-kmod-nvidia",
        "siderolabs/nonfree-kmod-nvidia-lts",
    ),
    (
        "siderolabs/nvidia-fabricmanager",
        "siderolabs/nvidia-fabric-manager-lts",
    ),
    ("siderolabs/i915-ucode", "siderolabs/i915"),
    ("siderolabs/amdgpu-firmware", "siderolabs/amdgpu"),
];

/// Renames in the extension catalogs that [`EXTENSION_ALIASES`] spells differently: the
/// factory maps `nvidia-fabricmanager` to `nvidia-fabric-manager-lts`, a name no catalog has
/// ever listed, while from v1.8.0 the catalogs call it `nvidia-fabricmanager-lts`
/// (`tests/data/factory/catalog-names-by-version.json`).
pub const CATALOG_RENAMES: &[(&str, &str)] = &[(
    "siderolabs/nvidia-fabricmanager",
    "siderolabs/nvidia-fabricmanager-lts",
)];

/// The name that replaces `name` in a catalog that lacks it: the renamed extension (old →
/// new), or the old name when moving back to a version from before the rename (new → old);
/// only if the catalog lists it. Renames come from [`EXTENSION_ALIASES`] and
/// [`CATALOG_RENAMES`].
pub fn extension_replacement(name: &str, catalog: &[ExtensionInfo]) -> Option<String> {
    let listed = |candidate: &str| catalog.iter().any(|extension| extension.name == candidate);
    EXTENSION_ALIASES
        .iter()
        .chain(CATALOG_RENAMES)
        .find_map(|&(old, new)| {
            if name == old && listed(new) {
                Some(new)
            } else if name == new && listed(old) {
                Some(old)
            } else {
                None
            }
        })
        .map(str::to_string)
}

/// An option that only some versions support.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GatedOption {
    SecureBoot,
    /// The board overlay or a custom overlay.
    Overlay,
    EmbeddedConfig,
    Bootloader,
}

impl GatedOption {
    /// The earliest version supporting the option, and whether the comparison ignores
    /// pre-release parts (quirk).
    pub fn min_version(self) -> (String, bool) {
        match self {
            GatedOption::SecureBoot => (SECUREBOOT_MIN_VERSION.bare(), false),
            GatedOption::Overlay => (OVERLAY_MIN_VERSION.bare(), true),
            GatedOption::EmbeddedConfig => (EMBEDDED_CONFIG_MIN_VERSION.bare(), true),
            GatedOption::Bootloader => (BOOTLOADER_MIN_VERSION.to_string(), false),
        }
    }
}

/// One problem a version change would cause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VersionFinding {
    /// A selected extension the new catalog lacks; `replacement` is a listed alias.
    ExtensionMissing {
        name: String,
        replacement: Option<String>,
    },
    /// The chosen board is not offered for the new version.
    BoardUnavailable { board: String },
    /// The overlay the schematic would name is not in the new overlay catalog.
    OverlayMissing { name: String },
    /// The chosen cloud platform is not offered for the new version.
    PlatformUnavailable { platform: String },
    /// An option in use that the new version does not support (it would be dropped).
    OptionUnsupported { option: GatedOption },
}

/// What moving `selection` to `version` would break, given that version's extension and
/// overlay catalogs. Empty means the change is safe. Catalogs that are not loaded yet can be
/// passed empty; then only the table and gate checks are meaningful for that part, so pass
/// `None` to skip the catalog checks.
pub fn version_change_findings(
    selection: &Selection,
    version: &TalosVersion,
    extensions: Option<&[ExtensionInfo]>,
    overlays: Option<&[OverlayInfo]>,
) -> Vec<VersionFinding> {
    let mut findings = Vec::new();
    if let Some(catalog) = extensions {
        for name in &selection.extensions {
            if !catalog.iter().any(|extension| &extension.name == name) {
                findings.push(VersionFinding::ExtensionMissing {
                    name: name.clone(),
                    replacement: extension_replacement(name, catalog),
                });
            }
        }
    }
    let overlay_name = match selection.target {
        TargetKind::Sbc => {
            let board = selection.board;
            if !board.is_available(version) {
                findings.push(VersionFinding::BoardUnavailable {
                    board: board.param.to_string(),
                });
            }
            Some(board.overlay_name.to_string())
        }
        TargetKind::Cloud => {
            if !selection.platform.is_available(version) {
                findings.push(VersionFinding::PlatformUnavailable {
                    platform: selection.platform.name.to_string(),
                });
            }
            selection
                .custom_overlay
                .as_ref()
                .map(|overlay| overlay.name.clone())
        }
        TargetKind::Metal => selection
            .custom_overlay
            .as_ref()
            .map(|overlay| overlay.name.clone()),
    };
    if let Some(name) = overlay_name {
        if !supports_overlay(version) {
            findings.push(VersionFinding::OptionUnsupported {
                option: GatedOption::Overlay,
            });
        } else if let Some(catalog) = overlays
            && !catalog.iter().any(|overlay| overlay.name == name)
        {
            findings.push(VersionFinding::OverlayMissing { name });
        }
    }
    if selection.secureboot && !supports_secureboot(version) {
        findings.push(VersionFinding::OptionUnsupported {
            option: GatedOption::SecureBoot,
        });
    }
    if !selection.embedded_config.is_empty() && !supports_embedded_config(version) {
        findings.push(VersionFinding::OptionUnsupported {
            option: GatedOption::EmbeddedConfig,
        });
    }
    if selection.bootloader != BootloaderChoice::Auto && !supports_bootloader(version) {
        findings.push(VersionFinding::OptionUnsupported {
            option: GatedOption::Bootloader,
        });
    }
    findings
}
