// Trunk post_build hook (see Trunk.toml), run with $TRUNK_STAGING_DIR set:
//  0. Release builds: the wasm and its JS rebuilt from cargo's output, split into chunks
//     when the feature `split` is on (scripts/split-wasm.mjs).
//  1. Subresource Integrity for the wasm, which the browser would otherwise not check.
//  2. No inline script: Trunk writes its wasm loader as an inline `<script type="module">`.
//     This moves it into its own file, named by its digest and loaded with integrity=, so
//     the Content-Security-Policy in index.html allows only this site's files
//     (script-src 'self' 'wasm-unsafe-eval'). An inline script left in the page would be
//     refused by that policy, so the build fails here instead.
//  3. GitHub Pages: unknown paths serve 404.html, which is the app itself (deep links);
//     .nojekyll keeps Pages from running Jekyll over the build.
//  4. The locale files (locales/<tag>.json but English) beside the page, named by digest.
//  5. Release builds: the service worker (scripts/service-worker.js) as sw.js, with this
//     build's name and every file's integrity digest (the locale files among them), and its registration at the end of
//     the loader (debug builds for `trunk serve` get neither, so a reload shows the edit).
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { cargoProfileDir, splitBuild, sri } from "./split-wasm.mjs";

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error("post-build: TRUNK_STAGING_DIR is not set (run through trunk build)");
  process.exit(1);
}
const indexPath = join(staging, "index.html");
let html = readFileSync(indexPath, "utf8");

