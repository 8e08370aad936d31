//! Ready-made starting points. Each preset is nothing more than a query string, so it is also
//! a deep link (`?<query>`) and goes through the same parsing as any link. No preset pins a
//! version: the latest stable release is picked when the version list arrives.

use super::{QueryNotice, Selection};

/// A named starting point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    /// Stable identifier (`proxmox`).
    pub id: &'static str,
    pub label: &'static str,
    pub description: &'static str,
    /// The selection as a URL query (without `?`).
    pub query: &'static str,
}

impl Preset {
    /// The selection the preset stands for (and the notices of its query, always empty for
    /// the built-in presets; a test checks it).
    pub fn selection(&self) -> (Selection, Vec<QueryNotice>) {
        Selection::from_query(self.query)
    }

    /// `current` with the preset applied (the settings and the chosen version are kept), and
    /// what that changed, one line per choice, so the page can say it and offer Undo.
    pub fn apply_to(&self, current: &Selection) -> (Selection, Vec<String>) {
        let (mut next, _) = self.selection();
        next.settings = current.settings.clone();
        next.version = current.version.clone();
        next.embedded_config = current.embedded_config.clone();
        let mut changes = Vec::new();
        let place = |s: &Selection| match s.target {
            crate::platforms::TargetKind::Metal => "bare metal".to_string(),
            crate::platforms::TargetKind::Cloud => format!("cloud ({})", s.platform.name),
            crate::platforms::TargetKind::Sbc => format!("board {}", s.board.param),
        };
        if place(current) != place(&next) {
            changes.push(format!("Target: {} → {}", place(current), place(&next)));
        }
        if current.effective_arch() != next.effective_arch() {
            changes.push(format!(
                "Architecture: {} → {}",
                current.effective_arch(),
                next.effective_arch()
            ));
        }
        let added: Vec<&str> = next
            .extensions
            .iter()
            .filter(|name| !current.has_extension(name))
            .map(String::as_str)
            .collect();
        let removed: Vec<&str> = current
            .extensions
            .iter()
            .filter(|name| !next.has_extension(name))
            .map(String::as_str)
            .collect();
        if !added.is_empty() {
            changes.push(format!("Extensions added: {}", added.join(", ")));
        }
        if !removed.is_empty() {
            changes.push(format!("Extensions removed: {}", removed.join(", ")));
        }
        if current.kernel_args != next.kernel_args && !current.kernel_args.is_empty() {
            changes.push(format!(
                "Kernel arguments cleared: {}",
                current.kernel_args.join(" ")
            ));
        }
        let schematic_fields = |s: &Selection| {
            (
                s.overlay_options.clone(),
                s.custom_overlay.clone(),
                s.meta.clone(),
                s.bootloader,
                s.enroll_keys.clone(),
                s.include_well_known_certificates,
                s.sector_size,
                s.secureboot,
            )
        };
        if schematic_fields(current) != schematic_fields(&next) {
            changes.push(
                "Other choices (overlay options, META, bootloader, SecureBoot, sector size) reset"
                    .to_string(),
            );
        }
        (next, changes)
    }
}

/// The built-in presets, in display order.
pub static PRESETS: &[Preset] = &[
    // Proxmox VE boots VMs with cloud-init "nocloud" metadata, which Talos reads on the
    // `nocloud` platform; the QEMU guest agent lets Proxmox show the VM's addresses and shut
    // it down cleanly.
    Preset {
        id: "proxmox",
        label: "Proxmox VM template",
        description: "nocloud image for Proxmox VE (amd64) with the QEMU guest agent",
        query: "target=cloud&platform=nocloud&arch=amd64&extensions=siderolabs%2Fqemu-guest-agent",
    },
    // Bare-metal x86 servers need CPU microcode updates for errata and security fixes that
    // firmware may lack. Each microcode extension loads only on its own vendor's CPUs, so
    // shipping both keeps one image right for any Intel or AMD server at no cost.
    Preset {
        id: "bare-metal",
        label: "Bare-metal server",
        description: "metal image (amd64) with Intel and AMD CPU microcode updates",
        query: "target=metal&arch=amd64&extensions=siderolabs%2Famd-ucode&extensions=siderolabs%2Fintel-ucode",
    },
    // The generic Raspberry Pi overlay covers the Pi 3, 4 and Compute Modules (the Pi 5 has
    // its own board entry on recent versions).
    Preset {
        id: "raspberry-pi",
        label: "Raspberry Pi",
        description: "disk image for Raspberry Pi boards (arm64, rpi_generic overlay)",
        query: "target=sbc&board=rpi_generic",
    },
];

/// The preset with this id.
pub fn preset(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|preset| preset.id == id)
}
