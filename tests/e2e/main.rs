//! End-to-end tests: the release build in headless Chromium against the factory stand-in.
//! `#[ignore]`d so that a plain `cargo test` stays fast and needs no browser; scripts/test.sh
//! runs them with `-- --ignored` after `trunk build --release --features split`.
#![cfg(not(target_arch = "wasm32"))]

mod builder;
mod expected;
mod factory_changes;
mod faults;
mod foundation;
mod harness;
mod i18n;
mod import_parity;
mod offline_and_js;
mod outputs;
mod proxmox;
mod result_first;
mod service_worker;
mod ship;
mod task_costs;
mod upgrade;
