"""What git knows: the manuscript files a repository tracks, and the lines changed since a ref.

Subprocess calls to git stay here, at the edge; the rest of citelint sees
paths and line numbers.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from citelint.readers import EXTENSIONS, ONLY_WHEN_NAMED, SKIPPED_DIRS

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@", re.MULTILINE)


class GitError(Exception):
    """git is missing, the folder is no repository, or the ref is unknown: one line."""


def _git(args: list[str], cwd: Path) -> str:
    try:
        completed = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise GitError(f"cannot run git: {error}") from None
    if completed.returncode != 0:
        message = completed.stderr.strip().splitlines()
        raise GitError(message[-1] if message else f"git {' '.join(args)} failed")
    return completed.stdout


def tracked_files(cwd: Path) -> list[str]:
    """Supported files that git tracks under ``cwd``, relative to it, skipping generated and vendored folders."""
    output = _git(["ls-files", "-z", "--", "."], cwd)
    files = []
    for name in output.split("\0"):
        if not name:
            continue
        path = Path(name)
        if path.suffix.lower() not in EXTENSIONS or path.suffix.lower() in ONLY_WHEN_NAMED:
            continue
        if any(part in SKIPPED_DIRS or part.startswith(".") for part in path.parts[:-1]):
            continue
        files.append(name)
    return sorted(files)


def changed_lines(ref: str, path: str, cwd: Path) -> set[int] | None:
    """Line numbers of ``path`` (as it is now) added or changed since ``ref``; None when the file is new to git."""
    path = os.path.relpath(os.path.join(cwd, path), cwd)  # "ref:./path" wants it relative to the working folder
    if _git(["ls-files", "--", path], cwd).strip() == "" or not _exists_at(ref, path, cwd):
        return None
    diff = _git(["--literal-pathspecs", "diff", "--no-color", "--no-ext-diff", "-U0", ref, "--", path], cwd)
    if not _HUNK.search(diff) and diff.strip():
        return None  # "Binary files differ" (a .docx, a UTF-16 file): no lines to go by, so all of them
    lines: set[int] = set()
    for hunk in _HUNK.finditer(diff):
        start = int(hunk[1])
        count = int(hunk[2]) if hunk[2] is not None else 1
        # A pure deletion ("+N,0") touches the lines on either side of the gap.
        lines.update(range(start, start + count) if count else (start, start + 1))
    return lines


def _exists_at(ref: str, path: str, cwd: Path) -> bool:
    try:
        _git(["cat-file", "-e", f"{ref}:./{path}"], cwd)
    except GitError:
        try:
            _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], cwd)
        except GitError:
            # Before the first commit HEAD names nothing yet, and every line is new; any other unknown ref is an error.
            if ref == "HEAD" and _git(["rev-list", "-n", "1", "--all"], cwd).strip() == "":
                return False
            raise GitError(f"unknown git revision '{ref}'") from None
        return False
    return True
