//! The only module that touches the network: the factory's read-only endpoints, the
//! fire-and-forget schematic creation (a `no-cors` POST, whose reply a browser may never
//! read), the catalog snapshot and the locale files shipped with the build. Every request has a timeout and
//! every failure becomes a [`FactoryError`] that says what failed.

mod client;
mod endpoints;

pub use client::{FactoryClient, FactoryError, Fetched, fetch_locale_file, fetch_snapshot};
pub use endpoints::Endpoints;
