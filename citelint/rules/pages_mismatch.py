"""Pages that differ from the published record.

What it does:
    Compares the printed pages with the matched record's page range and
    article number, and reports a different first or last page. Pages cited
    from the online-first version ("1-11" for a record printed at 281-291)
    are reported as such. Equal forms are never findings: en dash, hyphen and
    "--"; abbreviated ends ("1493-6" is 1493-1496); a first page alone; an
    article number ("e0123456", "205") equal to the record's article number
    or page. Digits whose separator was lost are left to CL101.

Why it matters:
    Wrong pages send readers to the wrong place and break citation linking;
    they are also a common sign of a reference copied from another paper's
    reference list rather than from the work itself.

Example:
    Failing: ``Smith J (2010) Title. J Biol 31: 82-97.`` (the record says 82-96)
    Passing: ``Smith J (2010) Title. J Biol 31: 82-96.``

Fix safety:
    The fix writes the record's pages in the file's own style (its dash, its
    abbreviated or full ends; "--" in .bib; a first page alone where the
    reference prints one). It is safe when the match is confident (0.9 or
    more), unsafe otherwise.

Options:
    None.
"""

from __future__ import annotations

from collections.abc import Iterator

from citelint.fields.pages import (
    Pages,
    RangeStyle,
    entry_range_style,
    format_range,
    lost_separator_splits,
    page_key,
    parse_pages,
    printed_pages,
    range_style,
    same_range,
)
from citelint.model import Diagnostic, Fix, Match, Record, Reference
from citelint.rules._compare import confident
from citelint.rules._rule import Context

CODE = "CL201"
NAME = "pages-mismatch"
SEVERITY = "error"
FIXABLE = True
NEEDS_RECORD = True
SCOPE = "record"
SUMMARY = "Pages that differ from the published record's pages or article number."
OPTIONS = None


def prepare(context: Context) -> RangeStyle:
    """How the file writes page ranges, counted once per file."""
    return range_style(context.references)


def check(reference: Reference, match: Match, context: Context) -> Iterator[Diagnostic]:
    record = match.record
    printed = (printed_pages(reference) or "").strip()
    if match.status != "matched" or record is None or not printed:
        return
    cited = parse_pages(printed)
    if cited is None:
        return  # not a page field citelint can read; CL102 says why
    if _is_article_number(cited, record) or _lost_separator(printed, record):
        return
    expected_pages = parse_pages(record.page) if record.page else None
    if expected_pages is None:
        yield from _against_article_number(reference, match, cited, printed)
        return
    run_together = _run_together_range(printed, expected_pages)
    if run_together is not None:
        cited = run_together  # "8297" for a record at 82-96: read as 82-97, a range with a wrong end
    first_ok = page_key(cited.first) == page_key(expected_pages.first)
    last_ok = (
        not cited.is_range
        or not expected_pages.is_range
        or page_key(cited.last_full or "") == page_key(expected_pages.last_full or "")
    )
    if first_ok and last_ok:
        return
    sure = confident(match)
    corrected = _corrected(reference, context, cited, expected_pages)
    if _online_first(cited, expected_pages):
        message = (
            f"pages {printed!r} are the online-first version's pagination; "
            f"the published pages are {record.page}"
        )
        severity = "warning"
    else:
        which = "first page" if not first_ok else "last page"
        message = f"{which} differs from the record: printed {printed!r}, the record says {record.page}"
        if run_together is not None:
            message += f" (the digits read as {run_together.first}-{run_together.last} with the separator lost)"
        severity = "error" if sure else "warning"
    yield Diagnostic(
        field="pages",
        message=message,
        span=reference.span_of("pages"),
        found=printed,
        expected=corrected or record.page,
        fix=_fix(reference, corrected, "safe" if sure else "unsafe"),
        severity=severity,  # type: ignore[arg-type]
        evidence=record.url,
    )


def _is_article_number(cited: Pages, record: Record) -> bool:
    """A single printed number equal to the record's article number (or its one-page page)."""
    if cited.is_range:
        return False
    return bool(record.article_number) and page_key(cited.first) == page_key(record.article_number)


def _lost_separator(printed: str, record: Record) -> bool:
    """Digits that are the record's range with the dash dropped: CL101 reports those."""
    expected_pages = parse_pages(record.page) if record.page else None
    if not printed.isdigit() or expected_pages is None or not expected_pages.is_range:
        return False
    splits = lost_separator_splits(printed, abbreviated=True, max_span=None)
    return any(same_range(split, expected_pages) for split in splits)


def _run_together_range(printed: str, expected: Pages) -> Pages | None:
    """Digits that start with the record's first page and go on to a later end: a range whose dash was lost."""
    if not printed.isdigit() or not expected.is_range or not expected.first.isdigit():
        return None
    for split in lost_separator_splits(printed, abbreviated=True, max_span=None):
        if split.first == int(expected.first):
            return Pages(str(split.first), str(split.last), "-")  # digits only: no "pp. " to keep
    return None


def _against_article_number(reference: Reference, match: Match, cited: Pages, printed: str) -> Iterator[Diagnostic]:
    """A record with an article number only: compare a printed number of the same shape.

    A printed range against an article-numbered record is the PDF's own
    pagination, which the record does not give: nothing to compare.
    """
    assert match.record is not None
    number = match.record.article_number
    if not number or cited.is_range or not _same_shape(cited.first, number):
        return
    sure = confident(match)
    yield Diagnostic(
        field="pages",
        message=f"article number differs from the record: printed {printed!r}, the record says {number}",
        span=reference.span_of("pages"),
        found=printed,
        expected=number,
        fix=_fix(reference, number, "safe" if sure else "unsafe"),
        severity="error" if sure else "warning",
        evidence=match.record.url,
    )


def _same_shape(printed: str, number: str) -> bool:
    """Both plain digits of one length, or both led by the same letter ("e0123456")."""
    if printed.isdigit() and number.isdigit():
        return len(printed) == len(number)
    return printed[:1].isalpha() and printed[:1].lower() == number[:1].lower()


def _online_first(cited: Pages, expected: Pages) -> bool:
    return cited.first == "1" and cited.is_range and page_key(expected.first) != "1"


def _corrected(reference: Reference, context: Context, cited: Pages, expected: Pages) -> str | None:
    """The record's pages written as this file writes pages (its "pp. " too)."""
    if not cited.is_range or not expected.is_range:
        return cited.label + expected.first if not cited.is_range else None
    file_style: RangeStyle = context.prepared or prepare(context)
    style = entry_range_style(file_style, reference)
    return cited.label + format_range(expected.first, expected.last_full or "", style)


def _fix(reference: Reference, replacement: str | None, applicability: str) -> Fix | None:
    if replacement is None or "pages" not in reference.spans:
        return None  # no printed text to replace, or nothing sure to put there
    return Fix(replacement=replacement, applicability=applicability)  # type: ignore[arg-type]
