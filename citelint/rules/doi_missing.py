"""Reference has no DOI, and its record has one.

What it does:
    Reports a reference printed without a DOI when the work it was matched
    to, with confidence 0.9 or more, has one; the DOI is the expected value.
    A DOI printed as a doi.org link counts as printed.

Why it matters:
    A DOI is the one identifier that always finds the work; most styles ask
    for it, and readers follow it.

Example:
    Failing: ``Smith J. Title. J Chem. 2010;2:1-9.``
    Passing: ``Smith J. Title. J Chem. 2010;2:1-9. doi:10.1234/jc.2010.2``

Fix safety:
    No fix yet: where a DOI goes depends on the citation style.

Options:
    None.
"""

from __future__ import annotations

from collections.abc import Iterator

from citelint.fields.normalize import doi_key
from citelint.model import Diagnostic, Match, Reference
from citelint.rules._compare import compared, confident
from citelint.rules._rule import Context

CODE = "CL208"
NAME = "doi-missing"
SEVERITY = "info"
FIXABLE = False
NEEDS_RECORD = True
SCOPE = "record"
SUMMARY = "The reference has no DOI; its record has one."
OPTIONS = None


def check(reference: Reference, match: Match, context: Context) -> Iterator[Diagnostic]:
    # A DOI taken from a doubtful match could point at another work.
    if not compared(match) or not confident(match) or reference.doi:
        return
    record = match.record
    assert record is not None
    if not record.doi or doi_key(record.doi) in (reference.url or "").lower():
        return
    yield Diagnostic(
        field="doi",
        message=f"no DOI; the record's is {record.doi}",
        span=reference.span,
        expected=record.doi,
        evidence=record.url,
    )
