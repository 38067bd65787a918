"""Output options end to end: --exit-zero, rule names for codes, suppression directives, --diff with nothing to fix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citelint.app.cli import main
from citelint.model import SourceText
from citelint.readers.suppression import find_suppressions

LOST_SEPARATOR = "Guest, G, Bunce, A, Johnson, L (2006) How many interviews are enough? Field Methods, 18: 5982.\n"
LONG_LOST = ("Lee, HJ, Lee, JK (2012) Human umbilical cord blood-derived stem cells. "
             "Neurobiology of Aging, 33: 588602.\n")


def _check(capsys, *args: str) -> tuple[int, dict]:
    code = main(["check", "--offline", "--no-cache", "--format", "json", *args])
    return code, json.loads(capsys.readouterr().out)


def _codes(report: dict) -> list[str]:
    return [finding["code"] for reference in report["references"] for finding in reference["findings"]]


def test_exit_zero_keeps_the_findings_and_exits_0(tmp_path: Path, capsys) -> None:
    path = tmp_path / "refs.txt"
    path.write_text(LONG_LOST)
    assert _check(capsys, str(path))[0] == 1
    code, report = _check(capsys, "--exit-zero", str(path))
    assert code == 0 and "CL101" in _codes(report)


def test_exit_zero_still_fails_on_a_file_that_cannot_be_read(tmp_path: Path, capsys) -> None:
    assert main(["check", "--offline", "--no-cache", "--exit-zero", str(tmp_path / "missing.txt")]) == 2


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_rule_names_stand_for_codes(tmp_path: Path, capsys, option: str) -> None:
    path = tmp_path / "refs.txt"
    path.write_text(LONG_LOST)
    _, by_code = _check(capsys, option, "CL101", str(path))
    _, by_name = _check(capsys, option, "Page-Separator-Lost", str(path))
    assert _codes(by_code) == _codes(by_name)
    assert ("CL101" in _codes(by_name)) is (option == "--select")


def test_a_misspelt_rule_name_is_a_usage_error_with_a_suggestion(tmp_path: Path, capsys) -> None:
    assert main(["check", "--offline", "--select", "page-seperator-lost", str(tmp_path)]) == 2
    assert "did you mean 'page-separator-lost'?" in capsys.readouterr().err


def test_configuration_takes_rule_names(tmp_path: Path, capsys) -> None:
    (tmp_path / "citelint.toml").write_text('select = ["page-separator-lost"]\nignore = ["title-misspelled"]\n')
    path = tmp_path / "refs.txt"
    path.write_text(LONG_LOST)
    _, report = _check(capsys, "--config", str(tmp_path / "citelint.toml"), str(path))
    assert set(_codes(report)) == {"CL101"}


def test_suppression_directives_take_rule_names_and_keep_unknown_ones_as_written() -> None:
    text = "% citelint: ignore[page-separator-lost, CL2, page-seperator-lost, cl999]\n"
    (suppression,) = find_suppressions(SourceText("x", text), 0, len(text))
    assert suppression.codes == ("CL101", "CL2", "page-seperator-lost", "cl999")


def test_a_misspelt_directive_is_a_finding_and_suppresses_nothing(tmp_path: Path, capsys) -> None:
    path = tmp_path / "refs.txt"
    path.write_text("# citelint: ignore[page-seperator-lost]\n" + LONG_LOST)
    _, report = _check(capsys, str(path))
    (finding,) = [f for f in report["references"][0]["findings"] if f["code"] == "CL003"]
    assert finding["name"] == "suppression-rule-unknown" and finding["span"]["line"] == 1
    assert "did you mean 'page-separator-lost'?" in finding["message"]
    assert "CL101" in _codes(report)
    path.write_text("# citelint: ignore[page-separator-lost]\n" + LONG_LOST)
    assert not {"CL101", "CL003"} & set(_codes(_check(capsys, str(path))[1]))


def test_diff_with_nothing_to_fix_says_so(tmp_path: Path, capsys) -> None:
    path = tmp_path / "refs.txt"
    path.write_text(LONG_LOST)  # offline, a four-digit page alone is no finding any more
    assert main(["check", "--offline", "--no-cache", "--select", "CL101", "--diff", str(path)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "citelint: Nothing to fix: the one finding has no safe fix.\n"
        "citelint: 1 more fix available with --unsafe-fixes.\n"
    )


def test_a_misspelt_directive_on_a_citation_line_is_reported(tmp_path: Path, capsys) -> None:
    (tmp_path / "refs.bib").write_text("@article{smith2010, author={Smith, J.}, title={Ponds}, journal={J. Biol.},"
                                       " year={2010}, volume={3}, pages={1--5}}\n")
    paper = tmp_path / "paper.tex"
    paper.write_text("\\documentclass{article}\n\\begin{document}\n"
                     "Ponds \\cite{smith2010, jones}. % citelint: ignore[citation-withut-entry]\n"
                     "\\bibliography{refs}\n\\end{document}\n")
    _, report = _check(capsys, str(paper), str(tmp_path / "refs.bib"))
    codes = [finding["code"] for finding in report["citation_findings"]]
    assert sorted(codes) == ["CL004", "CL401"]
    paper.write_text(paper.read_text().replace("withut", "without"))
    assert [finding["code"] for finding in _check(capsys, str(paper), str(tmp_path / "refs.bib"))[1]["citation_findings"]] == []
