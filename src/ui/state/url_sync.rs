//! The selection in the URL: every change is written to the address bar (quick edits
//! coalesced into one history entry, the version in effect pinned so a copied address keeps
//! its meaning after the next release), and back/forward restores it. The write waits until
//! the edits pause ([`SETTLE`]): `history.replaceState` is slow in Chromium (a synchronous
//! round trip to the browser process), and it would otherwise run on every click and
//! keystroke, before the page shows the new ID.

use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsValue;

use super::AppState;
use super::storage::{current_query, now_ms, page_url_with, selection_from_location};
use crate::i18n::{Locale, query_language, query_with_language};

/// How long the edits must pause before the address bar follows.
const SETTLE: Duration = Duration::from_millis(120);

/// Writes `query` to the address bar: a new history entry, or the current one replaced when
/// the last entry is less than a second old.
fn write(query: &str, last_push: StoredValue<f64>) {
    // A `lang=` the address has stays (the page's language is not part of the selection;
    // the language switch rewrites it).
    let current = current_query();
    let query = match query_language(&current).and_then(|tag| Locale::from_tag(&tag)) {
        Some(locale) => query_with_language(query, locale),
        None => query.to_string(),
    };
    let query = query.as_str();
    if query == current {
        return;
    }
    let Some(history) = web_sys::window().and_then(|window| window.history().ok()) else {
        return;
    };
    let url = page_url_with(query);
    let now = now_ms();
    let _ = if now - last_push.get_value() < 1000.0 {
        history.replace_state_with_url(&JsValue::NULL, "", Some(&url))
    } else {
        history.push_state_with_url(&JsValue::NULL, "", Some(&url))
    };
    last_push.set_value(now);
}

pub fn start(state: AppState) {
    let last_push = StoredValue::new(now_ms());
    let pending = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |_| {
        let version = state.version.get();
        let query = state.selection.with(|s| s.share_query(version.as_ref()));
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let timer = set_timeout_with_handle(move || write(&query, last_push), SETTLE);
        pending.set_value(timer.ok());
    });
    let handle = window_event_listener(leptos::ev::popstate, move |_| {
        let (mut restored, notices) = selection_from_location();
        state.selection.update(|s| {
            // Never in the URL: keep what the user typed.
            restored.embedded_config = std::mem::take(&mut s.embedded_config);
            *s = restored.clone();
        });
        state.link.set(Some(restored.clone()));
        state.query_notices.set(notices);
        state.check_linked_options(&restored);
    });
    on_cleanup(move || handle.remove());
}
