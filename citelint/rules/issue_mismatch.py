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
from citelint.rules._numbering import number_mismatch
from citelint.rules._rule import Context

CODE = "CL205"
NAME = "issue-mismatch"
SEVERITY = "error"
FIXABLE = True
NEEDS_RECORD = True
SCOPE = "record"
SUMMARY = "The printed issue differs from the record's."
OPTIONS = None


def check(reference: Reference, match: Match, context: Context) -> Iterator[Diagnostic]:
    yield from number_mismatch(reference, match, "issue")
