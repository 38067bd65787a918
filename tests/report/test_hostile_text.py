"""Whatever a reference says, it stays data: properties over arbitrary text."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from citelint.report import github, markdown, printable, printable_with_offsets

# Text biased towards the characters that have a meaning somewhere.
_HOSTILE = st.lists(
    st.one_of(
        st.sampled_from(list("%:,\r\n\t\x1b[]()|`*_<>&\\~#=;") + ["::", "%0A", "\u202e", "\u2028", "\x00"]),
        st.characters(),
    ),
    max_size=60,
).map("".join)


def _unescape_data(value: str) -> str:
    return value.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


@settings(max_examples=300, deadline=None)
@given(_HOSTILE, _HOSTILE)
def test_github_command_stays_one_line_with_fixed_properties(path: str, message: str) -> None:
    line = github._command("warning", {"file": path, "title": "citelint CL101"}, message)
    assert "\n" not in line and "\r" not in line
    head, separator, escaped_message = line[len("::warning "):].partition("::")
    assert separator
    assert [item.split("=", 1)[0] for item in head.split(",")] == ["file", "title"]
    assert _unescape_data(escaped_message) == github.without_escapes(message)


@settings(max_examples=300, deadline=None)
@given(_HOSTILE)
def test_printable_has_no_controls(text: str) -> None:
    shown, offsets = printable_with_offsets(text)
    assert not any(unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") for char in shown)
    assert "  " not in shown
    assert offsets == sorted(offsets) and offsets[-1] == len(shown)
    assert printable(text) == shown.strip()


@settings(max_examples=300, deadline=None)
@given(_HOSTILE)
def test_markdown_cell_cannot_break_a_table(text: str) -> None:
    cell = markdown.cell(text)
    assert "\n" not in cell and "\r" not in cell
    # With escaped backslashes taken out, every pipe left must be escaped.
    assert not re.search(r"(?<!\\)\|", cell.replace("\\\\", ""))
    assert "<" not in cell and ">" not in cell
