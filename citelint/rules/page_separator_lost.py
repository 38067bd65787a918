"""A page range whose separator was lost, so that its digits run together.

What it does:
    Reports a page field that is one run of digits which reads as a range
    with its dash removed: "31: 8296" for pages 82-96, "16: 87110" for
    87-110. It weighs every way to split the digits (the end must come after
    the start, within a plausible article length), the size of the number,
    and how the rest of the file prints pages: a file whose other references
    print ranges makes a lost separator likely; a file, or a journal within
    it, that prints single pages or article numbers makes a single page just
    as likely. Offline, a warning needs one clear split and either five
    digits or more (a single page that long is rare) or a file whose other
    page numbers run together too. A file that prints mostly single numbers
    keeps a long one as one of them, unless they are all short and the file
    prints ranges too (a Vancouver list of BMC article numbers and ranges,
    where "409413" is 409-413). Anything less is left alone, since about
    half of all 3-4 digit first pages split into some plausible range and
    real bibliographies are full of first pages (Google Scholar exports
    print only the first) and article numbers (Scientific Reports,
    Frontiers, JOSS). Offline it also leaves alone a number the entry shows
    is an article number (an eid field, or a DOI that ends in it:
    ``10.1038/sdata.2017.203`` for 170203) and the page count of a book,
    thesis or report. With a matched record whose page range is one of the
    splits, the finding is certain (error), and so it is for any pages
    that are exactly the record's range run together, however short or
    lettered ("34" for 3-4, "S63S64" for S63-S64); a record whose page or
    article number is the printed number silences the rule. With a record,
    the pages are read where the record's stand in the text.

Why it matters:
    Copying from PDFs and some reference managers silently drops en dashes.
    The result looks like a page number, but no reader can find page 8296,
    and citation indexes fail to link the reference.

Example:
    Failing: ``Smith J (2010) Title. J Biol 31: 8296.`` (the record says 82-96)
    Passing: ``Smith J (2010) Title. J Biol 31: 82-96.``

Fix safety:
    With a matched record, the fix restores the record's range in the file's
    own style (its dash, its abbreviated or full ends; "--" in .bib); it is
    safe when the match is confident (0.9 or more), unsafe otherwise.
    Without a record the fix is unsafe, and offered only when one split is
    clearly meant.

Options:
    None.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from citelint.fields.normalize import text_key
from citelint.fields.pages import (
    LIKELY_SPAN,
    RangeStyle,
    entry_range_style,
    format_range,
    lost_separator_splits,
    parse_pages,
    printed_pages,
    range_style,
    same_range,
)
from citelint.model import Diagnostic, Fix, Match, Reference, ReferenceId
from citelint.rules._compare import confident
from citelint.rules._rule import Context

_DASH = re.compile(r"\s*[-\u2010-\u2015\u2212]+\s*")

CODE = "CL101"
NAME = "page-separator-lost"
SEVERITY = "warning"
FIXABLE = True
NEEDS_RECORD = False
SCOPE = "record"  # with a record, the pages are read where the record's stand, as the CL2xx comparisons read them
SUMMARY = "Page digits that run together where a range lost its separator (8296 for 82-96)."
OPTIONS = None


def check(reference: Reference, match: Match, context: Context) -> Iterator[Diagnostic]:
    digits = (printed_pages(reference) or "").strip()
    profile: _FileProfile = context.prepared or prepare(context)
    style = entry_range_style(profile.style, reference)
    record = match.record if match.status == "matched" else None
    joined = _record_range_joined(digits, record.page) if record is not None and record.page else None
    if joined is not None:
        yield _lost(reference, match, digits, format_range(*joined, style))
        return
    if len(digits) < 3 or not digits.isdigit():
        return
    if record is not None and (record.page or record.article_number):
        yield from _against_record(reference, match, digits, style)
        return
    if _numbered_work(reference, digits):
        return
    yield from _offline(reference, profile, digits, style)


def _record_range_joined(printed: str, recorded: str) -> tuple[str, str] | None:
    """The record's first and last page when the printed pages are exactly they, run together.

    Whatever their length or letters: "34" for 3-4, "S63S64" for S63-S64, "xixxiii" for xi-xxiii.
    """
    ends = [end.strip() for end in _DASH.split(recorded) if end.strip()]
    if len(ends) != 2 or ends[0] == ends[1] or not printed:
        return None
    return (ends[0], ends[1]) if printed.replace(" ", "").lower() == (ends[0] + ends[1]).lower() else None


def _lost(reference: Reference, match: Match, digits: str, corrected: str) -> Diagnostic:
    assert match.record is not None
    return Diagnostic(
        field="pages",
        message=f"pages {digits!r} are the range {corrected} with its separator lost (the record says {match.record.page})",
        span=reference.span_of("pages"),
        found=digits,
        expected=corrected,
        fix=_fix(reference, corrected, "safe" if confident(match) else "unsafe"),
        severity="error",
        evidence=match.record.url,
    )


def _numbered_work(reference: Reference, digits: str) -> bool:
    """Whether the entry itself shows the number is no lost range: an article number (an eid
    field, or a DOI ending in the number: "10.1038/sdata.2017.203" for 170203), or a book,
    thesis or report, whose page field counts its pages."""
    if reference.article_number or reference.type in _PAGE_COUNT_TYPES:
        return True
    tail = _DOI_NUMBER.search(reference.doi or "")
    return tail is not None and (digits.endswith(tail[0]) or tail[0].endswith(digits))


_PAGE_COUNT_TYPES = frozenset({"book", "thesis", "report"})
_DOI_NUMBER = re.compile(r"\d{2,}(?=\D*$)")


def _against_record(reference: Reference, match: Match, digits: str, style: RangeStyle) -> Iterator[Diagnostic]:
    assert match.record is not None
    pages = parse_pages(match.record.page) if match.record.page else None
    if pages is None:
        return
    for split in lost_separator_splits(digits, abbreviated=True, max_span=None):
        if same_range(split, pages):
            yield _lost(reference, match, digits, format_range(str(split.first), str(split.last), style))
            return


@dataclass(frozen=True)
class _FileEvidence:
    """How the other references of the file print their pages."""

    ranges: int  # printed as ranges
    lost: int  # five digits or more that read as a range: rarely a page, so nearly a printed range
    run_together: int  # shorter single numbers (digits only) that read as a range
    singles: int  # single numbers (digits only) that do not
    same_container_long: bool  # the same journal prints pages or article numbers this long
    long_numbers: int  # single numbers (lost included) of five digits or more

    @property
    def lost_separators(self) -> bool:
        """Most single numbers read as ranges: far more than chance (about half of 3-4 digit pages)."""
        together = self.lost + self.run_together
        return together >= 5 and together >= 4 * self.singles

    @property
    def prints_ranges(self) -> bool:
        shown = self.ranges + self.lost
        return self.lost_separators or (shown > 0 and shown >= 3 * (self.singles + self.run_together))

    @property
    def prints_singles(self) -> bool:
        return self.singles + self.run_together > self.ranges + self.lost and not self.lost_separators

    @property
    def alone(self) -> bool:
        return not (self.ranges or self.lost or self.run_together or self.singles)


@dataclass(frozen=True)
class _Printed:
    """One reference's page field, classified."""

    kind: str  # "range", "lost", "run-together", "single" (as in _FileEvidence)
    length: int  # digits of its (first) page or article number
    container: str


