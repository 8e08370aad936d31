// Trunk post_build hook (see Trunk.toml), run with $TRUNK_STAGING_DIR set:
//  1. Content-Security-Policy: Trunk writes its wasm loader as an inline
//     `<script type="module">`. The policy in index.html names it with the placeholder
//     'sha256-INLINE-LOADER'; this replaces the placeholder with the real hash of every inline
//     script, so script-src needs no 'unsafe-inline'. Without this hook the placeholder stays
//     and the browser refuses the loader: the policy fails closed.
//  2. GitHub Pages: unknown paths serve 404.html, which is the app itself (deep links);
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
const html = readFileSync(indexPath, "utf8");

const placeholder = "'sha256-INLINE-LOADER'";
if (!html.includes(placeholder)) {
  console.error(`post-build: index.html has no ${placeholder} in its Content-Security-Policy`);
  process.exit(1);
}

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
console.log(`post-build: CSP script hashes ${hashes.join(" ")}; wrote 404.html and .nojekyll`);
