//! Download links: the factory's image path grammar (`/image/<id>/<version>/<path>`), PXE
//! script URLs, talosctl files, and the versioned documentation root with its named pages.

use super::Resolved;
use crate::i18n::Text;
use crate::platforms::{Arch, BootMethod};
use crate::version::TalosVersion;

/// The talosctl files of `GET /talosctl/<version>` as the factory documents them, used when the
/// list was not fetched.
pub const DEFAULT_TALOSCTL_FILES: &[&str] = &[
    "talosctl-darwin-amd64",
    "talosctl-darwin-arm64",
    "talosctl-freebsd-amd64",
    "talosctl-freebsd-arm64",
    "talosctl-linux-amd64",
    "talosctl-linux-arm64",
    "talosctl-linux-armv7",
    "talosctl-windows-amd64.exe",
    "talosctl-windows-arm64.exe",
];

/// The first version whose talosctl files the factory serves: `1.11.0-alpha.3` behind a quirk
/// gate, which drops pre-release parts, so every 1.11.0 pre-release qualifies.
const TALOSCTL_MIN_VERSION: TalosVersion = TalosVersion::new(1, 11, 0);

/// What an asset is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum AssetKind {
    Iso,
    /// The disk image in the chosen format.
    DiskImage,
    Kernel,
    Cmdline,
    Initramfs,
    Uki,
    /// A talosctl binary by file name (`talosctl-linux-amd64`).
    Talosctl(String),
}

/// A downloadable file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    pub kind: AssetKind,
    /// The factory UI's label (`ISO`, `SecureBoot Disk Image`, `Kernel Image`).
    pub label: Text,
    /// The file name the factory serves it as (`metal-amd64.iso`).
    pub file_name: String,
    pub url: String,
}

impl Asset {
    /// The factory serves this file only once it has the schematic: every image asset (its
    /// URL is `<factory>/image/<id>/…`); talosctl downloads are per version, not per
    /// schematic.
    pub fn needs_schematic(&self) -> bool {
        !matches!(self.kind, AssetKind::Talosctl(_))
    }
}

/// `https://docs.siderolabs.com/talos/v<major>.<minor>`, the root of every documentation link:
/// the one place it is built.
pub fn docs_root(version: &TalosVersion) -> String {
    format!("https://docs.siderolabs.com/talos/v{}", version.short())
}

/// The documentation page `path` (starting with `/`, or empty for the root) for `version`.
pub fn docs_url(version: &TalosVersion, path: &str) -> String {
    docs_root(version) + path
}

/// "What's New in Talos" for `version`.
pub fn whats_new_url(version: &TalosVersion) -> String {
    docs_url(version, "/getting-started/what's-new-in-talos/")
}

/// The support matrix for `version`.
pub fn support_matrix_url(version: &TalosVersion) -> String {
    docs_url(version, "/getting-started/support-matrix/")
}

/// The kernel reference (the kernel arguments Talos knows).
pub fn kernel_reference_url(version: &TalosVersion) -> String {
    docs_url(version, "/reference/kernel/")
}

/// Acquiring the machine configuration: the embedded configuration section.
pub fn embedded_config_url(version: &TalosVersion) -> String {
    docs_url(
        version,
        "/configure-your-talos-cluster/system-configuration/acquire#embedded-configuration",
    )
}

/// A platform's or board's guide: `documentation` is the catalog's path under the docs root
/// (`/platform-specific-installations/cloud-platforms/aws`); `None` links the root, as the
/// factory's `wizard-final.html` does with an empty `Documentation`.
pub fn platform_docs_url(version: &TalosVersion, documentation: Option<&str>) -> String {
    docs_url(version, documentation.unwrap_or(""))
}

/// `value` is a factory URL that names a schematic (`…/image/<id>/…`, `…/pxe/<id>/…`), so it
/// answers 404 until the factory has that schematic. talosctl downloads
/// (`<factory>/talosctl/<version>/<file>`) and documentation links do not name one.
pub(crate) fn names_schematic(value: &str) -> bool {
    let Some((_, rest)) = value.split_once("://") else {
        return false;
    };
    let segments: Vec<&str> = rest.split('/').skip(1).collect();
    segments.windows(2).any(|pair| {
        matches!(pair, [kind, id] if matches!(*kind, "image" | "pxe") && is_schematic_id(id))
    })
}

/// 64 lowercase hex characters.
fn is_schematic_id(text: &str) -> bool {
    text.len() == 64
        && text
            .bytes()
            .all(|byte| byte.is_ascii_digit() || (b'a'..=b'f').contains(&byte))
}

/// `-secureboot` or nothing.
fn secureboot_suffix(secureboot: bool) -> &'static str {
    if secureboot { "-secureboot" } else { "" }
}

/// `<factory>/image/<id>/<version>/<path>`.
pub fn image_url(resolved: &Resolved, path: &str) -> String {
    format!(
        "{}/image/{}/{}/{path}",
        resolved.settings().factory_url,
        resolved.id(),
        resolved.version()
    )
}

/// `<pxe>/pxe/<id>/<version>/<platform>-<arch>[-secureboot]`.
pub fn pxe_script_url(resolved: &Resolved) -> String {
    format!(
        "{}/pxe/{}/{}/{}-{}{}",
        resolved.settings().pxe_url,
        resolved.id(),
        resolved.version(),
        resolved.platform.name,
        resolved.arch,
        secureboot_suffix(resolved.secureboot)
    )
}