@dataclass(frozen=True)
class _FileProfile:
    counts: dict[str, int]
    by_reference: dict[ReferenceId, _Printed]  # identity -> its page field
    long_pages: dict[str, list[int]]  # journal -> digit counts of its pages that do not read as ranges, sorted
    style: RangeStyle  # how the file writes ranges
    long_numbers: int  # single numbers (lost included) of five digits or more


def _offline(reference: Reference, profile: _FileProfile, digits: str, style: RangeStyle) -> Iterator[Diagnostic]:
    splits = lost_separator_splits(digits, abbreviated=style.min_end_digits is not None)
    full = [split for split in splits if not split.abbreviated]
    if any(split.span <= LIKELY_SPAN for split in full):
        splits = full  # ends that share no digits are printed in full in every style
    if not splits:
        return
    likely = [split for split in splits if split.span <= LIKELY_SPAN]
    evidence = _file_evidence(reference, profile, len(digits))
    one_reading = len(likely) == 1 and len(splits) == 1 and not evidence.same_container_long
    # Five digits or more split into a range by chance only rarely (2-6%), unless the end may be abbreviated.
    long_number = len(digits) >= _LONG_NUMBER and not any(split.abbreviated for split in splits)
    severity = _severity(evidence, len(digits), long_number, one_reading)
    if severity == "warning":
        corrected = format_range(str(likely[0].first), str(likely[0].last), style)
        yield Diagnostic(
            field="pages",
            message=f"pages {digits!r} read as the range {corrected} with its separator lost ({_why(evidence, digits)})",
            span=reference.span_of("pages"),
            found=digits,
            expected=corrected,
            fix=_fix(reference, corrected, "unsafe"),
        )


