from __future__ import annotations

import dataclasses
import re

import pytest

from citelint.report import github
from tests.report.sample import REPORT

_COMMAND = re.compile(r"::(error|warning|notice) ([^:]*)::(.*)")


def _unescape_data(value: str) -> str:
    return value.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def _unescape_property(value: str) -> str:
    return _unescape_data(value.replace("%3A", ":").replace("%2C", ","))


def _parse(line: str) -> tuple[str, dict[str, str], str]:
    """As the runner reads a command: name, properties up to the first '::', then the message."""
    match = _COMMAND.fullmatch(line)
    assert match, line
    properties = dict(item.split("=", 1) for item in match.group(2).split(","))
    return match.group(1), {key: _unescape_property(value) for key, value in properties.items()}, _unescape_data(
        match.group(3))


@pytest.mark.parametrize(
    ("raw", "data", "prop"),
    [
        ("plain", "plain", "plain"),
        ("100%", "100%25", "100%25"),
        ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
        ("x::y", "x::y", "x%3A%3Ay"),
        ("a,b", "a,b", "a%2Cb"),
        ("%0A", "%250A", "%250A"),
    ],
)
def test_escaping_follows_actions_core(raw: str, data: str, prop: str) -> None:
    assert github.escape_data(raw) == data
    assert github.escape_property(raw) == prop


def test_one_command_per_finding_unchecked_reference_error_and_notice() -> None:
    lines = github.render(REPORT).splitlines()
    findings = [f for file in REPORT.files for f in (*file.findings, *(f for r in file.references for f in r.findings))]
    unchecked = [r for file in REPORT.files for r in file.references if r.match.status == "unchecked"]
    assert len(lines) == len(findings) + len(unchecked) + len(REPORT.errors) + len(REPORT.notices)
    assert all(_COMMAND.fullmatch(line) for line in lines)


def test_hostile_text_cannot_inject_a_command() -> None:
    output = github.render(REPORT)
    assert "\r" not in output
    for line in output.splitlines():
        name, properties, message = _parse(line)
        # Everything after the first '::' following the properties is message text.
        assert set(properties) <= {"file", "line", "col", "endLine", "endColumn", "title"}
    hostile = [_parse(line) for line in output.splitlines() if "title-markup" in line or "CL110" in line]
    assert len(hostile) == 1
    name, properties, message = hostile[0]
    assert name == "notice"
    assert "\n::warning::second line" in message and "\r\n::error::injected 100%" in message


def test_a_citation_finding_is_annotated_in_the_manuscript() -> None:
    first = github.render(REPORT).splitlines()[0]
    name, properties, message = _parse(first)
    assert name == "error"
    assert properties == {"file": "paper/paper.tex", "line": "2", "col": "67", "endLine": "2", "endColumn": "75",
                          "title": "citelint CL401"}
    assert message.startswith("CL401 'gren2018' is cited but no entry has this key")


def test_finding_location_and_message() -> None:
    second = github.render(REPORT).splitlines()[1]
    name, properties, message = _parse(second)
    assert name == "error"
    assert properties == {"file": "paper/refs.txt", "line": "1", "col": "92", "endLine": "1", "endColumn": "97",
                          "title": "citelint CL203"}
    assert message == "CL203 page range differs from the published record (45-67 → 45-76)"


def test_input_error_path_is_escaped_as_a_property() -> None:
    lines = github.render(REPORT).splitlines()
    error = next(line for line in lines if "broken" in line)
    assert "file=paper/broken%2Cname.bib,line=3" in error
    assert _parse(error)[2] == "unbalanced braces: %s\n::error::x"


def test_escape_sequences_and_bidi_overrides_are_dropped() -> None:
    output = github.render(REPORT)
    assert "\x1b" not in output
    assert github.without_escapes("a\x1b[8mhidden\x1b[0m \u202eb\u202c\r\n\tc\x00") == "ahidden b\r\n\tc"


def _many(count: int, severity: str):
    text_file = REPORT.files[1]
    finding = text_file.references[0].findings[0]
    findings = tuple(dataclasses.replace(finding, severity=severity, message=f"finding {number}")
                     for number in range(count))
    result = dataclasses.replace(text_file.references[0], findings=findings)
    return dataclasses.replace(REPORT, files=(dataclasses.replace(text_file, references=(result,)),), errors=(),
                               notices=())


def test_annotations_come_worst_first() -> None:
    kinds = [line.split(" ", 1)[0].split("::")[1] for line in github.render(REPORT).splitlines()]
    assert kinds == sorted(kinds, key=["error", "warning", "notice"].index)


def test_past_githubs_limit_a_note_says_how_many_more_the_log_holds() -> None:
    lines = github.render(_many(25, "info")).splitlines()
    assert len(lines) == github.PER_STEP_LIMIT
    assert lines[-1] == ("::notice title=citelint::16 more notice annotations not shown: GitHub shows 10 of each "
                         "kind per step; the log and the job summary list every finding")
    assert len(github.render(_many(10, "info")).splitlines()) == 10
