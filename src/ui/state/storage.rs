//! Settings remembered in local storage, and the page's own URL.

use crate::selection::{QueryNotice, Selection, Settings};
use crate::version::TalosVersion;

const SETTINGS_KEY: &str = "talos-image-studio.settings";

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|window| window.local_storage().ok().flatten())
}

/// Settings remembered in local storage, as `factory registry pxe` query parameters.
fn stored_settings() -> Option<String> {
    local_storage().and_then(|storage| storage.get_item(SETTINGS_KEY).ok().flatten())
}

pub fn remember_settings(settings: &Settings) {
    if let Some(storage) = local_storage() {
        let probe = Selection {
            settings: settings.clone(),
            ..Selection::default()
        };
        let _ = storage.set_item(SETTINGS_KEY, &probe.to_query());
    }
}

/// The page's query, without `?`.
pub fn current_query() -> String {
    let search = web_sys::window()
        .and_then(|window| window.location().search().ok())
        .unwrap_or_default();
    search.strip_prefix('?').unwrap_or(&search).to_string()
}

/// Parses the page's query; settings not given there come from local storage.
pub fn selection_from_location() -> (Selection, Vec<QueryNotice>) {
    let (mut selection, notices) = Selection::from_query(&current_query());
    if selection.settings.is_default()
        && let Some(stored) = stored_settings()
    {
        let (remembered, _) = Selection::from_query(&stored);
        selection.settings = remembered.settings;
    }
    (selection, notices)
}

/// This page's path with `query`.
pub fn page_url_with(query: &str) -> String {
    let path = web_sys::window()
        .and_then(|window| window.location().pathname().ok())
        .unwrap_or_default();
    if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    }
}

/// The absolute link Share copies: this page with the selection, the version pinned.
pub fn share_url(selection: &Selection, version: Option<&TalosVersion>) -> String {
    let origin = web_sys::window()
        .and_then(|window| window.location().origin().ok())
        .unwrap_or_default();
    format!("{origin}{}", page_url_with(&selection.share_query(version)))
}

pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|window| window.performance())
        .map(|performance| performance.now())
        .unwrap_or(0.0)
}
