//! The upgrade planner: what changes when the selection's schematic moves from one Talos
//! version to another, the path the Talos docs recommend, and the exact command for each hop.
//!
//! The path follows "Upgrading Talos Linux" (Supported upgrade paths, docs.siderolabs.com):
//! upgrade to the latest patch of the current minor release, then to the latest patch of
//! every intermediate minor release, then to the target, because configuration migration is
//! only tested between adjacent minors. A schematic is version-independent, so every hop uses
//! the same schematic ID; only the installer reference changes with the version (its naming
//! changes at 1.10, [`crate::outputs::UNIFIED_INSTALLER_MIN_VERSION`]).

use super::{Selection, VersionFinding, extension_replacement, version_change_findings};
use crate::catalog::{ExtensionInfo, OverlayInfo, VersionList};
use crate::i18n::Text;
use crate::outputs::{Settings, installer_image, shell_word};
use crate::platforms::TargetKind;
use crate::version::TalosVersion;

mod documents;

/// Why a version is on the path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HopKind {
    /// The latest patch of the minor release the machine runs.
    LatestPatchOfCurrentMinor,
    /// The latest patch of a minor release between the start and the target.
    IntermediateMinor,
    /// The version chosen in the page.
    Target,
}

impl HopKind {
    /// Why the hop is there, as the page says it.
    pub fn text(self) -> Text {
        match self {
            HopKind::LatestPatchOfCurrentMinor => Text::hop_current_minor(),
            HopKind::IntermediateMinor => Text::hop_intermediate_minor(),
            HopKind::Target => Text::hop_target(),
        }
    }
}

/// Why no path can be planned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathError {
    /// The target is not newer than the start (Talos does not support downgrades across
    /// minors, and an equal version needs no upgrade).
    NotNewer {
        from: TalosVersion,
        to: TalosVersion,
    },
}

impl PathError {
    /// What the page says about it.
    pub fn text(&self) -> Text {
        match self {
            PathError::NotNewer { from, to } if from == to => Text::path_nothing_to_do(to),
            PathError::NotNewer { from, to } => Text::path_older(from, to),
        }
    }
}

/// The versions to upgrade through, in order, the target last.
pub fn upgrade_path(
    from: &TalosVersion,
    to: &TalosVersion,
    list: &VersionList,
) -> Result<Vec<(TalosVersion, HopKind)>, PathError> {
    if to <= from {
        return Err(PathError::NotNewer {
            from: from.clone(),
            to: to.clone(),
        });
    }
    let minor = |version: &TalosVersion| (version.major, version.minor);
    let latest_patch = |of: (u64, u64)| {
        list.entries()
            .iter()
            .filter(|entry| !entry.broken && !entry.is_prerelease())
            .map(|entry| &entry.version)
            .filter(|version| minor(version) == of)
            .max()
            .cloned()
    };
    let mut hops = Vec::new();
    if minor(to) > minor(from)
        && let Some(latest) = latest_patch(minor(from))
        && latest > *from
    {
        hops.push((latest, HopKind::LatestPatchOfCurrentMinor));
    }
    let mut minors: Vec<(u64, u64)> = list
        .entries()
        .iter()
        .map(|entry| minor(&entry.version))
        .filter(|m| *m > minor(from) && *m < minor(to))
        .collect();
    minors.sort_unstable();
    minors.dedup();
    for m in minors {
        if let Some(latest) = latest_patch(m) {
            hops.push((latest, HopKind::IntermediateMinor));
        }
    }
    hops.push((to.clone(), HopKind::Target));
    Ok(hops)
}

/// The versions the planner offers as "the machines run": every listed release older than
/// the target (newest first, broken ones included: machines may run them), and `current`
/// when it is set and not listed, so a link's start is never silently replaced.
pub fn upgrade_start_options(
    list: &VersionList,
    target: &TalosVersion,
    current: Option<&TalosVersion>,
) -> Vec<TalosVersion> {
    let mut options: Vec<TalosVersion> = list
        .entries()
        .iter()
        .filter(|entry| !entry.is_prerelease() && entry.version < *target)
        .map(|entry| entry.version.clone())
        .collect();
    if let Some(current) = current
        && !options.contains(current)
    {
        options.push(current.clone());
    }
    options.sort_unstable_by(|a, b| b.cmp(a));
    options
}

