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
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from citelint.app.results import FileResult, ReferenceResult, Report
from citelint.model import Finding, Match
from citelint.report import Summary, printable, printable_with_offsets, summarize

SEVERITY_STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_STATUS_LABELS = {"ambiguous": "ambiguous", "not-found": "not found", "unchecked": "not checked", "offline": "offline"}
_BRIEF_STATUSES = ("ambiguous", "not-found", "unchecked")
_INDENT = 4
_LONGEST_SHOWN = 400  # characters of a reference shown whole
_CONTEXT = 60  # characters shown either side of a marked span in a longer one
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


_UNWRAPPED = 1_000_000  # the width a console gets when lines must not wrap
_WIDE = 120  # from this width on, rule names have a column of their own; below, they lead the message


def render(report: Report, console: Console, *, quiet: bool = False) -> None:
    """Print the report; ``quiet`` prints the findings only, no listings or summary."""
    summary = summarize(report)
    name_width = max((len(name) for name in summary.rule_names.values()), default=0)
    for file in report.files:
        console.print(Group(*_file(file, quiet, name_width if console.width >= _WIDE else 0,
                                   ruled=console.width < _UNWRAPPED)))
    if not quiet:
        for notice in report.notices:
            console.print(Text.assemble(("note: ", "dim"), printable(str(notice))))
        if report.notices:
            console.print()
        if summary.by_rule:
            console.print(_rule_table(summary))
            console.print()
    console.print(_closing(summary))


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


def _file(file: FileResult, quiet: bool, name_width: int, *, ruled: bool = True) -> Iterator[RenderableType]:
    with_findings = [result for result in file.references if result.findings]
    brief = [result for result in file.references if not result.findings and result.match.status in _BRIEF_STATUSES]
    if (quiet and not with_findings or not file.references) and not file.findings:
        return  # nothing to say: the summary counts it
    heading = Text(printable(file.path), style="bold")
    yield Rule(heading, align="left") if ruled else heading
    rows = _Rows(file, name_width)
    for finding in file.findings:
        rows.citation(finding)
    for result in with_findings:
        rows.reference(result)
    yield rows.table
    if quiet or not file.references:
        return
    if brief:
        yield Text("Not compared with a published record:", style="bold")
        yield _brief_table(file, brief)
    clean = len(file.references) - len(with_findings)
    yield Text(f"{clean} of {len(file.references)} references without findings.", style="dim")
    yield Text()


class _Rows:
    """One file's references and findings in fixed columns: where, severity, code, name, what.

        1:1   [1] Smith, J. (2010). Deep learning of citations. Journal of Examples, 12(3), 45-67.
              record 10.1234/jex.2010.45, confidence 0.97
        1:92  error   CL203 pages-mismatch      page range differs from the published record [*]
                                                printed 45-67
                                                record  45-76
    """

    def __init__(self, file: FileResult, name_width: int) -> None:
        self.file = file
        # The longest rule name in the report, so columns line up across files; 0: the name leads the message.
        self.name_width = name_width
        self.table = Table.grid(padding=(0, 1), expand=False)
        self.table.add_column(no_wrap=True)  # line:column
        self.table.add_column()  # the reference, or a finding's severity, code, name and message

    def reference(self, result: ReferenceResult) -> None:
        reference = result.reference
        self.table.add_row(Text(f"{reference.span.line}:{reference.span.column}", style="bold"),
                           _marked_reference(result))
        record = result.match.record
        # An info finding whose value is the record's DOI ("no DOI; the record's is ...") repeats the
        # record line: it is named on that line instead of taking its own.
        repeats = [finding for finding in result.findings
                   if finding.severity == "info" and record is not None and finding.expected == record.doi]
        status = _match_text(result.match)
        for finding in repeats:
            status.append_text(Text.assemble("  ", ("info", SEVERITY_STYLES["info"]), " ", (finding.code, "bold"),
                                             f" {finding.name}"))
        self.table.add_row("", status)
        for finding in result.findings:
            if finding not in repeats:
                self._finding(finding, result.match)
        self.table.add_row("", "")

    def citation(self, finding: Finding) -> None:
        """A finding about the text: the citation's line, the citation marked, then the finding."""
        self.table.add_row(Text(f"{finding.span.line}:{finding.span.column}", style="bold"),
                           _marked_citation(self.file, finding))
        self._finding(finding, None)
        self.table.add_row("", "")

    def _finding(self, finding: Finding, match: Match | None) -> None:
        fixable = " [*]" if finding.fix is not None and finding.fix.applicability == "safe" else ""
        line = Table.grid(padding=(0, 1), expand=False)
        line.add_column(no_wrap=True, width=7)
        line.add_column(no_wrap=True, width=5)
        if self.name_width:
            line.add_column(no_wrap=True, width=self.name_width)
        line.add_column()
        name = () if self.name_width else (Text(finding.name), "  ")
        what = Text.assemble(*name, printable(finding.message), (fixable, "green"))
        details = _values(finding, match)
        cells = [Text(finding.severity, style=SEVERITY_STYLES[finding.severity]), Text(finding.code, style="bold")]
        if self.name_width:
            cells.append(Text(finding.name))
        line.add_row(*cells, Group(what, *details) if details else what)
        self.table.add_row(Text(f"{finding.span.line}:{finding.span.column}", style="dim"), line)


