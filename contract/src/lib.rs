//! The factory contract the app relies on, checked against what a factory actually served.
//!
//! `scripts/factory-canary.sh <factory-url>` fetches the read-only endpoints with curl into a
//! directory (`<name>.headers` as `curl -D` writes them, `<name>.body`); [`check_dir`] then
//! reads that directory and reports every difference from what the app's decoders and the
//! recorded vectors expect. The same crate writes `public/catalog-snapshot.json` from fetched
//! catalogs ([`snapshot`]), after the same shape checks.
//!
//! Nothing here panics on bad input: every unreadable file or body is a finding.

pub mod catalog;
pub mod check;
pub mod diff;
pub mod response;
pub mod snapshot;
pub mod vectors;

pub use check::{Report, check_dir, newest_stable};
pub use response::Response;

/// A message of the app's core in English: the canary reports in English.
pub(crate) fn english(text: &talos_image_studio::i18n::Text) -> String {
    talos_image_studio::i18n::Messages::english().render(text)
}