// Subresource Integrity for the wasm: Trunk marks the wasm preload with integrity=, but
// browsers ignore integrity on `as=fetch` preloads and the loader fetches the wasm by URL, so
// nothing would check it. The loader gets the same digest: fetch(url, { integrity }) refuses
// a wasm that does not match (and still reuses the preloaded response).
const attributes = (tag) => {
  const found = {};
  for (const m of tag.matchAll(/([\w-]+)(?:=("[^"]*"|'[^']*'|[^\s>]+))?/g)) {
    found[m[1].toLowerCase()] = (m[2] ?? "").replace(/^["']|["']$/g, "");
  }
  return found;
};
const findLinks = () => {
  const links = [...html.matchAll(/<link\b[^>]*>/gi)].map((m) => attributes(m[0].slice(5, -1)));
  return {
    wasm: links.find((a) => a.rel === "preload" && /\.wasm$/.test(a.href ?? "") && /^sha(256|384|512)-/.test(a.integrity ?? "")),
    js: links.find((a) => a.rel === "modulepreload" && /talos-image-studio-[0-9a-f]+\.js$/.test(a.href ?? "")),
  };
};
let { wasm: wasmLink, js: jsLink } = findLinks();
if (!wasmLink || !jsLink) {
  console.error("post-build: no wasm preload with an integrity attribute, or no modulepreload of the app's JS (Trunk's output changed?)");
  process.exit(1);
}
const releaseBuild = process.env.TRUNK_PROFILE === "release";
if (releaseBuild) {
  try {
    const rebuilt = splitBuild({
      staging,
      sourceDir: process.env.TRUNK_SOURCE_DIR ?? process.cwd(),
      html,
      jsHref: jsLink.href,
      wasmHref: wasmLink.href,
      profile: process.env.TRUNK_PROFILE,
    });
    html = rebuilt.html;
    ({ wasm: wasmLink } = findLinks());
    console.log(`post-build: wasm rebuilt from cargo's output, ${rebuilt.chunks} chunk(s): ${rebuilt.written.join(", ")}`);
  } catch (error) {
    console.error(`post-build: ${error.message}`);
    process.exit(1);
  }
} else if (readFileSync(join(staging, jsLink.href.slice(jsLink.href.lastIndexOf("/") + 1)), "utf8").includes("__wasm_split_placeholder__")) {
  console.error("post-build: the feature `split` needs a release build (trunk build --release --features split)");
  process.exit(1);
}
const byUrl = `module_or_path: '${wasmLink.href}'`;
if (!html.includes(byUrl)) {
  console.error(`post-build: the loader does not contain ${byUrl} (Trunk's loader changed?)`);
  process.exit(1);
}
html = html.replace(
  byUrl,
  `module_or_path: fetch('${wasmLink.href}', { integrity: '${wasmLink.integrity}' })`,
);

// The loader, out of the page: written beside the wasm (same public URL prefix) as
// loader-<digest>.js, and referenced with its SRI digest.
const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)].filter(
  (match) => !/\bsrc\s*=/i.test(match[1]),
);
if (inline.length !== 1 || !/\btype\s*=\s*["']?module\b/i.test(inline[0][1])) {
  console.error(
    `post-build: expected exactly one inline script, Trunk's module loader; found ${inline.length} (Trunk's output changed?)`,
  );
  process.exit(1);
}
const [loaderTag, , inlineSource] = inline[0];
const release = releaseBuild;
const prefixOf = (href) => href.slice(0, href.lastIndexOf("/") + 1);
// The service worker's registration, after the app has started (its listener for
// "studio-update-ready" is in place). A waiting build is offered, and activated only when
// the page says "studio-update-accept"; the page then reloads on it.
const registration = `
if ("serviceWorker" in navigator) {
  const scope = ${JSON.stringify(prefixOf(wasmLink.href))};
  let accepted = false;
  const offer = () => dispatchEvent(new CustomEvent("studio-update-ready"));
  const watch = (worker) => worker && worker.addEventListener("statechange", () => {
    if (worker.state === "installed" && navigator.serviceWorker.controller) offer();
  });
  // Five seconds after start, when idle: the first visit's own work (catalogs, rendering,
  // the presence check) goes first; the worker's copy of the build (every file fetched and
  // hashed) after. Measured: registering at the first idle moment, which comes while the
  // catalog is still on its way, slowed the first visit's catalog by tens of ms.
  const register = () => navigator.serviceWorker.register(scope + "sw.js", { scope }).then((registration) => {
    if (registration.waiting && navigator.serviceWorker.controller) offer();
    watch(registration.installing);
    registration.addEventListener("updatefound", () => watch(registration.installing));
    // Look for a new deployment on every visit (a failed check changes nothing).
    registration.update().catch(() => {});
  }, (error) => console.warn("service worker not registered:", error));
  setTimeout(() => {
    if ("requestIdleCallback" in window) requestIdleCallback(register, { timeout: 3000 });
    else register();
  }, 5000);
  addEventListener("studio-update-accept", () => {
    accepted = true;
    navigator.serviceWorker.getRegistration(scope).then((registration) => {
      if (registration && registration.waiting) registration.waiting.postMessage("activate-new-build");
      else location.reload();
    });
  });
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (accepted) location.reload();
  });
}
`;
const loaderSource = release ? inlineSource + registration : inlineSource;
const loaderName = `loader-${createHash("sha256").update(loaderSource, "utf8").digest("hex").slice(0, 16)}.js`;
const loaderIntegrity = `sha384-${createHash("sha384").update(loaderSource, "utf8").digest("base64")}`;
const prefix = prefixOf(wasmLink.href);
writeFileSync(join(staging, loaderName), loaderSource);
html = html.replace(
  loaderTag,
  `<script type="module" src="${prefix}${loaderName}" integrity="${loaderIntegrity}"></script>`,
);

writeFileSync(indexPath, html);
copyFileSync(indexPath, join(staging, "404.html"));

// The locales other than English (compiled into the wasm), each fetched on demand as
// locale-<tag>-<first 16 hex of its SHA-256>.json with its SHA-384 integrity digest. build.rs
// writes these files (the messages as the page reads them) into its OUT_DIR and compiles
// their names and digests into the wasm, so a file that does not match is refused. The files
// copied are exactly the ones the built wasm names, from the build directory of the profile
// just built (an older build's files, with other names, are left there).
{
  const named = new Set();
  for (const name of readdirSync(staging)) {
    if (!name.endsWith(".wasm")) continue;
    const text = readFileSync(join(staging, name)).toString("latin1");
    for (const m of text.matchAll(/locale-[a-z]{2,3}(?:-[A-Za-z0-9]+)*-[0-9a-f]{16}\.json/g)) named.add(m[0]);
  }
  const buildDir = join(cargoProfileDir(process.env.TRUNK_SOURCE_DIR ?? process.cwd(), process.env.TRUNK_PROFILE), "build");
  const outDirs = readdirSync(buildDir)
    .filter((name) => name.startsWith("talos-image-studio-"))
    .map((name) => join(buildDir, name, "out"));
  const expected = readdirSync(join(dirname(fileURLToPath(import.meta.url)), "..", "locales")).filter(
    (name) => name.endsWith(".json") && name !== "en.json",
  ).length;
  if (named.size !== expected) {
    console.error(`post-build: the wasm names ${named.size} locale file(s), locales/ has ${expected} besides English`);
    process.exit(1);
  }
  for (const name of [...named].sort()) {
    const source = outDirs.map((dir) => join(dir, name)).find((path) => existsSync(path));
    const bytes = source && readFileSync(source);
    if (!bytes || createHash("sha256").update(bytes).digest("hex").slice(0, 16) !== name.slice(-21, -5)) {
      console.error(`post-build: ${name} (named by the wasm) is not in ${buildDir}/talos-image-studio-*/out`);
      process.exit(1);
    }
    writeFileSync(join(staging, name), bytes);
  }
}
writeFileSync(join(staging, ".nojekyll"), "");

if (release) {
  // index.html is the navigation answer, stored under the scope itself.
  const files = [[prefix, sri(readFileSync(indexPath))]];
  for (const name of readdirSync(staging).sort()) {
    if (["index.html", "404.html", ".nojekyll", "sw.js"].includes(name)) continue;
    files.push([prefix + name, sri(readFileSync(join(staging, name)))]);
  }
  const build = createHash("sha256").update(JSON.stringify(files)).digest("hex").slice(0, 16);
  const template = readFileSync(join(dirname(fileURLToPath(import.meta.url)), "service-worker.js"), "utf8");
  writeFileSync(
    join(staging, "sw.js"),
    `const BUILD = ${JSON.stringify(build)};\nconst FILES = ${JSON.stringify(files, null, 1)};\n${template}`,
  );
  console.log(`post-build: sw.js for build ${build} (${files.length} files)`);
}
console.log(`post-build: wasm fetched with integrity; loader moved to ${loaderName}; wrote 404.html and .nojekyll`);
