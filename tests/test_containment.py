"""Hostile manuscripts: files they name outside the folder being checked are never read or reported."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from citelint.app.cli import main
from citelint.app.containment import CheckedFolders, refusal

SECRET = "SECRET-7f3a"
SECRET_BIB = f"@article{{{SECRET}, title={{{SECRET} title}}, author={{Secret, S}}, journal={{J}}, year={{2010}}}}\n"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository to check, with a secret beside it and one in its git folder."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.bib").write_text(SECRET_BIB, encoding="utf-8")
    (outside / "chapter.tex").write_text(f"\\cite{{{SECRET}}}\n", encoding="utf-8")
    (outside / "paper.bbl").write_text(
        f"\\begin{{thebibliography}}{{1}}\n\\bibitem{{x}} {SECRET}, S. (2010). A title. J, 1, 1-2.\n"
        "\\end{thebibliography}\n", encoding="utf-8")
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / ".git" / "config").write_text(f"[http]\n\textraheader = AUTHORIZATION: basic {SECRET}\n", encoding="utf-8")
    (root / ".env").write_text(f"TOKEN={SECRET}\n", encoding="utf-8")
    (root / "refs.bib").write_text("@article{a, title={A title}, author={Lee, J}, journal={J}, year={2010}}\n",
                                   encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def check(capsys: pytest.CaptureFixture[str], *paths: str, output_format: str = "json") -> tuple[str, str]:
    main(["check", "--offline", "--no-cache", "--format", output_format, *paths])
    captured = capsys.readouterr()
    return captured.out, captured.err


def notices(out: str) -> list[str]:
    return [f"{notice['file']}: {notice['message']}" for notice in json.loads(out)["notices"]]


MARKDOWN = "---\nbibliography: {name}\n---\n\nAs shown [@a].\n"
LATEX = "As shown \\cite{{a}}.\n\\addbibresource{{{name}}}\n"


@pytest.mark.parametrize(("manuscript", "text", "named", "reason"), [
    ("paper.md", MARKDOWN.format(name="/etc/passwd"), "/etc/passwd", "outside the folder being checked"),
    ("paper.md", MARKDOWN.format(name="../../../etc/shadow"), "etc/shadow", "outside the folder being checked"),
    ("paper.md", MARKDOWN.format(name="../outside/secret.bib"), "secret.bib", "outside the folder being checked"),
    ("paper.tex", LATEX.format(name="/proc/self/environ"), "/proc/self/environ", "outside the folder being checked"),
    ("paper.tex", LATEX.format(name="/dev/zero"), "/dev/zero", "outside the folder being checked"),
    ("paper.tex", LATEX.format(name=".git/config"), ".git/config", "in a hidden file or folder"),
    ("paper.tex", "\\cite{a}\\bibliography{refs,.env}\n", ".env", "in a hidden file or folder"),
    ("paper.tex", "\\cite{a}\\bibliography{sub/../../outside/secret}\n", "secret.bib", "outside the folder"),
])
def test_a_file_named_outside_the_folder_is_a_notice_and_never_read(
        repo: Path, capsys: pytest.CaptureFixture[str], manuscript: str, text: str, named: str, reason: str) -> None:
    (repo / manuscript).write_text(text, encoding="utf-8")
    for output_format in ("json", "sarif", "github", "rich"):
        out, err = check(capsys, manuscript, output_format=output_format)
        assert SECRET not in out + err
        assert "root:" not in out + err and "PATH=" not in out + err
    out, _ = check(capsys, manuscript)
    said = [notice for notice in notices(out) if named in notice and f"named by {manuscript}" in notice]
    assert said and reason in said[0] and said[0].endswith("; not read"), notices(out)
    assert [reference["file"] for reference in json.loads(out)["references"]] == (
        ["refs.bib"] if "refs" in text else [])


def test_a_symlink_out_of_the_folder_is_not_followed(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "linked.bib").symlink_to(repo.parent / "outside" / "secret.bib")
    (repo / "paper.md").write_text(MARKDOWN.format(name="linked.bib"), encoding="utf-8")
    out, err = check(capsys, "paper.md")
    assert SECRET not in out + err
    assert any("linked.bib: named by paper.md is outside the folder being checked; not read" in notice
               for notice in notices(out))


def test_a_symlink_inside_the_folder_is_followed(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "linked.bib").symlink_to(repo / "refs.bib")
    (repo / "paper.md").write_text(MARKDOWN.format(name="linked.bib"), encoding="utf-8")
    out, _ = check(capsys, "paper.md")
    assert [reference["file"] for reference in json.loads(out)["references"]] == ["linked.bib"]
    assert notices(out) == []


def test_an_input_outside_the_folder_is_not_walked(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "paper.tex").write_text("\\cite{a}\n\\input{../outside/chapter}\n\\bibliography{refs}\n", encoding="utf-8")
    out, err = check(capsys, "paper.tex")
    assert SECRET not in out + err
    assert any("chapter.tex: included by paper.tex is outside the folder being checked; not read" in notice
               for notice in notices(out))


def test_a_bbl_beside_the_manuscript_that_leads_out_is_not_read(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "paper.bbl").symlink_to(repo.parent / "outside" / "paper.bbl")
    (repo / "paper.tex").write_text("\\cite{x}\n\\bibliography{missing}\n", encoding="utf-8")
    out, err = check(capsys, "paper.tex")
    assert SECRET not in out + err
    assert any(notice.startswith("paper.bbl: named by paper.tex is outside") for notice in notices(out))


def test_a_quarto_project_above_the_folder_is_not_consulted(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo.parent / "_quarto.yml").write_text("bibliography: outside/secret.bib\n", encoding="utf-8")
    (repo / "paper.qmd").write_text("As shown [@a].\n", encoding="utf-8")
    out, err = check(capsys, "paper.qmd")
    assert SECRET not in out + err


def test_a_symlink_found_by_a_folder_search_is_not_followed(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "list.bib").symlink_to(repo.parent / "outside" / "secret.bib")
    out, err = check(capsys, ".")
    assert SECRET not in out + err
    assert any("list.bib: found by a search is outside the folder being checked; not read" in notice
               for notice in notices(out))


def test_a_file_named_on_the_command_line_is_read_wherever_it_is(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = check(capsys, str(repo.parent / "outside" / "secret.bib"))
    assert SECRET in out  # the user asked for it


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_named_by_a_manuscript_is_not_opened(repo: Path) -> None:
    os.mkfifo(repo / "pipe.bib")
    (repo / "paper.md").write_text(MARKDOWN.format(name="pipe.bib"), encoding="utf-8")
    # Opening a FIFO with no writer blocks: the timeout only keeps a regression from hanging the suite.
    completed = subprocess.run([sys.executable, "-m", "citelint", "check", "--offline", "--no-cache", "--format", "json",
                                "paper.md"], capture_output=True, text=True, timeout=300, check=False)
    assert completed.returncode == 0, completed.stderr
    assert "pipe.bib: named by paper.md is not a regular file; not read" in notices(completed.stdout)


def test_the_folder_being_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tree = tmp_path / "tree"
    (tree / ".git").mkdir(parents=True)
    (tree / "deep" / "er").mkdir(parents=True)
    plain = tmp_path / "plain" / "sub"
    plain.mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(tmp_path / "plain")
    real = os.path.realpath
    folders = CheckedFolders([str(tree / "deep"), str(plain)])
    assert folders.of(str(tree / "deep" / "er" / "paper.tex")) == real(tree)  # the git work tree, above the folder given
    assert folders.of(str(plain / "paper.tex")) == real(plain)  # the folder given
    assert folders.of("paper.tex") == real(tmp_path / "plain")  # the current folder
    assert folders.of("-") == real(tmp_path / "plain")
    assert folders.of(str(elsewhere / "paper.tex")) == real(elsewhere)  # the file's own folder
    assert refusal(str(tree / "deep" / "refs.bib"), real(tree)) is None
    assert refusal(str(tree / "deep" / ".." / ".." / "x.bib"), real(tree)) == "is outside the folder being checked"
    assert refusal(str(tree / ".git" / "config"), real(tree)) == "is in a hidden file or folder"


def test_a_nul_byte_deep_in_a_file_is_an_error_naming_its_line(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = [f"Smith, J ({1900 + n}) A title number {n}. Journal of Things, 3: 1-9." for n in range(2000)]
    lines[1500] += "\0"
    (repo / "refs.txt").write_bytes("\n".join(lines).encode())
    assert main(["check", "--offline", "--no-cache", "--format", "json", "refs.txt"]) == 2
    errors = json.loads(capsys.readouterr().out)["errors"]
    assert errors == [{"file": "refs.txt", "line": 1501, "message": "binary file (NUL byte), not a reference list"}]


HOSTILE_TEXT = "Smith, J (2999) Evil\u202eelif.exe\u2066x\u2069 \x85next\x7f\u2028title. Journal of Things, 3: 1-9.\n"


@pytest.mark.parametrize("output_format", ["json", "sarif"])
def test_json_and_sarif_escape_controls_and_bidi_overrides(repo: Path, capsys: pytest.CaptureFixture[str],
                                                           output_format: str) -> None:
    (repo / "refs.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    out, _ = check(capsys, "refs.txt", output_format=output_format)
    for raw in "\u202e\u2066\u2069\x85\x7f\u2028":
        assert raw not in out
    if output_format == "json":  # escaped, and the values are unchanged for a JSON reader
        assert "\\u202e" in out and "\\u0085" in out
        assert json.loads(out)["references"][0]["text"] == HOSTILE_TEXT.rstrip("\n")
