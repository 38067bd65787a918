"""A publication year that cannot be right.

What it does:
    Reports a year after next year (works are dated at most a year ahead,
    for issues published early) or before 1600. A book, a chapter of one,
    or another typed work that is no periodical or academic paper (an
    artwork, a law) may be older: for them only a year before 1450, when
    printing began, is reported, so that a book printed in 1547 or a
    painting of the 1480s is left alone. Year suffixes ("2012a"), "n.d."
    and year ranges are read as written: "2012a" is 2012. A year before
    the common era as biblatex writes it, with a minus sign (``date =
    {-0350}``, ``{-3000~}`` for about 3001 BCE), is left alone: no typo
    puts a sign before a year, and ancient works are cited by their date.

Why it matters:
    An impossible year is a typo ("2102" for 2012, "1099" for 1999) that
    makes the reference hard to find and citation matching fail.

Example:
    Failing: ``Smith J (2102) Title. J Biol 31: 82-96.``
    Passing: ``Smith J (2012a) Title. J Biol 31: 82-96.``

Fix safety:
    No fix: the intended year cannot be known without the record.

Options:
    None.
"""

from __future__ import annotations

from collections.abc import Iterator

from citelint.fields.patterns import YEAR_DIGITS
from citelint.model import Diagnostic, Match, Reference
from citelint.rules._rule import Context

CODE = "CL104"
NAME = "year-implausible"
SEVERITY = "warning"
FIXABLE = False
NEEDS_RECORD = False
SCOPE = "reference"
SUMMARY = "A year after next year or before 1600."
OPTIONS = None

EARLIEST = 1600
EARLIEST_PRINTED = 1450  # books and other typed works that are not papers
# Types whose works are periodical or academic papers: none before 1600 (journals begin in 1665).
_PAPER_TYPES = frozenset({"article", "proceedings", "thesis", "report", "web"})


def check(reference: Reference, match: Match, context: Context) -> Iterator[Diagnostic]:
    if not reference.year:
        return
    latest = context.today.year + 1
    earliest = EARLIEST if reference.type is None or reference.type in _PAPER_TYPES else EARLIEST_PRINTED
    for found in YEAR_DIGITS.finditer(reference.year):
        year = int(found[0])
        if year > latest:
            why = f"after {latest}"
        elif year < earliest:
            why = f"before {earliest}"
        else:
            continue
        yield Diagnostic(
            field="year",
            message=f"year {year} is implausible: it is {why}",
            span=reference.span_of("year"),
            found=reference.year,
        )
        return
