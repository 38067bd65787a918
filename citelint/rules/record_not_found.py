"""No published record was found for the reference.

What it does:
    Reports, at info level, a reference for which the metadata source (Crossref
    or a snapshot) holds no record that matches it well enough. Grey
    literature (reports, books without DOIs, web pages) is usually not
    registered with Crossref, and the message says so; so is an article whose
    journal the search does not know (no other work of it came back): many
    society and regional journals do not deposit with Crossref. A journal
    article that reference-unverifiable (CL308) reports is left to it while
    CL308 is enabled; with CL308 ignored, this rule reports it.

Why it matters:
    An unmatched reference could not be compared with its published record,
    so its fields are unchecked. A journal article that Crossref does not know
    deserves a second look; a government report does not.

Example:
    Failing: ``Department of Health (2007) Best Practice Guidance. Care Services Improvement Partnership.``
    (no DOI, not in Crossref: info)
    Passing: a reference that matches its Crossref record.

Fix safety:
    No fix.

Options:
    None.
"""

from __future__ import annotations

from collections.abc import Iterator

from citelint.model import Diagnostic, Match, Reference
from citelint.rules._rule import Context

CODE = "CL301"
NAME = "record-not-found"
SEVERITY = "info"
FIXABLE = False
NEEDS_RECORD = False
SCOPE = "reference"
SUMMARY = "No published record matches the reference (grey literature often has none)."
OPTIONS = None
SUPERSEDED_BY = ("CL308",)  # a journal article that should have a record is reported once, as unverifiable


def check(reference: Reference, match: Match, context: Context) -> Iterator[Diagnostic]:
    if match.status != "not-found":
        return
    where = match.source or "the metadata source"
    reason = f": {match.reason}" if match.reason else ""
    if match.journal_known is False and reference.container and reference.volume:
        reason = (f": no work of {reference.container} came back either, so the journal may not deposit "
                  f"its articles with {where}")
    yield Diagnostic(
        field="status",
        message=f"no matching record in {where}{reason}; the printed fields are unchecked",
        span=reference.span,
    )