/// One step of the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpgradeHop {
    pub version: TalosVersion,
    pub kind: HopKind,
    /// The installer reference for this version, the selection's platform and SecureBoot.
    pub installer: String,
    /// `talosctl upgrade --nodes <node> --image <installer>`.
    pub command: String,
    /// What this version lacks of the selection: the gates and board/platform tables
    /// always, the catalogs once `catalog_loaded`.
    pub findings: Vec<VersionFinding>,
    /// Whether this version's catalogs were known when the plan was made.
    pub catalog_loaded: bool,
}

/// How a selected extension differs between the start and the target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TagChange {
    Same,
    Updated,
    /// Not in the start's catalog (the machine cannot have it yet).
    NewInTarget,
    /// In the start's catalog, not in the target's, under the same name or a known rename.
    Removed,
    /// The target's catalog lists it under another name.
    Renamed {
        to: String,
    },
    /// In neither catalog.
    Unknown,
}

/// A selected extension's tag in the start and the target catalogs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtensionTags {
    pub name: String,
    pub from: Option<String>,
    /// The tag in the target (of the renamed extension, when renamed).
    pub to: Option<String>,
    pub change: TagChange,
}

/// A catalog pair as the planner reads it.
#[derive(Debug, Clone, Copy)]
pub struct Catalogs<'a> {
    pub extensions: &'a [ExtensionInfo],
    pub overlays: &'a [OverlayInfo],
}

/// The whole plan, for the view and the copy-ready outputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpgradePlan {
    pub from: TalosVersion,
    pub to: TalosVersion,
    pub schematic_id: String,
    pub hops: Vec<UpgradeHop>,
    /// `None` until both the start and the target catalogs are loaded.
    pub extensions: Option<Vec<ExtensionTags>>,
}

fn tag_in(catalog: &[ExtensionInfo], name: &str) -> Option<String> {
    catalog
        .iter()
        .find(|extension| extension.name == name)
        .map(|extension| extension.tag().to_string())
}

/// Each selected extension's tags in `from` and `to`.
pub fn extension_tags(
    selected: &[String],
    from: &[ExtensionInfo],
    to: &[ExtensionInfo],
) -> Vec<ExtensionTags> {
    selected
        .iter()
        .map(|name| {
            let before = tag_in(from, name);
            let (after, change) = match (&before, tag_in(to, name)) {
                (Some(a), Some(b)) if *a == b => (Some(b), TagChange::Same),
                (Some(_), Some(b)) => (Some(b), TagChange::Updated),
                (None, Some(b)) => (Some(b), TagChange::NewInTarget),
                (before, None) => match extension_replacement(name, to) {
                    Some(renamed) => (tag_in(to, &renamed), TagChange::Renamed { to: renamed }),
                    None if before.is_some() => (None, TagChange::Removed),
                    None => (None, TagChange::Unknown),
                },
            };
            ExtensionTags {
                name: name.clone(),
                from: before,
                to: after,
                change,
            }
        })
        .collect()
}

