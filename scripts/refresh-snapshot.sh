#!/usr/bin/env bash
# Refreshes public/catalog-snapshot.json, the offline catalog shipped with the build, from a
# live factory: /versions, then the extension and overlay catalogs of the versions the
# snapshot keeps (latest release of the newest three minors, and the newest pre-release).
# Usage: scripts/refresh-snapshot.sh [FACTORY_URL]   (default https://factory.talos.dev)
set -euo pipefail
cd "$(dirname "$0")/.."
factory="${1:-https://factory.talos.dev}"
factory="${factory%/}"
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
mkdir -p "$data/extensions" "$data/overlays"
curl -fsS "$factory/versions" -o "$data/versions.json"
cargo run -q --example make_snapshot -- --needed "$data" > "$data/needed.txt"
while read -r version; do
  [ -n "$version" ] || continue
  curl -fsS "$factory/version/$version/extensions/official" -o "$data/extensions/$version.json"
  curl -fsS "$factory/version/$version/overlays/official" -o "$data/overlays/$version.json"
done < "$data/needed.txt"
cargo run -q --example make_snapshot -- "$data" "$(date -u +%Y-%m-%d)" public/catalog-snapshot.json
