//! The rules the builder page shows, as plain answers: whether a version can be built, the
//! version picker's groups and labels, the sentences for version findings, what a shared link
//! asks for that cannot be honoured, the nocloud guest agent hint, fixes for extensions a
//! version lacks, the kernel argument notes, and the query a shared link carries. The UI only
//! maps these answers to the page.

use super::Selection;
use super::query::QueryNotice;
use super::version_change::{
    GatedOption, VersionFinding, extension_replacement, version_change_findings,
};
use super::wizard::KernelArgsNote;
use crate::catalog::{ExtensionInfo, OverlayInfo, SBC_MIN_VERSION, VersionList};
use crate::i18n::Text;
use crate::outputs::QEMU_GUEST_AGENT;
use crate::platforms::TargetKind;
use crate::version::TalosVersion;

/// Whether the factory can build a version for the selection's target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VersionStatus {
    /// Listed, not broken, and offered for the target.
    Offered,
    /// Not in the factory's version list at all.
    NotOffered,
    /// Listed, but the target is a board and the version is below 1.7.0 (strict, like
    /// [`VersionList::for_sbc`]).
    TooOldForBoards,
    /// Listed by the factory as broken (`/versions?broken=true`).
    Broken,
}

impl VersionStatus {
    /// The warning for a version that cannot (or should not) be built; `None` when offered.
    pub fn message(self, version: &TalosVersion) -> Option<Text> {
        match self {
            VersionStatus::Offered => None,
            VersionStatus::NotOffered => Some(Text::version_not_offered(version)),
            VersionStatus::TooOldForBoards => Some(Text::version_too_old_for_boards(version)),
            VersionStatus::Broken => Some(Text::version_marked_broken(version)),
        }
    }
}

impl VersionFinding {
    /// The finding as a sentence with its consequence at `version`: options the version
    /// lacks are left out of the schematic; everything else stops the factory from building.
    pub fn sentence(&self, version: &TalosVersion) -> Text {
        match self {
            VersionFinding::ExtensionMissing {
                name,
                replacement: Some(replacement),
            } => Text::finding_extension_renamed(name, replacement, version),
            VersionFinding::ExtensionMissing {
                name,
                replacement: None,
            } => Text::finding_extension_missing(name, version),
            VersionFinding::BoardUnavailable { board } => Text::finding_board(board, version),
            VersionFinding::OverlayMissing { name } => Text::finding_overlay(name, version),
            VersionFinding::PlatformUnavailable { platform } => {
                Text::finding_platform(platform, version)
            }
            VersionFinding::OptionUnsupported { option } => {
                let (min, _) = option.min_version();
                match option {
                    GatedOption::SecureBoot => Text::finding_secureboot(min, version),
                    GatedOption::Overlay => Text::finding_overlays(min, version),
                    GatedOption::EmbeddedConfig => Text::finding_embedded_config(min, version),
                    GatedOption::Bootloader => Text::finding_bootloader(min, version),
                }
            }
        }
    }
}

/// One `<optgroup>` of the version picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionGroupView {
    /// `1.14`, `1.14-pre`, or "Not offered".
    pub label: Text,
    pub prerelease: bool,
    /// Newest first.
    pub options: Vec<VersionOption>,
}

/// One `<option>` of the version picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionOption {
    /// The version with its `v` (`v1.13.9`), as the picker's value.
    pub value: String,
    /// `1.13.9`, with "(latest stable)", "(pre-release)", "(broken)" or
    /// "(not offered by this factory)" as they apply.
    pub label: Text,
    pub broken: bool,
    pub prerelease: bool,
}

impl Selection {
    /// Whether `version` can be built for the selection's target, by `list`. A version that
    /// is both too old for boards and broken is reported as too old.
    pub fn version_status(&self, version: &TalosVersion, list: &VersionList) -> VersionStatus {
        let Some(entry) = list.get(version) else {
            return VersionStatus::NotOffered;
        };
        if self.target == TargetKind::Sbc && !version.at_least(&SBC_MIN_VERSION) {
            VersionStatus::TooOldForBoards
        } else if entry.broken {
            VersionStatus::Broken
        } else {
            VersionStatus::Offered
        }
    }

