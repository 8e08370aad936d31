//! The factory's read-only data, loaded once from a fixture directory (`tests/data/factory`):
//! `versions.json`, `extensions/<v>.json`, `overlays/<v>.json` (served verbatim), and
//! `catalog-names-by-version.json`, from which the lists of listed versions without a fixture
//! are synthesised.
//!
//! Synthesis, for a version in `versions.json` without its own fixture file:
//! - names and order come from `catalog-names-by-version.json` (exact for every version);
//! - every other field is taken from the *donor*: the same name in the nearest fixture version
//!   (the closest lower one, else the closest higher one);
//! - extensions: `ref` is the donor's `ref` with the donor's version text (`v1.11.2`) in the
//!   tag replaced by the requested version, `digest` is `"sha256:" + sha256_hex(ref)` (the same
//!   synthetic rule the fixtures use), `author`/`description` are the donor's, but empty for
//!   versions up to v1.6.1 (whose catalogs had no `descriptions.yaml`);
//! - overlays: `image`, `ref` and `digest` are copied from the donor (overlay images are not
//!   tied to a Talos version);
//! - a name no fixture knows gets `ghcr.io/<name>:<version>` and empty texts.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::Path;

use crate::version::TalosVersion;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::json;

/// One extension as the factory lists it (`client.ExtensionInfo`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtensionInfo {
    pub name: String,
    pub reference: String,
    pub digest: String,
    pub author: String,
    pub description: String,
}

/// One overlay as the factory lists it (`client.OverlayInfo`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverlayInfo {
    pub name: String,
    pub image: String,
    pub reference: String,
    pub digest: String,
}

/// Where a version's lists come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provenance {
    Fixture,
    Synthesised,
}

/// All data the stand-in serves, keyed by the `v`-prefixed version.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// `versions.json`, byte for byte.
    pub versions_json: Vec<u8>,
    /// The listed versions, in file order.
    pub versions: Vec<TalosVersion>,
    extensions: BTreeMap<String, (Vec<u8>, Provenance)>,
    overlays: BTreeMap<String, (Vec<u8>, Provenance)>,
    /// Extension names per version (for build-time checks on `/image`).
    extension_names: BTreeMap<String, Vec<String>>,
    overlay_names: BTreeMap<String, Vec<String>>,
}

fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message)
}

fn read(path: &Path) -> io::Result<Vec<u8>> {
    fs::read(path)
        .map_err(|error| io::Error::new(error.kind(), format!("{}: {error}", path.display())))
}

fn text_field(item: &Value, key: &str, file: &str) -> io::Result<String> {
    item.get(key)
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| invalid(format!("{file}: item without a string {key:?}")))
}

fn parse_extensions(bytes: &[u8], file: &str) -> io::Result<Vec<ExtensionInfo>> {
    let items: Vec<Value> =
        serde_json::from_slice(bytes).map_err(|error| invalid(format!("{file}: {error}")))?;
    items
        .iter()
        .map(|item| {
            Ok(ExtensionInfo {
                name: text_field(item, "name", file)?,
                reference: text_field(item, "ref", file)?,
                digest: text_field(item, "digest", file)?,
                author: text_field(item, "author", file)?,
                description: text_field(item, "description", file)?,
            })
        })
        .collect()
}

fn parse_overlays(bytes: &[u8], file: &str) -> io::Result<Vec<OverlayInfo>> {
    let items: Vec<Value> =
        serde_json::from_slice(bytes).map_err(|error| invalid(format!("{file}: {error}")))?;
    items
        .iter()
        .map(|item| {
            Ok(OverlayInfo {
                name: text_field(item, "name", file)?,
                image: text_field(item, "image", file)?,
                reference: text_field(item, "ref", file)?,
                digest: text_field(item, "digest", file)?,
            })
        })
        .collect()
}

/// Reads every `<version>.json` of a folder: version → bytes. A missing folder is empty.
fn read_fixture_folder(folder: &Path) -> io::Result<BTreeMap<String, Vec<u8>>> {
    let mut files = BTreeMap::new();
    let entries = match fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(files),
        Err(error) => return Err(error),
    };
    for entry in entries {
        let path = entry?.path();
        let Some(stem) = path
            .file_name()
            .and_then(|name| name.to_str())
            .and_then(|name| name.strip_suffix(".json"))
        else {
            continue;
        };
        let Ok(version) = stem.parse::<TalosVersion>() else {
            continue;
        };
        files.insert(version.to_string(), read(&path)?);
    }
    Ok(files)
}

