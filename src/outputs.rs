//! Everything derived from the user's choices and the schematic ID: the page of links after the
//! factory UI's final page (images, the installer reference, documentation), plus copy-ready
//! commands, download scripts, profiles and snippets, and the difference between two schematics.
//!
//! Invariant: pure string builders. No I/O, no clock, no randomness; the same [`OutputRequest`]
//! always gives the same [`Outputs`]. The caller converts its own state into an
//! [`OutputRequest`]; this module depends only on `version`, `platforms`, `schematic` and
//! `i18n` (what the page says about the outputs, titles, labels, notes and warnings, is
//! [`Text`], rendered in the language shown; what users copy, commands, YAML, scripts and
//! URLs, is plain text and the same in every language).

mod commands;
mod diff;
mod images;
mod links;
mod page;
mod profile;
mod proxmox;
mod quoting;
mod script;

use crate::i18n::{Messages, Text};
use crate::platforms::{self, Arch, Board, CloudPlatform, DiskFormatChoice, METAL};
use crate::schematic::Schematic;
use crate::version::TalosVersion;

pub use commands::{
    Commands, SIGNED_INSTALLER_MIN_VERSION, kernel_args_notes, lockdown_note,
    register_schematic_command, signed_installer_note,
};
pub use diff::{InstallerChange, OverlayChange, SchematicDiff, diff, installer_change};
pub use images::installer_image;
pub use links::{
    Asset, AssetKind, DEFAULT_TALOSCTL_FILES, docs_root, docs_url, embedded_config_url,
    has_talosctl, kernel_reference_url, platform_docs_url, support_matrix_url, whats_new_url,
};
pub use page::first_boot_section;
pub use proxmox::QEMU_GUEST_AGENT;
pub use quoting::{heredoc_delimiter, shell_word, yaml_string};

/// Where the factory lives. The defaults are the community service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Base URL of the HTTP API, without a trailing slash (`https://factory.talos.dev`).
    pub factory_url: String,
    /// Host of the OCI registry frontend (`factory.talos.dev`).
    pub registry_host: String,
    /// Base URL of the PXE frontend, without a trailing slash (`https://pxe.factory.talos.dev`).
    pub pxe_url: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            factory_url: "https://factory.talos.dev".to_string(),
            registry_host: "factory.talos.dev".to_string(),
            pxe_url: "https://pxe.factory.talos.dev".to_string(),
        }
    }
}

/// The hardware target with its platform or board.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Metal,
    /// A cloud platform by name (`aws`, `nocloud`).
    Cloud {
        platform: String,
    },
    /// A single-board computer by URL parameter (`rpi_generic`).
    Sbc {
        board: String,
    },
}

/// The editable parts of the Proxmox template commands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProxmoxOptions {
    pub vm_id: u32,
    pub vm_name: String,
    /// Proxmox storage for the imported disk and the cloud-init drive (`local-lvm`).
    pub storage: String,
    /// Network bridge of `net0` (`vmbr0`).
    pub bridge: String,
    /// Where the image is downloaded and decompressed on the Proxmox host.
    pub download_dir: String,
    pub memory_mib: u32,
    pub cores: u32,
    /// Size the imported disk is grown to.
    pub disk_size_gib: u32,
}

impl Default for ProxmoxOptions {
    fn default() -> Self {
        ProxmoxOptions {
            vm_id: 9000,
            vm_name: "talos".to_string(),
            storage: "local-lvm".to_string(),
            bridge: "vmbr0".to_string(),
            download_dir: "/tmp".to_string(),
            memory_mib: 4096,
            cores: 2,
            disk_size_gib: 20,
        }
    }
}

