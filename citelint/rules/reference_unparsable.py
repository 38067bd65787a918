"""Reference could not be split into fields.

What it does:
    Reports a reference, or a .bib entry, that the reader could not split into
    authors, year, title and the rest: a broken BibTeX entry, or a line that
    follows no citation style citelint knows. A printed reference whose
    published record was found anyway is not reported: the record
    identifies it, and its fields are compared where the record's stand. Nor
    is a name with a web address ("CTAN: http://www.ctan.org", or a LaTeX
    ``url`` of any scheme, ``ctan:/macros/...``): that is a web resource, read
    as one.

Why it matters:
    A reference that cannot be read cannot be checked; it is listed so that it
    is never silently skipped. Often the reference itself is garbled (a
    missing brace, two references run together).

Example:
    Failing: ``@article{smith2010, title = {Unclosed, year = 2010}``
    Passing: ``@article{smith2010, title = {Closed}, year = 2010}``

Fix safety:
    No fix: only the author knows what the entry should say.

Options:
    None.
"""

from __future__ import annotations

from collections.abc import Iterator

from citelint.model import Diagnostic, Match, Reference
from citelint.rules._compare import compared, fields_guessed
from citelint.rules._rule import Context

CODE = "CL001"
NAME = "reference-unparsable"
SEVERITY = "warning"
FIXABLE = False
NEEDS_RECORD = False
SCOPE = "reference"
SUMMARY = "A reference or entry that could not be split into fields."
OPTIONS = None


def check(reference: Reference, match: Match, context: Context) -> Iterator[Diagnostic]:
    if fields_guessed(reference) and compared(match):
        return  # a record identifies it, and its fields are compared where the record's stand in the text
    if reference.parse_problem:
        yield Diagnostic(
            field="format",
            message=f"could not read this reference: {reference.parse_problem}",
            span=reference.span,
        )
