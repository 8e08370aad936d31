//! What the factory UI's wizard offers for a selection at a version (spec §5.1): the version
//! list per target, the default version, and which optional fields are shown.

use super::gates::{supports_bootloader, supports_embedded_config, supports_overlay};
use super::{BootloaderChoice, Selection};
use crate::catalog::VersionList;
use crate::platforms::{self, TargetKind};
use crate::version::TalosVersion;

/// The note the factory UI puts under the kernel arguments field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KernelArgsNote {
    /// SecureBoot: the command line is signed into the image and cannot be changed later.
    Signed,
    /// Before 1.10.0 the `installer` image ignores them; `machine.install.extraKernelArgs`
    /// must carry them.
    IgnoredByInstaller,
    /// SecureBoot images before 1.14 add `lockdown=confidentiality` to the command line.
    LockdownAdded,
    /// From 1.14 (quirk gate) they no longer do (`ForcesLockdownConfidentiality` in
    /// siderolabs/talos `pkg/machinery/imager/quirks/quirks.go`).
    LockdownDropped,
}

impl Selection {
    /// The versions offered for the target (boards: `>= 1.7.0`, strict).
    pub fn offered_versions(&self, list: &VersionList) -> VersionList {
        match self.target {
            TargetKind::Sbc => list.for_sbc(),
            TargetKind::Metal | TargetKind::Cloud => list.clone(),
        }
    }

    /// The chosen version, or the factory UI's default: the latest stable release offered
    /// for the target.
    pub fn resolved_version(&self, list: &VersionList) -> Option<TalosVersion> {
        self.version
            .clone()
            .or_else(|| self.offered_versions(list).latest_stable().cloned())
    }

    /// Whether the SecureBoot toggle is shown: `>= 1.5.0` (strict) and metal or a cloud
    /// platform that supports it.
    pub fn offers_secureboot(&self, version: &TalosVersion) -> bool {
        platforms::secureboot_available(self.target, Some(self.platform.name), version)
    }

    /// Whether the overlay options field is shown: a board (or a custom overlay) and a
    /// version with overlays.
    pub fn offers_overlay_options(&self, version: &TalosVersion) -> bool {
        let has_overlay = match self.target {
            TargetKind::Sbc => true,
            TargetKind::Metal | TargetKind::Cloud => self.custom_overlay.is_some(),
        };
        has_overlay && supports_overlay(version)
    }

    /// Whether the embedded machine configuration field is shown (`>= 1.12.0`, quirk).
    pub fn offers_embedded_config(version: &TalosVersion) -> bool {
        supports_embedded_config(version)
    }

    /// Whether the bootloader choice is shown (`>= 1.12.0-alpha.2`, strict).
    pub fn offers_bootloader(version: &TalosVersion) -> bool {
        supports_bootloader(version)
    }

    /// The bootloader radios: "BIOS only" (grub) is hidden when SecureBoot is on.
    pub fn bootloader_choices(&self) -> Vec<BootloaderChoice> {
        BootloaderChoice::ALL
            .into_iter()
            .filter(|choice| !(self.secureboot && *choice == BootloaderChoice::Grub))
            .collect()
    }

    /// Everything said under the kernel arguments field: [`Self::kernel_args_note`], and with
    /// SecureBoot what the image does about kernel lockdown.
    pub fn kernel_args_notes(&self, version: &TalosVersion) -> Vec<KernelArgsNote> {
        let mut notes: Vec<KernelArgsNote> = self.kernel_args_note(version).into_iter().collect();
        if self.secureboot {
            notes.push(
                if version.quirk_at_least(&crate::outputs::SIGNED_INSTALLER_MIN_VERSION) {
                    KernelArgsNote::LockdownDropped
                } else {
                    KernelArgsNote::LockdownAdded
                },
            );
        }
        notes
    }

    /// The note under the kernel arguments field, if any.
    pub fn kernel_args_note(&self, version: &TalosVersion) -> Option<KernelArgsNote> {
        if self.secureboot {
            Some(KernelArgsNote::Signed)
        } else if !version.at_least(&TalosVersion::new(1, 10, 0)) {
            Some(KernelArgsNote::IgnoredByInstaller)
        } else {
            None
        }
    }
}
