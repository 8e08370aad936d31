//! Versions, extensions and overlays as the factory lists them (`GET /versions`,
//! `/version/<v>/extensions/official`, `/version/<v>/overlays/official`): the wire shapes,
//! their parsing from response text, and the views the builder shows (versions grouped by
//! minor, extensions grouped by tier, search), plus an offline snapshot of a few catalogs.
//!
//! Invariant: pure data, no I/O. Parsing never trusts the content type (the factory serves
//! JSON as `text/plain`) and never panics on any input.

mod extensions;
mod models;
mod snapshot;
mod versions;

pub use extensions::{
    HIDDEN_EXTENSIONS, Tier, TierGroup, fold_case, groups_by_tier, is_hidden, search_extensions,
    search_keeps_all, tier_open_after, tier_open_by_default, visible_extensions,
};
pub use models::{
    CatalogError, CatalogPart, ExtensionInfo, OverlayInfo, parse_extensions, parse_overlays,
    parse_versions,
};
pub use snapshot::{
    CatalogSnapshot, VersionCatalog, saved_at_label, snapshot_version_list, snapshot_versions,
};
pub use versions::{SBC_MIN_VERSION, VersionEntry, VersionGroup, VersionList};

#[cfg(test)]
mod tests;
