from __future__ import annotations

import re

import pytest

from citelint.app.results import Report
from citelint.report import markdown
from tests.report.sample import REPORT

_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("plain", "plain"),
        ("a|b", "a\\|b"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert\\(1\\)&lt;/script&gt;"),
        ("R&D", "R&amp;D"),
        ("line\nbreak\r\n", "line break"),
        ("*bold* _it_ `code` [link](x) ~~s~~", "\\*bold\\* \\_it\\_ \\`code\\` \\[link\\]\\(x\\) \\~\\~s\\~\\~"),
        ("back\\slash", "back\\\\slash"),
        ("\x1b[31mred\x1b[0m", "red"),
    ],
)
def test_cell_escaping(text: str, escaped: str) -> None:
    assert markdown.cell(text) == escaped


def test_table_rows_keep_their_columns() -> None:
    for line in markdown.render(REPORT).splitlines():
        if line.startswith("| ") and "Found" not in line and not line.startswith("| Findings"):
            columns = len(_UNESCAPED_PIPE.findall(line)) - 1
            assert columns in (2, 3, 5), line


def test_no_raw_html_or_control_characters() -> None:
    output = markdown.render(REPORT)
    assert "<" not in output.replace("&lt;", "")
    assert not any(char in output for char in "\x1b\r")


def test_only_files_with_findings_get_a_table() -> None:
    output = markdown.render(REPORT)
    assert "### paper/refs.txt" in output and "### paper/library.bib" in output
    clean = Report(files=(REPORT.files[0].__class__("clean.txt", "", ()),))
    assert "### clean.txt" not in markdown.render(clean)