/// Everything the outputs are derived from.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputRequest {
    pub settings: Settings,
    pub target: Target,
    pub arch: Arch,
    /// The SecureBoot toggle as the user set it; it only counts where SecureBoot is offered
    /// (see [`Outputs::secureboot`]).
    pub secureboot: bool,
    pub version: TalosVersion,
    /// 64 lowercase hex characters.
    pub schematic_id: String,
    /// The schematic's canonical YAML (what was hashed into the ID).
    pub canonical_yaml: String,
    pub schematic: Schematic,
    /// The disk image format suffix the user picked (`qcow2`); `None` or an unknown suffix
    /// means the platform's default.
    pub disk_format: Option<String>,
    /// The assets the download commands and the offline script fetch; empty means the
    /// platform's first boot files (ISO and disk image where the platform has them).
    pub downloads: Vec<AssetKind>,
    /// The node address for `talosctl upgrade`; empty writes `"$NODE_IP"`.
    pub node: String,
    pub proxmox: ProxmoxOptions,
    /// talosctl files as `GET /talosctl/<version>` lists them (file names or URLs); `None`
    /// when not fetched, which means the usual list ([`DEFAULT_TALOSCTL_FILES`]).
    pub talosctl_files: Option<Vec<String>>,
}

impl OutputRequest {
    /// A request with the community factory, no download selection, default Proxmox options
    /// and SecureBoot off.
    pub fn new(
        target: Target,
        arch: Arch,
        version: TalosVersion,
        schematic: Schematic,
        canonical_yaml: String,
        schematic_id: String,
    ) -> Self {
        OutputRequest {
            settings: Settings::default(),
            target,
            arch,
            secureboot: false,
            version,
            schematic_id,
            canonical_yaml,
            schematic,
            disk_format: None,
            downloads: Vec::new(),
            node: String::new(),
            proxmox: ProxmoxOptions::default(),
            talosctl_files: None,
        }
    }
}

/// Why no outputs could be derived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputsError {
    UnknownPlatform(String),
    UnknownBoard(String),
}

impl OutputsError {
    /// What the page says (in the language shown).
    pub fn text(&self) -> Text {
        match self {
            OutputsError::UnknownPlatform(name) => Text::out_unknown_platform(name),
            OutputsError::UnknownBoard(name) => Text::out_unknown_board(name),
        }
    }
}

/// English, for logs and `?` in tests (the page shows [`OutputsError::text`]).
impl std::fmt::Display for OutputsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&Messages::english().render(&self.text()))
    }
}

impl std::error::Error for OutputsError {}

/// Which block of the page a section is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SectionId {
    FirstBoot,
    /// The installer image: initial installation (where it applies) and upgrades.
    Installer,
    LocalTestCluster,
    Booter,
    Documentation,
    ExtraAssets,
}

impl SectionId {
    /// The section's name in the page (`section-<slug>` is its element ID).
    pub fn slug(self) -> &'static str {
        match self {
            SectionId::FirstBoot => "firstboot",
            SectionId::Installer => "installer",
            SectionId::LocalTestCluster => "localtestcluster",
            SectionId::Booter => "booter",
            SectionId::Documentation => "documentation",
            SectionId::ExtraAssets => "extraassets",
        }
    }
}

/// How an item's value is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemKind {
    /// A URL to follow or download.
    Link,
    /// Text to copy (an ID, an installer reference, an iPXE script URL).
    Copy,
    /// A block of code or configuration to copy.
    Code,
}

/// A link with its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocLink {
    pub label: Text,
    pub url: String,
}

/// One entry of a section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// What the page calls it (in the language shown; `data-output` holds its English).
    pub label: Text,
    pub kind: ItemKind,
    pub value: String,
    /// The documentation link shown after the value, if any.
    pub doc: Option<DocLink>,
}

/// What identifies an item of the page across changes of the schematic: a new ID changes
/// the values of the links, never their keys, so a view can keep one row per key and
/// update only its text and attributes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ItemKey {
    pub kind: ItemKind,
    pub label: Text,
    /// Which of the items with this kind and label it is (the talosctl downloads share one).
    pub ordinal: usize,
    /// Whether the value 404s until the schematic exists (it changes how the row is shown).
    pub needs_schematic: bool,
}

impl ItemKey {
    /// The item's name for `data-output`: its label in English whatever the language shown,
    /// so that scripts and tests find an item in every language.
    pub fn output_name(&self) -> String {
        Messages::english().render(&self.label)
    }
}

/// The items with their keys (see [`ItemKey`]), in order.
pub fn keyed_items(items: &[Item]) -> Vec<(ItemKey, Item)> {
    let mut keyed: Vec<(ItemKey, Item)> = Vec::with_capacity(items.len());
    for item in items {
        let ordinal = keyed
            .iter()
            .filter(|(key, _)| key.kind == item.kind && key.label == item.label)
            .count();
        let key = ItemKey {
            kind: item.kind,
            label: item.label.clone(),
            ordinal,
            needs_schematic: item.needs_schematic(),
        };
        keyed.push((key, item.clone()));
    }
    keyed
}

