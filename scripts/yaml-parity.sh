#!/usr/bin/env bash
# Decode parity with the factory's Go decoder: generates a corpus (tests/it/yaml_parity.rs),
# answers it with the Go oracle (scripts/record-vectors, `go run . oracle`), and compares the
# app's Schematic::from_text with the answers, printing the agreement by cause.
#
#   scripts/yaml-parity.sh [compare]   # STUDIO_PARITY_SEED (1), STUDIO_PARITY_COUNT (22000)
#   scripts/yaml-parity.sh record      # re-records tests/data/vectors/yaml-parity.json
#
# Needs Go >= 1.18 and a checkout of github.com/yaml/go-yaml at tag v4.0.0-rc.6 in
# target/go-yaml-v4.0.0-rc.6 (or GO_YAML_DIR=<checkout>, linked there). No network: GOPROXY=off.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
mode=${1:-compare}
if [[ -n "${GO_YAML_DIR:-}" ]]; then
  mkdir -p target && ln -sfn "$GO_YAML_DIR" target/go-yaml-v4.0.0-rc.6
fi
export STUDIO_PARITY_DIR=${STUDIO_PARITY_DIR:-$root/target/yaml-parity}
if [[ $mode == record ]]; then
  export STUDIO_PARITY_SEED=${STUDIO_PARITY_SEED:-20260}
  export STUDIO_PARITY_COUNT=${STUDIO_PARITY_COUNT:-3300}
  export STUDIO_PARITY_DIR=$STUDIO_PARITY_DIR/record
fi
mkdir -p "$STUDIO_PARITY_DIR"
cargo test -q -p talos-image-studio --test it yaml_parity_corpus -- --ignored --exact yaml_parity::yaml_parity_corpus >/dev/null
(cd scripts/record-vectors && GOPROXY=off GOFLAGS=-mod=mod go build -o "$STUDIO_PARITY_DIR/oracle" .)
"$STUDIO_PARITY_DIR/oracle" oracle < "$STUDIO_PARITY_DIR/inputs.jsonl" > "$STUDIO_PARITY_DIR/answers.jsonl"
if [[ $mode == record ]]; then
  python3 scripts/record-vectors/merge-parity.py "$STUDIO_PARITY_DIR" "$(go version)" \
    tests/data/vectors/yaml-parity.json
  exit 0
fi
cargo test -q -p talos-image-studio --test it yaml_parity_compare -- --ignored --nocapture --exact yaml_parity::yaml_parity_compare
