//! Wire shapes of the factory's catalog endpoints (`client.ExtensionInfo`,
//! `client.OverlayInfo` in image-factory `pkg/client/client.go`) and their parsing from the
//! response text.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::i18n::{Arg, Text};
use crate::version::TalosVersion;

/// One official system extension, as `/version/<v>/extensions/official` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtensionInfo {
    /// Repository path (`siderolabs/amd-ucode`): the string a schematic's
    /// `officialExtensions` holds.
    pub name: String,
    /// Full image reference (`ghcr.io/siderolabs/amd-ucode:20230804`); JSON key `ref`.
    #[serde(rename = "ref", default)]
    pub reference: String,
    /// `sha256:<64 hex>`.
    #[serde(default)]
    pub digest: String,
    /// Empty for catalogs without descriptions (Talos ≤ 1.6.1).
    #[serde(default)]
    pub author: String,
    /// Usually ends with `\n`; from 1.11 on starts with a tier tag such as `[core] `.
    #[serde(default)]
    pub description: String,
}

/// One official overlay, as `/version/<v>/overlays/official` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverlayInfo {
    /// Overlay name (`rpi_generic`, `nanopi-r4s`): the schematic's `overlay.name`.
    pub name: String,
    /// Repository path without registry or tag (`siderolabs/sbc-raspberrypi`).
    #[serde(default)]
    pub image: String,
    /// Full image reference (`ghcr.io/siderolabs/sbc-raspberrypi:v0.1.0`); JSON key `ref`.
    #[serde(rename = "ref", default)]
    pub reference: String,
    #[serde(default)]
    pub digest: String,
}

/// A catalog response that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogError {
    /// What was being read.
    pub what: CatalogPart,
    /// The decoder's message (data: serde's words), or why an entry is not a version.
    pub detail: Arg,
}

/// What a catalog error was reading (each says what a valid response looks like).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CatalogPart {
    VersionList,
    ExtensionList,
    OverlayList,
    Snapshot,
}

impl CatalogError {
    /// What the page says about it.
    pub fn text(&self) -> Text {
        let detail = self.detail.clone();
        match self.what {
            CatalogPart::VersionList => Text::catalog_invalid_versions(detail),
            CatalogPart::ExtensionList => Text::catalog_invalid_extensions(detail),
            CatalogPart::OverlayList => Text::catalog_invalid_overlays(detail),
            CatalogPart::Snapshot => Text::catalog_invalid_snapshot(detail),
        }
    }
}

/// Decodes a JSON array; `null` (what the factory writes for an empty Go slice) is empty.
fn parse_list<T: DeserializeOwned>(text: &str, what: CatalogPart) -> Result<Vec<T>, CatalogError> {
    serde_json::from_str::<Option<Vec<T>>>(text)
        .map(Option::unwrap_or_default)
        .map_err(|error| CatalogError {
            what,
            detail: error.into(),
        })
}

/// Parses `GET /versions` (or `/versions?broken=true`, which may be `null`). Order is kept;
/// every entry must be a version the factory would write.
pub fn parse_versions(text: &str) -> Result<Vec<TalosVersion>, CatalogError> {
    let raw: Vec<String> = parse_list(text, CatalogPart::VersionList)?;
    raw.iter()
        .enumerate()
        .map(|(index, entry)| {
            entry.parse::<TalosVersion>().map_err(|error| CatalogError {
                what: CatalogPart::VersionList,
                detail: Text::catalog_bad_entry(error.text(), index).into(),
            })
        })
        .collect()
}

/// Parses `GET /version/<v>/extensions/official`. Catalog order is kept (it is not sorted).
pub fn parse_extensions(text: &str) -> Result<Vec<ExtensionInfo>, CatalogError> {
    parse_list(text, CatalogPart::ExtensionList)
}

/// Parses `GET /version/<v>/overlays/official`. Catalog order is kept.
pub fn parse_overlays(text: &str) -> Result<Vec<OverlayInfo>, CatalogError> {
    parse_list(text, CatalogPart::OverlayList)
}
