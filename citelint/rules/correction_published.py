"""A correction to the cited work has been published.

What it does:
    Reports, at info level, a reference whose published record has a
    correction, erratum, corrigendum or addendum (Crossref ``updated-by``),
    with the notice's DOI and date. A new version (``new_version``, which
    publishers deposit for a revised record of the same work) is not
    reported, nor is a work that has been retracted (retracted-work-cited,
    CL303, says more), nor a reference that already cites the correction.

Why it matters:
    A correction may change the very figure or result being cited; the
    reader should check the corrected version and may want to cite the
    notice as well.

Example:
    Failing: ``Lin L, et al. Methylphenidate exposure induces dopamine neuron loss... PLoS ONE 2012;7:e33693.``
    (correction 10.1371/annotation/c76da2c1-..., 2012)
    Passing: the same reference followed by ``Erratum in: PLoS ONE 2012.``

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

CODE = "CL305"
NAME = "correction-published"
SEVERITY = "info"
FIXABLE = False
NEEDS_RECORD = True
SCOPE = "reference"
SUMMARY = "A correction, erratum or corrigendum to the cited work has been published."
OPTIONS = None

_ACKNOWLEDGED = ("correction", "corrected", "erratum", "errata", "corrigend", "addendum")


def check(reference: Reference, match: Match, context: Context) -> Iterator[Diagnostic]:
    record = match.record
    if match.status != "matched" or record is None or mentions(reference, *_ACKNOWLEDGED):
        return
    if notices(record.updated_by, "retraction") or retracted_title_mark(record):
        return
    found = notices(record.updated_by, "correction", excluding=record.doi)
    if found:
        noun = "a correction to this work has" if len(found) == 1 else f"{len(found)} corrections to this work have"
        yield Diagnostic(
            field="status",
            message=f"{noun} been published: " + "; ".join(describe(n) for n in found),
            span=reference.span,
            evidence=f"https://doi.org/{found[0].doi}",
        )