impl Selection {
    /// The platform part of the installer name: `metal` for metal and boards.
    fn installer_platform(&self) -> &'static str {
        match self.target {
            TargetKind::Cloud => self.platform.name,
            TargetKind::Metal | TargetKind::Sbc => "metal",
        }
    }

    /// The plan from `from` to `to` for this selection's schematic (`schematic_id`), with
    /// the catalogs known so far (`catalogs(version)`: `None` while not loaded).
    pub fn upgrade_plan<'a>(
        &self,
        from: &TalosVersion,
        to: &TalosVersion,
        list: &VersionList,
        schematic_id: &str,
        node: &str,
        catalogs: impl Fn(&TalosVersion) -> Option<Catalogs<'a>>,
    ) -> Result<UpgradePlan, PathError> {
        let settings = Settings {
            factory_url: self.settings.factory_url().to_string(),
            registry_host: self.settings.registry_host(),
            pxe_url: self.settings.pxe_url().to_string(),
        };
        let hops = upgrade_path(from, to, list)?
            .into_iter()
            .map(|(version, kind)| {
                let installer = installer_image(
                    &settings,
                    self.installer_platform(),
                    self.secureboot,
                    &version,
                    schematic_id,
                );
                let command = upgrade_command(node, &installer);
                let catalog = catalogs(&version);
                let findings = version_change_findings(
                    self,
                    &version,
                    catalog.map(|c| c.extensions),
                    catalog.map(|c| c.overlays),
                );
                UpgradeHop {
                    version,
                    kind,
                    installer,
                    command,
                    findings,
                    catalog_loaded: catalog.is_some(),
                }
            })
            .collect();
        let extensions = match (catalogs(from), catalogs(to)) {
            (Some(start), Some(target)) => Some(extension_tags(
                &self.extensions,
                start.extensions,
                target.extensions,
            )),
            _ => None,
        };
        Ok(UpgradePlan {
            from: from.clone(),
            to: to.clone(),
            schematic_id: schematic_id.to_string(),
            hops,
            extensions,
        })
    }
}

/// `talosctl upgrade --nodes <node> --image <installer>`, both quoted for a POSIX shell;
/// no node (or `$NODE`) gives the variable `"$NODE"`.
pub fn upgrade_command(node: &str, installer: &str) -> String {
    let node = node.trim();
    let node = if node.is_empty() || node == "$NODE" {
        "\"$NODE\"".to_string()
    } else {
        shell_word(node)
    };
    format!(
        "talosctl upgrade --nodes {node} --image {}",
        shell_word(installer)
    )
}

impl TagChange {
    /// The change as the page says it.
    pub fn text(&self) -> Text {
        match self {
            TagChange::Same => Text::tag_same(),
            TagChange::Updated => Text::tag_updated(),
            TagChange::NewInTarget => Text::tag_new_in_target(),
            TagChange::Removed => Text::tag_removed(),
            TagChange::Renamed { to } => Text::tag_renamed(to),
            TagChange::Unknown => Text::tag_unknown(),
        }
    }
}

/// How many minor releases "Extension across versions" covers, newest first.
pub const ACROSS_MINORS: usize = 8;

/// The versions "Extension across versions" reads: the latest release of each of the newest
/// [`ACROSS_MINORS`] minors the factory lists (broken releases and pre-releases left out).
pub fn across_versions(list: &VersionList) -> Vec<TalosVersion> {
    list.latest_stable_per_minor(ACROSS_MINORS)
        .into_iter()
        .cloned()
        .collect()
}

/// What one version's catalog says of an extension.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TagFound {
    Tag(String),
    /// Listed under another name (a known rename) in this version.
    Renamed {
        name: String,
        tag: String,
    },
    /// Not in this version's catalog.
    Absent,
    /// The catalog is not loaded (yet, or it failed).
    NotLoaded,
}

/// `name`'s tag in each of `versions`, from their catalogs (`None`: not loaded).
pub fn tags_across<'a>(
    name: &str,
    versions: &[TalosVersion],
    catalogs: impl Fn(&TalosVersion) -> Option<&'a [ExtensionInfo]>,
) -> Vec<(TalosVersion, TagFound)> {
    versions
        .iter()
        .map(|version| {
            let found = match catalogs(version) {
                None => TagFound::NotLoaded,
                Some(catalog) => match tag_in(catalog, name) {
                    Some(tag) => TagFound::Tag(tag),
                    None => match extension_replacement(name, catalog) {
                        Some(renamed) => TagFound::Renamed {
                            tag: tag_in(catalog, &renamed).unwrap_or_default(),
                            name: renamed,
                        },
                        None => TagFound::Absent,
                    },
                },
            };
            (version.clone(), found)
        })
        .collect()
}

impl TagFound {
    /// What the "across releases" table shows for it (a tag is shown as it is).
    pub fn text(&self) -> Text {
        match self {
            TagFound::Tag(tag) => Text::as_is(tag),
            TagFound::Renamed { name, tag } => Text::tag_as_renamed(name, tag),
            TagFound::Absent => Text::tag_absent(),
            TagFound::NotLoaded => Text::tag_not_loaded(),
        }
    }
}
