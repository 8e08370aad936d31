//! Copy-ready commands: register the schematic, download assets, upgrade a node, start a local
//! cluster, PXE boot with booter, chain from iPXE; and the machine configuration patch that
//! points the installation at the factory's installer.

use super::Resolved;
use super::images::UNIFIED_INSTALLER_MIN_VERSION;
use super::links::{Asset, pxe_script_url};
use super::quoting::{heredoc_delimiter, shell_word, with_final_newline, yaml_string};
use crate::i18n::Text;
use crate::platforms::BootMethod;
use crate::version::{PreId, TalosVersion};

/// The booter image the factory UI recommends.
const BOOTER_IMAGE: &str = "ghcr.io/siderolabs/booter:v0.3.0";

/// Copy-ready shell commands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commands {
    /// `curl -X POST --data-binary @- <factory>/schematics` with the YAML in a here-document.
    pub register_schematic: String,
    /// One `curl -fL -o <file> <url>` line per download.
    pub download: String,
    /// `talosctl upgrade --nodes <node> --image <installer>`.
    pub upgrade: String,
    /// `talosctl cluster create qemu …` (Talos >= 1.12.0-alpha.2).
    pub local_cluster: Option<String>,
    /// `docker run … booter …`.
    pub booter: String,
}

/// The first version with `talosctl cluster create qemu --schematic-id` (strict gate).
fn local_cluster_min_version() -> TalosVersion {
    TalosVersion {
        major: 1,
        minor: 12,
        patch: 0,
        pre: vec![PreId::Alpha("alpha".to_string()), PreId::Numeric(2)],
    }
}

/// From this version SecureBoot images no longer force `lockdown=confidentiality`, and a
/// factory with SecureBoot keys signs every installer (quirk gate, pre-release ignored):
/// `ForcesLockdownConfidentiality` in siderolabs/talos `pkg/machinery/imager/quirks/quirks.go`
/// (used by `kernel.SecureBootArgs`), and `shouldAutoSignInstaller` in siderolabs/image-factory
/// `internal/profile/profile.go` (siderolabs/image-factory#538).
pub const SIGNED_INSTALLER_MIN_VERSION: TalosVersion = TalosVersion::new(1, 14, 0);

/// What a SecureBoot image does about kernel lockdown, for where its command line is discussed.
pub fn lockdown_note(version: &TalosVersion) -> Text {
    if version.quirk_at_least(&SIGNED_INSTALLER_MIN_VERSION) {
        Text::out_note_lockdown_dropped()
    } else {
        Text::out_note_lockdown_forced()
    }
}

/// For Talos >= 1.14 with SecureBoot: the factory signs the plain installer too, so both
/// installer references give the same signed image.
pub fn signed_installer_note(version: &TalosVersion, secureboot: bool) -> Option<Text> {
    (secureboot && version.quirk_at_least(&SIGNED_INSTALLER_MIN_VERSION))
        .then(Text::out_note_signed_installer)
}

/// What the customization step says about extra kernel arguments: SecureBoot signs the command
/// line (and what it does about lockdown); below Talos 1.10.0 (quirk gate) the plain installer
/// ignores it.
pub fn kernel_args_notes(version: &TalosVersion, secureboot: bool) -> Vec<Text> {
    if secureboot {
        vec![Text::out_note_cmdline_signed(), lockdown_note(version)]
    } else if !version.quirk_at_least(&UNIFIED_INSTALLER_MIN_VERSION) {
        vec![Text::out_note_cmdline_ignored()]
    } else {
        Vec::new()
    }
}

pub fn local_cluster_command(resolved: &Resolved) -> Option<String> {
    let version = resolved.version();
    version.at_least(&local_cluster_min_version()).then(|| {
        format!(
            "talosctl cluster create qemu --schematic-id={} --talos-version={version}",
            shell_word(resolved.id())
        )
    })
}

pub fn booter_command(resolved: &Resolved) -> String {
    format!(
        "docker run --rm --network host {BOOTER_IMAGE} --talos-version={} --schematic-id={}",
        resolved.version(),
        shell_word(resolved.id())
    )
}

/// `curl -X POST --data-binary @- <factory>/schematics` fed by a quoted here-document whose
/// delimiter is not a line of the YAML, so any YAML arrives byte for byte (plus a final
/// newline, which YAML ignores).
pub fn register_schematic_command(factory_url: &str, yaml: &str) -> String {
    let body = with_final_newline(yaml);
    let delimiter = heredoc_delimiter(&body);
    format!(
        "curl -X POST --data-binary @- {} <<'{delimiter}'\n{body}{delimiter}\n",
        shell_word(&format!("{factory_url}/schematics"))
    )
}

/// `curl -fL -o <file> <url>` for one asset.
pub fn download_command(asset: &Asset) -> String {
    format!(
        "curl -fL -o {} {}",
        shell_word(&asset.file_name),
        shell_word(&asset.url)
    )
}

/// An iPXE script that chains to the factory's PXE script, for targets that PXE-boot.
pub fn ipxe_chain(resolved: &Resolved) -> Option<String> {
    (resolved.board.is_none() && resolved.platform.has_boot_method(BootMethod::Pxe)).then(|| {
        format!(
            "#!ipxe\ndhcp\nchain --autofree {}\n",
            pxe_script_url(resolved)
        )
    })
}

/// The machine configuration patch that installs (and upgrades) from the factory's installer.
/// Below Talos 1.10.0 without SecureBoot the installer ignores the schematic's kernel
/// arguments, so the patch carries them as `machine.install.extraKernelArgs`.
pub fn install_patch(resolved: &Resolved, installer: &str) -> String {
    let mut patch = format!(
        "machine:\n  install:\n    image: {}\n",
        yaml_string(installer)
    );
    let kernel_args = &resolved.request.schematic.customization.extra_kernel_args;
    let installer_ignores_args = !resolved.secureboot
        && !resolved
            .version()
            .quirk_at_least(&UNIFIED_INSTALLER_MIN_VERSION);
    if installer_ignores_args && !kernel_args.is_empty() {
        patch.push_str("    extraKernelArgs:\n");
        for arg in kernel_args {
            patch.push_str(&format!("      - {}\n", yaml_string(arg)));
        }
    }
    patch
}

pub fn commands(resolved: &Resolved, installer: &str, downloads: &[Asset]) -> Commands {
    let node = &resolved.request.node;
    let node = if node.is_empty() {
        "\"$NODE_IP\"".to_string()
    } else {
        shell_word(node)
    };
    Commands {
        register_schematic: register_schematic_command(
            &resolved.settings().factory_url,
            &resolved.request.canonical_yaml,
        ),
        download: downloads
            .iter()
            .map(|asset| download_command(asset) + "\n")
            .collect(),
        upgrade: format!(
            "talosctl upgrade --nodes {node} --image {}",
            shell_word(installer)
        ),
        local_cluster: local_cluster_command(resolved),
        booter: booter_command(resolved),
    }
}
