from __future__ import annotations

import io
import subprocess
import sys

import pytest
from rich.console import Console

from citelint.app.results import Report
from citelint.report import printable, printable_with_offsets, rich
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
    assert "Findings by rule" not in output and "Not compared" not in output and "without findings." not in output
    assert "Found 6 findings" in output


def test_clean_report() -> None:
    output = rich.render_text(Report(files=()))
    assert output == "No findings in 0 files; 0 references read.\n"


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
    ("found", "expected", "found_marked", "expected_marked", "note"),
    [
        ("45-67", "45-76", ["67"], ["76"], ""),
        ("2010", "2011", ["2010"], ["2011"], ""),
        ("10.5555/x.", "10.5555/x", ["."], [], ""),
        ("Deep learning of citation", "Deep learning of citations", [], ["s"], ""),
        ("Smith", "Smith", [], [], ""),
        # One misspelt word in a title printed in another case: that word's letters, and the case said in words.
        ("a systematic reviw of delphi", "A Systematic Review of Delphi", [], ["e"], "also case only"),
        ("A Study Of Ageing", "A study of aging", [], [], "case only, spelling variant"),
        ("Colour vision", "Color vision", [], [], "spelling variant"),
        ("Deep learning", "Shallow learning", ["Deep"], ["Shallow"], ""),
    ],
)
def test_diff_highlights_only_what_differs(found, expected, found_marked, expected_marked, note) -> None:
    printed, record, said = rich._diff(found, expected)
    assert [printed.plain[span.start:span.end] for span in printed.spans] == found_marked
    assert [record.plain[span.start:span.end] for span in record.spans] == expected_marked
    assert said == note


def test_progress_bar_updates_and_closes(capsys: pytest.CaptureFixture[str]) -> None:
    bar = rich.progress_bar()
    task = bar._progress.tasks[0]
    assert bar._progress.live.is_started and task.total is None  # counting before the total is known
    bar.update(1, 3)
    assert (task.completed, task.total, bar._progress.finished) == (1, 3, False)
    bar.update(3, 3)
    assert bar._progress.finished
    bar.close()
    assert not bar._progress.live.is_started  # stopped: the bar no longer redraws
    assert capsys.readouterr().out == ""  # the bar is on standard error, never in the report


def test_long_reference_is_cut_around_its_marks() -> None:
    import dataclasses

    from citelint.app.results import FileResult, ReferenceResult
    from citelint.model import Finding, SourceText

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
    assert "paper/paper.tex" in shown and "2:67" in shown
    assert "\\cite{\x1b[1;4;31mgren2018\x1b[0m}" in shown


def _one_reference_report(findings, match=None) -> Report:
    import dataclasses


    text_file = REPORT.files[1]
    result = dataclasses.replace(text_file.references[0], findings=tuple(findings),
                                 **({"match": match} if match is not None else {}))
    return Report(files=(dataclasses.replace(text_file, references=(result,)),))


def test_an_info_finding_that_repeats_the_record_is_named_on_the_record_line() -> None:
    from citelint.model import Finding

    smith = REPORT.files[1].references[0]
    doi_missing = Finding("CL208", "doi-missing", "info", "doi", "no DOI; the record's is 10.1234/jex.2010.45",
                          smith.reference.span, expected="10.1234/jex.2010.45",
                          evidence="https://doi.org/10.1234/jex.2010.45")
    output = rich.render_text(_one_reference_report([doi_missing]), width=160, quiet=True)
    lines = [line for line in output.splitlines() if line.strip()]
    assert lines[2] == "    record 10.1234/jex.2010.45, confidence 0.97  info CL208 doi-missing"
    assert output.count("10.1234/jex.2010.45") == 2  # as printed, and as the record's: never three times
    assert len(lines) == 4  # the file, the reference, its record, the closing line


def test_code_and_name_are_separate_columns_that_line_up() -> None:
    output = rich.render_text(REPORT, width=160)
    rows = [line for line in output.splitlines() if " CL2" in line and ("error" in line or "warning" in line)]
    assert rows and all(" CL203 pages-mismatch " in row or " CL204 year-mismatch " in row for row in rows)
    assert len({row.index("CL2") for row in rows}) == 1
    assert len({row.index(" page range") if "CL203" in row else row.index(" year matches") for row in rows}) == 1


def test_a_failed_source_is_explained_once_without_other_references_urls() -> None:
    import dataclasses

    from citelint.model import Match

    text_file = REPORT.files[1]
    results = tuple(
        dataclasses.replace(result, findings=(), match=Match(
            "unchecked", reason=f"lookup failed: /works/10.5555/{number}: ConnectionError: refused with url: "
                                f"/works/10.5555/{number}?mailto=x (gave up after 3 attempts)"))
        for number, result in enumerate(text_file.references))
    report = Report(files=(dataclasses.replace(text_file, references=results),))
    output = rich.render_text(report, width=160)
    assert "10.5555/3" not in output
    assert output.count("ConnectionError") == 1
    assert "7 references not checked against a record: ConnectionError: refused (gave up after 3 attempts)." in output
    assert "7 not checked" in output.splitlines()[-2]
