"""Fixes: write the findings' corrections into the files, and touch nothing else.

A fix replaces the text of one span (``fix.span``, else the finding's span).
Every other character of the file stays as it was, and the file is written
back in its own encoding, byte-order mark and line endings, atomically, with
its permissions, and only if it has not changed on disk since it was read.

Which fixes apply, decided the same way on every run:

1. Safe fixes; with ``unsafe`` the unsafe ones too. A fix whose span lies
   outside the text is skipped, and so is one whose span already holds its
   replacement (so a second run changes nothing).
2. A replacement the file's encoding cannot hold has its dashes written as
   "-" (the one substitute that is right wherever a dash is); if that is not
   enough, the fix is skipped.
3. Identical edits (same span, same replacement) from several findings are
   one edit, and fix all of them.
4. Edits that overlap, or insert at the same place, conflict: none of them
   applies, and each is reported with the fixes it collides with. Safe edits
   are decided among themselves first, so adding ``unsafe`` never takes away
   a safe fix; an unsafe edit that collides with a safe one is left.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from citelint.app.results import FileResult, ReferenceResult, Report
from citelint.app.safe_write import FixError, remove_stale_temporaries, write_file
from citelint.fields.latex_escape import escape_like, uses_latex_accents
from citelint.model import Finding, Reference, SourceText, Span
from citelint.readers import KINDS, LATEX_KINDS

STDIN = "<stdin>"

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
# Dashes a file's encoding may lack, written as the hyphen-minus every encoding has.
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2212", "-"))


@dataclass(frozen=True, order=True)
class Edit:
    start: int
    end: int
    replacement: str


@dataclass(frozen=True)
class Unapplied:
    finding: Finding
    reason: str


@dataclass(frozen=True)
class FixPlan:
    edits: tuple[Edit, ...]  # sorted, none overlapping another
    fixed: tuple[Finding, ...]  # the findings the edits correct
    conflicts: tuple[Unapplied, ...]
    skipped: tuple[Unapplied, ...]
    unsafe_hidden: int  # findings whose fix is unsafe, left out without ``unsafe``


@dataclass(frozen=True)
class FileOutcome:
    path: str
    plan: FixPlan
    diff: str  # empty when the fixes change nothing
    written: bool  # the corrected text went to the file (or, for standard input, to the output)
    error: str | None = None


@dataclass(frozen=True)
class FixOutcome:
    files: tuple[FileOutcome, ...]
    report: Report  # what is left to report: the findings fixed are gone, spans point into the new text
    stdout: bytes | None = None  # the corrected standard input, in its own encoding

    @property
    def fixed(self) -> int:
        return sum(len(file.plan.fixed) for file in self.files if file.written)

    @property
    def fixable(self) -> int:
        """Findings the edits would fix (what --diff shows)."""
        return sum(len(file.plan.fixed) for file in self.files)

    @property
    def remaining(self) -> int:
        return sum(len(result.findings) for file in self.report.files for result in file.references) + sum(
            len(file.findings) for file in self.report.files)

    @property
    def errors(self) -> tuple[str, ...]:
        return tuple(file.error for file in self.files if file.error)


def summary(outcome: FixOutcome, *, unsafe: bool) -> list[str]:
    """What the fixing did, for the terminal: each fix left and why, then the counts."""
    lines = []
    for file in outcome.files:
        if file.error:
            lines.append(file.error)
        for unapplied in file.plan.conflicts + file.plan.skipped:
            span = unapplied.finding.span
            lines.append(f"{file.path}:{span.line}:{span.column}: {unapplied.finding.code} fix not applied: {unapplied.reason}")
    written = any(file.written for file in outcome.files)
    if not outcome.fixable:
        kind = "fix" if unsafe else "safe fix"
        if outcome.remaining > 1:
            lines.append(f"Nothing to fix: none of the {outcome.remaining} findings has a {kind}.")
        else:
            lines.append("Nothing to fix: " + (f"the one finding has no {kind}." if outcome.remaining else "no findings."))
    elif written:
        lines.append(f"Fixed {_count(outcome.fixed, 'finding')} ({outcome.remaining} remaining).")
    else:
        lines.append(f"Would fix {_count(outcome.fixable, 'finding')}.")
    hidden = sum(file.plan.unsafe_hidden for file in outcome.files)
    if hidden and not unsafe:
        lines.append(f"{_count(hidden, 'more fix', 'more fixes')} available with --unsafe-fixes.")
    return lines


def _count(number: int, singular: str, plural: str | None = None) -> str:
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


def fix_files(report: Report, sources: Mapping[str, SourceText], *, unsafe: bool, write: bool) -> FixOutcome:
    """Plan each file's fixes; with ``write``, write them (standard input: into ``stdout``).

    ``sources`` holds each file as it was read (path -> SourceText), for its
    encoding and byte-order mark.
    """
    outcomes, files, stdout = [], [], None
    for file in report.files:
        if file.path.lower().endswith(_NEVER_WRITTEN):
            files.append(file)
            continue
        if write and file.path != STDIN:
            remove_stale_temporaries(file.path)
        source = sources[file.path]
        file_plan = plan(file, unsafe=unsafe, encoding=source.encoding)
        new_text = apply(file.text, file_plan.edits)
        outcome = FileOutcome(file.path, file_plan, diff(file.path, file.text, new_text), written=False)
        if write and file.path == STDIN:
            stdout = source.bom + new_text.encode(source.encoding)
            outcome = dataclasses.replace(outcome, written=True)
        elif write and file_plan.edits:
            try:
                write_file(file.path, source.encoding, source.bom, file.text, new_text)
                outcome = dataclasses.replace(outcome, written=True)
            except FixError as error:
                outcome = dataclasses.replace(outcome, error=str(error))
        outcomes.append(outcome)
        files.append(after_fixes(file, file_plan, new_text) if outcome.written else file)
    return FixOutcome(tuple(outcomes), dataclasses.replace(report, files=tuple(files)), stdout)


# Files --fix leaves alone: a .docx's text is paragraphs read out of a zip, not the file;
# a .bbl is generated by BibTeX or biber from the .bib, which is the file to correct.
_NEVER_WRITTEN = (".docx", ".bbl")

# A citation key inside \cite{...} or [@...] ends at these.
_CITATION_KEY_SYNTAX = ",;{}[]%@ \t"


def _needs_escaping(kind: str, replacement: str) -> bool:
    """Whether the replacement holds characters the file's format would misread (or a control character)."""
    special = _CITATION_KEY_SYNTAX if kind == "citation" else KINDS[kind].syntax
    if not special:
        return False
    return any(char in special or char < " " for char in replacement)


