#!/usr/bin/env bash
# The factory contract canary: fetches the read-only endpoints the app relies on from a
# factory, then checks them with the app's own decoders (factory-contract, contract/):
#   /versions                                   decodes, ascending by semver precedence
#   /version/<newest release>/extensions|overlays/official   decode, exact wire shape
#   /schematics/<id> for recorded vectors        body hashes to the ID, equals the vector
#   /openapi.yaml (optional)                     names every schematic field the app writes
# and Access-Control-Allow-Origin on every GET (each is sent with an Origin header).
# Read-only: GET requests only.
#
# Usage: scripts/factory-canary.sh FACTORY_URL
#   CANARY_DIR=DIR          keep the fetched files in DIR (default: a temporary directory)
#   CANARY_FETCH_ONLY=1     fetch into CANARY_DIR and stop (the tests change files, then check)
#   CANARY_CHECK_ONLY=1     check CANARY_DIR as it is, without fetching
# Exit status: 0 no drift, 1 drift (the report is on stdout), 2 usage or fetch error.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -ne 1 ]; then
  echo "usage: scripts/factory-canary.sh FACTORY_URL" >&2
  exit 2
fi
factory="${1%/}"
origin="https://canary.talos-image-studio.invalid"

# FACTORY_CONTRACT: a built factory-contract binary (the tests pass theirs), else cargo run.
contract() {
  if [ -n "${FACTORY_CONTRACT:-}" ]; then
    "$FACTORY_CONTRACT" "$@"
  else
    cargo run -q --locked -p factory-contract -- "$@"
  fi
}

if [ -n "${CANARY_DIR:-}" ]; then
  dir=$CANARY_DIR
  mkdir -p "$dir"
else
  dir=$(mktemp -d)
  trap 'rm -rf "$dir"' EXIT
fi

# fetch NAME PATH: GET $factory$PATH into $dir/NAME.headers and $dir/NAME.body. A response
# of any status is kept (the checker reports it); only a failed connection stops the run.
fetch() {
  local name=$1 path=$2
  if ! curl -sS --max-time 60 --retry 2 -H "Origin: $origin" \
    -D "$dir/$name.headers" -o "$dir/$name.body" "$factory$path"; then
    echo "factory-canary: GET $factory$path failed (see curl's message above)" >&2
    exit 2
  fi
}

if [ "${CANARY_CHECK_ONLY:-0}" != 1 ]; then
  contract schematic-ids >"$dir/schematic-ids"
  fetch versions /versions
  if ! contract newest-stable "$dir/versions.body" >"$dir/catalog-version"; then
    echo "factory-canary: /versions names no release; checking what came" >&2
    rm -f "$dir/catalog-version"
  fi
  if [ -s "$dir/catalog-version" ]; then
    version=$(cat "$dir/catalog-version")
    fetch extensions "/version/$version/extensions/official"
    fetch overlays "/version/$version/overlays/official"
  fi
  while read -r id; do
    fetch "schematic-$id" "/schematics/$id"
  done <"$dir/schematic-ids"
  fetch openapi /openapi.yaml
fi

if [ "${CANARY_FETCH_ONLY:-0}" = 1 ]; then
  exit 0
fi
contract check "$dir"
