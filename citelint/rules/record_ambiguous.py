"""Two published records fit the reference about equally well.

What it does:
    Reports, at info level, a reference that matches two or more records with
    similar confidence (a reprint and its original, a corrected version, two
    parts of a series). citelint compares the reference with none of them and
    lists the candidates.

Why it matters:
    Comparing with the wrong record would produce wrong findings; a DOI in the
    reference settles which work is meant.

Example:
    Failing: a reference without DOI whose title is shared by an article and its erratum.
    Passing: the same reference with the article's DOI.

Fix safety:
    No fix: add the DOI of the work you mean.

Options:
    None.
"""

from __future__ import annotations

from collections.abc import Iterator

from citelint.model import Diagnostic, Match, Reference
from citelint.rules._rule import Context

CODE = "CL302"
NAME = "record-ambiguous"
SEVERITY = "info"
FIXABLE = False
NEEDS_RECORD = False
SCOPE = "reference"
SUMMARY = "Several records fit the reference equally well; none was compared."
OPTIONS = None


def check(reference: Reference, match: Match, context: Context) -> Iterator[Diagnostic]:
    if match.status != "ambiguous":
        return
    candidates = ", ".join(f"https://doi.org/{record.doi}" for record in match.candidates)
    yield Diagnostic(
        field="status",
        message=f"several records fit this reference ({candidates}); add the DOI of the work meant",
        span=reference.span,
    )
