"""The Action's cache key: a hash of the files citelint will check (INPUT_PATHS, else those git tracks).

Printed as `key=...` for $GITHUB_OUTPUT. The files are found as `citelint check` finds them, so an edit
to a README or a data file elsewhere in the repository keeps the cache, and an edit to a reference list
saves a new one (restored from the newest before it).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from citelint.app.gitfiles import GitError, tracked_files
from citelint.readers import discover


def checked_files(paths: list[str]) -> list[str]:
    if not paths:
        try:
            return tracked_files(Path.cwd())
        except GitError:
            paths = ["."]
    return sorted(found for found in discover(paths) if isinstance(found, str) and found != "-")


def main() -> None:
    digest = hashlib.sha256()
    for path in checked_files(os.environ.get("INPUT_PATHS", "").split()):
        digest.update(path.encode("utf-8", "surrogateescape") + b"\0")
        try:
            digest.update(Path(path).read_bytes())
        except OSError:
            digest.update(b"unreadable")
    print(f"key={digest.hexdigest()[:32]}")


if __name__ == "__main__":
    main()
