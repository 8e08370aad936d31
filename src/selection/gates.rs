//! The factory's version gates for builder options (spec §5.2): which options a Talos version
//! supports, with the factory's own kind of comparison for each (strict or quirk).

use crate::version::TalosVersion;

/// SecureBoot toggle: `>= 1.5.0`, strict.
pub use crate::platforms::SECUREBOOT_MIN_VERSION;

/// Overlays (SBC overlay, overlay options): `>= 1.7.0`, quirk (pre-release ignored).
pub const OVERLAY_MIN_VERSION: TalosVersion = TalosVersion::new(1, 7, 0);

/// Embedded machine configuration: `>= 1.12.0`, quirk (pre-release ignored).
pub const EMBEDDED_CONFIG_MIN_VERSION: TalosVersion = TalosVersion::new(1, 12, 0);

/// Bootloader choice: `>= 1.12.0-alpha.2`, strict (shown as text; see [`supports_bootloader`]).
pub const BOOTLOADER_MIN_VERSION: &str = "1.12.0-alpha.2";

pub fn supports_secureboot(version: &TalosVersion) -> bool {
    version.at_least(&SECUREBOOT_MIN_VERSION)
}

pub fn supports_overlay(version: &TalosVersion) -> bool {
    version.quirk_at_least(&OVERLAY_MIN_VERSION)
}

pub fn supports_embedded_config(version: &TalosVersion) -> bool {
    version.quirk_at_least(&EMBEDDED_CONFIG_MIN_VERSION)
}

pub fn supports_bootloader(version: &TalosVersion) -> bool {
    BOOTLOADER_MIN_VERSION
        .parse::<TalosVersion>()
        .is_ok_and(|min| version.at_least(&min))
}
