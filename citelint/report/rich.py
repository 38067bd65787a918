"""Terminal report: each reference with findings, its printed text marked, then a summary.

Every piece of user data (reference text, values, paths) goes through
``printable`` and into ``rich.text.Text`` objects, never into console
markup, so ``[bold]`` in a title stays text and escape sequences in a file
cannot restyle the terminal. The layout reads the same without colour and
wraps in a narrow terminal.
"""

from __future__ import annotations

import difflib
import io
import re
import sys
from collections.abc import Iterator

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from citelint.model import Finding, Match
from citelint.report import Summary, printable, printable_with_offsets, summarize
from citelint.results import FileResult, ReferenceResult, Report

SEVERITY_STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_STATUS_LABELS = {"ambiguous": "ambiguous", "not-found": "not found", "unchecked": "not checked", "offline": "offline"}
_BRIEF_STATUSES = ("ambiguous", "not-found", "unchecked")
_INDENT = 4
_LONGEST_SHOWN = 400  # characters of a reference shown whole
_CONTEXT = 60  # characters shown either side of a marked span in a longer one
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


_UNWRAPPED = 1_000_000  # the width a console gets when lines must not wrap


def render(report: Report, console: Console, *, quiet: bool = False) -> None:
    """Print the report; ``quiet`` prints the findings only, no listings or summary."""
    summary = summarize(report)
    for file in report.files:
        console.print(Group(*_file(file, quiet, ruled=console.width < _UNWRAPPED)))
    if not quiet:
        for notice in report.notices:
            console.print(Text.assemble(("note: ", "dim"), printable(str(notice))))
        if summary.references:
            console.print()
            console.print(_summary_tables(summary))
    console.print(_closing_line(summary))


def render_text(report: Report, *, width: int | None = 100, quiet: bool = False) -> str:
    """The report as plain text (no colour, no escape sequences), for files and tests.

    ``width=None``: no line is wrapped, as for a pipe or a file.
    """
    console = Console(file=io.StringIO(), width=width or _UNWRAPPED, color_system=None, force_terminal=False,
                      legacy_windows=False, highlight=False, emoji=False)
    render(report, console, quiet=quiet)
    text: str = console.file.getvalue()  # type: ignore[attr-defined]
    # Rich pads wrapped lines to the full width; trailing blanks only clutter a file.
    return "".join(line.rstrip() + "\n" for line in text.splitlines())


def print_report(report: Report, *, no_color: bool = False, quiet: bool = False) -> None:
    """To the terminal, fitted to its width; to a pipe or file, unwrapped and without trailing spaces."""
    console = Console(no_color=no_color or None, highlight=False, emoji=False)
    if console.is_terminal:
        render(report, console, quiet=quiet)
    else:
        sys.stdout.write(render_text(report, width=None, quiet=quiet))


