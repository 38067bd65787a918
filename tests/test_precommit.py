"""The pre-commit hook, for real: `pre-commit try-repo` on this project against a manuscript repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ENTRY = """@article{{lieber1997,
  author = {{Lieber, Richard L. and Jacks, Thomas M. and Mohler, Randall L. and others}},
  title = {{Growth hormone secretagogue increases muscle strength during remobilization after canine hindlimb immobilization}},
  journal = {{Journal of Orthopaedic Research}},
  volume = {{{volume}}},
  number = {{4}},
  pages = {{519--527}},
  year = {{1997}},
  doi = {{10.1002/jor.1100150407}},
}}
"""

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def test_hook_fails_on_a_wrong_volume_and_passes_once_corrected(tmp_path: Path, crossref_server_url: str):
    pre_commit = shutil.which("pre-commit", path=str(Path(sys.executable).parent)) or shutil.which("pre-commit")
    assert pre_commit, "pre-commit is a test dependency"
    repo = tmp_path / "manuscript"
    repo.mkdir()
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "test@example.org")
    _git(repo, "config", "user.name", "Test")
    bib = repo / "refs.bib"
    bib.write_text(ENTRY.format(volume=5), encoding="utf-8")
    _git(repo, "add", "refs.bib")
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "CITELINT_CROSSREF_URL": crossref_server_url,
        "CITELINT_CACHE_DIR": str(tmp_path / "cache"),
        "NO_PROXY": "127.0.0.1,localhost",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }

    def try_repo() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [pre_commit, "try-repo", str(ROOT), "citelint", "--files", "refs.bib", "--color", "never"],
            cwd=repo, env=env, capture_output=True, text=True, timeout=600,
        )

    failing = try_repo()
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "CL204" in failing.stdout and "volume 5 differs from the record's 15" in failing.stdout

    bib.write_text(ENTRY.format(volume=15), encoding="utf-8")
    _git(repo, "add", "refs.bib")
    passing = try_repo()
    assert passing.returncode == 0, passing.stdout + passing.stderr
