"""A work cited as in press years ago.

What it does:
    Reports a reference marked "in press", "forthcoming", "accepted" or "in
    print" whose year is more than two years before today.

Why it matters:
    Works in press are usually published within a year or two; by now this
    one most likely has a volume, pages and a DOI, or was never published.
    Either way the reference needs updating.

Example:
    Failing (in 2026): ``Smith J (2021) Title. J Biol, in press.``
    Passing (in 2026): ``Smith J (2025) Title. J Biol, in press.``

Fix safety:
    No fix: the published details must be looked up.

Options:
    None.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from citelint.fields.patterns import YEAR_DIGITS
from citelint.model import Diagnostic, Match, Reference
from citelint.rules._rule import Context

CODE = "CL105"
NAME = "in-press-stale"
SEVERITY = "info"
FIXABLE = False
NEEDS_RECORD = False
SCOPE = "reference"
SUMMARY = "A work cited as in press, forthcoming or accepted more than two years ago."
OPTIONS = None

STALE_AFTER_YEARS = 2
_PENDING = re.compile(r"\b(?:in press|in print|forthcoming|accepted)\b", re.IGNORECASE)


def check(reference: Reference, match: Match, context: Context) -> Iterator[Diagnostic]:
    if not reference.status or not _PENDING.search(reference.status) or not reference.year:
        return
    found = YEAR_DIGITS.search(reference.year)
    if found is None:
        return
    age = context.today.year - int(found[0])
    if age > STALE_AFTER_YEARS:
        yield Diagnostic(
            field="status",
            message=f"cited as {reference.status!r} in {found[0]}, {age} years ago: it is probably published by now",
            span=reference.span_of("status"),
            found=reference.status,
        )
