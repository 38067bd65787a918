"""Network faults against a real server on 127.0.0.1: deadlines, size caps, the breaker, malformed answers.

Every test bounds the work done (requests made, bytes sent), never the seconds taken.
"""

from __future__ import annotations

import json
import socket
from dataclasses import replace

import pytest

from citelint.match.lookup import lookup_all
from citelint.match.matching import match_reference
from citelint.model import Reference
from citelint.sources import SourceUnavailable
from citelint.sources.crossref import CrossrefSource
from citelint.sources.limiter import Limiter, PoolLimits
from citelint.sources.schema import MalformedAnswer
from citelint.sources.settings import SourceSettings
from tests.conftest import FAST
from tests.crossref_server import Fault
from tests.helpers import make_reference
from tests.sources.conftest import QUICK

PLOS = "10.1371/journal.pone.0020476"
THREE_AT_ONCE = PoolLimits(FAST.routes, concurrency=3)


def references(count: int) -> list[Reference]:
    """A manuscript's worth of distinct references, every third with a DOI."""
    made = []
    for number in range(count):
        title = f"Generated study number {number} of coastal sediment transport"
        doi = f"10.5555/generated.{number}" if number % 3 == 0 else None
        made.append(make_reference(f"Author, A. ({2000 + number % 20}). {title}. Journal of Tests, {number}, 1-9.",
                                   title=title, year=2000 + number % 20, index=number + 1, doi=doi))
    return made


def run_all(source: CrossrefSource, count: int = 83) -> list[str]:
    matches = lookup_all(references(count), lambda reference: match_reference(reference, source), source.concurrency)
    return [match.status for match in matches]


# -- one request: deadline and size cap ------------------------------------------------------------


@pytest.mark.parametrize("fault", [Fault.drip(0.05), Fault("drip-head", seconds=0.05)])
def test_a_server_sending_a_byte_at_a_time_is_cut_off_at_the_deadline(make_source, crossref_server, fault):
    crossref_server.inject(fault, times=-1)
    # Each byte comes well within the read timeout: only the total deadline can end this.
    policy = replace(QUICK, read_timeout=5.0, deadline=0.5, attempts=2)
    with pytest.raises(SourceUnavailable, match="no complete answer within 0.5 s"):
        make_source(policy=policy, use_cache=False).work(PLOS)
    assert len(crossref_server.requests()) == 2


@pytest.mark.parametrize("declared", [False, True])
def test_an_answer_over_the_size_cap_is_not_held(make_source, crossref_server, declared):
    crossref_server.inject(Fault.huge(200, declared=declared), times=-1)
    policy = replace(QUICK, max_bytes=2 * 1024 * 1024, attempts=1)
    with pytest.raises(SourceUnavailable, match="larger than 2 MB"):
        make_source(policy=policy, use_cache=False).work(PLOS)
    # The client hung up: the server could hand the socket only what its buffers held, not 200 MB.
    assert crossref_server.sent_megabytes < 64


def test_an_html_page_with_status_200_is_a_failure_not_an_answer(make_source, crossref_server):
    crossref_server.inject(Fault.html(), times=-1)
    with pytest.raises(SourceUnavailable, match="not JSON"):
        make_source().work(PLOS)
    crossref_server.reset()
    assert make_source().work(PLOS)["DOI"] == PLOS  # and nothing of it was cached


# -- malformed answers are never evidence ----------------------------------------------------------


def _work_answer(message: object) -> bytes:
    return json.dumps({"status": "ok", "message-type": "work", "message": message}).encode()


def _search_answer(items: object) -> bytes:
    return json.dumps({"status": "ok", "message-type": "work-list", "message": {"items": items}}).encode()


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (_work_answer({"title": ["A work without a DOI"]}), "has no DOI"),
        (_work_answer({"DOI": "10.1038/srep16696", "title": ["Another work"]}), "not the DOI asked"),
        (_work_answer({"DOI": PLOS, "title": "a string, not a list"}), "title is not a list"),
        (_work_answer({"DOI": PLOS, "title": [42]}), r"title\[0\] is not text"),
        (_work_answer({"DOI": PLOS, "author": [{"family": ["Hasson"]}]}), r"author\[0\]: family is not text"),
        (_work_answer({"DOI": PLOS, "issued": {"date-parts": [["2011"]]}}), "date-parts are not numbers"),
        (_work_answer({"DOI": PLOS, "volume": 6}), "volume is not text"),
        (_work_answer(["not", "an", "object"]), "missing"),
        (b'{"status": "ok"}', "missing"),
        (b"[1, 2, 3]", "not a JSON object"),
    ],
)
def test_a_malformed_work_answer_is_unchecked(make_source, crossref_server, body, problem):
    crossref_server.inject(Fault.status_code(200, body=body), times=-1)
    with pytest.raises(MalformedAnswer, match=problem):
        make_source().work(PLOS)
    assert len(crossref_server.requests()) == 1  # the server meant it: not retried
    with pytest.raises(MalformedAnswer):
        make_source().work(PLOS)
    assert len(crossref_server.requests()) == 2  # and not cached


