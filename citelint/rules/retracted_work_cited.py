"""A retracted work is cited, or its retraction notice is cited in its place.

What it does:
    Reports a reference whose published record has been retracted, withdrawn
    or removed (Crossref ``updated-by`` of type retraction, partial_retraction,
    withdrawal or removal, deposited by the publisher or from the Retraction
    Watch database), naming the notice, its date and who lists it; also a
    record whose title the publisher has prefixed "RETRACTED:" or
    "WITHDRAWN:" without depositing a notice. A notice listed by two sources
    is reported once. A reference whose DOI is the retraction notice itself,
    not the article, is reported as a warning.
    A reference that already says it is retracted ("[Retracted]",
    "Retraction in: ...", a title printed as "RETRACTED: ...") is not
    reported. A match below 0.9 confidence
    makes the finding a warning: the record may not be the work cited.

Why it matters:
    Retracted findings keep being cited as if valid. A citation of a
    retracted work must at least say so; usually it should go.

Example:
    Failing: ``Wakefield AJ, et al. Ileal-lymphoid-nodular hyperplasia... Lancet 1998;351:637-41.``
    (retracted in 2010)
    Passing: ``Wakefield AJ, et al. Ileal-lymphoid-nodular hyperplasia... Lancet 1998;351:637-41.
    Retraction in: Lancet 2010;375:445.``

Fix safety:
    No fix: whether to drop the citation or mark it retracted is the author's call.

Options:
    None.
"""

from __future__ import annotations

from collections.abc import Iterator

from citelint.fields.normalize import text_key
from citelint.match.updates import (
    describe,
    mentions,
    normal_type,
    notices,
    retracted_title_mark,
)
from citelint.model import Diagnostic, Match, Record, Reference, Update
from citelint.rules._compare import mismatch_severity
from citelint.rules._rule import Context

CODE = "CL303"
NAME = "retracted-work-cited"
SEVERITY = "error"
FIXABLE = False
NEEDS_RECORD = True
SCOPE = "reference"
SUMMARY = "The cited work has been retracted or withdrawn, or the DOI is its retraction notice."
OPTIONS = None

_ACKNOWLEDGED = ("retract", "withdrawn")
# "Retraction of ...", "Notice of retraction": a reference that means to cite the notice.
_NOTICE_TITLE = ("retraction", "notice of retraction", "retracted", "withdrawal")


def check(reference: Reference, match: Match, context: Context) -> Iterator[Diagnostic]:
    record = match.record
    if match.status != "matched" or record is None or _acknowledged(reference):
        return
    found = notices(record.updated_by, "retraction")
    if found:
        yield Diagnostic(
            field="status",
            message=f"this work was {_verb(found)}: notice " + "; ".join(describe(n) for n in found),
            span=reference.span,
            severity=mismatch_severity(match),
            evidence=f"https://doi.org/{found[0].doi}",
        )
        return
    retracted = notices(record.update_to, "retraction", excluding=record.doi)
    if retracted:
        yield from _notice_cited(reference, record, retracted)
    elif retracted_title_mark(record):
        yield Diagnostic(
            field="status",
            message=f"this work was retracted: its record's title begins {retracted_title_mark(record)!r}",
            span=reference.span,
            severity=mismatch_severity(match),
            evidence=record.url,
        )


def _acknowledged(reference: Reference) -> bool:
    """The reference says so, after it ("Retraction in: ...") or before its title ("RETRACTED: ...")."""
    return mentions(reference, *_ACKNOWLEDGED) or text_key(reference.title or "").startswith(_ACKNOWLEDGED)


def _verb(found: tuple[Update, ...]) -> str:
    kinds = {normal_type(n.type) for n in found}
    if kinds <= {"withdrawal"}:
        return "withdrawn"
    if kinds <= {"removal"}:
        return "removed"
    if kinds <= {"partial retraction"}:
        return "partially retracted"
    return "retracted"


def _notice_cited(reference: Reference, record: Record, retracted: tuple[Update, ...]) -> Iterator[Diagnostic]:
    if text_key(reference.title or "").startswith(_NOTICE_TITLE):
        return
    articles = ", ".join(f"https://doi.org/{n.doi}" for n in retracted)
    yield Diagnostic(
        field="doi" if reference.doi else "status",
        message=f"{'this DOI' if reference.doi else 'the record found'} is the retraction notice, not the article: "
                f"the retracted article is {articles}",
        span=reference.span_of("doi"),
        found=reference.printed("doi") or reference.doi,
        expected=retracted[0].doi if len(retracted) == 1 else None,
        severity="warning",
        evidence=record.url,
    )
