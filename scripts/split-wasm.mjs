// The release build's wasm, made from the linker's output instead of Trunk's (called by
// scripts/post-build.mjs; README, "Code splitting"):
//
//   cargo's .wasm (linked with --emit-relocs, .cargo/config.toml)
//     → wasm-split-cli (crate wasm_split_cli_support): the main module, one .wasm per split
//       point of src/ui/chunks.rs (and shared chunks), and __wasm_split.js that loads them
//     → wasm-bindgen --keep-lld-exports (the chunks link against the main module's exports)
//     → wasm-opt -Oz on every .wasm (Trunk's own wasm-opt is off: data-wasm-opt="0", because
//       binaryen cannot optimise a module that still has its linking section)
//     → names with a digest of their content (the split loader's with the build's digest),
//       and every chunk fetched with its Subresource Integrity digest.
//
// Without the feature `split` the same steps run and give one module.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";

const digest = (bytes) => createHash("sha256").update(bytes).digest("hex").slice(0, 16);
export const sri = (bytes) => `sha384-${createHash("sha384").update(bytes).digest("base64")}`;

const run = (command, args) => {
  try {
    execFileSync(command, args, { stdio: ["ignore", "inherit", "inherit"] });
  } catch (error) {
    throw new Error(`${command} failed (${error.message}); scripts/setup.sh installs it`);
  }
};

// The same flags as Trunk's data-wasm-opt="z" (see scripts/size-report.sh).
const optimise = (input, output) =>
  run("wasm-opt", [
    "-Oz", "--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--enable-reference-types",
    "--enable-sign-ext", "--enable-mutable-globals", "--enable-multivalue", input, "-o", output,
  ]);

/// Cargo's output directory for the wasm target and `profile` (`release` or `debug`).
export function cargoProfileDir(sourceDir, profile) {
  const metadata = JSON.parse(
    execFileSync("cargo", ["metadata", "--format-version", "1", "--no-deps", "--offline"], {
      cwd: sourceDir,
      encoding: "utf8",
      maxBuffer: 64 << 20,
    }),
  );
  const dir = profile === "release" ? "release" : "debug";
  return join(metadata.target_directory, "wasm32-unknown-unknown", dir);
}

/// The crate's linked wasm, as cargo left it for Trunk.
function cargoWasm(sourceDir, profile) {
  return join(cargoProfileDir(sourceDir, profile), "talos_image_studio.wasm");
}

