//! talos-image-studio: build custom Talos Linux images through the Talos Image Factory,
//! straight from the browser.
//!
//! Codemap, in dependency order (the core first, the web last):
//!
//! - [`version`]: Talos versions (`vX.Y.Z[-pre]`), semver order, the factory's version gates.
//! - [`schematic`]: the document the factory hashes: model, canonical YAML (byte-exact with
//!   the factory's Go emitter), ID, import from YAML/JSON.
//! - [`platforms`]: the factory UI's compiled-in tables: cloud platforms and single-board computers.
//! - [`catalog`]: versions, extensions and overlays as the factory lists them; grouping and search.
//! - [`selection`]: the user's choices, their URL query form, presets, and the schematic they make.
//! - [`outputs`]: everything derived from (selection, schematic ID): links, installer
//!   references, commands, profiles, snippets.
//! - [`presence`]: whether the factory has the schematic, and what the page offers because
//!   of it (live or pending links, the primary action, what Create asks first).
//! - [`i18n`]: the page's languages: the locale table, the choice of a visit, typed
//!   messages generated from `locales/en.json`, CLDR plural rules.
//! - `factory` (wasm only): the only module that touches the network.
//! - `ui` (wasm only): the Leptos shell.
//! - `js` (wasm only): the schematic functions exported to JavaScript.
//!
//! Invariants: `version`, `schematic`, `platforms`, `catalog`, `selection`, `outputs` and
//! `presence` do no I/O and never name leptos, web-sys, js-sys or gloo (enforced by `tests/it/tidy.rs`). The
//! schematic → YAML → ID path is total.

pub mod catalog;
pub mod factory_status;
pub mod i18n;
pub mod outputs;
pub mod platforms;
pub mod presence;
pub mod schematic;
pub mod selection;
pub mod version;

#[cfg(target_arch = "wasm32")]
pub mod factory;
#[cfg(target_arch = "wasm32")]
pub mod js;
#[cfg(target_arch = "wasm32")]
pub mod ui;