/// `<factory>/talosctl/<version>/<file>`.
pub fn talosctl_url(resolved: &Resolved, file: &str) -> String {
    format!(
        "{}/talosctl/{}/{file}",
        resolved.settings().factory_url,
        resolved.version()
    )
}

/// `<platform>-<arch>[-secureboot].iso`.
pub fn iso_path(platform: &str, arch: Arch, secureboot: bool) -> String {
    format!("{platform}-{arch}{}.iso", secureboot_suffix(secureboot))
}

/// `<platform>-<arch>[-secureboot].<suffix>`.
pub fn disk_image_path(platform: &str, arch: Arch, secureboot: bool, suffix: &str) -> String {
    format!(
        "{platform}-{arch}{}.{suffix}",
        secureboot_suffix(secureboot)
    )
}

/// `<platform>-<arch>[-secureboot]-uki.efi`.
pub fn uki_path(platform: &str, arch: Arch, secureboot: bool) -> String {
    format!("{platform}-{arch}{}-uki.efi", secureboot_suffix(secureboot))
}

fn asset(resolved: &Resolved, kind: AssetKind, label: Text, file_name: String) -> Asset {
    Asset {
        url: image_url(resolved, &file_name),
        kind,
        label,
        file_name,
    }
}

/// The disk image in the chosen format (boards: `metal-arm64.<suffix>`).
pub fn disk_image(resolved: &Resolved) -> Option<Asset> {
    let suffix = resolved.disk_suffix()?;
    let label = if resolved.secureboot {
        Text::out_secureboot_disk_image()
    } else {
        Text::out_disk_image()
    };
    let path = disk_image_path(
        resolved.platform.name,
        resolved.arch,
        resolved.secureboot,
        suffix,
    );
    Some(asset(resolved, AssetKind::DiskImage, label, path))
}

/// The talosctl file names in effect, sorted: the fetched list (names or URLs) or the usual one.
pub fn talosctl_files(resolved: &Resolved) -> Vec<String> {
    let mut files: Vec<String> = match &resolved.request.talosctl_files {
        Some(listed) => listed
            .iter()
            .map(|entry| entry.rsplit('/').next().unwrap_or(entry).to_string())
            .filter(|file| !file.is_empty())
            .collect(),
        None => DEFAULT_TALOSCTL_FILES
            .iter()
            .map(ToString::to_string)
            .collect(),
    };
    files.sort();
    files.dedup();
    files
}

/// The factory serves talosctl for this version (`>= 1.11.0-alpha.3`, quirk gate).
pub fn has_talosctl(version: &TalosVersion) -> bool {
    version.quirk_at_least(&TALOSCTL_MIN_VERSION)
}

/// Every downloadable asset of the target, in page order: ISO and disk image where the target
/// boots from them, then metal's extra assets.
pub fn assets(resolved: &Resolved) -> Vec<Asset> {
    let mut assets = Vec::new();
    let platform = resolved.platform;
    let (arch, secureboot) = (resolved.arch, resolved.secureboot);
    if resolved.board.is_some() {
        assets.extend(disk_image(resolved));
        return assets;
    }
    for method in platform.boot_methods {
        match method {
            BootMethod::Iso => {
                let label = if secureboot {
                    Text::out_secureboot_iso()
                } else {
                    Text::out_iso()
                };
                assets.push(asset(
                    resolved,
                    AssetKind::Iso,
                    label,
                    iso_path(platform.name, arch, secureboot),
                ));
            }
            BootMethod::DiskImage => assets.extend(disk_image(resolved)),
            BootMethod::Pxe => {}
        }
    }
    if resolved.is_metal() {
        if secureboot {
            assets.push(asset(
                resolved,
                AssetKind::Uki,
                Text::out_secureboot_uki(),
                uki_path("metal", arch, true),
            ));
        } else {
            assets.push(asset(
                resolved,
                AssetKind::Kernel,
                Text::out_kernel_image(),
                format!("kernel-{arch}"),
            ));
            assets.push(asset(
                resolved,
                AssetKind::Cmdline,
                Text::out_kernel_cmdline(),
                format!("cmdline-metal-{arch}"),
            ));
            assets.push(asset(
                resolved,
                AssetKind::Initramfs,
                Text::out_initramfs(),
                format!("initramfs-{arch}.xz"),
            ));
            assets.push(asset(
                resolved,
                AssetKind::Uki,
                Text::out_uki(),
                uki_path("metal", arch, false),
            ));
            if has_talosctl(resolved.version()) {
                for file in talosctl_files(resolved) {
                    assets.push(Asset {
                        url: talosctl_url(resolved, &file),
                        kind: AssetKind::Talosctl(file.clone()),
                        label: Text::out_talosctl(),
                        file_name: file,
                    });
                }
            }
        }
    }
    assets
}

/// The assets to fetch: the requested kinds (in page order), or the first boot files.
pub fn downloads(resolved: &Resolved, assets: &[Asset]) -> Vec<Asset> {
    let requested = &resolved.request.downloads;
    assets
        .iter()
        .filter(|asset| {
            if requested.is_empty() {
                matches!(asset.kind, AssetKind::Iso | AssetKind::DiskImage)
            } else {
                requested.contains(&asset.kind)
            }
        })
        .cloned()
        .collect()
}
