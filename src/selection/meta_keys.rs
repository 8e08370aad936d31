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
use crate::i18n::Text;

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
        purpose: MetaPurpose,
    },
    /// A key Talos reads from the user: the documented way to pass it this setting.
    TalosReads {
        constant: &'static str,
        purpose: MetaPurpose,
    },
    /// 12–14: reserved for the user's own data (`UserReserved1..3`).
    UserReserved,
    /// Not used by Talos.
    Unused,
}

/// What Talos keeps under a key it uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetaPurpose {
    Upgrade,
    StagedUpgradeImage,
    StagedUpgradeOptions,
    StateEncryption,
    MetalNetwork,
    DownloadUrlCode,
    UuidOverride,
    MachineToken,
    ImageBootloader,
}

impl MetaPurpose {
    /// The purpose as the META editor says it.
    pub fn text(self) -> Text {
        match self {
            MetaPurpose::Upgrade => Text::meta_purpose_upgrade(),
            MetaPurpose::StagedUpgradeImage => Text::meta_purpose_staged_image(),
            MetaPurpose::StagedUpgradeOptions => Text::meta_purpose_staged_options(),
            MetaPurpose::StateEncryption => Text::meta_purpose_state_encryption(),
            MetaPurpose::MetalNetwork => Text::meta_purpose_metal_network(),
            MetaPurpose::DownloadUrlCode => Text::meta_purpose_download_code("${code}"),
            MetaPurpose::UuidOverride => Text::meta_purpose_uuid(),
            MetaPurpose::MachineToken => Text::meta_purpose_machine_token(),
            MetaPurpose::ImageBootloader => Text::meta_purpose_image_bootloader(),
        }
    }
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
        6 => owned("Upgrade", MetaPurpose::Upgrade),
        7 => owned("StagedUpgradeImageRef", MetaPurpose::StagedUpgradeImage),
        8 => owned(
            "StagedUpgradeInstallOptions",
            MetaPurpose::StagedUpgradeOptions,
        ),
        9 => owned("StateEncryptionConfig", MetaPurpose::StateEncryption),
        10 => reads("MetalNetworkPlatformConfig", MetaPurpose::MetalNetwork),
        11 => reads("DownloadURLCode", MetaPurpose::DownloadUrlCode),
        12..=14 => MetaKeyUse::UserReserved,
        15 => owned("UUIDOverride", MetaPurpose::UuidOverride),
        16 => owned("UniqueMachineToken", MetaPurpose::MachineToken),
        17 => owned("DiskImageBootloader", MetaPurpose::ImageBootloader),
        _ => MetaKeyUse::Unused,
    }
}

impl MetaKeyUse {
    /// The note the META editor shows beside the key, if any.
    pub fn note(self, key: u8) -> Option<(MetaKeyLevel, Text)> {
        match self {
            MetaKeyUse::EndMarker => Some((MetaKeyLevel::Warning, Text::meta_end_marker())),
            MetaKeyUse::FormatReserved => {
                Some((MetaKeyLevel::Warning, Text::meta_format_reserved(key)))
            }
            MetaKeyUse::TalosOwned { constant, purpose } => Some((
                MetaKeyLevel::Warning,
                Text::meta_talos_owned(constant, key, purpose.text()),
            )),
            MetaKeyUse::TalosReads { constant, purpose } => Some((
                MetaKeyLevel::Info,
                Text::meta_talos_reads(constant, key, purpose.text()),
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
