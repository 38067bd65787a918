#!/usr/bin/env bash
# Installs citelint for the action: a given PyPI version, else the action's own checkout.
set -euo pipefail
if [ -n "${CITELINT_VERSION:-}" ]; then
  python -m pip install --quiet "citelint==${CITELINT_VERSION}"
else
  python -m pip install --quiet "${GITHUB_ACTION_PATH}"
fi
citelint --version
