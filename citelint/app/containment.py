"""Which files a manuscript may make citelint read: regular files inside the folder being checked.

A manuscript names other files (``\\bibliography``, ``\\addbibresource``,
``\\input``, pandoc's ``bibliography:``, a Quarto project's). Those names are
data from whoever wrote the manuscript, perhaps a pull request from a fork, so
they are never trusted to leave the folder being checked: what they name is
read, reported and looked up only when it is a regular file inside that
folder, reached without a hidden file or folder (``.git``, ``.env``) and
without a symlink leading out. Anything else is a one-line notice and is not
opened.

The folder being checked, for a file, is the top of the git work tree that
holds it; outside git, the folder given on the command line that holds it,
else the current folder when it holds it, else the file's own folder.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence

from citelint.app.results import InputNotice


def inside(path: str, folder: str) -> bool:
    """Whether a real path is ``folder`` or lies under it."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _work_tree(folder: str) -> str | None:
    """The nearest folder at or above ``folder`` holding a ``.git`` (a folder, or a worktree's file)."""
    current = folder
    while True:
        if os.path.lexists(os.path.join(current, ".git")):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


class CheckedFolders:
    """The folder being checked for each file of a run (real paths, git work trees looked up once)."""

    def __init__(self, given: Sequence[str]) -> None:
        self._given = [os.path.realpath(path) for path in given if path != "-" and os.path.isdir(path)]
        self._trees: dict[str, str | None] = {}

    def of(self, path: str) -> str:
        """The folder being checked for ``path`` ("-" or "<stdin>": standard input, held in the current folder)."""
        stdin = path in ("-", "<stdin>")
        cwd = os.path.realpath(os.getcwd())
        folder = cwd if stdin else os.path.realpath(os.path.dirname(os.path.abspath(path)))
        if folder not in self._trees:
            self._trees[folder] = _work_tree(folder)
        tree = self._trees[folder]
        if tree is not None:
            return tree
        given = [root for root in self._given if inside(folder, root)]
        if given:
            return min(given, key=len)
        return cwd if inside(folder, cwd) else folder


def refusal(path: str, folder: str) -> str | None:
    """Why a file named by a manuscript must not be read (None: it may be, or it does not exist).

    ``path`` is as the manuscript's name resolves against its folder, ``folder``
    the real path of the folder being checked.
    """
    real = os.path.realpath(path)  # past every symlink and ".."
    if not inside(real, folder):
        return "is outside the folder being checked"
    if any(part.startswith(".") for part in os.path.relpath(real, folder).split(os.sep) if part != "."):
        return "is in a hidden file or folder"
    try:
        mode = os.stat(real).st_mode
    except OSError:
        return None  # missing: the caller says so
    if not stat.S_ISREG(mode):
        return "is not a regular file"
    return None


def refused_notice(path: str, how: str, reason: str) -> InputNotice:
    """The one line that says a file was not read: ``how`` it came up ("named by paper.tex"), and why not."""
    return InputNotice(path, None, f"{how} {reason}; not read")
