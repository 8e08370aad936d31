//! The version picker's data: `/versions` (ascending) turned into a newest-first list,
//! grouped like the factory UI's `<select>` (`1.14`, `1.14-pre`, `1.13`, …), with broken
//! versions flagged and the SBC filter (Talos ≥ 1.7.0, strict).

use std::cmp::Ordering;

use crate::version::TalosVersion;

/// SBC images need overlays: the factory UI offers only versions `>= 1.7.0` (strict, so
/// `1.7.0-alpha.*` is excluded).
pub use crate::platforms::SBC_MIN_VERSION;

/// One version of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionEntry {
    pub version: TalosVersion,
    /// Listed by `/versions?broken=true`: the factory refuses to build it.
    pub broken: bool,
}

impl VersionEntry {
    pub fn is_prerelease(&self) -> bool {
        self.version.is_prerelease()
    }
}

/// One `<optgroup>`: releases of a minor (`1.14`) or its pre-releases (`1.14-pre`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionGroup {
    pub major: u64,
    pub minor: u64,
    pub prerelease: bool,
    /// Newest first.
    pub entries: Vec<VersionEntry>,
}

impl VersionGroup {
    /// The factory UI's group label: `1.14` or `1.14-pre`.
    pub fn label(&self) -> String {
        if self.prerelease {
            format!("{}.{}-pre", self.major, self.minor)
        } else {
            format!("{}.{}", self.major, self.minor)
        }
    }

    /// Descending semver of the label: higher minor first, `1.14` before `1.14-pre`.
    fn order(&self, other: &Self) -> Ordering {
        (other.major, other.minor)
            .cmp(&(self.major, self.minor))
            .then(self.prerelease.cmp(&other.prerelease))
    }
}

/// Versions newest first, deduplicated.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct VersionList {
    entries: Vec<VersionEntry>,
}

impl VersionList {
    /// Builds the list from `/versions` (any order) and the optional broken list. Broken
    /// versions are kept and flagged, so a link that names one can be explained.
    pub fn new(versions: &[TalosVersion], broken: &[TalosVersion]) -> Self {
        let mut all: Vec<TalosVersion> = versions.iter().chain(broken).cloned().collect();
        all.sort_by(|a, b| b.cmp(a));
        all.dedup();
        let entries = all
            .into_iter()
            .map(|version| VersionEntry {
                broken: broken.contains(&version),
                version,
            })
            .collect();
        VersionList { entries }
    }

    /// All entries, newest first.
    pub fn entries(&self) -> &[VersionEntry] {
        &self.entries
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// The entry for `version`, if listed.
    pub fn get(&self, version: &TalosVersion) -> Option<&VersionEntry> {
        self.entries.iter().find(|entry| &entry.version == version)
    }

    /// Whether `version` is listed and buildable.
    pub fn is_available(&self, version: &TalosVersion) -> bool {
        self.get(version).is_some_and(|entry| !entry.broken)
    }

    pub fn is_broken(&self, version: &TalosVersion) -> bool {
        self.get(version).is_some_and(|entry| entry.broken)
    }

    /// The factory UI's default: the newest non-broken release.
    pub fn latest_stable(&self) -> Option<&TalosVersion> {
        self.entries
            .iter()
            .find(|entry| !entry.broken && !entry.is_prerelease())
            .map(|entry| &entry.version)
    }

    /// The newest non-broken version, pre-releases included.
    pub fn newest(&self) -> Option<&TalosVersion> {
        self.entries
            .iter()
            .find(|entry| !entry.broken)
            .map(|entry| &entry.version)
    }

    /// The newest non-broken pre-release.
    pub fn newest_prerelease(&self) -> Option<&TalosVersion> {
        self.entries
            .iter()
            .find(|entry| !entry.broken && entry.is_prerelease())
            .map(|entry| &entry.version)
    }

    /// The versions the SBC target offers (`>= 1.7.0`, strict).
    pub fn for_sbc(&self) -> VersionList {
        self.filtered(|version| version.at_least(&SBC_MIN_VERSION))
    }

    /// The versions for which `keep` holds, order kept.
    pub fn filtered(&self, keep: impl Fn(&TalosVersion) -> bool) -> VersionList {
        VersionList {
            entries: self
                .entries
                .iter()
                .filter(|entry| keep(&entry.version))
                .cloned()
                .collect(),
        }
    }

    /// The factory UI's groups, ordered by descending semver of their labels; entries newest
    /// first inside each group.
    pub fn groups(&self) -> Vec<VersionGroup> {
        let mut groups: Vec<VersionGroup> = Vec::new();
        for entry in &self.entries {
            let (major, minor, prerelease) = (
                entry.version.major,
                entry.version.minor,
                entry.is_prerelease(),
            );
            match groups.iter_mut().find(|group| {
                group.major == major && group.minor == minor && group.prerelease == prerelease
            }) {
                Some(group) => group.entries.push(entry.clone()),
                None => groups.push(VersionGroup {
                    major,
                    minor,
                    prerelease,
                    entries: vec![entry.clone()],
                }),
            }
        }
        groups.sort_by(VersionGroup::order);
        groups
    }

    /// The latest non-broken release of each of the newest `minors` minors that have one.
    pub fn latest_stable_per_minor(&self, minors: usize) -> Vec<&TalosVersion> {
        let mut picked: Vec<&TalosVersion> = Vec::new();
        for entry in &self.entries {
            if picked.len() >= minors {
                break;
            }
            if entry.broken || entry.is_prerelease() {
                continue;
            }
            if !picked
                .iter()
                .any(|seen| (seen.major, seen.minor) == (entry.version.major, entry.version.minor))
            {
                picked.push(&entry.version);
            }
        }
        picked
    }
}
