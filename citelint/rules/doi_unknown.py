"""Printed DOI is not known to the metadata source.

What it does:
    Reports a printed DOI that neither Crossref nor DataCite knows (or that a
    snapshot lacks). The DOI may be registered with another agency (mEDRA,
    JaLC, ...) or mistyped. When the reference was matched
    to a record with another DOI, that DOI is the expected value.

Why it matters:
    A mistyped DOI leads nowhere; readers and reference managers rely on it.

Example:
    Failing: ``Smith J. Title. J Chem. 2010;2:1-9. doi:10.1234/jc.2010.2x``
    Passing: ``Smith J. Title. J Chem. 2010;2:1-9. doi:10.1234/jc.2010.2``

Fix safety:
    Replacing the DOI with the matched record's is unsafe: the printed DOI
    may be right, at another agency.

Options:
    None.
"""

from __future__ import annotations

from collections.abc import Iterator

from citelint.model import Diagnostic, Match, Reference
from citelint.rules._compare import record_with_other_doi, value_fix
from citelint.rules._rule import Context

CODE = "CL210"
NAME = "doi-unknown"
SEVERITY = "warning"
FIXABLE = True
NEEDS_RECORD = False
SCOPE = "record"
SUMMARY = "The printed DOI is unknown to the metadata source: another agency's, or mistyped."
OPTIONS = None


def check(reference: Reference, match: Match, context: Context) -> Iterator[Diagnostic]:
    if match.doi_status != "unknown" or not reference.doi:
        return
    if match.source == "snapshot":
        message = f"DOI {reference.doi} is not in the snapshot: it may be mistyped, or the snapshot incomplete"
    else:
        # Crossref lookups ask DataCite about the DOIs Crossref does not know (run.py).
        message = (f"DOI {reference.doi} is known to neither Crossref nor DataCite: it may be registered with "
                   f"another agency (mEDRA, JaLC, ...) or mistyped")
    expected = fix = evidence = None
    if (record := record_with_other_doi(reference, match)) is not None:
        expected, evidence = record.doi, record.url
        message += f"; the matched record's DOI is {expected}"
        fix = value_fix(reference, "doi", reference.doi, expected, safe=False)
    yield Diagnostic(
        field="doi",
        message=message,
        span=reference.span_of("doi"),
        found=reference.printed("doi") or reference.doi,
        expected=expected,
        fix=fix,
        evidence=evidence,
    )