    /// The version picker: groups by minor newest first (like [`VersionList::groups`]) of the
    /// versions offered for the target, pre-release groups only when `show_prereleases`.
    /// The `chosen` version is always present: its pre-release group is shown even when
    /// pre-releases are hidden, and a version the picker would not list gets a first group
    /// `Not offered` of its own.
    pub fn version_options(
        &self,
        list: &VersionList,
        chosen: Option<&TalosVersion>,
        show_prereleases: bool,
    ) -> Vec<VersionGroupView> {
        let offered = self.offered_versions(list);
        let latest_stable = offered.latest_stable();
        let mut views = Vec::new();
        if let Some(chosen) = chosen
            && offered.get(chosen).is_none()
        {
            let label = if list.get(chosen).is_some() {
                Text::version_option_not_for_boards(chosen.bare())
            } else {
                Text::version_option_not_offered(chosen.bare())
            };
            views.push(VersionGroupView {
                label: Text::version_group_not_offered(),
                prerelease: chosen.is_prerelease(),
                options: vec![VersionOption {
                    value: chosen.to_string(),
                    label,
                    broken: list.is_broken(chosen),
                    prerelease: chosen.is_prerelease(),
                }],
            });
        }
        for group in offered.groups() {
            let holds_chosen = chosen
                .is_some_and(|chosen| group.entries.iter().any(|entry| &entry.version == chosen));
            if group.prerelease && !show_prereleases && !holds_chosen {
                continue;
            }
            let options = group
                .entries
                .iter()
                .map(|entry| {
                    let mut label = Text::as_is(entry.version.bare());
                    if Some(&entry.version) == latest_stable {
                        label = Text::version_option_latest(label);
                    }
                    if entry.is_prerelease() {
                        label = Text::version_option_prerelease(label);
                    }
                    if entry.broken {
                        label = Text::version_option_broken(label);
                    }
                    VersionOption {
                        value: entry.version.to_string(),
                        label,
                        broken: entry.broken,
                        prerelease: entry.is_prerelease(),
                    }
                })
                .collect();
            views.push(VersionGroupView {
                label: Text::as_is(group.label()),
                prerelease: group.prerelease,
                options,
            });
        }
        views
    }

    /// Whether to suggest `siderolabs/qemu-guest-agent`: a nocloud target (Proxmox and other
    /// nocloud hypervisors need it to shut the VM down and report its addresses) without it,
    /// while the version's catalog lists it or is not known yet.
    pub fn guest_agent_missing(&self, catalog: Option<&[ExtensionInfo]>) -> bool {
        let listed = catalog.is_none_or(|catalog| {
            catalog
                .iter()
                .any(|extension| extension.name == QEMU_GUEST_AGENT)
        });
        listed
            && self.target == TargetKind::Cloud
            && self.platform.name == "nocloud"
            && !self.has_extension(QEMU_GUEST_AGENT)
    }

    /// Selects `siderolabs/qemu-guest-agent` (appended) unless it is selected already.
    pub fn add_guest_agent(&mut self) {
        if !self.has_extension(QEMU_GUEST_AGENT) {
            self.extensions.push(QEMU_GUEST_AGENT.to_string());
        }
    }

    /// The selected extensions `version`'s catalog lacks, in selection order, each with the
    /// name it has in that catalog when it was renamed (see [`extension_replacement`]).
    pub fn missing_extensions(
        &self,
        version: &TalosVersion,
        catalog: &[ExtensionInfo],
        overlays: &[OverlayInfo],
    ) -> Vec<(String, Option<String>)> {
        version_change_findings(self, version, Some(catalog), Some(overlays))
            .into_iter()
            .filter_map(|finding| match finding {
                VersionFinding::ExtensionMissing { name, replacement } => Some((name, replacement)),
                _ => None,
            })
            .collect()
    }

    /// Deselects every extension named in `names`.
    pub fn remove_extensions(&mut self, names: &[String]) {
        self.extensions.retain(|selected| !names.contains(selected));
    }

    /// Replaces the selected extension `old` by `new` in place (its position matters in the
    /// as-given order). When `new` is selected already, `old` is only removed, so no name is
    /// listed twice. Nothing happens when `old` is not selected.
    pub fn replace_extension(&mut self, old: &str, new: &str) {
        if old == new || !self.has_extension(old) {
            return;
        }
        if self.has_extension(new) {
            self.extensions.retain(|selected| selected != old);
        } else {
            for selected in &mut self.extensions {
                if selected == old {
                    *selected = new.to_string();
                }
            }
        }
    }

    /// Replaces every missing extension that has a replacement (from
    /// [`Selection::missing_extensions`]); the ones without stay selected.
    pub fn replace_all_missing(&mut self, missing: &[(String, Option<String>)]) {
        for (name, replacement) in missing {
            if let Some(replacement) = replacement {
                self.replace_extension(name, replacement);
            }
        }
    }

    /// The query for a shared link: [`Selection::to_query`], with `version=` pinned to
    /// `version` (typically the latest stable release shown) when no version is chosen, so
    /// the link keeps its meaning after the next release. It never carries the embedded
    /// machine configuration or a `schematic-id` still waiting to be loaded.
    pub fn share_query(&self, version: Option<&TalosVersion>) -> String {
        let mut shared = self.clone();
        if shared.version.is_none() {
            shared.version = version.cloned();
        }
        shared.embedded_config.clear();
        shared.pending_schematic_id = None;
        shared.to_query()
    }
}

impl KernelArgsNote {
    /// The note as shown under the kernel arguments field.
    pub fn text(self) -> Text {
        match self {
            KernelArgsNote::Signed => Text::kernel_args_signed(),
            KernelArgsNote::IgnoredByInstaller => Text::kernel_args_ignored_by_installer(),
            KernelArgsNote::LockdownAdded => Text::out_note_lockdown_forced(),
            KernelArgsNote::LockdownDropped => Text::out_note_lockdown_dropped(),
        }
    }
}