fn names_by_version(names: &Value, section: &str) -> io::Result<BTreeMap<String, Vec<String>>> {
    let Some(map) = names.get(section).and_then(Value::as_object) else {
        return Err(invalid(format!(
            "catalog-names-by-version.json: no {section:?} object"
        )));
    };
    map.iter()
        .map(|(version, list)| {
            let list = list
                .as_array()
                .map(|items| {
                    items
                        .iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            Ok((version.clone(), list))
        })
        .collect()
}

fn sha256_digest(text: &str) -> String {
    format!("sha256:{}", json::hex(&Sha256::digest(text.as_bytes())))
}

/// The fixture versions ordered by distance from `version`: lower ones nearest first, then
/// higher ones nearest first.
fn donor_order<'a, T>(
    version: &TalosVersion,
    fixtures: &'a [(TalosVersion, Vec<T>)],
) -> Vec<&'a (TalosVersion, Vec<T>)> {
    let mut lower: Vec<_> = fixtures.iter().filter(|(v, _)| v <= version).collect();
    lower.reverse();
    let higher = fixtures.iter().filter(|(v, _)| v > version);
    lower.into_iter().chain(higher).collect()
}

fn synthesise_extensions(
    version: &TalosVersion,
    names: &[String],
    fixtures: &[(TalosVersion, Vec<ExtensionInfo>)],
) -> Vec<ExtensionInfo> {
    let donors = donor_order(version, fixtures);
    let has_descriptions = version.at_least(&TalosVersion::new(1, 6, 2));
    names
        .iter()
        .map(|name| {
            let donor = donors.iter().find_map(|(donor_version, items)| {
                items
                    .iter()
                    .find(|item| &item.name == name)
                    .map(|item| (donor_version, item))
            });
            let (reference, author, description) = match donor {
                Some((donor_version, item)) => {
                    let (repository, tag) = item
                        .reference
                        .rsplit_once(':')
                        .unwrap_or((item.reference.as_str(), ""));
                    let tag = tag.replace(&donor_version.to_string(), &version.to_string());
                    (
                        format!("{repository}:{tag}"),
                        item.author.clone(),
                        item.description.clone(),
                    )
                }
                None => (
                    format!("ghcr.io/{name}:{version}"),
                    String::new(),
                    String::new(),
                ),
            };
            let digest = sha256_digest(&reference);
            let (author, description) = if has_descriptions {
                (author, description)
            } else {
                (String::new(), String::new())
            };
            ExtensionInfo {
                name: name.clone(),
                reference,
                digest,
                author,
                description,
            }
        })
        .collect()
}

fn synthesise_overlays(
    version: &TalosVersion,
    names: &[String],
    fixtures: &[(TalosVersion, Vec<OverlayInfo>)],
) -> Vec<OverlayInfo> {
    let donors = donor_order(version, fixtures);
    names
        .iter()
        .map(|name| {
            let donor = donors
                .iter()
                .find_map(|(_, items)| items.iter().find(|item| &item.name == name));
            match donor {
                Some(item) => item.clone(),
                None => {
                    let reference = format!("ghcr.io/siderolabs/{name}:{version}");
                    OverlayInfo {
                        name: name.clone(),
                        image: format!("siderolabs/{name}"),
                        digest: sha256_digest(&reference),
                        reference,
                    }
                }
            }
        })
        .collect()
}

/// `json.NewEncoder(w).Encode([]ExtensionInfo)`.
pub fn encode_extensions(items: &[ExtensionInfo]) -> String {
    let objects: Vec<Vec<(&str, &str)>> = items
        .iter()
        .map(|item| {
            vec![
                ("name", item.name.as_str()),
                ("ref", item.reference.as_str()),
                ("digest", item.digest.as_str()),
                ("author", item.author.as_str()),
                ("description", item.description.as_str()),
            ]
        })
        .collect();
    json::object_array(&objects)
}

/// `json.NewEncoder(w).Encode([]OverlayInfo)`.
pub fn encode_overlays(items: &[OverlayInfo]) -> String {
    let objects: Vec<Vec<(&str, &str)>> = items
        .iter()
        .map(|item| {
            vec![
                ("name", item.name.as_str()),
                ("image", item.image.as_str()),
                ("ref", item.reference.as_str()),
                ("digest", item.digest.as_str()),
            ]
        })
        .collect();
    json::object_array(&objects)
}

