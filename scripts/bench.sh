#!/usr/bin/env bash
# Performance benchmark (figures, not a pass/fail test): builds the release like GitHub
# Pages serves it, then measures in headless Chromium against the local factory stand-in:
# first-load bytes (gzip -9, brotli), navigation → catalog, extension toggle → new ID and
# links, search keystroke → list, and sequential factory round trips. Prints median and p95
# over STUDIO_BENCH_RUNS runs (default 20; STUDIO_BENCH_DELAY_MS=N delays every factory route by
# N ms for (b), a factory that is not on loopback) and compares them with the budgets; the report
# is also written to tests/e2e-artifacts/bench.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}"
export TRUNK_SKIP_VERSION_CHECK=true

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  trunk build --release --features split --public-url /talos-image-studio/
fi
STUDIO_BENCH=1 cargo test --locked -p talos-image-studio --test e2e -- \
  --ignored --exact ship::bench::benchmark --nocapture --test-threads=1
