"""Volume differs from the published record.

What it does:
    Reports a printed volume that carries none of the numbers of the record's
    volume ("2" for "12"). Leading zeros, roman numerals, "Suppl" and "Pt"
    forms are the same value written another way; a work whose journal has
    no volumes (the Cochrane Library numbers issues only) is not compared.

Why it matters:
    With a wrong volume the reference points at another issue of the
    journal, where the work cannot be found.

Example:
    Failing: ``Smith J. Title. J Chem. 2010;2(4):1-9.`` (the record says volume 12)
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

CODE = "CL204"
NAME = "volume-mismatch"
SEVERITY = "error"
FIXABLE = True
NEEDS_RECORD = True
SCOPE = "record"
SUMMARY = "The printed volume differs from the record's."
OPTIONS = None


def check(reference: Reference, match: Match, context: Context) -> Iterator[Diagnostic]:
    yield from number_mismatch(reference, match, "volume")