impl Catalog {
    /// Loads a fixture directory. `versions.json` is required; `extensions/`, `overlays/` and
    /// `catalog-names-by-version.json` are optional (without the names file, versions without
    /// a fixture answer 404 like unknown ones).
    pub fn load(data_dir: &Path) -> io::Result<Catalog> {
        let versions_json = read(&data_dir.join("versions.json"))?;
        let version_texts: Vec<String> = serde_json::from_slice(&versions_json)
            .map_err(|error| invalid(format!("versions.json: {error}")))?;
        let versions = version_texts
            .iter()
            .map(|text| {
                text.parse::<TalosVersion>()
                    .map_err(|error| invalid(format!("versions.json: {error}")))
            })
            .collect::<io::Result<Vec<_>>>()?;

        let extension_files = read_fixture_folder(&data_dir.join("extensions"))?;
        let overlay_files = read_fixture_folder(&data_dir.join("overlays"))?;
        let mut extension_fixtures = Vec::new();
        for (version, bytes) in &extension_files {
            let parsed = parse_extensions(bytes, &format!("extensions/{version}.json"))?;
            extension_fixtures.push((
                version
                    .parse::<TalosVersion>()
                    .map_err(|e| invalid(e.to_string()))?,
                parsed,
            ));
        }
        extension_fixtures.sort_by(|(a, _), (b, _)| a.cmp(b));
        let mut overlay_fixtures = Vec::new();
        for (version, bytes) in &overlay_files {
            let parsed = parse_overlays(bytes, &format!("overlays/{version}.json"))?;
            overlay_fixtures.push((
                version
                    .parse::<TalosVersion>()
                    .map_err(|e| invalid(e.to_string()))?,
                parsed,
            ));
        }
        overlay_fixtures.sort_by(|(a, _), (b, _)| a.cmp(b));

        let names_path = data_dir.join("catalog-names-by-version.json");
        let (extension_names, overlay_names) = if names_path.exists() {
            let names: Value = serde_json::from_slice(&read(&names_path)?)
                .map_err(|error| invalid(format!("catalog-names-by-version.json: {error}")))?;
            (
                names_by_version(&names, "extensions")?,
                names_by_version(&names, "overlays")?,
            )
        } else {
            (BTreeMap::new(), BTreeMap::new())
        };

        let mut catalog = Catalog {
            versions_json,
            versions: Vec::new(),
            extensions: BTreeMap::new(),
            overlays: BTreeMap::new(),
            extension_names: BTreeMap::new(),
            overlay_names: BTreeMap::new(),
        };
        for version in &versions {
            let key = version.to_string();
            if let Some((_, items)) = extension_fixtures.iter().find(|(v, _)| v == version) {
                let bytes = extension_files.get(&key).cloned().unwrap_or_default();
                catalog
                    .extensions
                    .insert(key.clone(), (bytes, Provenance::Fixture));
                catalog.extension_names.insert(
                    key.clone(),
                    items.iter().map(|item| item.name.clone()).collect(),
                );
            } else if let Some(names) = extension_names.get(&key) {
                let items = synthesise_extensions(version, names, &extension_fixtures);
                catalog.extensions.insert(
                    key.clone(),
                    (
                        encode_extensions(&items).into_bytes(),
                        Provenance::Synthesised,
                    ),
                );
                catalog.extension_names.insert(key.clone(), names.clone());
            }
            if let Some((_, items)) = overlay_fixtures.iter().find(|(v, _)| v == version) {
                let bytes = overlay_files.get(&key).cloned().unwrap_or_default();
                catalog
                    .overlays
                    .insert(key.clone(), (bytes, Provenance::Fixture));
                catalog.overlay_names.insert(
                    key.clone(),
                    items.iter().map(|item| item.name.clone()).collect(),
                );
            } else if let Some(names) = overlay_names.get(&key) {
                let items = synthesise_overlays(version, names, &overlay_fixtures);
                catalog.overlays.insert(
                    key.clone(),
                    (
                        encode_overlays(&items).into_bytes(),
                        Provenance::Synthesised,
                    ),
                );
                catalog.overlay_names.insert(key.clone(), names.clone());
            }
        }
        catalog.versions = versions;
        Ok(catalog)
    }

    /// Whether `/versions` lists the version.
    pub fn is_listed(&self, version: &TalosVersion) -> bool {
        self.versions.contains(version)
    }

    /// The body of `/version/<v>/extensions/official`, if the stand-in has one.
    pub fn extensions(&self, version: &TalosVersion) -> Option<(&[u8], Provenance)> {
        self.extensions
            .get(&version.to_string())
            .map(|(bytes, provenance)| (bytes.as_slice(), *provenance))
    }

    /// The body of `/version/<v>/overlays/official`, if the stand-in has one.
    pub fn overlays(&self, version: &TalosVersion) -> Option<(&[u8], Provenance)> {
        self.overlays
            .get(&version.to_string())
            .map(|(bytes, provenance)| (bytes.as_slice(), *provenance))
    }

    /// Extension names of a version (empty if unknown).
    pub fn extension_names(&self, version: &TalosVersion) -> &[String] {
        self.extension_names
            .get(&version.to_string())
            .map_or(&[], Vec::as_slice)
    }

    /// Overlay names of a version (empty if unknown).
    pub fn overlay_names(&self, version: &TalosVersion) -> &[String] {
        self.overlay_names
            .get(&version.to_string())
            .map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests;
