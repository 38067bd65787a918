"""Looking up every reference of a run at once: concurrent, deduplicated, failure-isolated.

The one network step of a run. Each distinct reference is matched once, by
at most ``concurrency`` threads (the source's limiter keeps the request rate
right); one failed lookup becomes an ``unchecked`` match for its reference
alone, so a run never loses the answers it already has.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed

from citelint.model import Match, Reference
from citelint.normalize import doi_key, name_key, text_key
from citelint.sources import NotInCache, SourceUnavailable


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
    with ThreadPoolExecutor(max_workers=max(1, min(concurrency, len(firsts)))) as pool:
        pending: dict[Future[Match], Hashable] = {
            pool.submit(_match_safely, match_one, reference): identity(reference)
            for reference in _interleaved(firsts)
        }
        try:
            for future in as_completed(pending):
                key = pending[future]
                results[key] = future.result()
                done += len(groups[key])
                if progress is not None:
                    progress(done, len(references))
        except BaseException:
            # Ctrl-C: do not start the lookups still queued.
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    return [results[key] for key in keys]


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
