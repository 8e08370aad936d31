//! Installer image references in the factory's OCI registry: `<host>/<image>/<id>:<version>`.

use super::Settings;
use crate::version::TalosVersion;

/// From this version on (quirk gate `SupportsUnifiedInstaller`, pre-release ignored) the
/// factory UI names the installer after the platform.
pub const UNIFIED_INSTALLER_MIN_VERSION: TalosVersion = TalosVersion::new(1, 10, 0);

/// The installer reference the factory UI shows: `HOST/<platform>-installer[-secureboot]/ID:V`
/// for Talos >= 1.10.0 (pre-releases of 1.10.0 included), `HOST/installer[-secureboot]/ID:V`
/// below. `platform` is `metal` for metal and boards.
pub fn installer_image(
    settings: &Settings,
    platform: &str,
    secureboot: bool,
    version: &TalosVersion,
    schematic_id: &str,
) -> String {
    let secureboot_suffix = if secureboot { "-secureboot" } else { "" };
    let image = if version.quirk_at_least(&UNIFIED_INSTALLER_MIN_VERSION) {
        format!("{platform}-installer{secureboot_suffix}")
    } else {
        format!("installer{secureboot_suffix}")
    };
    format!(
        "{}/{image}/{schematic_id}:{version}",
        settings.registry_host
    )
}
