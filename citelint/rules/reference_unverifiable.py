"""A journal article that no published record confirms.

What it does:
    Reports a reference shaped like a journal article (a journal with volume
    and pages, or a DOI) for which the metadata source found no record, and
    in particular one whose DOI resolves to a different, real work while
    its title and authors match no record at all. The message gives the
    nearest candidates and why each was rejected, when the lookup kept them.
    It is raised only when the journal is known to the source (the search
    returned other works of the journal the reference prints); an article
    in a journal that does not deposit its works there gets record-not-found
    (CL301, info), which says so. It is never raised when the lookup did not run (offline, or the source
    was unavailable), for grey literature (reports, books, theses, web
    pages, legislation, or any reference without a journal), for a work
    cited as in press or submitted, or for a DOI the source does not know
    (it may be registered with another agency: doi-unknown, CL210, reports
    it).

Why it matters:
    Journal articles with volume and pages are nearly all registered with
    Crossref. One that cannot be found is often garbled beyond matching, and
    sometimes does not exist: a real DOI attached to a made-up title and
    authors is the commonest form of a fabricated reference (as produced by
    text generators).

Example:
    Failing: ``Smith J, Lee K. Deep priors for protein folding. Nature 2021;590:112-118. doi:10.1038/s41586-021-03819-2``
    (the DOI is another paper; no record has this title and authors)
    Passing: ``Department of Health (2007) Best Practice Guidance. Care Services Improvement Partnership.``
    (grey literature: record-not-found, CL301, at info level)

Fix safety:
    No fix: only the author can say what was meant.

Options:
    None.
"""

from __future__ import annotations

from collections.abc import Iterator

from citelint.match.records import describe
from citelint.model import Diagnostic, Match, Reference
from citelint.rules._rule import Context

CODE = "CL308"
NAME = "reference-unverifiable"
SEVERITY = "warning"
FIXABLE = False
NEEDS_RECORD = False
SCOPE = "reference"
SUMMARY = "A journal article (volume and pages, or a DOI) that no published record confirms."
OPTIONS = None

GREY_TYPES = frozenset({
    "report", "book", "web", "thesis", "legislation", "chapter", "proceedings", "software", "dataset",
    "manual", "misc", "standard", "patent", "presentation", "unpublished", "preprint",
})


def check(reference: Reference, match: Match, context: Context) -> Iterator[Diagnostic]:
    if not applies(reference, match):
        return
    where = "Crossref" if match.source in (None, "crossref", "snapshot") else match.source
    reason = match.reason or ""
    if match.doi_status == "other-work":
        other = f" ({describe(match.doi_record)})" if match.doi_record else ""
        message = (f"DOI {reference.doi} belongs to another work{other} and no record in {where} "
                   f"has this title and these authors: check that the work exists")
        reason = _without_doi_verdict(reason)
    else:
        message = f"no record in {where} matches this journal article: check that the work exists"
    if match.candidates:
        message += "; nearest: " + ", ".join(f"https://doi.org/{record.doi}" for record in match.candidates)
    if reason:
        message += f"; {reason}"
    yield Diagnostic(
        field="status",
        message=message,
        span=reference.span,
        evidence=match.doi_record.url if match.doi_record else None,
    )


def applies(reference: Reference, match: Match) -> bool:
    """Whether this reference is reported: record-not-found (CL301) stays silent when it is."""
    if match.status != "not-found" or reference.status or reference.parse_problem:
        return False
    if reference.type in GREY_TYPES or not reference.container:
        return False
    if match.doi_status == "other-work":
        return bool(reference.doi)
    if reference.doi:
        return False  # unknown to the source (CL210), or not looked up: nothing says it is not real
    # Only a journal that deposits with the source (other works of it came back) makes a missing
    # article suspect; many society and regional journals deposit nowhere.
    return bool(reference.volume and (reference.pages or reference.article_number)) and match.journal_known is True


def _without_doi_verdict(reason: str) -> str:
    """The matcher's reason without its "the DOI is another work (...); " opening, which the message says."""
    opening = "the DOI is another work ("
    end = reason.find("); ")
    return reason[end + 3 :] if reason.startswith(opening) and end >= 0 else reason
