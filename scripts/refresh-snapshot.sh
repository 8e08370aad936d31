#!/usr/bin/env bash
# Refreshes public/catalog-snapshot.json, the offline catalog shipped with the build, from a
# live factory: /versions, then the extension and overlay catalogs of the versions the
# snapshot keeps (latest release of the newest three minors, and the newest pre-release).
# factory-contract (contract/) checks every body as the canary does and writes the snapshot
# with the fields the app reads and without digests; the date is today's (UTC).
#
# Usage: scripts/refresh-snapshot.sh [FACTORY_URL]   (default https://factory.talos.dev)
#        scripts/refresh-snapshot.sh --recorded      rebuild it from tests/data/factory
# SNAPSHOT_OUTPUT: the file to replace (default public/catalog-snapshot.json; the tests
# point it at a copy).
#
# The file is replaced only when everything was fetched and checked; otherwise the
# committed snapshot stays, the reason goes to stderr (and to $GITHUB_STEP_SUMMARY in a
# GitHub Actions job) and the exit status is 1.
set -euo pipefail
cd "$(dirname "$0")/.."

# FACTORY_CONTRACT: a built factory-contract binary (the tests pass theirs), else cargo run.
contract() {
  if [ -n "${FACTORY_CONTRACT:-}" ]; then
    "$FACTORY_CONTRACT" "$@"
  else
    cargo run -q --locked -p factory-contract -- "$@"
  fi
}

summary() {
  echo "$*" >&2
  if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
    echo "$*" >>"$GITHUB_STEP_SUMMARY"
  fi
}

output="${SNAPSHOT_OUTPUT:-public/catalog-snapshot.json}"
if [ "${1:-}" = "--recorded" ]; then
  contract snapshot tests/data/factory 2026-08-21 "$output"
  exit 0
fi

factory="${1:-https://factory.talos.dev}"
factory="${factory%/}"
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
mkdir -p "$data/extensions" "$data/overlays"

kept() {
  summary "Catalog snapshot: $1; kept the committed snapshot (taken $(sed -n 's/^  "taken": "\(.*\)",$/\1/p' "$output"))."
  exit 1
}

get() {
  curl -fsS --max-time 60 --retry 2 "$factory$1" -o "$2" || kept "GET $factory$1 failed"
}

get /versions "$data/versions.json"
contract snapshot-needed "$data" >"$data/needed.txt" || kept "$factory/versions did not pass the checks"
while read -r version; do
  [ -n "$version" ] || continue
  get "/version/$version/extensions/official" "$data/extensions/$version.json"
  get "/version/$version/overlays/official" "$data/overlays/$version.json"
done <"$data/needed.txt"
contract snapshot "$data" "$(date -u +%Y-%m-%d)" "$data/snapshot.json" \
  || kept "the catalogs of $factory did not pass the checks"
mv "$data/snapshot.json" "$output"
summary "Catalog snapshot: refreshed from $factory on $(date -u +%Y-%m-%d) ($(paste -sd ' ' "$data/needed.txt"))."
