"""lookup_all: order, concurrency, deduplication, failure isolation, progress."""

from __future__ import annotations

import random
import threading
import time

from citelint.match.lookup import identity, lookup_all
from citelint.model import Match, Record, Reference
from citelint.sources import NotInCache, SourceUnavailable
from citelint.sources.limiter import LIST
from tests.crossref_server import Fault
from tests.helpers import make_reference


def refs(*titles: str, **fields) -> list[Reference]:
    return [make_reference(f"A. Author. {title}. 2020.", title=title, index=i + 1, **fields)
            for i, title in enumerate(titles)]


def by_title(reference: Reference) -> Match:
    return Match(status="matched", record=Record(doi=f"10.1/{reference.title}", title=reference.title or ""))


def test_results_come_back_in_input_order():
    def slow(reference: Reference) -> Match:
        time.sleep(random.uniform(0, 0.02))
        return by_title(reference)

    references = refs(*(f"title {i}" for i in range(30)))
    matches = lookup_all(references, slow, concurrency=4)
    assert [match.record.title for match in matches] == [f"title {i}" for i in range(30)]


def test_at_most_concurrency_lookups_run_at_once():
    running = peak = 0
    lock = threading.Lock()

    def counted(reference: Reference) -> Match:
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        time.sleep(0.01)
        with lock:
            running -= 1
        return by_title(reference)

    lookup_all(refs(*(f"t{i}" for i in range(20))), counted, concurrency=3)
    assert peak == 3


def test_identical_references_are_looked_up_once():
    calls: list[str] = []

    def recorded(reference: Reference) -> Match:
        calls.append(reference.title or reference.text)
        return by_title(reference)

    twice = refs("Same title", "Other", "Same title")
    untitled = [make_reference("Garbled [12] ???", index=4), make_reference("Garbled  [12]  ???", index=5)]
    matches = lookup_all([*twice, *untitled], recorded, concurrency=2)
    assert sorted(calls) == ["Garbled [12] ???", "Other", "Same title"]
    assert matches[0] == matches[2]
    assert matches[3] == matches[4]


def test_same_doi_with_different_fields_is_looked_up_separately():
    # One of the two carries a wrong DOI; only its own lookup can tell which.
    first, second = refs("A true title", "Another paper", doi="10.1000/xyz")
    assert identity(first) != identity(second)
    same_again = refs("A true title", doi="10.1000/XYZ")[0]
    assert identity(first) == identity(same_again)


def test_one_failed_lookup_costs_only_its_own_reference():
    def flaky(reference: Reference) -> Match:
        if reference.title == "boom":
            raise RuntimeError("parser exploded")
        if reference.title == "down":
            raise SourceUnavailable("/works: HTTP 503 (gave up after 5 attempts)")
        if reference.title == "offline":
            raise NotInCache("/works/10.1/x: not in the cache (offline)")
        return by_title(reference)

    matches = lookup_all(refs("ok 1", "boom", "ok 2", "down", "offline", "ok 3"), flaky, concurrency=2)
    assert [match.status for match in matches] == ["matched", "unchecked", "matched", "unchecked", "offline", "matched"]
    assert "RuntimeError: parser exploded" in matches[1].reason
    assert "HTTP 503" in matches[3].reason


def test_progress_counts_every_reference():
    seen: list[tuple[int, int]] = []
    lookup_all(refs("a", "b", "a", "c"), by_title, concurrency=2,
               progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (4, 4)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert len(seen) == 3  # three distinct lookups


def test_no_references_no_work():
    assert lookup_all([], by_title, concurrency=3) == []


def test_doi_lookups_and_searches_are_interleaved():
    order: list[str] = []
    with_doi = refs("d1", "d2", "d3", doi="10.1/d")
    without = refs("s1", "s2", "s3")
    lookup_all([*with_doi, *without], lambda reference: order.append(reference.title) or by_title(reference),
               concurrency=1)
    assert order == ["d1", "s1", "d2", "s2", "d3", "s3"]


def test_with_the_crossref_source(make_source, crossref_server):
    source = make_source()

    def match(reference: Reference) -> Match:
        if reference.doi:
            work = source.work(reference.doi)
            return Match(status="matched" if work else "not-found", via="doi", source=source.name)
        hits = source.search(reference.title or reference.text)
        return Match(status="matched" if hits else "not-found", via="search", source=source.name)

    references = [
        *refs("Using and Reporting the Delphi Method", doi="10.1371/journal.pone.0020476"),
        *refs("Nowhere", doi="10.1371/notarealdoi"),
        *refs("How many interviews are enough"),
    ]
    crossref_server.inject(Fault.status_code(503), times=-1, route=LIST)
    matches = lookup_all(references, match, concurrency=source.concurrency)
    assert [match.status for match in matches] == ["matched", "not-found", "unchecked"]
