//! What Talos itself does with a META key, so the META editor can warn before a value lands
//! where Talos reads or writes its own data.
//!
//! Sources: the keys Talos uses are the constants of `pkg/machinery/meta/constants.go` in
//! siderolabs/talos (`Upgrade = iota + 6` … `DiskImageBootloader`); keys 0–5 belong to the
//! META (ADV) format itself: 0 is its end marker (`adv.End`; the reader in
//! `internal/pkg/meta/internal/adv/talos/talos.go` stops at it) and 1–5 are reserved
//! (`Reserved1..3`, formerly syslinux `Bootonce`/`Menusave`). siderolabs/talos#14192
//! refuses key 0 and Talos-owned keys on the API path.

use super::Selection;

/// What Talos does with one META key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetaKeyUse {
    /// 0: the end marker of the META format. Talos stops reading there, so this value and
    /// any stored after it are lost.
    EndMarker,
    /// 1–5: reserved by the META format; Talos never reads them.
    FormatReserved,
    /// A key Talos writes and reads for itself: a value baked into an image is overwritten,
    /// or changes what Talos does on every machine booted from it.
    TalosOwned {
        constant: &'static str,
        purpose: &'static str,
    },
    /// A key Talos reads from the user: the documented way to pass it this setting.
    TalosReads {
        constant: &'static str,
        purpose: &'static str,
    },
    /// 12–14: reserved for the user's own data (`UserReserved1..3`).
    UserReserved,
    /// Not used by Talos.
    Unused,
}

/// How strongly the editor speaks of a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetaKeyLevel {
    /// The value will not do what the user expects.
    Warning,
    /// What Talos will do with it.
    Info,
}

/// What Talos does with META key `key`.
pub fn meta_key_use(key: u8) -> MetaKeyUse {
    let owned = |constant, purpose| MetaKeyUse::TalosOwned { constant, purpose };
    let reads = |constant, purpose| MetaKeyUse::TalosReads { constant, purpose };
    match key {
        0 => MetaKeyUse::EndMarker,
        1..=5 => MetaKeyUse::FormatReserved,
        6 => owned(
            "Upgrade",
            "the boot label Talos rolls back to after a failed upgrade; install and upgrade overwrite it",
        ),
        7 => owned(
            "StagedUpgradeImageRef",
            "the installer image of a staged upgrade; a value here starts an upgrade at the next boot",
        ),
        8 => owned(
            "StagedUpgradeInstallOptions",
            "the install options of a staged upgrade",
        ),
        9 => owned(
            "StateEncryptionConfig",
            "how the STATE partition is encrypted; a value here changes how Talos unlocks STATE",
        ),
        10 => reads(
            "MetalNetworkPlatformConfig",
            "the network configuration of the metal platform, read at boot",
        ),
        11 => reads(
            "DownloadURLCode",
            "the ${code} value of a talos.config= download URL",
        ),
        12..=14 => MetaKeyUse::UserReserved,
        15 => owned(
            "UUIDOverride",
            "the machine UUID Talos uses instead of the hardware's; every machine booted from this image gets the same UUID",
        ),
        16 => owned(
            "UniqueMachineToken",
            "a token that must differ per machine; every machine booted from this image would share it",
        ),
        17 => owned(
            "DiskImageBootloader",
            "the bootloader of a disk image, written when the image is built and wiped at first boot",
        ),
        _ => MetaKeyUse::Unused,
    }
}

impl MetaKeyUse {
    /// The note the META editor shows beside the key, if any.
    pub fn note(self, key: u8) -> Option<(MetaKeyLevel, String)> {
        match self {
            MetaKeyUse::EndMarker => Some((
                MetaKeyLevel::Warning,
                "Key 0 marks the end of the META data: Talos stops reading there, so this value (and any stored after it) is lost. Use 12–14 or a key above 17.".to_string(),
            )),
            MetaKeyUse::FormatReserved => Some((
                MetaKeyLevel::Warning,
                format!("Key {key} is reserved by the META format and Talos never reads it. Use 12–14 or a key above 17."),
            )),
            MetaKeyUse::TalosOwned { constant, purpose } => Some((
                MetaKeyLevel::Warning,
                format!("Key {key} is Talos's own ({constant}): {purpose}. Use 12–14 or a key above 17 for your own data."),
            )),
            MetaKeyUse::TalosReads { constant, purpose } => Some((
                MetaKeyLevel::Info,
                format!("Key {key} ({constant}) is {purpose}."),
            )),
            MetaKeyUse::UserReserved | MetaKeyUse::Unused => None,
        }
    }
}

impl Selection {
    /// The key a new META entry starts with: the highest key no entry uses yet, so it never
    /// lands on a key Talos reads (0 only when all 256 are taken).
    pub fn next_meta_key(&self) -> u8 {
        (0..=u8::MAX)
            .rev()
            .find(|key| !self.meta.iter().any(|m| m.key == *key))
            .unwrap_or(0)
    }
}