def plan(file: FileResult, *, unsafe: bool, encoding: str) -> FixPlan:
    """The edits to make in the file's text, and why the other fixes are left."""
    text = file.text
    latex_accents = uses_latex_accents(text)
    skipped: list[Unapplied] = []
    by_edit: dict[Edit, list[Finding]] = {}
    safe_edits: set[Edit] = set()
    unsafe_hidden = 0
    for reference, finding in _findings(file):
        fix = finding.fix
        if fix is None:
            continue
        if fix.applicability == "unsafe" and not unsafe:
            unsafe_hidden += 1
            continue
        span = fix.span or finding.span
        if not 0 <= span.start <= span.end <= len(text):
            skipped.append(Unapplied(finding, "its span lies outside the file's text"))
            continue
        if reference is not None and span.start <= reference.span.start < reference.span.end <= span.end:
            # A fix corrects one field; one that would rewrite the whole reference has lost its span.
            skipped.append(Unapplied(finding, "it would replace the whole reference, not one field"))
            continue
        if text[span.start : span.end] == fix.replacement:
            skipped.append(Unapplied(finding, f"the text already reads {fix.replacement!r}"))
            continue
        kind = reference.kind if reference is not None else "citation"  # a cited key is written as the key
        if _needs_escaping(kind, fix.replacement):
            skipped.append(Unapplied(finding, f"{fix.replacement!r} would need escaping in a {kind} file"))
            continue
        wanted = fix.replacement
        if kind in LATEX_KINDS and latex_accents:
            wanted = escape_like(wanted, text)  # "Müller" as the file writes it: M{\"u}ller
        replacement = _encodable(wanted, encoding)
        if replacement is None:
            skipped.append(Unapplied(finding, f"{fix.replacement!r} cannot be written in the file's encoding ({encoding})"))
            continue
        edit = Edit(span.start, span.end, replacement)
        by_edit.setdefault(edit, []).append(finding)
        if fix.applicability == "safe":
            safe_edits.add(edit)

    chosen: list[Edit] = []
    conflicts: list[Unapplied] = []
    safe_rivals = {edit: cluster for cluster in _clusters(sorted(safe_edits)) for edit in cluster}
    for cluster in _clusters(sorted(by_edit)):
        for edit in cluster:
            rivals = safe_rivals.get(edit, cluster)
            if len(rivals) == 1:
                chosen.append(edit)
                continue
            others = [other for other in rivals if other != edit]
            for finding in by_edit[edit]:
                conflicts.append(Unapplied(finding, "overlaps " + ", ".join(_describe(o, by_edit[o]) for o in others)))
    fixed = tuple(finding for edit in chosen for finding in by_edit[edit])
    return FixPlan(tuple(chosen), fixed, tuple(conflicts), tuple(skipped), unsafe_hidden)


