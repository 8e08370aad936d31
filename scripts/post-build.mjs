// Trunk post_build hook (see Trunk.toml), run with $TRUNK_STAGING_DIR set:
//  1. Content-Security-Policy: Trunk writes its wasm loader as an inline
//     `<script type="module">`. The policy in index.html names it with the placeholder
//     'sha256-INLINE-LOADER'; this replaces the placeholder with the real hash of every inline
//     script, so script-src needs no 'unsafe-inline'. Without this hook the placeholder stays
//     and the browser refuses the loader: the policy fails closed.
//  2. Subresource Integrity for the wasm, which the browser would otherwise not check.
//  3. GitHub Pages: unknown paths serve 404.html, which is the app itself (deep links);
//     .nojekyll keeps Pages from running Jekyll over the build.
import { createHash } from "node:crypto";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error("post-build: TRUNK_STAGING_DIR is not set (run through trunk build)");
  process.exit(1);
}
const indexPath = join(staging, "index.html");
let html = readFileSync(indexPath, "utf8");

const placeholder = "'sha256-INLINE-LOADER'";
if (!html.includes(placeholder)) {
  console.error(`post-build: index.html has no ${placeholder} in its Content-Security-Policy`);
  process.exit(1);
}

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
const wasmLink = [...html.matchAll(/<link\b[^>]*>/gi)]
  .map((m) => attributes(m[0].slice(5, -1)))
  .find((a) => a.rel === "preload" && /\.wasm$/.test(a.href ?? "") && /^sha(256|384|512)-/.test(a.integrity ?? ""));
if (!wasmLink) {
  console.error("post-build: no wasm preload with an integrity attribute (Trunk's output changed?)");
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

// Inline scripts: <script ...> without a src attribute, up to the first </script>.
const hashes = [];
for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
  const attributes = match[1];
  if (/\bsrc\s*=/i.test(attributes)) continue;
  const digest = createHash("sha256").update(match[2], "utf8").digest("base64");
  hashes.push(`'sha256-${digest}'`);
}
if (hashes.length === 0) {
  console.error("post-build: no inline script found (did Trunk stop inlining its loader?)");
  process.exit(1);
}

const out = html.split(placeholder).join(hashes.join(" "));
writeFileSync(indexPath, out);
copyFileSync(indexPath, join(staging, "404.html"));
writeFileSync(join(staging, ".nojekyll"), "");
console.log(`post-build: wasm fetched with integrity; CSP script hashes ${hashes.join(" ")}; wrote 404.html and .nojekyll`);
