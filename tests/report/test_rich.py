from __future__ import annotations

import io
import subprocess
import sys

import pytest
from rich.console import Console

from citelint.report import printable, printable_with_offsets, rich
from citelint.results import Report
from tests.report.sample import REPORT


def _coloured(report: Report, *, quiet: bool = False) -> str:
    console = Console(file=io.StringIO(), width=80, color_system="truecolor", force_terminal=True)
    rich.render(report, console, quiet=quiet)
    return console.file.getvalue()


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain text", "plain text"),
        ("a\r\nb\tc", "a b c"),
        ("  many   spaces  ", "many spaces"),
        ("red \x1b[31mred\x1b[0m", "red red"),
        ("title \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "title link"),
        ("lone \x1b", "lone"),
        ("bell\x07 and nul\x00", "bell and nul"),
        ("bidi \u202eevil\u202c", "bidi evil"),
        ("soft\u00adhyphen", "softhyphen"),
        ("line\u2028separator", "line separator"),
        ("[bold]markup[/bold]", "[bold]markup[/bold]"),
        ("Müller – Grün", "Müller – Grün"),
    ],
)
def test_printable(text: str, shown: str) -> None:
    assert printable(text) == shown


def test_printable_offsets_map_spans() -> None:
    text = "ab\x1b[1mcd\r\nef"
    shown, offsets = printable_with_offsets(text)
    assert shown == "abcd ef"
    assert shown[offsets[text.index("c")] : offsets[text.index("d") + 1]] == "cd"
    assert shown[offsets[text.index("e")] :] == "ef"
    assert offsets[len(text)] == len(shown)


def test_plain_output_has_no_escape_sequences_or_control_characters() -> None:
    for width in (60, 100):
        output = rich.render_text(REPORT, width=width)
        assert not any(char in output for char in "\x1b\r\x00\x07")
        assert "[bold]markup[/bold]" in output


def test_coloured_output_keeps_user_markup_as_text() -> None:
    output = _coloured(REPORT)
    assert "[bold]markup[/bold]" in output
    # The file's own escape sequence is gone; Rich's styling is its own.
    assert "\x1b[31mred\x1b[0m" not in output


def test_narrow_terminal_lines_fit() -> None:
    output = rich.render_text(REPORT, width=60)
    assert max(len(line) for line in output.splitlines()) <= 60


def test_quiet_prints_findings_without_listings_or_summary() -> None:
    console = Console(file=io.StringIO(), width=100, color_system=None)
    rich.render(REPORT, console, quiet=True)
    output = console.file.getvalue()
    assert "CL203" in output
    assert "Summary" not in output and "Not compared" not in output and "without findings." not in output
    assert "9 references checked" in output


def test_clean_report() -> None:
    output = rich.render_text(Report(files=()))
    assert output == "0 references checked, 0 with findings: no findings.\n"


def test_package_import_does_not_import_rich() -> None:
    code = (
        "import sys; import citelint.report, citelint.report.json, citelint.report.github, "
        "citelint.report.markdown, citelint.report.sarif; print('rich' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_dispatcher_renders_rich_as_plain_text() -> None:
    from citelint.report import render

    assert render("rich", REPORT) == rich.render_text(REPORT)
    with pytest.raises(ValueError):
        render("xml", REPORT)


def test_no_colour_terminal_keeps_highlights_without_colours() -> None:
    import re

    console = Console(file=io.StringIO(), width=60, no_color=True, force_terminal=True, color_system="standard")
    rich.render(REPORT, console)
    codes = [int(code) for params in re.findall(r"\x1b\[([0-9;]*)m", console.file.getvalue())
             for code in params.split(";") if code]
    assert 4 in codes and 7 in codes  # underlined spans, reversed differences
    assert not [code for code in codes if 30 <= code <= 49 or 90 <= code <= 107]


def test_offending_spans_are_marked() -> None:
    result = REPORT.files[1].references[0]
    text = rich._marked_reference(result)
    marked = {text.plain[span.start:span.end] for span in text.spans}
    assert marked == {"45-67", "2010"}


@pytest.mark.parametrize(
    ("found", "expected", "found_marked", "expected_marked"),
    [
        ("45-67", "45-76", ["67"], ["76"]),
        ("2010", "2011", ["2010"], ["2011"]),
        ("10.5555/x.", "10.5555/x", ["."], []),
        ("Deep learning of citation", "Deep learning of citations", ["citation"], ["citations"]),
        ("Smith", "Smith", [], []),
    ],
)
def test_diff_highlights_differing_tokens(found, expected, found_marked, expected_marked) -> None:
    printed, record = rich._diff(found, expected)
    assert [printed.plain[span.start:span.end] for span in printed.spans] == found_marked
    assert [record.plain[span.start:span.end] for span in record.spans] == expected_marked


def test_progress_bar_updates_and_closes() -> None:
    bar = rich.progress_bar()
    bar.update(1, 3)
    bar.update(3, 3)
    bar.close()


def test_long_reference_is_cut_around_its_marks() -> None:
    import dataclasses

    from citelint.model import Finding, SourceText
    from citelint.results import FileResult, ReferenceResult

    text = "@article{long, abstract = {" + "word " * 400 + "}, pages = {45-67}, year = {2010}}"
    source = SourceText("long.bib", text)
    start = text.index("45-67")
    finding = Finding("CL203", "pages-mismatch", "error", "pages", "pages differ", source.span(start, start + 5),
                      found="45-67", expected="45-76")
    reference = dataclasses.replace(REPORT.files[1].references[0].reference, text=text,
                                    span=source.span(0, len(text)), spans={})
    result = ReferenceResult(reference, REPORT.files[1].references[0].match, (finding,))
    marked = rich._marked_reference(result)
    assert marked.plain.startswith("… ") and marked.plain.endswith("year = {2010}}")
    assert len(marked.plain) < 200
    assert [marked.plain[span.start:span.end] for span in marked.spans] == ["45-67"]
    report = Report(files=(FileResult("long.bib", text, (result,)),))
    assert "word word" in rich.render_text(report)


def test_a_citation_finding_shows_its_line_with_the_citation_marked() -> None:
    console = Console(file=io.StringIO(), width=100, force_terminal=True, color_system="standard")
    rich.render(REPORT, console)
    shown = console.file.getvalue()
    assert "paper/paper.tex:2:67" in shown
    assert "\\cite{\x1b[1;4;31mgren2018\x1b[0m}" in shown