def _marked_citation(file: FileResult, finding: Finding) -> Text:
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
    return piece


def _match_text(match: Match) -> Text:
    if match.status == "matched" and match.record is not None:
        confidence = f", confidence {match.confidence:.2f}" if match.confidence is not None else ""
        return Text(f"record {printable(match.record.doi)}{confidence}", style="dim")
    label = _STATUS_LABELS.get(match.status, match.status)
    if match.status == "unchecked":
        return Text(f"{label}: the lookup failed (why: below the report)", style="dim")
    reason = f": {printable(match.reason)}" if match.reason else ""
    candidates = ", ".join(printable(candidate.doi) for candidate in match.candidates)
    candidates = f"; candidates {candidates}" if candidates else ""
    return Text(f"{label}{reason}{candidates}", style="dim")


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
            if end > start and (start, end) != (0, len(shown)):  # a finding about the whole reference marks nothing
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


def _values(finding: Finding, match: Match | None) -> list[Text]:
    """What was printed and what was expected, one above the other; an info finding stays on its one line."""
    found = printable(finding.found) if finding.found is not None else None
    expected = printable(finding.expected) if finding.expected is not None else None
    lines: list[Text] = []
    if finding.severity == "info":
        shown = found if found is not None and found not in finding.message else None
        return [Text.assemble(("found   ", "dim"), shown)] if shown and expected is None else []
    compared_with_record = finding.evidence is not None or finding.code.startswith("CL2")
    labels = ("printed ", "record  ") if compared_with_record else ("found   ", "correct ")
    if found is not None and expected is not None:
        printed_text, record_text, note = _diff(found, expected)
        lines += [Text.assemble((labels[0], "dim"), printed_text),
                  Text.assemble((labels[1], "dim"), record_text, (f"  ({note})" if note else "", "dim italic"))]
    elif expected is not None and expected not in finding.message:
        lines.append(Text.assemble((labels[1], "dim"), expected))
    elif found is not None and found not in finding.message:
        lines.append(Text.assemble(("found   ", "dim"), found))
    if finding.fix is not None and finding.fix.replacement != finding.expected:
        lines.append(Text.assemble(("fix     ", "dim"), printable(finding.fix.replacement)))
    record_url = match.record.url if match is not None and match.record is not None else None
    if finding.evidence and finding.evidence != record_url:
        lines.append(Text.assemble(("see     ", "dim"), (printable(finding.evidence), "blue underline")))
    return lines


_WHOLE_TOKEN = re.compile(r"\d+|\W+")  # numbers and signs change whole: "67" / "76" is one changed number