class LookupProgress:
    """A transient progress bar on standard error while references are looked up."""

    def __init__(self) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self._progress = Progress(
            TextColumn("looking up references"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            console=Console(stderr=True), transient=True,
        )
        self._task = self._progress.add_task("lookup", total=None)
        self._progress.start()

    def update(self, done: int, total: int) -> None:
        self._progress.update(self._task, completed=done, total=total)

    def close(self) -> None:
        self._progress.stop()


class BuildProgress:
    """A transient progress bar with an estimate of the time left, for work measured in bytes read."""

    def __init__(self, label: str) -> None:
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        self._progress = Progress(
            TextColumn(label), BarColumn(), DownloadColumn(), TextColumn("left"), TimeRemainingColumn(),
            console=Console(stderr=True), transient=True,
        )
        self._task = self._progress.add_task(label, total=None)
        self._progress.start()

    def update(self, done: int, total: int) -> None:
        self._progress.update(self._task, completed=done, total=total)

    def close(self) -> None:
        self._progress.stop()


def progress_bar() -> LookupProgress:
    return LookupProgress()


def _file(file: FileResult, quiet: bool, *, ruled: bool = True) -> Iterator[RenderableType]:
    with_findings = [result for result in file.references if result.findings]
    brief = [result for result in file.references if not result.findings and result.match.status in _BRIEF_STATUSES]
    if (quiet and not with_findings or not file.references) and not file.findings:
        return  # nothing to say: the summary counts it
    heading = Text(printable(file.path), style="bold")
    yield Rule(heading, align="left") if ruled else heading
    for finding in file.findings:
        yield _text_finding(file, finding)
    for result in with_findings:
        yield _reference(file, result)
    if quiet or not file.references:
        return
    if brief:
        yield Text("Not compared with a published record:", style="bold")
        yield _brief_table(file, brief)
    clean = len(file.references) - len(with_findings)
    yield Text(f"{clean} of {len(file.references)} references without findings.", style="dim")
    yield Text()


def _reference(file: FileResult, result: ReferenceResult) -> RenderableType:
    reference = result.reference
    header = Text.assemble(
        (f"{printable(file.path)}:{reference.span.line}:{reference.span.column}", "bold"),
        f"  reference {reference.index}",
        ("  " + printable(reference.key) if reference.key else ""),
        "  ", _match_text(result.match),
    )
    parts: list[RenderableType] = [header, Padding(_marked_reference(result), (0, 0, 0, _INDENT), expand=False)]
    parts += [_finding(finding) for finding in result.findings]
    parts.append(Text())
    return Group(*parts)


def _text_finding(file: FileResult, finding: Finding) -> RenderableType:
    """A finding about the text (a citation): its line, the citation marked, then the finding."""
    span = finding.span
    line_start = file.text.rfind("\n", 0, span.start) + 1
    line_end = file.text.find("\n", span.end)
    line = file.text[line_start : line_end if line_end >= 0 else len(file.text)]
    shown, offsets = printable_with_offsets(line)
    start, end = offsets[min(span.start - line_start, len(line))], offsets[min(span.end - line_start, len(line))]
    window_start, window_end = _windows([(start, end)], len(shown))[0] if len(shown) > _LONGEST_SHOWN else (0, len(shown))
    before = "… " if window_start > 0 else ""
    piece = Text(before + shown[window_start:window_end] + (" …" if window_end < len(shown) else ""))
    piece.stylize(f"{SEVERITY_STYLES[finding.severity]} underline", start - window_start + len(before),
                  end - window_start + len(before))
    header = Text.assemble((f"{printable(file.path)}:{span.line}:{span.column}", "bold"), "  citation")
    return Group(header, Padding(piece, (0, 0, 0, _INDENT), expand=False), _finding(finding), Text())


def _match_text(match: Match) -> Text:
    if match.status == "matched" and match.record is not None:
        confidence = f", confidence {match.confidence:.2f}" if match.confidence is not None else ""
        return Text(f"(record: {printable(match.record.doi)}{confidence})", style="dim")
    label = _STATUS_LABELS.get(match.status, match.status)
    reason = f": {printable(match.reason)}" if match.reason else ""
    candidates = ", ".join(printable(candidate.doi) for candidate in match.candidates)
    candidates = f"; candidates {candidates}" if candidates else ""
    return Text(f"({label}{reason}{candidates})", style="dim")


def _marked_reference(result: ReferenceResult) -> Text:
    """The printed reference with the spans of its findings highlighted.

    A long reference (a .bib entry with an abstract) is cut to the text
    around its marked spans, so one entry cannot fill the screen.
    """
    reference = result.reference
    shown, offsets = printable_with_offsets(reference.text)
    base = reference.span.start
    marks = []
    for finding in result.findings:
        spans = [finding.span] + ([finding.fix.span] if finding.fix and finding.fix.span else [])
        for span in spans:
            start = offsets[min(max(span.start - base, 0), len(reference.text))]
            end = offsets[min(max(span.end - base, 0), len(reference.text))]
            if end > start:
                marks.append((start, end, f"{SEVERITY_STYLES[finding.severity]} underline"))
    if len(shown) <= _LONGEST_SHOWN:
        windows = [(0, len(shown))]
    else:
        windows = _windows([(start, end) for start, end, _ in marks] or [(0, 0)], len(shown))
    pieces = []
    for window_start, window_end in windows:
        before = "… " if window_start > 0 else ""
        piece = Text(before + shown[window_start:window_end] + (" …" if window_end < len(shown) else ""))
        for start, end, style in marks:
            start, end = max(start, window_start), min(end, window_end)
            if end > start:
                piece.stylize(style, start - window_start + len(before), end - window_start + len(before))
        pieces.append(piece)
    return Text(" ").join(pieces)


def _windows(ranges: list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """Text around each range (at most _LONGEST_SHOWN of one range), overlapping windows merged."""
    windows: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        window = (max(start - _CONTEXT, 0), min(end, start + _LONGEST_SHOWN) + _CONTEXT)
        window = (window[0], min(window[1], length))
        if windows and window[0] <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], window[1]))
        else:
            windows.append(window)
    return windows


def _finding(finding: Finding) -> RenderableType:
    fixable = f"  (fixable, {finding.fix.applicability})" if finding.fix else ""
    header = Text.assemble(
        "  ", (f"{finding.severity:<7}", SEVERITY_STYLES[finding.severity]), " ",
        (finding.code, "bold"), " ", finding.name,
        f"  {finding.span.line}:{finding.span.column}", (fixable, "green" if fixable else ""),
    )
    lines: list[RenderableType] = [header, Padding(Text(printable(finding.message)), (0, 0, 0, _INDENT), expand=False)]
    lines += [Padding(line, (0, 0, 0, _INDENT), expand=False) for line in _values(finding)]
    return Group(*lines)


