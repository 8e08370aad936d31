//! Disk image formats: the `<disk>[<compression>]` suffixes the factory's path grammar accepts
//! (`<disk>` ∈ raw, qcow2, vhd, ova; compression ∈ .tar.gz, .gz, .xz, .zst or none) that make
//! sense to offer, with the factory UI's default for a platform marked.

/// One disk image format, named by its path suffix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DiskFormat {
    /// The path suffix after `<platform>-<arch>[-secureboot].` (`raw.xz`).
    pub suffix: &'static str,
    pub label: &'static str,
}

/// A format offered for a platform or board.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DiskFormatChoice {
    pub suffix: &'static str,
    pub label: &'static str,
    /// The format the factory UI links for this platform.
    pub is_default: bool,
}

/// Every format offered for metal and cloud platforms, in display order.
pub static DISK_FORMATS: &[DiskFormat] = &[
    DiskFormat {
        suffix: "raw",
        label: "raw (uncompressed)",
    },
    DiskFormat {
        suffix: "raw.xz",
        label: "raw, xz-compressed",
    },
    DiskFormat {
        suffix: "raw.zst",
        label: "raw, zstd-compressed",
    },
    DiskFormat {
        suffix: "raw.gz",
        label: "raw, gzip-compressed",
    },
    DiskFormat {
        suffix: "raw.tar.gz",
        label: "raw in a gzip-compressed tarball",
    },
    DiskFormat {
        suffix: "qcow2",
        label: "QCOW2 (QEMU, Proxmox, OpenStack)",
    },
    DiskFormat {
        suffix: "qcow2.xz",
        label: "QCOW2, xz-compressed",
    },
    DiskFormat {
        suffix: "vhd",
        label: "VHD (Hyper-V, Azure)",
    },
    DiskFormat {
        suffix: "vhd.xz",
        label: "VHD, xz-compressed",
    },
    DiskFormat {
        suffix: "ova",
        label: "OVA (VMware)",
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
                label: default,
                is_default: true,
            },
        );
    }
    choices
}
