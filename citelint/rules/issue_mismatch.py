"""Issue differs from the published record.

What it does:
    Reports a printed issue that carries none of the numbers of the record's
    issue ("3" for "4"). Leading zeros, roman numerals, "Suppl" and "Pt"
    forms are the same value written another way, and part of a double issue
    ("3" for "3-4") is not a difference.

Why it matters:
    A wrong issue number sends readers to the wrong part of the volume.

Example:
    Failing: ``Smith J. Title. J Chem. 2010;12(3):1-9.`` (the record says issue 4)
    Passing: ``Smith J. Title. J Chem. 2010;12(4):1-9.``

Fix safety:
    Replacing a bare number with the record's bare number is safe when the
    match is confident (0.9 or more); anything else is unsafe.

Options:
    None.
"""

from __future__ import annotations

from collections.abc import Iterator

from citelint.model import Diagnostic, Match, Reference
from citelint.rules._compare import compared, confident, mismatch_severity, value_fix
from citelint.rules._numbering import is_plain, same_number
from citelint.rules._rule import Context

CODE = "CL205"
NAME = "issue-mismatch"
SEVERITY = "error"
FIXABLE = True
NEEDS_RECORD = True
SUMMARY = "The printed issue differs from the record's."
OPTIONS = None


def check(reference: Reference, match: Match, context: Context) -> Iterator[Diagnostic]:
    if not compared(match) or not reference.issue:
        return
    record = match.record
    assert record is not None
    if not record.issue or same_number(reference.issue, record.issue):
        return
    safe = confident(match) and is_plain(reference.issue) and is_plain(record.issue)
    yield Diagnostic(
        field="issue",
        message=f"issue {reference.issue} differs from the record's {record.issue}",
        span=reference.span_of("issue"),
        found=reference.printed("issue") or reference.issue,
        expected=record.issue,
        fix=value_fix(reference, "issue", reference.issue, record.issue, safe=safe),
        severity=mismatch_severity(match),
        evidence=record.url,
    )
