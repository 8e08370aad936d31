#!/usr/bin/env bash
# Installs what is missing (scripts/setup.sh), then serves the app at http://127.0.0.1:8080/,
# rebuilding on changes. The app talks to https://factory.talos.dev by default; without
# internet it shows the catalog snapshot shipped with the build.
#   scripts/serve.sh            the real factory
#   scripts/serve.sh --standin  also start the in-repo factory stand-in on :8081 and open the
#                               app against it (no internet needed at all)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true

url="http://127.0.0.1:8080/"
if [ "${1:-}" = "--standin" ]; then
  cargo build -q -p factory-standin
  target/debug/factory-standin --port 8081 --data tests/data/factory &
  standin_pid=$!
  trap 'kill "$standin_pid" 2>/dev/null || true' EXIT
  url="http://127.0.0.1:8080/?factory=http://127.0.0.1:8081"
fi
printf '\n  Talos Image Studio: %s\n\n' "$url"
trunk serve --address 127.0.0.1 --port 8080