/// Something a link asked for that the page cannot honour as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkProblem {
    /// The link's version is not in the factory's version list.
    VersionNotOffered { version: TalosVersion },
    /// An extension of the link that the version's catalog lacks; it stays selected.
    /// `replacement` is the name it has in that catalog, when it was renamed.
    UnknownExtension {
        name: String,
        replacement: Option<String>,
    },
    /// A parameter that was not applied (or applied with a caveat).
    Parameter(QueryNotice),
}

impl LinkProblem {
    /// The problem as the page says it.
    pub fn text(&self) -> Text {
        match self {
            LinkProblem::VersionNotOffered { version } => {
                Text::link_version_not_offered(version.bare())
            }
            LinkProblem::UnknownExtension {
                name,
                replacement: Some(replacement),
            } => Text::link_extension_renamed(name, replacement),
            LinkProblem::UnknownExtension {
                name,
                replacement: None,
            } => Text::link_extension_unknown(name),
            LinkProblem::Parameter(notice) => Text::link_parameter_ignored(
                &notice.parameter,
                notice.message.clone(),
                notice.short_value(),
            ),
        }
    }
}

/// What the link that made `link` (with `notices` from [`Selection::from_query`]) asks for
/// that cannot be honoured: the version when the link names one and `versions` is known and
/// lacks it; the extensions `catalog` lacks (when it is known, and when `version`, the
/// catalog's version, is the link's version or either is not given); then every notice.
pub fn link_problems(
    link: &Selection,
    notices: &[QueryNotice],
    versions: Option<&VersionList>,
    catalog: Option<&[ExtensionInfo]>,
    version: Option<&TalosVersion>,
) -> Vec<LinkProblem> {
    let mut problems = Vec::new();
    if let (Some(chosen), Some(list)) = (&link.version, versions)
        && list.get(chosen).is_none()
    {
        problems.push(LinkProblem::VersionNotOffered {
            version: chosen.clone(),
        });
    }
    let catalog_matches = match (&link.version, version) {
        (Some(chosen), Some(catalog_version)) => chosen == catalog_version,
        _ => true,
    };
    if let Some(catalog) = catalog
        && catalog_matches
    {
        for name in &link.extensions {
            if !catalog.iter().any(|extension| &extension.name == name) {
                problems.push(LinkProblem::UnknownExtension {
                    name: name.clone(),
                    replacement: extension_replacement(name, catalog),
                });
            }
        }
    }
    problems.extend(notices.iter().cloned().map(LinkProblem::Parameter));
    problems
}

impl Selection {
    /// Why the chosen cloud platform (target `cloud`) or board (target `sbc`) cannot be built
    /// with `version`, if it cannot: it is newer than the version (the factory UI's
    /// per-platform and per-board minimums).
    pub fn target_unavailable(&self, version: &TalosVersion) -> Option<Text> {
        match self.target {
            TargetKind::Metal => None,
            TargetKind::Cloud => (!self.platform.is_available(version)).then(|| {
                Text::platform_too_new(
                    self.platform.min_version.unwrap_or("?"),
                    self.platform.label,
                    version,
                )
            }),
            TargetKind::Sbc => (!self.board.is_available(version)).then(|| {
                Text::board_too_new(
                    self.board.label,
                    self.board
                        .min_version
                        .map_or_else(|| SBC_MIN_VERSION.bare(), str::to_string),
                    version,
                )
            }),
        }
    }
}

/// A section of the builder that can fold to a one-line summary of its choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Step {
    Target,
    Version,
    Platform,
}

/// What a folded section says of its choice; the message files give the words
/// (`i18n::Messages::step_summary_text`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepSummary {
    Metal,
    Cloud {
        platform: &'static str,
    },
    Sbc {
        board: &'static str,
    },
    /// The version in effect is not known yet (the list is loading).
    VersionLoading,
    /// `Talos <bare version>`.
    Version(String),
    /// The cloud platform or board (none on bare metal), the architecture, SecureBoot.
    Platform {
        place: Option<&'static str>,
        arch: &'static str,
        secureboot: bool,
    },
}

impl Selection {
    /// The one-line summary of a folded section (`version`: the version in effect).
    pub fn step_summary(&self, step: Step, version: Option<&TalosVersion>) -> StepSummary {
        match step {
            Step::Target => match self.target {
                TargetKind::Metal => StepSummary::Metal,
                TargetKind::Cloud => StepSummary::Cloud {
                    platform: self.platform.label,
                },
                TargetKind::Sbc => StepSummary::Sbc {
                    board: self.board.label,
                },
            },
            Step::Version => version.map_or(StepSummary::VersionLoading, |version| {
                StepSummary::Version(version.bare())
            }),
            Step::Platform => StepSummary::Platform {
                place: match self.target {
                    TargetKind::Metal => None,
                    TargetKind::Cloud => Some(self.platform.label),
                    TargetKind::Sbc => Some(self.board.label),
                },
                arch: self.effective_arch().as_str(),
                secureboot: version.is_some_and(|v| self.offers_secureboot(v)) && self.secureboot,
            },
        }
    }
}