def _diff(found: str, expected: str) -> tuple[Text, Text, str]:
    """Both values with only what differs highlighted, and a note for what differs harmlessly.

    Words are compared ignoring case, so a title in another capitalisation
    is said in words ("case only") rather than marked word by word, and so
    is a British / American spelling ("spelling variant"). Within a changed
    word only the characters that differ are marked; a changed number or
    sign is marked whole.
    """
    from citelint.fields.variants import same_word

    found_tokens, expected_tokens = _TOKEN.findall(found), _TOKEN.findall(expected)
    found_starts, expected_starts = _starts(found_tokens), _starts(expected_tokens)
    printed_text, record_text = Text(found), Text(expected)
    folded = difflib.SequenceMatcher(None, [token.casefold() for token in found_tokens],
                                     [token.casefold() for token in expected_tokens], autojunk=False)
    notes = []
    for tag, found_start, found_end, expected_start, expected_end in folded.get_opcodes():
        found_part, expected_part = found_tokens[found_start:found_end], expected_tokens[expected_start:expected_end]
        if tag == "equal":
            if found_part != expected_part:
                notes.append("case only")
            continue
        pairs = list(zip(found_part, expected_part))
        if tag == "replace" and len(found_part) == len(expected_part):
            if all(same_word(a.casefold(), b.casefold()) for a, b in pairs if a.casefold() != b.casefold()):
                notes.append("spelling variant")
                continue
            for offset, (a, b) in enumerate(pairs):
                _mark_characters(printed_text, found_starts[found_start + offset], a,
                                 record_text, expected_starts[expected_start + offset], b)
            continue
        if tag in ("replace", "delete"):
            printed_text.stylize(_REMOVED, found_starts[found_start], found_starts[found_end])
        if tag in ("replace", "insert"):
            record_text.stylize(_ADDED, expected_starts[expected_start], expected_starts[expected_end])
    marked = printed_text.spans or record_text.spans
    note = ", ".join(dict.fromkeys(("also " if marked else "") + note for note in notes))
    return printed_text, record_text, note


_REMOVED, _ADDED = "bold red reverse", "bold green reverse"


def _mark_characters(printed_text: Text, found_at: int, found: str, record_text: Text, expected_at: int,
                     expected: str) -> None:
    """Mark the characters that differ between two words (whole numbers and signs; whole words when
    little is shared). A letter left out is marked on the side that has it only."""
    if found.casefold() == expected.casefold():
        return
    matcher = difflib.SequenceMatcher(None, found.casefold(), expected.casefold(), autojunk=False)
    whole = _WHOLE_TOKEN.fullmatch(found) or _WHOLE_TOKEN.fullmatch(expected) or matcher.ratio() < 0.5
    found_marks, expected_marks = [], []
    if not whole:
        for tag, a_start, a_end, b_start, b_end in matcher.get_opcodes():
            if tag in ("replace", "delete"):
                found_marks.append((a_start, a_end))
            if tag in ("replace", "insert"):
                expected_marks.append((b_start, b_end))
    for start, end in found_marks if not whole else [(0, len(found))]:
        printed_text.stylize(_REMOVED, found_at + start, found_at + end)
    for start, end in expected_marks if not whole else [(0, len(expected))]:
        record_text.stylize(_ADDED, expected_at + start, expected_at + end)


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
    width = max(len(f"{result.reference.span.line}:{result.reference.span.column}") for result in results)
    for result in results:
        reference = result.reference
        where = f"{reference.span.line}:{reference.span.column}"
        table.add_row(Text.assemble((where, "bold"), " " * (width - len(where) + 1), printable(reference.text)))
        table.add_row(Text.assemble(" " * (width + 1), _match_text(result.match)))
    return table


def _rule_table(summary: Summary) -> RenderableType:
    rules = Table(title="Findings by rule", title_justify="left", box=None, padding=(0, 2, 0, 0))
    rules.add_column("count", justify="right")
    rules.add_column("code")
    rules.add_column("name")
    for code, count in sorted(summary.by_rule.items(), key=lambda item: (-item[1], item[0])):
        rules.add_row(str(count), code, Text(printable(summary.rule_names[code])))
    return rules


def _closing(summary: Summary) -> RenderableType:
    """The concise report's closing lines: findings, fixes, what was looked up, and why lookups failed, once."""
    from citelint.report.concise import summary_lines

    first, *rest = summary_lines(summary)
    return Group(Text(first, style="bold"), *(Text(line) for line in rest))
