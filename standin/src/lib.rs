//! factory-standin: a local stand-in for the Talos Image Factory HTTP API, for end-to-end tests
//! and offline development. It answers the factory's routes with the recorded fixtures
//! (`tests/data/factory`), byte for byte where a client can tell, with the factory's CORS
//! behaviour, and lets tests switch faults per route.
//!
//! Codemap:
//! - [`StandIn`] (`standin.rs`): the running server, faults, request log, control endpoints.
//! - `factory.rs`: the route table and the handlers; `catalog.rs`: fixture loading and the
//!   synthesis of lists for versions without a fixture; `schematics.rs`: the schematic store.
//! - `schematic.rs` (+ `schematic/resolve.rs`, `schematic/emit.rs`): the stand-in's own
//!   schematic decoder and canonical emitter, after the factory's Go sources and checked
//!   against the recorded vectors; `tables.rs`, `version.rs`: tables and the version type.
//! - `behaviour.rs`: later factory behaviours (contract validation, `/openapi.yaml`).
//! - `cors.rs`: rs/cors v1.11.1 as the factory configures it.
//! - `image.rs`: asset path grammar, content types, iPXE scripts.
//! - [`serve_static`] (`static_files.rs`): the built app, served like GitHub Pages.
//! - `http.rs`, `server.rs`, `json.rs`: HTTP/1.1 plumbing on std only, Go's JSON encoding.
//!
//! Invariant: it binds loopback addresses only.

mod behaviour;
mod catalog;
mod cors;
mod factory;
mod fault;
mod http;
mod image;
mod json;
mod schematic;
mod schematics;
mod server;
mod standin;
mod static_files;
mod tables;
mod version;

pub use behaviour::Behaviour;
pub use fault::{Fault, Route};
pub use schematic::YamlLibrary;
pub use standin::{LoggedRequest, Options, StandIn};
pub use static_files::{StaticServer, serve_static, serve_static_on};

/// What `POST /schematics` would answer for `body` without a server: `(id, canonical yaml)`,
/// or the 400 message. The ID comes from the stand-in's own emitter (checked against the
/// recorded Go vectors), never from the app's code.
pub fn compute_schematic(body: &[u8], library: YamlLibrary) -> Result<(String, String), String> {
    schematics::decode(body, library).map(|stored| (stored.id, stored.yaml))
}