def _values(finding: Finding) -> list[Text]:
    found = printable(finding.found) if finding.found is not None else None
    expected = printable(finding.expected) if finding.expected is not None else None
    lines: list[Text] = []
    compared_with_record = finding.evidence is not None or finding.code.startswith("CL2")
    if found is not None and expected is not None and compared_with_record:
        printed_text, record_text = _diff(found, expected)
        lines += [Text.assemble(("printed: ", "dim"), printed_text), Text.assemble(("record:  ", "dim"), record_text)]
    elif found is not None and expected is not None:
        printed_text, record_text = _diff(found, expected)
        lines.append(Text.assemble(printed_text, " → ", record_text))
    elif expected is not None:
        lines.append(Text.assemble(("expected: ", "dim"), expected))
    elif found is not None:
        lines.append(Text.assemble(("found: ", "dim"), found))
    if finding.fix is not None and finding.fix.replacement != finding.expected:
        lines.append(Text.assemble(("fix: ", "dim"), printable(finding.fix.replacement)))
    if finding.evidence:
        lines.append(Text.assemble(("evidence: ", "dim"), (printable(finding.evidence), "blue underline")))
    return lines


def _diff(found: str, expected: str) -> tuple[Text, Text]:
    """Both values, with the words and signs that differ highlighted in each.

    Whole tokens, not characters: a transposed "67" / "76" reads as one
    changed number rather than as a moved digit.
    """
    found_tokens, expected_tokens = _TOKEN.findall(found), _TOKEN.findall(expected)
    found_starts, expected_starts = _starts(found_tokens), _starts(expected_tokens)
    printed_text, record_text = Text(found), Text(expected)
    matcher = difflib.SequenceMatcher(None, found_tokens, expected_tokens, autojunk=False)
    for tag, found_start, found_end, expected_start, expected_end in matcher.get_opcodes():
        if tag in ("replace", "delete"):
            printed_text.stylize("bold red reverse", found_starts[found_start], found_starts[found_end])
        if tag in ("replace", "insert"):
            record_text.stylize("bold green reverse", expected_starts[expected_start], expected_starts[expected_end])
    return printed_text, record_text


def _starts(tokens: list[str]) -> list[int]:
    """Character offset of each token, and of the end."""
    starts = [0]
    for token in tokens:
        starts.append(starts[-1] + len(token))
    return starts


def _brief_table(file: FileResult, results: list[ReferenceResult]) -> Table:
    """Each reference on one line cut to the terminal's width, its lookup outcome below."""
    table = Table.grid()
    table.add_column(no_wrap=True, overflow="ellipsis")
    for result in results:
        reference = result.reference
        table.add_row(Text.assemble(f"  {printable(file.path)}:{reference.span.line}  ", printable(reference.text)))
        table.add_row(Padding(_match_text(result.match), (0, 0, 0, _INDENT), expand=False))
    return table


def _summary_tables(summary: Summary) -> RenderableType:
    counts = Table(title="Summary", title_justify="left", show_header=False, box=None, padding=(0, 2, 0, 0))
    counts.add_column()
    counts.add_column(justify="right")
    counts.add_row("references", str(summary.references))
    counts.add_row("without findings", str(summary.clean))
    counts.add_row("with findings", str(summary.with_findings))
    for severity, count in summary.by_severity.items():
        counts.add_row(Text(f"{severity} findings", style=SEVERITY_STYLES[severity] if count else ""), str(count))
    counts.add_row("fixable (safe / unsafe)", f"{summary.fixable['safe']} / {summary.fixable['unsafe']}")
    for status, count in summary.match.items():
        if count:
            counts.add_row(f"record {_STATUS_LABELS.get(status, status)}", str(count))
    if summary.errors:
        counts.add_row(Text("files not read", style="bold red"), str(summary.errors))
    if not summary.by_rule:
        return counts
    rules = Table(title="Findings by rule", title_justify="left", box=None, padding=(0, 2, 0, 0))
    rules.add_column("rule")
    rules.add_column("name")
    rules.add_column("count", justify="right")
    for code, count in summary.by_rule.items():
        rules.add_row(code, Text(printable(summary.rule_names[code])), str(count))
    return Group(counts, Text(), rules)


def _closing_line(summary: Summary) -> Text:
    severities = ", ".join(_counted(count, severity) for severity, count in summary.by_severity.items() if count)
    findings = f"{_counted(summary.findings, 'finding')} ({severities})" if summary.findings else "no findings"
    citations = f", {_counted(summary.citation_findings, 'finding')} about citations" if summary.citation_findings else ""
    return Text(f"{_counted(summary.references, 'reference')} checked, {summary.with_findings} with findings"
                f"{citations}: {findings}.", style="bold")


def _counted(count: int, noun: str) -> str:
    plural = noun if count == 1 or noun == "info" else noun + "s"
    return f"{count} {plural}"
