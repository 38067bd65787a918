"""A work cited as in press or submitted has since been published.

What it does:
    Reports a reference marked "in press", "forthcoming", "accepted",
    "submitted" or "under review" whose matched record has a volume, pages
    (or an article number) and a year: the work is out, and the message
    gives its published citation (journal, volume, issue, pages, year, DOI).
    A record dated more than a year before the printed year is taken for
    another work (an earlier conference version, say) and not reported.

Why it matters:
    Readers cannot find a paper cited as "in press"; the published citation
    lets them, and gives the work its citation count.

Example:
    Failing: ``Tucker MA, Ord TJ (2016, in press) After the games are over... Ecology and Evolution.``
    (published: Ecology and Evolution, 6(18), 6425-6434, 2016)
    Passing: the same reference, recent, for which no record exists yet.

Fix safety:
    No fix: how the citation is printed depends on the style; the expected
    value gives its parts.

Options:
    None.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from citelint.fields.normalize import strip_markup
from citelint.fields.patterns import YEAR_DIGITS
from citelint.model import Diagnostic, Match, Record, Reference
from citelint.rules._compare import confident
from citelint.rules._rule import Context

CODE = "CL306"
NAME = "in-press-now-published"
SEVERITY = "warning"
FIXABLE = False
NEEDS_RECORD = True
SCOPE = "reference"
SUMMARY = "A work cited as in press, accepted or submitted has been published: cite volume, pages and year."
OPTIONS = None

_PENDING = re.compile(
    r"\b(?:in press|in print|forthcoming|accepted|submitted|under review|in review)\b", re.IGNORECASE
)
# An in-press work's printed year is when it is expected; it can come out a year earlier at most.
_EARLIEST_BEFORE_PRINTED = 1


def check(reference: Reference, match: Match, context: Context) -> Iterator[Diagnostic]:
    record = match.record
    if match.status != "matched" or record is None:
        return
    if not reference.status or not _PENDING.search(reference.status):
        return
    year = _published_year(record)
    if not (record.volume and (record.page or record.article_number) and year):
        return
    printed = YEAR_DIGITS.search(reference.year or "")
    if printed and year < int(printed[0]) - _EARLIEST_BEFORE_PRINTED:
        return
    citation = published_citation(record, year)
    yield Diagnostic(
        field="status",
        message=f"cited as {reference.status!r}, but it has been published: {citation}",
        span=reference.span_of("status"),
        found=reference.printed("status") or reference.status,
        expected=citation,
        severity="warning" if confident(match) else "info",
        evidence=record.url,
    )


def _published_year(record: Record) -> int | None:
    """The year of the issue the work appeared in; the online year only when that is all there is."""
    return record.year_print or record.year_issued or (record.years[0] if record.years else None)


def published_citation(record: Record, year: int) -> str:
    """``Ecology and Evolution, 6(18), 6425-6434, 2016, https://doi.org/10.1002/ece3.2314``."""
    volume = record.volume + (f"({record.issue})" if record.issue else "")
    parts = [strip_markup(record.container), volume, record.page or record.article_number, str(year), record.url]
    return ", ".join(part for part in parts if part)
