"""A --fix killed mid-write leaves a hidden temporary file; the next --fix of that file removes it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

REFERENCE = "Smith, J (2010) A title of a paper. Journal of Things, 3: 1-9.\n"


def _dead_pid() -> int:
    process = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                             check=True)
    return int(process.stdout)


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_the_next_fix_removes_only_its_own_stale_temporaries(tmp_path: Path) -> None:
    (tmp_path / "refs.txt").write_text(REFERENCE, encoding="utf-8")
    dead, alive = _dead_pid(), os.getpid()
    orphan = tmp_path / f".refs.txt.{dead}.ab12_xyz.citelint-fix"  # its process was killed two minutes ago
    ancient = tmp_path / f".refs.txt.{alive}.cd34efgh.citelint-fix"  # its number now belongs to a live process
    running = tmp_path / f".refs.txt.{alive}.ij56klmn.citelint-fix"  # a fix still writing
    fresh = tmp_path / f".refs.txt.{dead}.op78qrst.citelint-fix"  # too new to judge on a shared folder
    others = [tmp_path / ".refs.txt.backup", tmp_path / f".other.txt.{dead}.uv90wxyz.citelint-fix",
              tmp_path / f".refs.txt.{dead}.ab12_xyz.citelint-fix.keep"]
    for path in (orphan, ancient, running, fresh, *others):
        path.write_bytes(b"half a file")
    (tmp_path / f".refs.txt.{dead}.zz99zz99.citelint-fix").symlink_to(tmp_path / "refs.txt")
    _age(orphan, 120)
    _age(ancient, 2 * 24 * 3600)
    for path in others:
        _age(path, 2 * 24 * 3600)
    completed = subprocess.run([sys.executable, "-m", "citelint", "check", "--offline", "--no-cache", "--fix", "refs.txt"],
                               cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False)
    assert completed.returncode in (0, 1), completed.stderr
    left = sorted(path.name for path in tmp_path.iterdir())
    assert orphan.name not in left and ancient.name not in left
    assert {running.name, fresh.name, *(path.name for path in others), f".refs.txt.{dead}.zz99zz99.citelint-fix"} <= set(left)
    assert (tmp_path / "refs.txt").read_text(encoding="utf-8") == REFERENCE


def test_diff_removes_nothing(tmp_path: Path) -> None:
    (tmp_path / "refs.txt").write_text(REFERENCE, encoding="utf-8")
    orphan = tmp_path / f".refs.txt.{_dead_pid()}.ab12cdef.citelint-fix"
    orphan.write_bytes(b"half")
    _age(orphan, 2 * 24 * 3600)
    subprocess.run([sys.executable, "-m", "citelint", "check", "--offline", "--no-cache", "--diff", "refs.txt"],
                   cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False)
    assert orphan.exists()