impl Item {
    /// The value is a factory URL that answers 404 until the factory has the schematic: image
    /// links (`<factory>/image/<id>/…`) and the PXE script URL (`<pxe>/pxe/<id>/…`, a Copy
    /// item). Documentation links, talosctl downloads, the installer reference and commands
    /// do not (the installer is pulled, not followed; commands are copied, not opened).
    pub fn needs_schematic(&self) -> bool {
        matches!(self.kind, ItemKind::Link | ItemKind::Copy) && links::names_schematic(&self.value)
    }
}

/// One block of the final page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub id: SectionId,
    pub title: Text,
    /// The sentence above the items, if any.
    pub intro: Option<Text>,
    /// Links belonging to the intro (the upgrade guide, booter on GitHub).
    pub links: Vec<DocLink>,
    pub items: Vec<Item>,
    /// Caveats shown below the items.
    pub notes: Vec<Text>,
}

/// The Proxmox template recipe (nocloud targets only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proxmox {
    /// A POSIX sh script to run on the Proxmox host.
    pub script: String,
    /// Caveats (missing guest agent, SecureBoot needs, arm64).
    pub warnings: Vec<Text>,
}

/// Everything derived from an [`OutputRequest`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outputs {
    /// SecureBoot in effect: requested, and offered for this target and version.
    pub secureboot: bool,
    /// The installer image reference (upgrade and initial installation).
    pub installer_image: String,
    /// The "Images & links" page, section by section in the factory UI's order, each thing
    /// once (no schematic ID or YAML: the result header shows them).
    pub page: Vec<Section>,
    /// The disk image formats the factory can build for this target (default marked); empty
    /// when the target has no disk image.
    pub disk_formats: Vec<DiskFormatChoice>,
    /// The disk image in the chosen format.
    pub disk_image: Option<Asset>,
    /// Every asset this target can download, in page order.
    pub assets: Vec<Asset>,
    /// The assets the download commands and the offline script fetch.
    pub downloads: Vec<Asset>,
    /// An iPXE snippet that chains to the factory's PXE script, where the target PXE-boots.
    pub ipxe_chain: Option<String>,
    pub commands: Commands,
    /// POSIX sh script: fetch the downloads, write SHA256SUMS and the schematic beside them.
    pub download_script: String,
    /// Machine configuration patch setting `machine.install.image`.
    pub install_patch: String,
    /// Cluster profile YAML (version, arch, platform, installer, factory schematic, extensions).
    pub profile: String,
    /// talhelper `talconfig.yaml` fragment.
    pub talhelper: String,
    /// Terraform (siderolabs/talos provider) schematic resource and URLs data source.
    pub terraform: String,
    /// Proxmox template commands for nocloud targets.
    pub proxmox: Option<Proxmox>,
    /// Problems with the request that did not stop the outputs (the Proxmox caveats are in
    /// [`Proxmox::warnings`]).
    pub warnings: Vec<Text>,
}

/// The request with its names looked up.
pub(crate) struct Resolved<'a> {
    pub request: &'a OutputRequest,
    /// The platform whose names the image paths use: metal for metal and boards.
    pub platform: &'static CloudPlatform,
    pub board: Option<&'static Board>,
    /// The arch of every path (arm64 for boards).
    pub arch: Arch,
    pub secureboot: bool,
}

impl<'a> Resolved<'a> {
    fn new(request: &'a OutputRequest) -> Result<Self, OutputsError> {
        let (platform, board) = match &request.target {
            Target::Metal => (&METAL, None),
            Target::Cloud { platform } => (
                platforms::cloud_platform(platform)
                    .ok_or_else(|| OutputsError::UnknownPlatform(platform.clone()))?,
                None,
            ),
            Target::Sbc { board } => (
                &METAL,
                Some(
                    platforms::board(board)
                        .ok_or_else(|| OutputsError::UnknownBoard(board.clone()))?,
                ),
            ),
        };
        let arch = if board.is_some() {
            Arch::Arm64
        } else {
            request.arch
        };
        let secureboot = request.secureboot
            && board.is_none()
            && platform.secureboot_available(&request.version);
        Ok(Resolved {
            request,
            platform,
            board,
            arch,
            secureboot,
        })
    }

