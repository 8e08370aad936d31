//! URL builders for the factory's endpoints, from a base URL without a trailing slash.

/// The factory's endpoints under one base URL (`https://factory.talos.dev`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    pub base: String,
}

impl Endpoints {
    pub fn new(base: &str) -> Self {
        Endpoints {
            base: base.trim_end_matches('/').to_string(),
        }
    }

    pub fn versions(&self) -> String {
        format!("{}/versions", self.base)
    }

    pub fn broken_versions(&self) -> String {
        format!("{}/versions?broken=true", self.base)
    }

    /// `version` as the factory writes it (`v1.10.9`); the factory accepts it with or without `v`.
    pub fn extensions(&self, version: &str) -> String {
        format!("{}/version/{version}/extensions/official", self.base)
    }

    pub fn overlays(&self, version: &str) -> String {
        format!("{}/version/{version}/overlays/official", self.base)
    }

    pub fn schematics(&self) -> String {
        format!("{}/schematics", self.base)
    }

    pub fn schematic(&self, id: &str) -> String {
        format!("{}/schematics/{id}", self.base)
    }

    pub fn talosctl(&self, version: &str) -> String {
        format!("{}/talosctl/{version}", self.base)
    }
}
