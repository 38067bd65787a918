"""An inline suppression whose expiry date has passed.

What it does:
    Reports a ``citelint: ignore[...] until=YYYY-MM-DD`` comment whose date is
    in the past. The suppression no longer hides anything: the findings it
    named are reported again.

Why it matters:
    Suppressions with an expiry are promises ("the corrected version is due in
    June"); an expired one means the promise needs revisiting.

Example:
    Failing: ``% citelint: ignore[CL203] reason="erratum pending" until=2025-01-31``
    Passing: ``% citelint: ignore[CL203] reason="erratum pending" until=2030-01-31``

Fix safety:
    No fix: remove the comment or move the date.

Options:
    None.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from citelint.model import Diagnostic, Match, Reference
from citelint.rules._rule import Context

CODE = "CL002"
NAME = "suppression-expired"
SEVERITY = "warning"
FIXABLE = False
NEEDS_RECORD = False
SCOPE = "reference"
SUMMARY = "An inline suppression whose until= date has passed."
OPTIONS = None


def check(reference: Reference, match: Match, context: Context) -> Iterator[Diagnostic]:
    for suppression in reference.suppressions:
        if suppression.until is None:
            continue
        try:
            until = datetime.date.fromisoformat(suppression.until)
        except ValueError:
            yield Diagnostic(
                field="format",
                message=f"suppression date {suppression.until!r} is not a date (YYYY-MM-DD)",
                span=suppression.span,
                found=suppression.until,
            )
            continue
        if until < context.today:
            codes = ",".join(suppression.codes)
            yield Diagnostic(
                field="format",
                message=f"suppression of {codes} expired on {suppression.until}; its findings are reported again",
                span=suppression.span,
                found=suppression.until,
            )