/// Rebuilds the app's JS and wasm in `staging` from cargo's output, replacing Trunk's files
/// (`jsHref` and `wasmHref` in `html`); returns the new page and the names written.
export function splitBuild({ staging, sourceDir, html, jsHref, wasmHref, profile }) {
  const input = cargoWasm(sourceDir, profile);
  const trunkWasm = join(staging, basename(wasmHref));
  if (statSync(input).mtimeMs > statSync(trunkWasm).mtimeMs + 1000) {
    throw new Error(`${input} is newer than Trunk's output: not the build Trunk just made`);
  }
  const work = mkdtempSync(join(tmpdir(), "studio-split-"));
  try {
    const split = join(work, "split");
    run("wasm-split-cli", [input, split, "--target", "web", "--out-name", "main"]);
    const chunks = readdirSync(split).filter((name) => name.endsWith(".wasm") && name !== "main.wasm");
    const bindgen = join(work, "bindgen");
    run("wasm-bindgen", [
      "--target", "web", "--no-typescript", "--keep-lld-exports", "--no-demangle",
      "--out-dir", bindgen, "--out-name", "main", join(split, "main.wasm"),
    ]);

    const prefix = wasmHref.slice(0, wasmHref.lastIndexOf("/") + 1);
    const written = [];
    const write = (name, bytes) => {
      writeFileSync(join(staging, name), bytes);
      written.push(name);
    };

    optimise(join(bindgen, "main_bg.wasm"), join(work, "main.opt.wasm"));
    const mainWasm = readFileSync(join(work, "main.opt.wasm"));
    const mainWasmName = `talos-image-studio-${digest(mainWasm)}_bg.wasm`;
    write(mainWasmName, mainWasm);

    // Chunks: optimised, named by content; the loader fetches each with its digest.
    let loader = chunks.length ? readFileSync(join(split, "__wasm_split.js"), "utf8") : null;
    const chunkDigests = [];
    for (const chunk of chunks.sort()) {
      optimise(join(split, chunk), join(work, `${chunk}.opt`));
      const bytes = readFileSync(join(work, `${chunk}.opt`));
      const name = `${chunk.replace(/\.wasm$/, "")}-${digest(bytes)}.wasm`;
      write(name, bytes);
      chunkDigests.push(digest(bytes));
      const fetchOf = `fetch(new URL("./${chunk}", import.meta.url))`;
      const count = loader.split(fetchOf).length - 1;
      if (count !== 1) {
        throw new Error(`__wasm_split.js fetches ${chunk} ${count} times, expected once (wasm-split-cli changed?)`);
      }
      loader = loader.replace(
        fetchOf,
        `fetch(new URL("./${name}", import.meta.url), { integrity: "${sri(bytes)}" })`,
      );
    }

    let mainJs = readFileSync(join(bindgen, "main.js"), "utf8");
    let loaderName = null;
    if (loader !== null) {
      // Named by the build (main wasm and chunks), so two builds never share a loader name;
      // its content names the main JS, whose name depends on the loader's: no cycle.
      loaderName = `wasm-split-${digest([digest(mainWasm), ...chunkDigests].join(" "))}.js`;
      // Only the import statements: the wasm's import object keeps the module's own name.
      for (const quote of ["'", '"']) {
        mainJs = mainJs.split(`from ${quote}./__wasm_split.js${quote}`).join(`from ${quote}./${loaderName}${quote}`);
      }
      if (!mainJs.includes(`./${loaderName}`)) {
        throw new Error("the wasm-bindgen output does not import ./__wasm_split.js (wasm-split-cli changed?)");
      }
    }
    const mainJsName = `talos-image-studio-${digest(mainJs)}.js`;
    write(mainJsName, mainJs);
    let loaderIntegrity = null;
    if (loader !== null) {
      const from = 'from "./main.js"';
      if (!loader.includes(from)) throw new Error("__wasm_split.js does not import ./main.js (wasm-split-cli changed?)");
      loader = loader.replace(from, `from "./${mainJsName}"`);
      write(loaderName, loader);
      loaderIntegrity = sri(Buffer.from(loader, "utf8"));
    }

    // The page: Trunk's names → ours, with their digests.
    rmSync(join(staging, basename(jsHref)));
    rmSync(trunkWasm);
    const replaceLink = (page, href, newHref, integrity) => {
      const tag = [...page.matchAll(/<link\b[^>]*>/gi)].map((m) => m[0]).find((t) => t.includes(href));
      if (!tag) throw new Error(`no <link> for ${href} in index.html (Trunk's output changed?)`);
      const updated = tag.replace(href, newHref).replace(/integrity=("[^"]*"|'[^']*'|[^\s>]+)/, `integrity="${integrity}"`);
      return page.replace(tag, updated);
    };
    let page = replaceLink(html, jsHref, prefix + mainJsName, sri(Buffer.from(mainJs, "utf8")));
    page = replaceLink(page, wasmHref, prefix + mainWasmName, sri(mainWasm));
    page = page.split(jsHref).join(prefix + mainJsName).split(wasmHref).join(prefix + mainWasmName);
    if (loaderName) {
      // Fetched with the page's other modules, and checked: the main JS imports it by name.
      page = page.replace(
        "</head>",
        `<link rel="modulepreload" crossorigin href="${prefix}${loaderName}" integrity="${loaderIntegrity}"></head>`,
      );
    }
    return { html: page, wasmHref: prefix + mainWasmName, wasmIntegrity: sri(mainWasm), written, chunks: chunks.length };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
