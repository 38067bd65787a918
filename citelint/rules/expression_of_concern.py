"""The cited work carries an expression of concern.

What it does:
    Reports a reference whose published record has an expression of concern
    (Crossref ``updated-by`` of type expression_of_concern), naming the
    notice, its date and who lists it. A work that has since been retracted
    is left to retracted-work-cited (CL303), and a reference that already
    mentions the expression of concern is not reported.

Why it matters:
    An expression of concern is the journal telling readers that the
    findings may be unreliable while it investigates; it often precedes a
    retraction. A citation of such a work should at least acknowledge it.

Example:
    Failing: ``Philippov PP, et al. Recoverin as a paraneoplastic antigen in lung cancer... Lung Cancer 2004;44:193-8.``
    (expression of concern published in 2026)
    Passing: a work with no notice, or the same reference followed by
    ``Expression of concern in: Lung Cancer 2026.``

Fix safety:
    No fix.

Options:
    None.
"""

from __future__ import annotations

from collections.abc import Iterator

from citelint.match.updates import describe, mentions, notices, retracted_title_mark
from citelint.model import Diagnostic, Match, Reference
from citelint.rules._rule import Context

CODE = "CL304"
NAME = "expression-of-concern"
SEVERITY = "warning"
FIXABLE = False
NEEDS_RECORD = True
SCOPE = "reference"
SUMMARY = "The cited work carries an expression of concern."
OPTIONS = None


def check(reference: Reference, match: Match, context: Context) -> Iterator[Diagnostic]:
    record = match.record
    if match.status != "matched" or record is None or mentions(reference, "expression of concern"):
        return
    if notices(record.updated_by, "retraction") or retracted_title_mark(record):
        return
    found = notices(record.updated_by, "concern")
    if found:
        yield Diagnostic(
            field="status",
            message="the journal published an expression of concern about this work: "
                    + "; ".join(describe(n) for n in found),
            span=reference.span,
            evidence=f"https://doi.org/{found[0].doi}",
        )
