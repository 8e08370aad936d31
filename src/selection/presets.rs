//! Ready-made starting points. Each preset is nothing more than a query string, so it is also
//! a deep link (`?<query>`) and goes through the same parsing as any link. No preset pins a
//! version: the latest stable release is picked when the version list arrives.

use super::{QueryNotice, Selection};
use crate::i18n::Text;

/// A named starting point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    /// Stable identifier (`proxmox`).
    pub id: &'static str,
    /// The selection as a URL query (without `?`).
    pub query: &'static str,
}

impl Preset {
    /// Its name on the page.
    pub fn label(&self) -> Text {
        match self.id {
            "proxmox" => Text::preset_proxmox(),
            "bare-metal" => Text::preset_bare_metal(),
            "raspberry-pi" => Text::preset_raspberry_pi(),
            // Every built-in preset has its message (a test checks it).
            id => Text::as_is(id),
        }
    }

    /// What it makes, on the page.
    pub fn description(&self) -> Text {
        match self.id {
            "proxmox" => Text::preset_proxmox_description(),
            "bare-metal" => Text::preset_bare_metal_description(),
            "raspberry-pi" => Text::preset_raspberry_pi_description(),
            id => Text::as_is(id),
        }
    }

    /// The selection the preset stands for (and the notices of its query, always empty for
    /// the built-in presets; a test checks it).
    pub fn selection(&self) -> (Selection, Vec<QueryNotice>) {
        Selection::from_query(self.query)
    }

    /// `current` with the preset applied (the settings and the chosen version are kept), and
    /// what that changed, one line per choice, so the page can say it and offer Undo.
    pub fn apply_to(&self, current: &Selection) -> (Selection, Vec<Text>) {
        let (mut next, _) = self.selection();
        next.settings = current.settings.clone();
        next.version = current.version.clone();
        next.embedded_config = current.embedded_config.clone();
        let mut changes = Vec::new();
        let place = |s: &Selection| match s.target {
            crate::platforms::TargetKind::Metal => Text::preset_place_metal(),
            crate::platforms::TargetKind::Cloud => Text::preset_place_cloud(s.platform.name),
            crate::platforms::TargetKind::Sbc => Text::preset_place_board(s.board.param),
        };
        if place(current) != place(&next) {
            changes.push(Text::preset_changed_target(place(&next), place(current)));
        }
        if current.effective_arch() != next.effective_arch() {
            changes.push(Text::preset_changed_arch(
                next.effective_arch(),
                current.effective_arch(),
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
            changes.push(Text::preset_extensions_added(added.join(", ")));
        }
        if !removed.is_empty() {
            changes.push(Text::preset_extensions_removed(removed.join(", ")));
        }
        if current.kernel_args != next.kernel_args && !current.kernel_args.is_empty() {
            changes.push(Text::preset_kernel_args_cleared(
                current.kernel_args.join(" "),
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
            changes.push(Text::preset_other_reset());
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
        query: "target=cloud&platform=nocloud&arch=amd64&extensions=siderolabs%2Fqemu-guest-agent",
    },
    // Bare-metal x86 servers need CPU microcode updates for errata and security fixes that
    // firmware may lack. Each microcode extension loads only on its own vendor's CPUs, so
    // shipping both keeps one image right for any Intel or AMD server at no cost.
    Preset {
        id: "bare-metal",
        query: "target=metal&arch=amd64&extensions=siderolabs%2Famd-ucode&extensions=siderolabs%2Fintel-ucode",
    },
    // The generic Raspberry Pi overlay covers the Pi 3, 4 and Compute Modules (the Pi 5 has
    // its own board entry on recent versions).
    Preset {
        id: "raspberry-pi",
        query: "target=sbc&board=rpi_generic",
    },
];

/// The preset with this id.
pub fn preset(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|preset| preset.id == id)
}
