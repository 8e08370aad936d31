//! The native integration test binary: data-driven schematic vectors, property tests and
//! repository invariants.
#![cfg(not(target_arch = "wasm32"))]

mod properties;
mod tidy;
mod vectors;
mod yaml_parity;
