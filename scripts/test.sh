#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs what is missing (scripts/setup.sh),
# then lints (shell scripts, workflows, Rust), native tests (the factory contract canary against
# the stand-in among them), browser component tests (wasm-bindgen-test in headless
# Chromium), the release build, and the end-to-end tests (the built app in headless
# Chromium over WebDriver against the in-repo factory stand-in).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh

export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}"
export TRUNK_SKIP_VERSION_CHECK=true
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

step() { printf '\n\033[1m==> %s\033[0m\n' "$*" >&2; }

step "shellcheck (scripts)"
shellcheck scripts/*.sh .ci/run

step "workflow lint (actionlint, shellcheck on every run: step)"
bash scripts/lint-workflows.sh

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (native)"
cargo clippy --locked --workspace --all-targets -- -D warnings

step "cargo clippy (wasm32)"
cargo clippy --locked -p talos-image-studio --lib --tests --target wasm32-unknown-unknown -- -D warnings
cargo clippy --locked -p talos-image-studio --lib --target wasm32-unknown-unknown --features split -- -D warnings

step "native tests"
cargo test --locked --workspace

step "browser component tests (wasm-bindgen-test, headless Chromium)"
cargo test --locked -p talos-image-studio --target wasm32-unknown-unknown --test browser --test browser_js

step "release build (Trunk, served under a sub-path like GitHub Pages)"
trunk build --release --features split --public-url /talos-image-studio/

step "end-to-end tests (built app + factory stand-in, headless Chromium over WebDriver)"
cargo test --locked -p talos-image-studio --test e2e -- --ignored --test-threads=1