def _severity(evidence: _FileEvidence, length: int, long_number: bool, one_reading: bool) -> str | None:
    """Warning when one split is clearly meant; otherwise nothing: offline, a single page or article
    number is as likely as a lost range, and real files are full of them."""
    if evidence.prints_singles:
        # Short first pages or article numbers beside printed ranges, and no other number this long
        # (a Vancouver list: "2014;14:39", "2011;20(4):392-411"): a long number with one split is
        # the list's range with its dash lost, not one more of its short numbers.
        short_singles = evidence.ranges >= 2 and evidence.long_numbers == 0
        return "warning" if long_number and one_reading and short_singles else None
    if evidence.prints_ranges:
        # A lone four-digit number among ranges is as often a first page printed without its end.
        return "warning" if one_reading and (long_number or evidence.lost_separators) else None
    # Alone, or ranges and single numbers mixed: only a long number is telling.
    return "warning" if long_number and one_reading else None


def _why(evidence: _FileEvidence, digits: str) -> str:
    if evidence.lost_separators:
        return "the other references' page numbers also read as ranges without separators"
    if evidence.prints_ranges:
        return "the other references print page ranges"
    if evidence.prints_singles:
        return "the other references print page ranges or short single numbers, none this long"
    return f"{len(digits)} digits is long for a single page and only one split makes a range"


def _fix(reference: Reference, replacement: str, applicability: str) -> Fix | None:
    if "pages" not in reference.spans:
        return None  # the value was normalised: there is no printed text to replace
    return Fix(replacement=replacement, applicability=applicability)  # type: ignore[arg-type]


def _file_evidence(reference: Reference, profile: _FileProfile, length: int) -> _FileEvidence:
    counts = dict(profile.counts)
    own = profile.by_reference.get(reference.identity)
    if own is not None:
        counts[own.kind] -= 1
    container = text_key(reference.container) if reference.container else ""
    lengths = profile.long_pages.get(container, [])
    as_long = len(lengths) - bisect.bisect_left(lengths, length)
    if own is not None and own.container == container and own.kind in _PAGE_LIKE and own.length >= length:
        as_long -= 1
    same_container_long = as_long > 0
    long_numbers = profile.long_numbers - (own is not None and own.kind != "range" and own.length >= _LONG_NUMBER)
    return _FileEvidence(counts["range"], counts["lost"], counts["run-together"], counts["single"], same_container_long, long_numbers)


# Page fields that show how long this journal's page numbers really are.
_PAGE_LIKE = ("range", "single")
# Digits from which a single number is rarely a page (2-6% of such numbers split into a range by chance).
_LONG_NUMBER = 5


def prepare(context: Context) -> _FileProfile:
    """Every reference's page field classified, and the file's range style, once per file."""
    counts = {"range": 0, "lost": 0, "run-together": 0, "single": 0}
    by_reference: dict[ReferenceId, _Printed] = {}
    long_pages: dict[str, list[int]] = {}
    for other in context.references:
        printed = _classify(other)
        if printed is None:
            continue
        counts[printed.kind] += 1
        by_reference[other.identity] = printed
        if printed.container and printed.kind in _PAGE_LIKE:
            long_pages.setdefault(printed.container, []).append(printed.length)
    for lengths in long_pages.values():
        lengths.sort()
    long_numbers = sum(printed.kind != "range" and printed.length >= _LONG_NUMBER for printed in by_reference.values())
    return _FileProfile(counts, by_reference, long_pages, range_style(context.references), long_numbers)


def _classify(reference: Reference) -> _Printed | None:
    text = (printed_pages(reference) or "").strip()
    pages = parse_pages(text) if text else None
    number = pages.first if pages is not None else reference.article_number
    if not number or (not number.isdigit() and not (pages and pages.is_range)):
        return None  # "e20476", "S12": article numbers say nothing about how the file prints pages
    container = text_key(reference.container) if reference.container else ""
    length = sum(char.isdigit() for char in number)
    if pages is not None and pages.is_range:
        return _Printed("range", length, container)
    if any(split.span <= LIKELY_SPAN for split in lost_separator_splits(number, abbreviated=False)):
        return _Printed("lost" if length >= 5 else "run-together", length, container)
    return _Printed("single", length, container)

