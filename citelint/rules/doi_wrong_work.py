"""Printed DOI belongs to another work.

What it does:
    Reports a printed DOI that resolves to a different work from the one the
    reference describes, and says which work that is (title, first author,
    year). When the reference was matched to its record, the record's DOI is
    the expected value. Runs whether or not the reference was matched.

Why it matters:
    A DOI is followed blindly, by readers and by software; a DOI of another
    work silently misattributes the citation.

Example:
    Failing: ``Smith J. Title. J Chem. 2010;2:1-9. doi:10.1234/jc.2011.7`` (a 2011 paper by Jones)
    Passing: ``Smith J. Title. J Chem. 2010;2:1-9. doi:10.1234/jc.2010.2``

Fix safety:
    Replacing the DOI with the matched record's is safe when the match is
    confident (0.9 or more) and unsafe otherwise; without a match there is
    no fix.

Options:
    None.
"""

from __future__ import annotations

from collections.abc import Iterator

from citelint.match.records import describe
from citelint.model import Diagnostic, Match, Reference
from citelint.rules._compare import (
    confident,
    record_with_other_doi,
    value_fix,
)
from citelint.rules._rule import Context

CODE = "CL209"
NAME = "doi-wrong-work"
SEVERITY = "error"
FIXABLE = True
NEEDS_RECORD = False
SCOPE = "record"
SUMMARY = "The printed DOI resolves to a different work."
OPTIONS = None


def check(reference: Reference, match: Match, context: Context) -> Iterator[Diagnostic]:
    if match.doi_status != "other-work" or not reference.doi:
        return
    other = f": {describe(match.doi_record)}" if match.doi_record else ""
    message = f"DOI {reference.doi} belongs to another work{other}"
    expected = fix = evidence = None
    if (record := record_with_other_doi(reference, match)) is not None:
        expected, evidence = record.doi, record.url
        message += f"; this reference's DOI is {expected}"
        fix = value_fix(reference, "doi", reference.doi, expected, safe=confident(match))
    yield Diagnostic(
        field="doi",
        message=message,
        span=reference.span_of("doi"),
        found=reference.printed("doi") or reference.doi,
        expected=expected,
        fix=fix,
        evidence=evidence or (match.doi_record.url if match.doi_record else None),
    )
