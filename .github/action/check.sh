#!/usr/bin/env bash
# Runs citelint for the action. Inputs arrive only as environment variables (never
# interpolated into the script), so a crafted input cannot run code.
set -uo pipefail

args=(check --output "json:${RUNNER_TEMP}/citelint.json")
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  args+=(--output "markdown:${GITHUB_STEP_SUMMARY}.citelint")
fi
if [ -n "${INPUT_SARIF_FILE:-}" ]; then
  args+=(--output "sarif:${INPUT_SARIF_FILE}")
fi
[ -n "${INPUT_FAIL_ON:-}" ] && args+=(--fail-on "${INPUT_FAIL_ON}")
[ -n "${INPUT_SELECT:-}" ] && args+=(--select "${INPUT_SELECT}")
[ -n "${INPUT_IGNORE:-}" ] && args+=(--ignore "${INPUT_IGNORE}")
[ -n "${INPUT_MAILTO:-}" ] && args+=(--mailto "${INPUT_MAILTO}")
[ "${INPUT_CACHE:-true}" = "true" ] || args+=(--no-cache)

paths=()
if [ -n "${INPUT_PATHS:-}" ]; then
  # Split on white space only; no globbing, no command substitution.
  set -f
  read -r -d '' -a paths <<< "${INPUT_PATHS}" || true
  set +f
fi

citelint "${args[@]}" -- "${paths[@]}"
status=$?

if [ -n "${GITHUB_STEP_SUMMARY:-}" ] && [ -f "${GITHUB_STEP_SUMMARY}.citelint" ]; then
  cat "${GITHUB_STEP_SUMMARY}.citelint" >> "${GITHUB_STEP_SUMMARY}"
  rm -f "${GITHUB_STEP_SUMMARY}.citelint"
fi

python - "${RUNNER_TEMP}/citelint.json" <<'PY' >> "${GITHUB_OUTPUT}"
import json, sys
try:
    with open(sys.argv[1], encoding="utf-8") as handle:
        report = json.load(handle)
    # The summary counts every finding, those about citations in a manuscript's text too.
    findings, errors = report["summary"]["findings"], report["summary"]["by_severity"]["error"]
except (OSError, ValueError, KeyError, TypeError):
    findings, errors = 0, 0
print(f"findings={findings}")
print(f"errors={errors}")
PY
if [ -n "${INPUT_SARIF_FILE:-}" ] && [ -f "${INPUT_SARIF_FILE}" ]; then
  echo "sarif-file=${INPUT_SARIF_FILE}" >> "${GITHUB_OUTPUT}"
fi
exit "${status}"
