"""Repository defaults and --changed-since, against a real git repository in a temporary folder."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from citelint.app.gitfiles import GitError, changed_lines, tracked_files

ENTRY = "@article{{{key},\n  author = {{Smith, John}},\n  title = {{{title}}},\n  journal = {{Journal of Tests}},\n  volume = {{3}},\n  pages = {{1--9}},\n  year = {{2010}},\n}}\n"


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    git(tmp_path, "init", "-q")
    git(tmp_path, "config", "user.email", "test@example.org")
    git(tmp_path, "config", "user.name", "Test")
    return tmp_path


def test_tracked_files_skip_vendored_and_unsupported(repo: Path):
    for name in ("paper/refs.bib", "paper/list.txt", "node_modules/x/refs.bib", "build/out.txt", "paper/figure.svg"):
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text("x\n")
    (repo / "untracked.bib").write_text("x\n")
    git(repo, "add", "paper", "node_modules", "build")
    assert tracked_files(repo) == ["paper/list.txt", "paper/refs.bib"]


def test_changed_lines_since_a_commit(repo: Path):
    bib = repo / "refs.bib"
    entries = [ENTRY.format(key=f"k{n}", title=f"Title {n}") for n in range(3)]
    bib.write_text("\n".join(entries))
    git(repo, "add", "refs.bib")
    git(repo, "commit", "-qm", "first")
    assert changed_lines("HEAD", "refs.bib", repo) == set()
    bib.write_text("\n".join([entries[0], entries[1].replace("Title 1", "Title one"), entries[2]]))
    assert changed_lines("HEAD", "refs.bib", repo) == {12}
    (repo / "new.bib").write_text(entries[0])
    git(repo, "add", "new.bib")
    assert changed_lines("HEAD", "new.bib", repo) is None
    with pytest.raises(GitError):
        changed_lines("no-such-ref", "refs.bib", repo)


def test_before_the_first_commit_everything_is_new(repo: Path):
    (repo / "refs.bib").write_text(ENTRY.format(key="a", title="T"))
    git(repo, "add", "refs.bib")
    assert changed_lines("HEAD", "refs.bib", repo) is None


def test_check_changed_since_reports_only_touched_references(repo: Path):
    bib = repo / "refs.bib"
    entries = [ENTRY.format(key=f"k{n}", title=f"Title {n}") for n in range(3)]
    bib.write_text("\n".join(entries))
    git(repo, "add", "refs.bib")
    git(repo, "commit", "-qm", "first")
    bib.write_text("\n".join([entries[0], entries[1].replace("1--9", "96--82"), entries[2]]))
    result = subprocess.run(
        [sys.executable, "-m", "citelint", "check", "--offline", "--no-cache", "--format", "json", "--changed-since", "HEAD"],
        cwd=repo, capture_output=True, text=True, timeout=60,
    )
    report = json.loads(result.stdout)
    assert [reference["parsed"]["key"] for reference in report["references"]] == ["k1"]
    assert "checking 1 files tracked by git: refs.bib" in result.stderr
    assert "citelint: 2 of 3 references skipped as unchanged since HEAD" in result.stderr


def test_with_nothing_changed_every_reference_is_checked(repo: Path):
    # `pre-commit run --all-files` after a commit passes unchanged files: they are checked whole.
    bib = repo / "refs.bib"
    bib.write_text("\n".join(ENTRY.format(key=f"k{n}", title=f"Title {n}") for n in range(3)))
    git(repo, "add", "refs.bib")
    git(repo, "commit", "-qm", "first")
    result = subprocess.run(
        [sys.executable, "-m", "citelint", "check", "--offline", "--no-cache", "--format", "json",
         "--changed-since", "HEAD", "refs.bib"],
        cwd=repo, capture_output=True, text=True, timeout=60,
    )
    assert [reference["parsed"]["key"] for reference in json.loads(result.stdout)["references"]] == ["k0", "k1", "k2"]
    assert "nothing changed since HEAD in the files given: checking every reference" in result.stderr


def test_tracked_data_files_are_not_taken_for_reference_lists(repo: Path):
    for name in ("package.json", "mkdocs.yml", "refs.txt"):
        (repo / name).write_text("{}\n")
    git(repo, "add", ".")
    assert tracked_files(repo) == ["refs.txt"]


def test_changed_since_still_finds_a_new_duplicate_of_an_old_reference(repo: Path):
    line = "Smith, J (2010) Peer support in practice: a qualitative study. Journal of Tests, 3: 1-9.\n"
    (repo / "refs.txt").write_text(line + "\n" + "Brown, K (2011) Another study of things. Other Journal, 4: 2-8.\n")
    git(repo, "add", "refs.txt")
    git(repo, "commit", "-qm", "first")
    with (repo / "refs.txt").open("a") as handle:
        handle.write("\n" + line)
    result = subprocess.run(
        [sys.executable, "-m", "citelint", "check", "--offline", "--no-cache", "--format", "json",
         "--changed-since", "HEAD", str(repo / "refs.txt")],
        cwd=repo, capture_output=True, text=True, timeout=60,
    )
    report = json.loads(result.stdout)
    assert [reference["index"] for reference in report["references"]] == [3]
    assert [finding["code"] for finding in report["references"][0]["findings"]] == ["CL106"]
