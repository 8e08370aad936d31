//! Tests of the selection module, one file per area.

mod cmdline;
mod convert;
mod meta_keys;
mod model;
mod output_request;
mod page_rules;
mod presets;
#[cfg(not(target_arch = "wasm32"))]
mod properties;
mod query;
mod settings;
mod upgrade;
mod version_change;
mod wizard;

use crate::version::TalosVersion;

fn v(text: &str) -> TalosVersion {
    TalosVersion::lit(text)
}

/// A text as English shows it.
fn en(text: &crate::i18n::Text) -> String {
    crate::i18n::Messages::english().render(text)
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(ToString::to_string).collect()
}