    pub fn is_metal(&self) -> bool {
        matches!(self.request.target, Target::Metal)
    }

    pub fn is_cloud(&self) -> bool {
        matches!(self.request.target, Target::Cloud { .. })
    }

    pub fn version(&self) -> &TalosVersion {
        &self.request.version
    }

    pub fn settings(&self) -> &Settings {
        &self.request.settings
    }

    pub fn id(&self) -> &str {
        &self.request.schematic_id
    }

    /// The name a human knows the target by (`Bare Metal`, `Nocloud`, `Raspberry Pi Series`).
    pub fn target_label(&self) -> &'static str {
        match self.board {
            Some(board) => board.label,
            None => self.platform.label,
        }
    }

    /// Problems worth telling the user: the target is not offered for the version, the arch
    /// is not supported, SecureBoot was asked for where it is not offered, the disk format is
    /// unknown.
    fn warnings(&self) -> Vec<Text> {
        let request = self.request;
        let version = self.version();
        let mut warnings = Vec::new();
        let offered = match self.board {
            Some(board) => board.is_available(version),
            None => self.platform.is_available(version),
        };
        if !offered {
            warnings.push(Text::out_not_offered(self.target_label(), version));
        }
        if self.board.is_none() && !self.platform.supports_arch(request.arch) {
            warnings.push(Text::out_arch_unsupported(
                request.arch,
                self.platform.label,
            ));
        }
        if request.secureboot && !self.secureboot {
            warnings.push(Text::out_secureboot_not_offered(
                self.target_label(),
                version,
            ));
        }
        if let Some(format) = &request.disk_format
            && !self
                .disk_formats()
                .iter()
                .any(|choice| choice.suffix == format)
        {
            warnings.push(Text::out_disk_format_not_offered(
                format,
                self.target_label(),
            ));
        }
        warnings
    }

    pub fn disk_formats(&self) -> Vec<DiskFormatChoice> {
        match self.board {
            Some(board) => board.disk_formats(),
            None => self.platform.disk_formats(),
        }
    }

    /// The disk format suffix in effect: the chosen one if offered, else the default.
    pub fn disk_suffix(&self) -> Option<&'static str> {
        let choices = self.disk_formats();
        let chosen = self
            .request
            .disk_format
            .as_deref()
            .and_then(|format| choices.iter().find(|choice| choice.suffix == format));
        chosen
            .or_else(|| choices.iter().find(|choice| choice.is_default))
            .map(|choice| choice.suffix)
    }
}

/// Everything derived from `request`; fails only for an unknown platform or board name.
pub fn outputs(request: &OutputRequest) -> Result<Outputs, OutputsError> {
    let resolved = Resolved::new(request)?;
    let installer = images::installer_image(
        &request.settings,
        resolved.platform.name,
        resolved.secureboot,
        &request.version,
        &request.schematic_id,
    );
    let assets = links::assets(&resolved);
    let downloads = links::downloads(&resolved, &assets);
    let warnings = resolved.warnings();
    let proxmox = proxmox::proxmox(&resolved);
    Ok(Outputs {
        secureboot: resolved.secureboot,
        page: page::page(&resolved, &installer),
        disk_formats: resolved.disk_formats(),
        disk_image: links::disk_image(&resolved),
        ipxe_chain: commands::ipxe_chain(&resolved),
        commands: commands::commands(&resolved, &installer, &downloads),
        download_script: script::download_script(&resolved, &downloads),
        install_patch: commands::install_patch(&resolved, &installer),
        profile: profile::cluster_profile(&resolved, &installer),
        talhelper: profile::talhelper(&resolved),
        terraform: profile::terraform(&resolved),
        proxmox,
        assets,
        downloads,
        installer_image: installer,
        warnings,
    })
}

/// The First Boot section alone: what the result header shows, without deriving the rest
/// of the outputs (the same section as in [`outputs`]'s page).
pub fn first_boot(request: &OutputRequest) -> Result<Section, OutputsError> {
    Resolved::new(request).map(|resolved| page::first_boot(&resolved))
}

#[cfg(test)]
pub(crate) mod tests;