@pytest.mark.parametrize(
    ("items", "problem"),
    [
        ("junk", "no result list"),
        ([1, 2, 3], "search result 1 is not a work record"),
        ([{"title": ["No DOI"]}], "search result 1 has no DOI"),
        ([{"DOI": "10.1234/fine", "title": ["Fine"]}, {"DOI": "not a doi"}], "search result 2 has no DOI"),
        ([{"DOI": "10.1234/x", "author": "Smith"}], "author is not a list"),
        ([{"DOI": "10.1234/x", "score": "high"}], "score is not a number"),
    ],
)
def test_a_malformed_search_answer_is_unchecked(make_source, crossref_server, items, problem):
    crossref_server.inject(Fault.status_code(200, body=_search_answer(items)), times=-1)
    with pytest.raises(MalformedAnswer, match=problem):
        make_source().search("anything")


def test_malformed_answers_give_no_verdict(make_source, crossref_server):
    """No 'the work does not exist' (CL308) from junk items, no 'the DOI is another work' (CL209) from a DOI-less record."""
    with_doi = make_reference("Hasson, F. (2011). Using the Delphi method. PLoS ONE.", title="Using the Delphi method",
                              doi=PLOS)
    without = make_reference("Guest, G. (2006). How many interviews are enough? Field Methods.",
                             title="How many interviews are enough?")
    crossref_server.inject(Fault.status_code(200, body=_work_answer({"title": ["Something else entirely"]})),
                           times=-1, route="single")
    crossref_server.inject(Fault.status_code(200, body=_search_answer([{"x": 1}, "junk"])), times=-1, route="list")
    source = make_source()
    for reference in (with_doi, without):
        match = match_reference(reference, source)
        assert match.status == "unchecked" and "malformed answer" in (match.reason or "")
        assert match.doi_status is None and match.doi_record is None


# -- the breaker: a sick service ends a run in a bounded number of requests ------------------------


@pytest.mark.parametrize(
    "fault",
    [Fault.status_code(503), Fault.status_code(500), Fault.truncated(), Fault.not_json(), Fault.html(), Fault.reset()],
    ids=["503", "500", "truncated", "not-json", "html", "reset"],
)
def test_a_failing_service_trips_the_breaker_after_a_few_failures(tmp_path, crossref_server, fault):
    crossref_server.inject(fault, times=-1)
    source = CrossrefSource(SourceSettings(crossref_url=crossref_server.url, cache_dir=tmp_path, mailto="m@example.org"),
                            limiter=Limiter(THREE_AT_ONCE), policy=QUICK)
    statuses = run_all(source)
    assert statuses == ["unchecked"] * 83
    # The threshold, plus what the other workers had already started when it tripped.
    assert len(crossref_server.requests()) <= QUICK.breaker_threshold + THREE_AT_ONCE.concurrency


def test_a_service_that_refuses_connections_trips_the_breaker(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    source = CrossrefSource(SourceSettings(crossref_url=f"http://127.0.0.1:{port}", cache_dir=tmp_path),
                            limiter=Limiter(THREE_AT_ONCE), policy=QUICK)
    attempts: list[str] = []
    real_get = source._fetcher.session.get
    source._fetcher.session.get = lambda url, **kwargs: attempts.append(url) or real_get(url, **kwargs)  # type: ignore[method-assign]
    assert run_all(source) == ["unchecked"] * 83
    assert len(attempts) <= QUICK.breaker_threshold + THREE_AT_ONCE.concurrency


def test_a_dripping_service_trips_the_breaker(tmp_path, crossref_server):
    crossref_server.inject(Fault.drip(0.05), times=-1)
    source = CrossrefSource(SourceSettings(crossref_url=crossref_server.url, cache_dir=tmp_path),
                            limiter=Limiter(THREE_AT_ONCE), policy=replace(QUICK, read_timeout=5.0, deadline=0.3))
    assert run_all(source, 30) == ["unchecked"] * 30
    assert len(crossref_server.requests()) <= QUICK.breaker_threshold + THREE_AT_ONCE.concurrency


def test_a_passing_blip_does_not_trip_the_breaker(make_source, crossref_server):
    source = make_source(use_cache=False)
    for _ in range(4):  # two failures then a success, again and again: never six in a row
        crossref_server.inject(Fault.status_code(503), times=2)
        assert source.work(PLOS)["DOI"] == PLOS
    assert len(crossref_server.requests()) == 12
