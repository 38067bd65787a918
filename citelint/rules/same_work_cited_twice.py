"""One work cited twice under different forms.

What it does:
    Reports a reference that cites the same work as an earlier reference of
    the same file although the two look different: one is a preprint and
    the other its published version (Crossref relations ``is-preprint-of`` /
    ``has-preprint``), or this one's record is the work whose DOI the other
    prints (a title abbreviated or translated). The later reference is
    reported, naming the earlier. A reference that duplicate-reference (CL106)
    reports (same printed DOI, same confidently matched record, same author,
    year and title) is left to it while CL106 is enabled; with CL106 ignored,
    this rule reports it. Only matches of 0.9 confidence or more count: a wrong
    match would make two different works look like one.

Why it matters:
    Two entries for one work split its citations and tell reviewers the list
    was not checked; a preprint listed beside its own published version
    cites the same findings twice.

Example:
    Failing: ``[3] Tucker MA, Ord TJ. After the games are over. bioRxiv 2015. doi:10.1101/014852``
    after ``[1] Tucker MA, Ord TJ. After the games are over: life-history trade-offs... Ecol Evol 2016;6:6425-34.``
    Passing: the published version alone.

Fix safety:
    No fix: merging the two means renumbering the citations in the text.

Options:
    None.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from citelint.fields.normalize import doi_key
from citelint.match.updates import preprint_versions, published_versions
from citelint.model import Diagnostic, Match, Record, Reference, ReferenceId
from citelint.rules._compare import compared, confident
from citelint.rules._rule import Context

CODE = "CL309"
NAME = "same-work-cited-twice"
SEVERITY = "warning"
FIXABLE = False
NEEDS_RECORD = True
SCOPE = "reference"
SUMMARY = "Two references of one file cite the same work (same record, or a preprint and its published version)."
OPTIONS = None
SUPERSEDED_BY = ("CL106",)  # a plain duplicate entry is reported once, by duplicate-reference


@dataclass(frozen=True)
class _Index:
    """Which DOIs each reference of the file stands for, and the first position of each DOI."""

    position: dict[ReferenceId, int]  # identity -> position in the file
    first: dict[str, int]  # DOI key -> first position standing for it
    # DOI -> (first position whose record names it as its preprint or published version, how)
    related: dict[str, tuple[int, str]]


def check(reference: Reference, match: Match, context: Context) -> Iterator[Diagnostic]:
    record = match.record
    if not compared(match) or not confident(match) or record is None:
        return
    index: _Index = context.prepared or prepare(context)
    position = index.position.get(reference.identity)
    if position is None:
        return
    earlier = _earlier(record, position, index)
    if earlier is None:
        return
    other_position, why = earlier
    other = context.references[other_position]
    label = f"reference {other.index}" + (f" {other.key}" if other.key else "")
    yield Diagnostic(
        field="duplicate",
        message=f"same work as {label} (line {other.span.line}): {why}",
        span=reference.span,
        found=reference.text,
        evidence=record.url,
    )


def _earlier(record: Record, position: int, index: _Index) -> tuple[int, str] | None:
    """The first earlier reference citing this work or its other version, and how they relate."""
    candidates = []
    same = index.first.get(doi_key(record.doi))
    if same is not None and same < position:
        candidates.append((same, f"both are {record.url}"))
    for doi in published_versions(record):
        found = index.first.get(doi)
        if found is not None and found < position:
            candidates.append((found, f"this is the preprint of https://doi.org/{doi}"))
    for doi in preprint_versions(record):
        found = index.first.get(doi)
        if found is not None and found < position:
            candidates.append((found, f"that is the preprint (https://doi.org/{doi}) of this work"))
    related = index.related.get(doi_key(record.doi))
    if related is not None and related[0] < position:
        candidates.append(related)
    return min(candidates) if candidates else None


def prepare(context: Context) -> _Index:
    """The file's index, built once: every reference of the file asks."""
    references, matches = context.references, context.matches
    position: dict[ReferenceId, int] = {}
    first: dict[str, int] = {}
    related: dict[str, tuple[int, str]] = {}
    for number, reference in enumerate(references):
        position[reference.identity] = number
        match = matches[number] if number < len(matches) else None
        for doi in _identities(reference, match):
            first.setdefault(doi, number)
        record = match.record if match is not None and compared(match) and confident(match) else None
        if record is not None:
            for doi in published_versions(record):
                related.setdefault(doi, (number, f"that is the preprint ({record.url}) of this work"))
            for doi in preprint_versions(record):
                related.setdefault(doi, (number, f"this is the preprint of {record.url}"))
    return _Index(position, first, related)


def _identities(reference: Reference, match: Match | None) -> set[str]:
    """The DOIs a reference stands for: its record's, and its printed DOI unless that names another work."""
    found = set()
    if match is not None and compared(match) and confident(match) and match.record is not None:
        found.add(doi_key(match.record.doi))
    if reference.doi and (match is None or match.doi_status != "other-work"):
        found.add(doi_key(reference.doi))
    return found
