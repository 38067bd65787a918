"""Year differs from the published record.

What it does:
    Reports a printed year that is none of the record's years (print,
    online-first, issued), and, as a warning, a work cited under its
    online-first year together with the volume it was printed in later.
    A suffix ("2012a") is ignored in the comparison and kept in the fix.

Why it matters:
    The year is half of an author-year citation and part of how readers find
    the volume; a wrong year sends them to the wrong issue.

Example:
    Failing: ``Smith J (2013) Title. J Chem 2:1-9.`` (the record says 2012)
    Passing: ``Smith J (2012) Title. J Chem 2:1-9.``

Fix safety:
    Replacing the year is safe when the match is confident (0.9 or more) and
    unsafe otherwise; moving from the online-first year to the print year is
    always unsafe (both are defensible).

Options:
    None.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial

from citelint.fields.patterns import YEAR
from citelint.model import Diagnostic, Match, Record, Reference
from citelint.rules._compare import compared, confident, mismatch_severity, value_fix
from citelint.rules._numbering import same_number
from citelint.rules._rule import Context

CODE = "CL203"
NAME = "year-mismatch"
SEVERITY = "error"
FIXABLE = True
NEEDS_RECORD = True
SCOPE = "record"
SUMMARY = "The printed year is none of the record's print, online or issued years."
OPTIONS = None

# Online-first precedes print by months, rarely more than a year or two.
_ONLINE_FIRST_GAP = 2
_YEAR = re.compile(rf"(?<!\d)({YEAR})(?!\d)")


def check(reference: Reference, match: Match, context: Context) -> Iterator[Diagnostic]:
    if not compared(match) or not reference.year:
        return
    record = match.record
    assert record is not None
    printed = _YEAR.search(reference.year)
    years = _citable_years(record)
    if printed is None or not years:
        return
    year = int(printed.group())
    found = reference.printed("year") or reference.year
    report = partial(Diagnostic, field="year", span=reference.span_of("year"), found=found, evidence=record.url)
    if year not in years:
        expected = str(record.year_print or record.year_issued or years[0])
        yield report(
            message=f"year {year} differs from the record's {_years(years)}",
            severity=mismatch_severity(match),
            expected=expected,
            fix=value_fix(reference, "year", str(year), expected, safe=confident(match)),
        )
    elif (
        record.year_print is not None
        and year == record.year_online != record.year_print
        and reference.volume
        and record.volume
        and same_number(reference.volume, record.volume)
    ):
        expected = str(record.year_print)
        yield report(
            message=f"online-first year; the print year is {expected}, the year of volume {record.volume}",
            severity="warning",
            expected=expected,
            fix=value_fix(reference, "year", str(year), expected, safe=False),
        )


def _citable_years(record: Record) -> tuple[int, ...]:
    """The record's years, without an online date posted long after print (a digitised back-file)."""
    online = record.year_online
    if online is not None and record.year_print is not None and online - record.year_print > _ONLINE_FIRST_GAP:
        return tuple(year for year in record.years if year != online or year == record.year_issued)
    return record.years


def _years(years: tuple[int, ...]) -> str:
    return " or ".join(str(year) for year in years)
