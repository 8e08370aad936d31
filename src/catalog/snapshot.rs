//! An offline copy of a few catalogs (`public/catalog-snapshot.json`), so the builder can
//! work when the factory is unreachable. `factory-contract snapshot` (contract/, run by
//! `scripts/refresh-snapshot.sh`) writes it, without digests (the app never reads them).

use serde::{Deserialize, Serialize};

use super::models::{CatalogError, CatalogPart, ExtensionInfo, OverlayInfo};
use super::versions::VersionList;
use crate::version::TalosVersion;

include!(concat!(env!("OUT_DIR"), "/snapshot_versions.rs"));

/// The version list of the snapshot shipped with the build, compiled in (no request, no
/// parse of the whole file): what the page guesses it will show before the factory's own
/// list arrives, so that version's catalog can be asked for at once.
pub fn snapshot_version_list() -> VersionList {
    let versions: Vec<TalosVersion> = SNAPSHOT_VERSIONS
        .iter()
        .filter_map(|text| text.parse().ok())
        .collect();
    VersionList::new(&versions, &[])
}

/// The extension and overlay catalogs of one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionCatalog {
    /// With the leading `v`, as `/versions` writes it.
    pub version: String,
    pub extensions: Vec<ExtensionInfo>,
    pub overlays: Vec<OverlayInfo>,
}

/// A dated copy of `/versions` plus the catalogs of a few versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogSnapshot {
    /// When the data was taken (`YYYY-MM-DD`).
    pub taken: String,
    /// `/versions` as it was (ascending, with `v`).
    pub versions: Vec<String>,
    pub catalogs: Vec<VersionCatalog>,
}

impl CatalogSnapshot {
    /// Parses the snapshot JSON.
    pub fn parse(text: &str) -> Result<CatalogSnapshot, CatalogError> {
        serde_json::from_str(text).map_err(|error| CatalogError {
            what: CatalogPart::Snapshot,
            detail: error.into(),
        })
    }

    /// The snapshot as pretty JSON with a trailing newline.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// The version list of the snapshot; entries that do not parse are skipped.
    pub fn version_list(&self) -> VersionList {
        let versions: Vec<TalosVersion> = self
            .versions
            .iter()
            .filter_map(|text| text.parse().ok())
            .collect();
        VersionList::new(&versions, &[])
    }

    /// The catalog of `version`, if the snapshot has it.
    pub fn catalog(&self, version: &TalosVersion) -> Option<&VersionCatalog> {
        self.catalogs.iter().find(|catalog| {
            catalog
                .version
                .parse::<TalosVersion>()
                .is_ok_and(|parsed| &parsed == version)
        })
    }

    /// The versions whose catalogs the snapshot holds, newest first.
    pub fn catalog_versions(&self) -> Vec<TalosVersion> {
        let mut versions: Vec<TalosVersion> = self
            .catalogs
            .iter()
            .filter_map(|catalog| catalog.version.parse().ok())
            .collect();
        versions.sort_by(|a, b| b.cmp(a));
        versions
    }
}

/// The versions a snapshot should carry: the latest release of each of the newest `minors`
/// minors, plus the newest pre-release if it is newer than every release; newest first.
pub fn snapshot_versions(list: &VersionList, minors: usize) -> Vec<TalosVersion> {
    let mut picked: Vec<TalosVersion> = list
        .latest_stable_per_minor(minors)
        .into_iter()
        .cloned()
        .collect();
    if let Some(prerelease) = list.newest_prerelease()
        && picked.first().is_none_or(|newest| prerelease > newest)
    {
        picked.insert(0, prerelease.clone());
    }
    picked
}

/// When this browser saved a catalog, for the page: the service worker stamps its copy with
/// JavaScript's `Date.prototype.toISOString` (`2026-12-01T19:44:00.001Z`), shown as
/// `2026-12-01 19:44 UTC`. Anything else is shown as it came.
pub fn saved_at_label(stamp: &str) -> String {
    let bytes = stamp.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        bytes
            .get(range)
            .is_some_and(|part| part.iter().all(u8::is_ascii_digit))
    };
    let shaped = bytes.len() >= 17
        && digits(0..4)
        && bytes[4] == b'-'
        && digits(5..7)
        && bytes[7] == b'-'
        && digits(8..10)
        && bytes[10] == b'T'
        && digits(11..13)
        && bytes[13] == b':'
        && digits(14..16)
        && stamp.ends_with('Z');
    if shaped {
        format!("{} {} UTC", &stamp[..10], &stamp[11..16])
    } else {
        stamp.to_string()
    }
}
