//! Disk image formats: the `<disk>[<compression>]` suffixes the factory's path grammar accepts
//! (`<disk>` ∈ raw, qcow2, vhd, ova; compression ∈ .tar.gz, .gz, .xz, .zst or none) that make
//! sense to offer, with the factory UI's default for a platform marked.

/// What a disk image format is called: product names as they are, and the words for a
/// compression worded by the page (`crate::i18n::Messages::disk_format_label`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiskFormatLabel {
    /// A name shown as it is (`OVA (VMware)`, or a bare suffix).
    Name(&'static str),
    /// `raw (uncompressed)`.
    Uncompressed(&'static str),
    /// `raw, xz-compressed`: the format and the compression.
    Compressed(&'static str, &'static str),
    /// `raw in a gzip-compressed tarball`: the format and the compression.
    Tarball(&'static str, &'static str),
}

/// One disk image format, named by its path suffix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DiskFormat {
    /// The path suffix after `<platform>-<arch>[-secureboot].` (`raw.xz`).
    pub suffix: &'static str,
    pub label: DiskFormatLabel,
}

/// A format offered for a platform or board.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DiskFormatChoice {
    pub suffix: &'static str,
    pub label: DiskFormatLabel,
    /// The format the factory UI links for this platform.
    pub is_default: bool,
}

/// Every format offered for metal and cloud platforms, in display order.
pub static DISK_FORMATS: &[DiskFormat] = &[
    DiskFormat {
        suffix: "raw",
        label: DiskFormatLabel::Uncompressed("raw"),
    },
    DiskFormat {
        suffix: "raw.xz",
        label: DiskFormatLabel::Compressed("raw", "xz"),
    },
    DiskFormat {
        suffix: "raw.zst",
        label: DiskFormatLabel::Compressed("raw", "zstd"),
    },
    DiskFormat {
        suffix: "raw.gz",
        label: DiskFormatLabel::Compressed("raw", "gzip"),
    },
    DiskFormat {
        suffix: "raw.tar.gz",
        label: DiskFormatLabel::Tarball("raw", "gzip"),
    },
    DiskFormat {
        suffix: "qcow2",
        label: DiskFormatLabel::Name("QCOW2 (QEMU, Proxmox, OpenStack)"),
    },
    DiskFormat {
        suffix: "qcow2.xz",
        label: DiskFormatLabel::Compressed("QCOW2", "xz"),
    },
    DiskFormat {
        suffix: "vhd",
        label: DiskFormatLabel::Name("VHD (Hyper-V, Azure)"),
    },
    DiskFormat {
        suffix: "vhd.xz",
        label: DiskFormatLabel::Compressed("VHD", "xz"),
    },
    DiskFormat {
        suffix: "ova",
        label: DiskFormatLabel::Name("OVA (VMware)"),
    },
];

/// The formats offered for board images: an overlay build writes a raw disk, so the raw
/// formats that lead [`DISK_FORMATS`].
pub static BOARD_DISK_FORMATS: &[DiskFormat] = DISK_FORMATS.split_at(4).0;

/// The known format with this suffix.
pub fn disk_format(suffix: &str) -> Option<&'static DiskFormat> {
    DISK_FORMATS.iter().find(|format| format.suffix == suffix)
}

/// `formats` with `default` marked; a default missing from `formats` is put first.
pub(super) fn choices(
    formats: &'static [DiskFormat],
    default: &'static str,
) -> Vec<DiskFormatChoice> {
    let mut choices: Vec<DiskFormatChoice> = formats
        .iter()
        .map(|format| DiskFormatChoice {
            suffix: format.suffix,
            label: format.label,
            is_default: format.suffix == default,
        })
        .collect();
    if !choices.iter().any(|choice| choice.is_default) {
        choices.insert(
            0,
            DiskFormatChoice {
                suffix: default,
                label: DiskFormatLabel::Name(default),
                is_default: true,
            },
        );
    }
    choices
}
