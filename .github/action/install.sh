#!/usr/bin/env bash
# Installs citelint for the action from the action's own checkout: the code of the ref the workflow pins in
# `uses:`. Never from PyPI, where the name `citelint` belongs to an unrelated project.
set -euo pipefail
python -m pip install --quiet "${GITHUB_ACTION_PATH}"
citelint --version
