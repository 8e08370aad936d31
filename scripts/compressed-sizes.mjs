// Raw, gzip -9 and brotli (quality 11) sizes of files, by node's zlib: the first-load measure
// of budget (a), shared by scripts/bench.sh (tests/e2e/ship/bench.rs) and scripts/size-report.sh.
// Usage: node scripts/compressed-sizes.mjs DIR FILE... ; prints a JSON array of
// {name, raw, gzip, brotli}, one per FILE (a path inside DIR).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const [dir, ...files] = process.argv.slice(2);
const sizes = files.map((name) => {
  const data = readFileSync(join(dir, name));
  return {
    name,
    raw: data.length,
    gzip: gzipSync(data, { level: 9 }).length,
    brotli: brotliCompressSync(data, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    }).length,
  };
});
process.stdout.write(JSON.stringify(sizes));
