"""Looking up every reference of a run at once: concurrent, deduplicated, failure-isolated.

The one network step of a run. Each distinct reference is matched once, by
at most ``concurrency`` threads (the source's limiter keeps the request rate
right); one failed lookup becomes an ``unchecked`` match for its reference
alone, so a run never loses the answers it already has. Ctrl-C stops every
lookup at once and hands back what was found (``LookupInterrupted``).

A DOI Crossref does not know is asked of DataCite here, in the lookup step
(``check_unknown_doi``): sources answer questions, they do not match.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable, Sequence
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, as_completed, wait
from dataclasses import replace
from typing import TYPE_CHECKING

from citelint.fields.normalize import doi_key, name_key, text_key
from citelint.model import Match, Reference
from citelint.sources import NotInCache, SourceUnavailable, http, stopping

if TYPE_CHECKING:
    from citelint.sources.datacite import DataCiteSource

# After Ctrl-C, how long the lookups in flight may take to notice (their sockets are cut at once).
_STOP_GRACE = 5.0


class LookupInterrupted(KeyboardInterrupt):
    """Ctrl-C during the lookups: ``matches`` holds every reference's match, "unchecked" where none came."""

    def __init__(self, matches: list[Match]) -> None:
        super().__init__("interrupted")
        self.matches = matches


def lookup_all(
    references: Sequence[Reference],
    match_one: Callable[[Reference], Match],
    concurrency: int,
    progress: Callable[[int, int], None] | None = None,
) -> list[Match]:
    """``match_one`` for every reference, in input order."""
    keys = [identity(reference) for reference in references]
    groups: dict[Hashable, list[int]] = {}
    for position, key in enumerate(keys):
        groups.setdefault(key, []).append(position)
    firsts = [references[positions[0]] for positions in groups.values()]
    results: dict[Hashable, Match] = {}
    done = 0
    stopping.clear()
    pool = ThreadPoolExecutor(max_workers=max(1, min(concurrency, len(firsts))))
    pending: dict[Future[Match], Hashable] = {
        pool.submit(_match_safely, match_one, reference): identity(reference) for reference in _interleaved(firsts)
    }
    try:
        for future in as_completed(pending):
            key = pending[future]
            results[key] = future.result()
            done += len(groups[key])
            if progress is not None:
                progress(done, len(references))
    except KeyboardInterrupt:
        # Stop the queued lookups, cut those in flight, keep every answer that came.
        http.interrupt()
        pool.shutdown(wait=False, cancel_futures=True)
        wait(pending, timeout=_STOP_GRACE, return_when=FIRST_EXCEPTION)
        for future, key in pending.items():
            if future.done() and not future.cancelled() and key not in results:
                results[key] = future.result()
        stopped = Match(status="unchecked", reason="interrupted before this reference was looked up")
        raise LookupInterrupted([results.get(key, stopped) for key in keys]) from None
    pool.shutdown(wait=True)
    return [results[key] for key in keys]


def check_unknown_doi(reference: Reference, match: Match, datacite: DataCiteSource) -> Match:
    """``match`` once DataCite has been asked about a DOI Crossref does not know.

    DataCite's record that describes the reference becomes the match (via the
    DOI, as a Crossref DOI would); one that contradicts it makes the DOI
    "other-work", the match found by searching Crossref kept. A DOI DataCite
    does not know either leaves ``match`` as it was; a DataCite that cannot
    answer clears the "unknown" verdict, which nobody could then vouch for.
    """
    from citelint.match.matching import match_reference

    if match.doi_status != "unknown" or not reference.doi:
        return match
    # Matching's own DOI path decides whether the record fits, with the same
    # tolerance as for a Crossref DOI; DataCite's search finds nothing.
    answer = match_reference(reference, datacite)
    if answer.status == "matched" and answer.doi_status == "same" and answer.record is not None:
        return replace(answer, record=replace(answer.record, source="datacite"))
    if answer.doi_status == "other-work" and answer.doi_record is not None:
        return replace(match, doi_status="other-work", doi_record=replace(answer.doi_record, source="datacite"))
    if answer.status in ("unchecked", "offline"):
        # DataCite could not say: nothing is known to be unknown or unverifiable, so no rule may claim it.
        if match.status == "matched":
            return replace(match, doi_status=None)
        return replace(match, status=answer.status, doi_status=None,
                       reason=f"DataCite could not be asked about {reference.doi}: {answer.reason or answer.status}")
    return match


def identity(reference: Reference) -> Hashable:
    """References that would be looked up identically share one lookup.

    The parsed fields decide the lookup, so the same work cited twice (or in
    a .bib and a .txt) is one request; a reference without parsed fields is
    identified by its text. Two references with one DOI but different titles
    stay apart: one of them carries a wrong DOI, and its own lookup says so.
    """
    if not (reference.title or reference.doi):
        return ("text", text_key(reference.text))
    return (
        doi_key(reference.doi) if reference.doi else None,
        text_key(reference.title or ""),
        tuple(name_key(author.family or author.organisation) for author in reference.authors),
        reference.year,
        text_key(reference.container or ""),
        reference.volume,
        reference.issue,
        reference.pages,
        reference.article_number,
        reference.type,
    )


def _match_safely(match_one: Callable[[Reference], Match], reference: Reference) -> Match:
    try:
        return match_one(reference)
    except NotInCache as error:
        return Match(status="offline", reason=str(error))
    except SourceUnavailable as error:
        return Match(status="unchecked", reason=f"lookup failed: {error}")
    except Exception as error:  # noqa: BLE001 -- one bad lookup must not cost the run its other answers
        return Match(status="unchecked", reason=f"lookup failed unexpectedly: {type(error).__name__}: {error}")


def _interleaved(references: list[Reference]) -> list[Reference]:
    """DOI lookups and searches alternated: they spend separate rate budgets, so
    mixing them keeps both busy instead of queueing all searches behind all DOIs."""
    with_doi = [reference for reference in references if reference.doi]
    without = [reference for reference in references if not reference.doi]
    mixed = itertools.chain.from_iterable(itertools.zip_longest(with_doi, without))
    return [reference for reference in mixed if reference is not None]
