//! The words for the core's typed answers: each function maps one answer of the core (an
//! enum with its parameters) to the locale's message.

use super::Messages;
use crate::catalog::Tier;
use crate::selection::StepSummary;

impl Messages {
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
