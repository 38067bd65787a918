"""A preprint is cited although it has been published.

What it does:
    Reports, at info level, a reference to a preprint (a record of type
    posted-content, a DOI of arXiv, bioRxiv/medRxiv, SSRN, Research Square,
    PsyArXiv or OSF, or a URL on those servers) whose record says it is the
    preprint of a published work (Crossref relation ``is-preprint-of``), and
    gives that work's DOI. When the published version is itself listed in
    the same file, same-work-cited-twice (CL309) reports the pair instead.

Why it matters:
    The published version has been peer reviewed and may differ from the
    preprint; most journals ask authors to cite it.

Example:
    Failing: ``Tucker MA, Ord TJ. After the games are over... bioRxiv 2015. doi:10.1101/014852``
    (published as 10.1002/ece3.2314)
    Passing: the same preprint when its record names no published version.

Fix safety:
    No fix: the published version has its own authors, title, journal and
    pages to cite.

Options:
    None.
"""

from __future__ import annotations

from collections.abc import Iterator

from citelint.fields.normalize import doi_key
from citelint.match.updates import is_preprint, published_versions
from citelint.model import Diagnostic, Match, Reference
from citelint.rules._rule import Context

CODE = "CL307"
NAME = "preprint-has-published-version"
SEVERITY = "info"
FIXABLE = False
NEEDS_RECORD = True
SCOPE = "reference"
SUMMARY = "A preprint is cited although its published version exists."
OPTIONS = None


def check(reference: Reference, match: Match, context: Context) -> Iterator[Diagnostic]:
    record = match.record
    if match.status != "matched" or record is None or not is_preprint(reference, record):
        return
    published = published_versions(record)
    if not published or _listed(published, reference, context):
        return
    links = ", ".join(f"https://doi.org/{doi}" for doi in published)
    yield Diagnostic(
        field="status",
        message=f"this preprint has been published as {links}",
        span=reference.span,
        expected=published[0] if len(published) == 1 else None,
        evidence=f"https://doi.org/{published[0]}",
    )


def _listed(dois: tuple[str, ...], reference: Reference, context: Context) -> bool:
    """Whether another reference of the file is the published version (by printed DOI or by its match)."""
    matches = context.matches
    for position, other in enumerate(context.references):
        if other is reference:
            continue
        if other.doi and doi_key(other.doi) in dois:
            return True
        found = matches[position] if position < len(matches) else None
        if found is not None and found.status == "matched" and found.record and doi_key(found.record.doi) in dois:
            return True
    return False
