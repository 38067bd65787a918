"""Every format renders the shared sample report exactly as its golden file.

Regenerate after an intended change with ``CITELINT_UPDATE_GOLDENS=1 pytest tests/report``
and review the diff.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console

from citelint.app.results import Report
from citelint.report import concise, github, json, markdown, rich, sarif
from tests.report.sample import REPORT, RULES

GOLDEN_DIR = Path(__file__).parent / "golden"



def _colour_terminal(width: int) -> Callable[[Report], str]:
    """The screen of a colour terminal this many columns wide, escape sequences and all."""

    def screen(report: Report) -> str:
        console = Console(file=io.StringIO(), width=width, force_terminal=True, color_system="standard",
                          legacy_windows=False)
        rich.render(report, console)
        return str(console.file.getvalue())  # type: ignore[attr-defined]

    return screen


def _no_colour_terminal(report: Report) -> str:
    """What a terminal with NO_COLOR set shows: bold, underline and reverse, no colours."""
    console = Console(file=io.StringIO(), width=60, no_color=True, force_terminal=True, color_system="standard",
                      legacy_windows=False)
    rich.render(report, console)
    return console.file.getvalue()


RENDERERS: dict[str, Callable[[Report], str]] = {
    # The full report as an 80- and a 160-column terminal shows it, without and with colour.
    "rich-80.txt": lambda report: rich.render_text(report, width=80),
    "rich-160.txt": lambda report: rich.render_text(report, width=160),
    "rich-80.ansi": _colour_terminal(80),
    "rich-160.ansi": _colour_terminal(160),
    "rich-no-colour-60.ansi": _no_colour_terminal,
    "rich-piped.txt": lambda report: rich.render_text(report, width=None),
    "concise.txt": concise.render,
    "report.json": json.render,
    "github.txt": github.render,
    "report.sarif": lambda report: sarif.render(report, rules=RULES),
    "summary.md": markdown.render,
}


@pytest.mark.parametrize("name", sorted(RENDERERS))
def test_golden(name: str) -> None:
    output = RENDERERS[name](REPORT)
    golden = GOLDEN_DIR / name
    if os.environ.get("CITELINT_UPDATE_GOLDENS") == "1":
        golden.write_bytes(output.encode("utf-8"))
    assert golden.read_bytes().decode("utf-8") == output


@pytest.mark.parametrize("name", sorted(RENDERERS))
def test_rendering_is_deterministic(name: str) -> None:
    assert RENDERERS[name](REPORT) == RENDERERS[name](REPORT)
