//! The Leptos shell: the only module that renders. Everything it shows is derived from the
//! domain core through [`state::AppState`]; components only wire signals to it.

mod app;
pub(crate) mod chunks;
mod header;
mod i18n;
mod outputs_view;
mod result;
mod state;
mod steps;
mod widgets;

pub use app::App;

use wasm_bindgen::prelude::*;

/// The wasm entry point: mounts the app into `#app` when the page has one (the test runner's
/// page has none, so component tests mount what they need themselves).
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    let root = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id("app"));
    if let Some(root) = root
        && let Ok(root) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(root)
    {
        leptos::mount::mount_to(root, App).forget();
    }
}
