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
