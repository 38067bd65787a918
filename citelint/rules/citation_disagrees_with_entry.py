"""A written-out author-year citation whose year or author differs from its entry.

What it does:
    Reports a citation such as ``(Smith, 2010)`` when the list has no Smith
    2010 but has exactly one Smith entry, from 2011 (the year differs), or
    has a 2010 entry by "Smyth" and no other entry the citation could mean
    (the name differs). A second cited author ("Smith & Jones") narrows
    which entry is meant. Year suffixes count: "2010" cites a lone "2010a".
    Written-out citations are only checked in a manuscript that plainly
    cites author-year: its list is not numbered, and most of its
    citations agree with an entry (otherwise what looks like a citation may
    be prose, and nothing is reported).

Why it matters:
    A reader looking up "Smith 2010" in the list does not find it; the
    mismatch usually means the citation or the entry was not updated
    (online-first year against print year, a co-author's name for the first).

Example:
    Failing: ``as Smith (2010) showed`` with the entry
    ``Smith J (2011) Ponds. J Biol 31: 82-96.``
    Passing: ``as Smith (2011) showed``.

Fix safety:
    No fix: either the citation or the entry may be the one to correct.

Options:
    None.
"""

from __future__ import annotations

from collections.abc import Iterator

from citelint.citations.resolve import Document
from citelint.model import Diagnostic
from citelint.rules._citing import cited_as, entry_label, entry_place
from citelint.rules._rule import Context

CODE = "CL404"
NAME = "citation-disagrees-with-entry"
SEVERITY = "warning"
FIXABLE = False
NEEDS_RECORD = False
SCOPE = "citations"
SUMMARY = "An author-year citation whose year or first author differs from the entry it means."
OPTIONS = None


def check_citations(document: Document, context: Context) -> Iterator[Diagnostic]:
    for item in document.resolved:
        entry, citation = item.nearest, item.citation
        if entry is None or item.differs not in ("year", "authors"):
            continue
        where = entry_place(entry, document.path)
        if item.differs == "year":
            listed = entry.year or entry.status or "no year"
            yield Diagnostic(
                field="year",
                message=f"'{cited_as(citation)}' is cited, but the entry it seems to mean is dated {listed} "
                        f"('{entry_label(entry)}', {where})",
                span=citation.year_span or citation.span,
                found=citation.year,
                expected=listed,
                file=citation.file,
            )
        else:
            first = entry.authors[0]
            listed = first.organisation or first.family
            yield Diagnostic(
                field="authors",
                message=f"'{cited_as(citation)}' is cited, but the entry of that year is by {listed} "
                        f"('{entry_label(entry)}', {where})",
                span=citation.span,
                found=citation.names[0],
                expected=listed,
                file=citation.file,
            )
