"""The records that flow through citelint: references in, findings out.

Offsets are character offsets into the decoded text of the source file
(``SourceText.text``); lines and columns are 1-based, columns count
characters, and ``end_column`` is exclusive, so a span covers
``text[start:end]``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
SEVERITY_RANK: Mapping[str, int] = {"info": 1, "warning": 2, "error": 3}

_LINE_BREAK = re.compile(r"\r\n|\r|\n")

Applicability = Literal["safe", "unsafe"]

MatchStatus = Literal["matched", "ambiguous", "not-found", "unchecked", "offline"]

# The fields a finding can be about (the JSON interface lists them).
FINDING_FIELDS = (
    "pages",
    "title",
    "year",
    "volume",
    "issue",
    "authors",
    "container",
    "doi",
    "status",
    "format",
    "duplicate",
    "citation",
)

# Parsed fields of a reference, each of which may carry a span.
REFERENCE_FIELDS = (
    "authors",
    "year",
    "title",
    "container",
    "volume",
    "issue",
    "pages",
    "article_number",
    "doi",
    "url",
    "publisher",
    "edition",
    "type",
    "status",
)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int


class SourceText:
    """A decoded file and the map from character offsets to lines and columns."""

    def __init__(self, path: str, text: str, encoding: str = "utf-8", bom: bytes = b"") -> None:
        self.path = path
        self.text = text
        # How to write the text back byte for byte: bom + text.encode(encoding).
        self.encoding = encoding
        self.bom = bom
        starts = [0]
        starts.extend(match.end() for match in _LINE_BREAK.finditer(text))
        self._line_starts = starts

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset."""
        line = bisect.bisect_right(self._line_starts, offset) - 1
        return line + 1, offset - self._line_starts[line] + 1

    def line_bounds(self, line: int) -> tuple[int, int]:
        """Offsets of the start and end (before its line break) of a 1-based line."""
        start = self._line_starts[line - 1]
        following = self._line_starts[line] if line < len(self._line_starts) else len(self.text)
        end = following
        while end > start and self.text[end - 1] in "\r\n":
            end -= 1
        return start, end

    def span(self, start: int, end: int) -> Span:
        line, column = self.position(start)
        end_line, end_column = self.position(end)
        return Span(start, end, line, column, end_line, end_column)


@dataclass(frozen=True)
class Author:
    """One author as printed: a person (family + given/initials) or an organisation."""

    family: str = ""
    given: str = ""
    organisation: str = ""
    span: Span | None = None

    @property
    def is_organisation(self) -> bool:
        return bool(self.organisation)


@dataclass(frozen=True)
class Suppression:
    """An inline ``citelint: ignore[...]`` comment attached to a reference."""

    codes: tuple[str, ...]
    span: Span
    reason: str | None = None
    until: str | None = None  # ISO date, as written


ReferenceId = tuple[str, int, int]  # Reference.identity: (file, offset of its first character, position)


@dataclass(frozen=True)
class Reference:
    """One reference as printed in a manuscript, with its parsed fields.

    Field values are normalised for comparison (LaTeX decoded in .bib,
    whitespace folded); ``spans[name]`` locates the printed text of each
    field in the file, and ``printed(name)`` returns it.
    """

    text: str  # the reference exactly as printed: source.text[span.start:span.end]
    file: str
    span: Span
    index: int  # 1-based position in its file
    kind: str  # how it is written: one of citelint.readers.KINDS ("text", "bibtex", ...)
    key: str | None = None  # citation key or printed label ("[12]")
    authors: tuple[Author, ...] = ()
    et_al: bool = False
    year: str | None = None  # with suffix as printed: "2012a"
    title: str | None = None
    container: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    article_number: str | None = None
    doi: str | None = None
    url: str | None = None
    publisher: str | None = None
    edition: str | None = None
    type: str | None = None  # "article", "book", "chapter", "report", "thesis", "web", "proceedings", ...
    status: str | None = None  # "in press", "forthcoming", "accepted", "submitted", ...
    spans: Mapping[str, Span] = field(default_factory=dict)
    suppressions: tuple[Suppression, ...] = ()
    parse_problem: str | None = None  # why the reader could not split it into fields

    def printed(self, name: str) -> str | None:
        """The field's text exactly as it stands in the file."""
        span = self.spans.get(name)
        if span is None:
            return None
        return self.text[span.start - self.span.start : span.end - self.span.start]

    def span_of(self, name: str) -> Span:
        """The field's span, or the whole reference when the field has none."""
        return self.spans.get(name, self.span)

    @property
    def identity(self) -> ReferenceId:
        """Which reference this is, the same for every copy of it: its file, where it starts there and
        its position in the file (references built apart from a file, as in tests, may share a start)."""
        return (self.file, self.span.start, self.index)