def apply(text: str, edits: Sequence[Edit]) -> str:
    """The text with each edit's span replaced; the edits must not overlap."""
    pieces, cursor = [], 0
    for edit in sorted(edits):
        if edit.start < cursor:
            raise ValueError(f"overlapping edits at offset {edit.start}")
        pieces.append(text[cursor : edit.start])
        pieces.append(edit.replacement)
        cursor = edit.end
    pieces.append(text[cursor:])
    return "".join(pieces)


def diff(path: str, old_text: str, new_text: str) -> str:
    """A unified diff from old to new; each line keeps its own ending (LF, CRLF or CR)."""
    import difflib

    if old_text == new_text:
        return ""
    lines = difflib.unified_diff(_LINE.findall(old_text), _LINE.findall(new_text), path, path)
    return "".join(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n" for line in lines)


def after_fixes(file: FileResult, file_plan: FixPlan, new_text: str) -> FileResult:
    """The file's results once fixed: the fixed findings gone, every span moved into the new text."""
    if not file_plan.edits:
        return file
    source = SourceText(file.path, new_text)
    fixed = {id(finding) for finding in file_plan.fixed}

    offset = _offset_map(file_plan.edits)

    def moved(span: Span) -> Span:
        return source.span(offset(span.start, True), offset(span.end, False))

    results = []
    for result in file.references:
        reference = result.reference
        new_span = moved(reference.span)
        reference = dataclasses.replace(
            reference,
            text=new_text[new_span.start : new_span.end],
            span=new_span,
            spans={name: moved(span) for name, span in reference.spans.items()},
            authors=tuple(dataclasses.replace(a, span=a.span and moved(a.span)) for a in reference.authors),
            suppressions=tuple(dataclasses.replace(s, span=moved(s.span)) for s in reference.suppressions),
        )
        findings = tuple(
            dataclasses.replace(
                finding,
                span=moved(finding.span),
                fix=finding.fix and dataclasses.replace(finding.fix, span=finding.fix.span and moved(finding.fix.span)),
            )
            for finding in result.findings
            if id(finding) not in fixed
        )
        results.append(ReferenceResult(reference, result.match, findings))
    about_text = tuple(dataclasses.replace(finding, span=moved(finding.span)) for finding in file.findings
                       if id(finding) not in fixed)
    return FileResult(file.path, new_text, tuple(results), about_text)


def _findings(file: FileResult) -> Iterable[tuple[Reference | None, Finding]]:
    """Each finding with its reference; a finding about a citation in the text has none."""
    for finding in file.findings:
        yield None, finding
    for result in file.references:
        for finding in result.findings:
            yield result.reference, finding


def _encodable(replacement: str, encoding: str) -> str | None:
    for candidate in (replacement, replacement.translate(_DASHES)):
        try:
            candidate.encode(encoding)
        except UnicodeEncodeError:
            continue
        return candidate
    return None


def _clusters(edits: Sequence[Edit]) -> list[list[Edit]]:
    """Sorted edits grouped so that edits in different groups neither overlap nor share a start."""
    clusters: list[list[Edit]] = []
    reach = -1  # the furthest end in the current group
    for edit in edits:
        if clusters and (edit.start < reach or edit.start == clusters[-1][-1].start):
            clusters[-1].append(edit)
            reach = max(reach, edit.end)
        else:
            clusters.append([edit])
            reach = edit.end
    return clusters


def _describe(edit: Edit, findings: Sequence[Finding]) -> str:
    codes = "/".join(sorted({finding.code for finding in findings}))
    return f"the {codes} fix {edit.replacement!r}"


def _offset_map(edits: Sequence[Edit]) -> Callable[[int, bool], int]:
    """Where an offset lies after the (sorted, disjoint) edits; text inserted at a span's edge joins the span."""
    import bisect
    import itertools

    ends = [edit.end for edit in edits]
    shifts = list(itertools.accumulate((len(edit.replacement) - (edit.end - edit.start) for edit in edits), initial=0))

    def moved(offset: int, start: bool) -> int:
        index = bisect.bisect_left(ends, offset)  # past the edits that end before it; then those ending at it
        while index < len(edits) and ends[index] == offset and (edits[index].start < offset or not start):
            index += 1
        edit = edits[index] if index < len(edits) else None
        if edit is not None and edit.start < offset < edit.end:
            return edit.start + shifts[index] + min(offset - edit.start, len(edit.replacement))
        return offset + shifts[index]

    return moved
