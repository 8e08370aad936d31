#!/usr/bin/env bash
# Where the first-load bytes go (README, "Performance", budget (a)). Builds the wasm the way
# the release does (release profile, wasm-bindgen, wasm-opt -Oz from binaryen 132) and prints
# its size raw, gzip -9 and brotli -q 11 (node's zlib; KB = 1024 bytes, as in scripts/bench.sh),
# then the same for reduced variants of the app built from a scratch copy of the sources. The
# variants bound what lazy loading can save:
#
#   full           the app as shipped
#   first-screen   no presets, import, customization or outputs panel and no JavaScript API:
#                  what a perfect code split would still load first
#   minimal        only the header, target and version steps, and no schematic ID
#   loaders-only   AppState (with the schematic ID), the URL sync and the factory loaders;
#                  the page is one paragraph; no JavaScript API
#   empty-leptos   a Leptos app that renders one paragraph
#
# SIZE_REPORT_VARIANTS="full minimal" builds only the variants named.
# With twiggy on PATH (`cargo install twiggy`) it also prints the code and data bytes per crate
# of the full build. Needs the tools scripts/setup.sh installs, and python3. The first run builds
# every dependency once into target/size-report (a few minutes); later runs take about a
# minute per variant.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

export PATH="$root/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_DIR="$root/target/size-report"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Same wasm-opt invocation as Trunk's `data-wasm-opt="z"` (the output is byte-identical).
optimise() {
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-reference-types --enable-sign-ext --enable-mutable-globals --enable-multivalue \
    "$@"
}

# build DIR NAME: the optimised wasm of the crate in DIR, written to $work/NAME.wasm (and,
# for twiggy, $work/NAME.named.wasm with the function names kept).
build() {
  local dir=$1 name=$2
  # The reduced variants leave items unused (that is the point): their warnings are noise,
  # so the compiler output is shown only when the build fails.
  if ! (cd "$dir" && cargo build --locked --offline --release --target wasm32-unknown-unknown \
    --lib >"$work/$name.log" 2>&1); then
    cat "$work/$name.log" >&2
    exit 1
  fi
  # As scripts/split-wasm.mjs does: wasm-split first (it also drops the linking section
  # that --emit-relocs leaves, which binaryen cannot optimise around); the size is the
  # main module's, without the feature `split` the whole app.
  rm -rf "$work/bindgen" "$work/split"
  wasm-split-cli "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/talos_image_studio.wasm" \
    "$work/split" --target web --out-name main
  wasm-bindgen --target web --keep-lld-exports --out-dir "$work/bindgen" "$work/split/main.wasm"
  optimise "$work/bindgen/main_bg.wasm" -o "$work/$name.wasm"
  if command -v twiggy >/dev/null 2>&1; then
    optimise -g "$work/bindgen/main_bg.wasm" -o "$work/$name.named.wasm"
  fi
}

# sizes WASM: one line of raw, gzip -9 and brotli sizes in KB (scripts/compressed-sizes.mjs).
sizes() {
  node scripts/compressed-sizes.mjs "$(dirname "$1")" "$(basename "$1")" | python3 -c '
import json, sys
[size] = json.load(sys.stdin)
print("  ".join(f"{size[key] / 1024:6.1f} KB {label}" for key, label in
                (("raw", "raw"), ("gzip", "gzip"), ("brotli", "brotli"))))
'
}

# variant NAME: copies the sources, applies NAME's edits (below) and builds.
variant() {
  local name=$1 dir="$work/src-$1"
  mkdir -p "$dir"
  cp -r Cargo.toml Cargo.lock src standin .cargo "$dir/"
  python3 - "$dir" "$name" <<'PY'
import pathlib, sys

root, name = pathlib.Path(sys.argv[1]), sys.argv[2]

def edit(path, old, new):
    file = root / path
    text = file.read_text()
    if old not in text:
        sys.exit(f"size-report: {path} no longer contains {old!r}; update the variant edits")
    file.write_text(text.replace(old, new, 1))

def drop_panels(*panels):
    for panel in panels:
        edit("src/ui/app.rs", f"<{panel} />", "")

def drop_js_api():
    edit("src/lib.rs", "pub mod js;", "")

def only_paragraph():
    app = root / "src/ui/app.rs"
    text = app.read_text()
    start = text.index("    view! {")
    end = text.rindex("}")
    app.write_text(text[:start] + '    let _ = notices;\n    view! { <p>"Talos"</p> }\n' + text[end:])

def no_schematic_id():
    state = root / "src/ui/state.rs"
    text = state.read_text()
    start = text.index("        let computed = Memo::new(move |_| {")
    end = text.index("        AppState {", start)
    stub = ("        let computed = Memo::new(move |_| {\n"
            "            selection.track();\n"
            "            Err::<Computed, String>(String::new())\n"
            "        });\n")
    state.write_text(text[:start] + stub + text[end:])

if name == "first-screen":
    drop_panels("PresetsPanel", "ImportPanel", "CustomizationStep", "OutputsView")
    drop_js_api()
elif name == "minimal":
    drop_panels("PresetsPanel", "ImportPanel", "CustomizationStep", "OutputsView",
                "PlatformStep", "ExtensionsStep", "ResultPanel")
    drop_js_api()
    no_schematic_id()
elif name == "loaders-only":
    only_paragraph()
    drop_js_api()
elif name == "empty-leptos":
    only_paragraph()
    drop_js_api()
    edit("src/ui/app.rs", "    let state = AppState::new();\n    provide_context(state);\n    state.start();\n", "")
    edit("src/ui/app.rs", "    let _ = notices;\n", "")
    app = root / "src/ui/app.rs"
    text = app.read_text()
    start = text.index("    let notices = ")
    end = text.index("    view! {", start)
    app.write_text(text[:start] + text[end:])
elif name != "full":
    sys.exit(f"size-report: unknown variant {name}")
PY
  build "$dir" "$name"
  printf '%-14s %s\n' "$name" "$(sizes "$work/$name.wasm")"
}

cargo fetch --locked >/dev/null
echo "wasm after wasm-opt -Oz (the first load adds about 12.8 KB gzip of js, css and html):"
for name in ${SIZE_REPORT_VARIANTS:-full first-screen minimal loaders-only empty-leptos}; do
  variant "$name"
done

if [ -f "$work/full.named.wasm" ]; then
  echo
  echo "code and data bytes per crate in the full build (twiggy names, after wasm-opt -Oz):"
  twiggy top -n 1000000 -f csv "$work/full.named.wasm" | python3 -c '
import collections, csv, re, sys
totals = collections.Counter()
for row in csv.DictReader(sys.stdin):
    name, size = row["Name"], int(row["ShallowSize"])
    if name.startswith("\"function names\"") or name.startswith("\"data names\""):
        continue
    if name.startswith("data segment"):
        key = "(data segments)"
    elif name.startswith("talos_image_studio::"):
        key = "talos_image_studio::" + name.split("::")[1]
    else:
        match = re.match(r"^<?&?(?:mut )?(?:dyn )?([A-Za-z_][A-Za-z0-9_]*)", name)
        key = match.group(1) if match else "(other)"
        if len(key) <= 2:
            key = "(generic impls)"
    totals[key] += size
for key, size in totals.most_common(25):
    print(f"{size / 1024:8.1f} KB  {key}")
'
fi