@dataclass(frozen=True)
class Update:
    """A notice that updates a work: retraction, correction, expression of concern..."""

    type: str
    doi: str
    date: str | None = None
    source: str | None = None
    label: str | None = None


@dataclass(frozen=True)
class Record:
    """A published record (from Crossref or a snapshot of Crossref records)."""

    doi: str
    type: str = ""
    title: str = ""
    subtitle: str = ""
    authors: tuple[Author, ...] = ()
    container: str = ""
    short_containers: tuple[str, ...] = ()
    issns: tuple[str, ...] = ()
    volume: str = ""
    issue: str = ""
    page: str = ""
    article_number: str = ""
    year_print: int | None = None
    year_online: int | None = None
    year_issued: int | None = None
    publisher: str = ""
    updated_by: tuple[Update, ...] = ()
    update_to: tuple[Update, ...] = ()
    relations: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    source: str = "crossref"

    @property
    def url(self) -> str:
        return f"https://doi.org/{self.doi}"

    @property
    def years(self) -> tuple[int, ...]:
        """Every year the record could rightly be cited under."""
        found = (self.year_print, self.year_online, self.year_issued)
        return tuple(sorted({year for year in found if year is not None}))


@dataclass(frozen=True)
class Alignment:
    """Where a matched record's fields stand in a reference's text (offsets into ``text``)."""

    text: str  # the reference's text it was located in: references that share a match may print it otherwise
    fields: tuple[tuple[str, int, int], ...] = ()  # container, year, volume, issue, pages: (name, start, end)
    title: tuple[int, int] | None = None  # where the record's title is printed
    container: tuple[int, int] | None = None  # where the record's journal is printed
    names_end: int | None = None  # where the authors' names end: the located title's or journal's start


@dataclass(frozen=True)
class Match:
    """What the metadata lookup found for one reference."""

    status: MatchStatus
    record: Record | None = None
    confidence: float | None = None  # 0..1, for matched
    source: str | None = None  # "crossref", "snapshot"
    candidates: tuple[Record, ...] = ()  # ambiguous: the plausible records
    via: str | None = None  # "doi" or "search"
    reason: str | None = None  # why not-found / unchecked / ambiguous
    # What the printed DOI itself resolved to, when the reference has one:
    # "same" (the matched record), "other-work" (doi_record is another work),
    # "unknown" (the source does not know the DOI), None (not looked up).
    doi_status: str | None = None
    doi_record: Record | None = None
    # not-found: whether the search returned other works of the journal the reference prints
    # (the journal deposits with the source), False when none, None when not searched.
    journal_known: bool | None = None
    # matched, a reference whose fields were guessed: where the record's fields stand in its text,
    # located once and kept with the decision (citelint.match.alignment)
    alignment: Alignment | None = None


OFFLINE = Match(status="offline")


@dataclass(frozen=True)
class Fix:
    """A replacement for the text of ``span`` (the finding's span when None)."""

    replacement: str
    applicability: Applicability
    span: Span | None = None


@dataclass(frozen=True)
class Diagnostic:
    """What a rule reports; the engine stamps code, name and severity on it."""

    field: str  # one of FINDING_FIELDS
    message: str
    span: Span
    found: str | None = None
    expected: str | None = None
    fix: Fix | None = None
    severity: Severity | None = None  # None: the rule's default severity
    evidence: str | None = None  # e.g. the record's DOI link
    file: str | None = None  # a citation rule's: the file the citation is in


@dataclass(frozen=True)
class Finding:
    code: str
    name: str
    severity: Severity
    field: str
    message: str
    span: Span
    found: str | None = None
    expected: str | None = None
    fix: Fix | None = None
    evidence: str | None = None
