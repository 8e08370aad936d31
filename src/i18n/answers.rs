//! The words for the core's typed answers: each function maps one answer of the core (an
//! enum with its parameters) to the locale's message.

use super::Messages;
use crate::catalog::Tier;
use crate::platforms::DiskFormatLabel;
use crate::selection::StepSummary;

impl Messages {
    /// The name of a disk image format.
    pub fn disk_format_label(&self, label: DiskFormatLabel) -> String {
        match label {
            DiskFormatLabel::Name(name) => name.to_string(),
            DiskFormatLabel::Uncompressed(format) => self.disk_format_uncompressed(format),
            DiskFormatLabel::Compressed(format, compression) => {
                self.disk_format_compressed(compression, format)
            }
            DiskFormatLabel::Tarball(format, compression) => {
                self.disk_format_tarball(compression, format)
            }
        }
    }

    /// The heading of an extension tier's group.
    pub fn tier_text(&self, tier: Tier) -> &str {
        match tier {
            Tier::Core => self.tier_core(),
            Tier::Extra => self.tier_extra(),
            Tier::Contrib => self.tier_contrib(),
            Tier::Deprecated => self.tier_deprecated(),
            Tier::Other => self.tier_other(),
        }
    }

    /// The one-line summary of a folded section.
    pub fn step_summary_text(&self, summary: &StepSummary) -> String {
        match summary {
            StepSummary::Metal => self.summary_metal().to_string(),
            StepSummary::Cloud { platform } => self.summary_cloud(platform),
            StepSummary::Sbc { board } => self.summary_sbc(board),
            StepSummary::VersionLoading => self.summary_version_loading().to_string(),
            StepSummary::Version(version) => self.summary_version(version),
            StepSummary::Platform {
                place,
                arch,
                secureboot,
            } => {
                let arch = if *secureboot {
                    format!("{arch} · SecureBoot")
                } else {
                    (*arch).to_string()
                };
                match place {
                    Some(place) => self.summary_platform(arch, place),
                    None => arch,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disk_formats_read_as_the_factory_names_them() {
        use crate::platforms::DISK_FORMATS;
        let en = Messages::english();
        let labels: Vec<String> = DISK_FORMATS
            .iter()
            .map(|format| en.disk_format_label(format.label))
            .collect();
        assert_eq!(
            labels,
            [
                "raw (uncompressed)",
                "raw, xz-compressed",
                "raw, zstd-compressed",
                "raw, gzip-compressed",
                "raw in a gzip-compressed tarball",
                "QCOW2 (QEMU, Proxmox, OpenStack)",
                "QCOW2, xz-compressed",
                "VHD (Hyper-V, Azure)",
                "VHD, xz-compressed",
                "OVA (VMware)",
            ]
        );
        assert_eq!(en.disk_format_label(DiskFormatLabel::Name("img")), "img");
    }

    #[test]
    fn english_summaries_read_as_before() {
        let en = Messages::english();
        assert_eq!(
            en.step_summary_text(&StepSummary::Metal),
            "Bare-metal machine"
        );
        assert_eq!(
            en.step_summary_text(&StepSummary::Version("1.13.9".to_string())),
            "Talos 1.13.9"
        );
        let platform = StepSummary::Platform {
            place: Some("Raspberry Pi 4"),
            arch: "arm64",
            secureboot: false,
        };
        assert_eq!(en.step_summary_text(&platform), "Raspberry Pi 4 · arm64");
        let metal = StepSummary::Platform {
            place: None,
            arch: "amd64",
            secureboot: true,
        };
        assert_eq!(en.step_summary_text(&metal), "amd64 · SecureBoot");
    }
}
