//! Writes `public/catalog-snapshot.json`, the app's offline catalog (`CatalogSnapshot`), from
//! fetched factory bodies: `/versions` plus the extension and overlay catalogs of the latest
//! release of each of the newest three minors and the newest pre-release
//! (`snapshot_versions`). Every body passes the canary's checks first, so a drifted factory
//! never replaces the shipped snapshot.
//!
//! The snapshot keeps only what the app reads. `digest` is dropped: the app never uses it,
//! and recorded catalogs carry synthetic digests for most versions (`tests/data/README.md`).

use std::path::Path;

use serde::Serialize;
use serde_json::Value as Json;
use talos_image_studio::catalog::{
    CatalogSnapshot, VersionCatalog, VersionList, parse_extensions, parse_overlays,
    snapshot_versions,
};

use talos_image_studio::version::TalosVersion;

use crate::catalog::{check_extensions, check_overlays, check_versions};

/// Minors whose latest release the snapshot keeps.
pub const MINORS: usize = 3;

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|error| format!("{}: {error}", path.display()))
}

/// `/versions` as listed (ascending) and as the app's list.
fn versions(data_dir: &Path) -> Result<(Vec<TalosVersion>, VersionList), String> {
    let path = data_dir.join("versions.json");
    let versions = check_versions(&read(&path)?)
        .map_err(|problems| format!("{}: {}", path.display(), problems.join("; ")))?;
    let list = VersionList::new(&versions, &[]);
    Ok((versions, list))
}

/// The versions whose catalogs the snapshot takes, newest first, as `/versions` writes them.
pub fn needed(data_dir: &Path) -> Result<Vec<String>, String> {
    Ok(snapshot_versions(&versions(data_dir)?.1, MINORS)
        .iter()
        .map(ToString::to_string)
        .collect())
}

/// The snapshot of `data_dir` (`versions.json`, `extensions/<v>.json`, `overlays/<v>.json`).
pub fn build(data_dir: &Path, taken: &str) -> Result<CatalogSnapshot, String> {
    let (listed, list) = versions(data_dir)?;
    let mut catalogs = Vec::new();
    for version in snapshot_versions(&list, MINORS) {
        let extensions_path = data_dir.join(format!("extensions/{version}.json"));
        let overlays_path = data_dir.join(format!("overlays/{version}.json"));
        let extensions_text = read(&extensions_path)?;
        let overlays_text = read(&overlays_path)?;
        check_extensions(&extensions_text).map_err(|problems| {
            format!("{}: {}", extensions_path.display(), problems.join("; "))
        })?;
        // Before 1.7 the factory answers `[]` (no overlay support); that is not drift.
        if overlays_text.trim() != "[]" {
            check_overlays(&overlays_text).map_err(|problems| {
                format!("{}: {}", overlays_path.display(), problems.join("; "))
            })?;
        }
        catalogs.push(VersionCatalog {
            version: version.to_string(),
            extensions: parse_extensions(&extensions_text).map_err(|error| {
                format!(
                    "{}: {}",
                    extensions_path.display(),
                    crate::english(&error.text())
                )
            })?,
            overlays: parse_overlays(&overlays_text).map_err(|error| {
                format!(
                    "{}: {}",
                    overlays_path.display(),
                    crate::english(&error.text())
                )
            })?,
        });
    }
    Ok(CatalogSnapshot {
        taken: taken.to_string(),
        versions: listed.iter().map(ToString::to_string).collect(),
        catalogs,
    })
}

/// What the snapshot file keeps of an extension: the fields the app reads, in the
/// `CatalogSnapshot` order, without `digest`.
#[derive(Serialize)]
struct ExtensionOut<'a> {
    name: &'a str,
    #[serde(rename = "ref")]
    reference: &'a str,
    author: &'a str,
    description: &'a str,
}

/// What the snapshot file keeps of an overlay (no `digest`).
#[derive(Serialize)]
struct OverlayOut<'a> {
    name: &'a str,
    image: &'a str,
    #[serde(rename = "ref")]
    reference: &'a str,
}

#[derive(Serialize)]
struct CatalogOut<'a> {
    version: &'a str,
    extensions: Vec<ExtensionOut<'a>>,
    overlays: Vec<OverlayOut<'a>>,
}

#[derive(Serialize)]
struct SnapshotOut<'a> {
    taken: &'a str,
    versions: &'a [String],
    catalogs: Vec<CatalogOut<'a>>,
}

/// The snapshot as the app reads it (`CatalogSnapshot::parse`), without `digest` fields:
/// pretty JSON with a trailing newline.
pub fn to_json(snapshot: &CatalogSnapshot) -> Result<String, String> {
    let out = SnapshotOut {
        taken: &snapshot.taken,
        versions: &snapshot.versions,
        catalogs: snapshot
            .catalogs
            .iter()
            .map(|catalog| CatalogOut {
                version: &catalog.version,
                extensions: catalog
                    .extensions
                    .iter()
                    .map(|extension| ExtensionOut {
                        name: &extension.name,
                        reference: &extension.reference,
                        author: &extension.author,
                        description: &extension.description,
                    })
                    .collect(),
                overlays: catalog
                    .overlays
                    .iter()
                    .map(|overlay| OverlayOut {
                        name: &overlay.name,
                        image: &overlay.image,
                        reference: &overlay.reference,
                    })
                    .collect(),
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&out).map_err(|error| error.to_string())?;
    text.push('\n');
    Ok(text)
}

/// Every `digest` in a snapshot text that equals `"sha256:" + sha256_hex(ref)`: the synthetic
/// rule of the recorded fixtures, which no registry digest follows.
pub fn synthetic_digests(text: &str) -> Result<Vec<String>, String> {
    use sha2::{Digest, Sha256};
    let value: Json = serde_json::from_str(text).map_err(|error| error.to_string())?;
    let mut found = Vec::new();
    let catalogs = value["catalogs"].as_array().cloned().unwrap_or_default();
    for catalog in &catalogs {
        for list in ["extensions", "overlays"] {
            for item in catalog[list].as_array().into_iter().flatten() {
                let (Some(reference), Some(digest)) =
                    (item["ref"].as_str(), item["digest"].as_str())
                else {
                    continue;
                };
                let hex: String = Sha256::digest(reference.as_bytes())
                    .iter()
                    .map(|byte| format!("{byte:02x}"))
                    .collect();
                if digest == format!("sha256:{hex}") {
                    found.push(format!("{} {reference}", catalog["version"]));
                }
            }
        }
    }
    Ok(found)
}
