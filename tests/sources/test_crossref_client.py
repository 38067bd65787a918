"""CrossrefSource against a real HTTP server: answers, errors, retries, timeouts, etiquette."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from citelint.sources import SourceUnavailable
from citelint.sources.crossref import SEARCH_FIELDS, CrossrefSource
from citelint.sources.http import HttpPolicy, parse_retry_after
from citelint.sources.limiter import LIST, SINGLE
from citelint.sources.settings import SourceSettings, resolve_settings
from tests.crossref_server import FakeCrossref, Fault
from tests.sources.conftest import FAST, MAILTO, QUICK

PLOS = "10.1371/journal.pone.0020476"


def test_work_found_returns_the_message(make_source, crossref_server):
    record = make_source().work(PLOS)
    assert record is not None
    assert record["DOI"] == PLOS
    assert record["title"][0].startswith("Using and Reporting the Delphi Method")
    (seen,) = crossref_server.requests()
    assert seen.path == f"/works/{PLOS}"
    assert seen.query == {"mailto": MAILTO}


def test_doi_is_looked_up_case_insensitively_and_with_prefix(make_source, crossref_server):
    source = make_source(use_cache=False)
    assert source.work("https://doi.org/10.1371/JOURNAL.PONE.0020476")["DOI"] == PLOS
    assert crossref_server.requests()[0].path == f"/works/{PLOS}"


def test_unknown_doi_is_none_from_a_plain_text_404(make_source, crossref_server):
    assert make_source().work("10.1371/notarealdoi") is None
    (seen,) = crossref_server.requests()
    assert seen.route == SINGLE


def test_sici_doi_is_sent_percent_encoded(make_source, crossref_server):
    sici = "10.1890/0012-9615(1999)069[0569:EDILSA]2.0.CO;2"
    assert make_source().work(sici) is None
    # The server decodes the path: the DOI arrived whole, the `;` not taken as a separator.
    assert crossref_server.requests()[0].path == "/works/" + sici.lower()


def test_search_returns_items_and_asks_only_for_needed_fields(make_source, crossref_server):
    items = make_source().search("How many interviews are enough?\n  Guest   2006", rows=5)
    (seen,) = crossref_server.requests()
    assert seen.route == LIST
    assert seen.query["query.bibliographic"] == "How many interviews are enough? Guest 2006"
    assert seen.query["rows"] == "5"
    assert seen.query["select"] == SEARCH_FIELDS
    assert 0 < len(items) <= 5
    assert all(set(item) <= set(SEARCH_FIELDS.split(",")) for item in items)


def test_canned_search_results_are_served(make_source, crossref_server):
    crossref_server.searches["anything"] = [{"DOI": "10.1234/x", "title": ["X"], "score": 12.5}]
    assert make_source().search("anything") == [{"DOI": "10.1234/x", "title": ["X"], "score": 12.5}]


def test_user_agent_names_the_tool_and_the_contact(make_source, crossref_server):
    make_source().work(PLOS)
    agent = crossref_server.requests()[0].headers["user-agent"]
    assert agent == f"citelint/0.1.0 (https://github.com/citelint/citelint; mailto:{MAILTO})"


def test_without_mailto_there_is_a_hint_and_no_mailto_parameter(make_source, crossref_server):
    source = make_source(mailto=None)
    assert "--mailto" in source.hint
    assert source.hint in source.notices
    source.work(PLOS)
    seen = crossref_server.requests()[0]
    assert "mailto" not in seen.query
    assert "mailto" not in seen.headers["user-agent"]
    assert make_source().hint is None


def test_plus_token_is_sent_as_bearer_to_the_api(make_source, crossref_server):
    make_source(plus_token="tok-123").work(PLOS)
    assert crossref_server.requests()[0].headers["crossref-plus-api-token"] == "Bearer tok-123"


def test_redirect_to_another_host_does_not_carry_the_token(make_source, crossref_server):
    with FakeCrossref(public=FAST, polite=FAST) as elsewhere:
        crossref_server.inject(Fault.redirect(f"{elsewhere.url}/works/{PLOS}"))
        record = make_source(plus_token="tok-123", use_cache=False).work(PLOS)
        assert record["DOI"] == PLOS
        assert crossref_server.requests()[0].headers["crossref-plus-api-token"] == "Bearer tok-123"
        (followed,) = elsewhere.requests()
        assert "crossref-plus-api-token" not in followed.headers


@pytest.mark.parametrize(
    ("status", "body", "reason"),
    [
        (400, json.dumps({"status": "failed", "message-type": "validation-failure",
                          "message": [{"type": "parameter-not-allowed", "value": "query.author",
                                       "message": "This route does not support field query.author"}]}),
         "does not support field query.author"),
        (401, "", "HTTP 401"),
        (403, "", "HTTP 403"),
    ],
)
def test_client_errors_fail_at_once_without_retrying(make_source, crossref_server, status, body, reason):
    crossref_server.inject(Fault.status_code(status, body=body.encode()), times=-1)
    with pytest.raises(SourceUnavailable, match=reason):
        make_source().work(PLOS)
    assert len(crossref_server.requests()) == 1


@pytest.mark.parametrize("status", [500, 502, 503, 504, 429])
def test_transient_statuses_are_retried_until_success(make_source, crossref_server, status):
    crossref_server.inject(Fault.status_code(status), times=2)
    assert make_source().work(PLOS)["DOI"] == PLOS
    assert len(crossref_server.requests()) == 3


def test_permanent_503_gives_up_after_the_attempts(make_source, crossref_server):
    crossref_server.inject(Fault.status_code(503), times=-1)
    with pytest.raises(SourceUnavailable, match="HTTP 503.*3 attempts"):
        make_source().search("anything at all")
    assert len(crossref_server.requests()) == QUICK.attempts


def test_retry_after_is_honoured(make_source, crossref_server):
    crossref_server.inject(Fault.status_code(429, retry_after="1"))
    policy = HttpPolicy(read_timeout=1, attempts=2, backoff=0.01, retry_after_max=5)
    assert make_source(policy=policy).work(PLOS)["DOI"] == PLOS
    first, second = crossref_server.requests()
    assert second.at - first.at >= 0.95


def test_hostile_retry_after_is_capped(make_source, crossref_server, monkeypatch):
    from citelint.sources import http

    waits: list[float] = []
    monkeypatch.setattr(http, "_pause", waits.append)
    crossref_server.inject(Fault.status_code(429, retry_after="86400"), times=2)
    assert make_source().work(PLOS)["DOI"] == PLOS
    assert waits and max(waits) <= QUICK.retry_after_max


def test_429_without_retry_after_backs_off_on_its_own(make_source, crossref_server):
    crossref_server.inject(Fault.status_code(429), times=1)
    policy = HttpPolicy(read_timeout=1, attempts=2, backoff=0.3, retry_after_max=5)
    assert make_source(policy=policy).work(PLOS)["DOI"] == PLOS
    first, second = crossref_server.requests()
    assert second.at - first.at >= 0.3 * 0.75


def test_total_retry_time_is_capped_by_the_budget(make_source, crossref_server):
    crossref_server.inject(Fault.status_code(503), times=-1)
    policy = HttpPolicy(read_timeout=1, attempts=50, backoff=0.1, backoff_max=0.1, budget=0.5)
    with pytest.raises(SourceUnavailable):
        make_source(policy=policy).work(PLOS)
    # Waits of at least 0.075 s each fit at most 0.5 / 0.075 times in the budget, however slow the machine.
    assert 2 <= len(crossref_server.requests()) <= 8


@pytest.mark.parametrize(
    ("fault", "problem"),
    [
        (Fault.delay(3.0), "ReadTimeout"),
        (Fault.reset(), "ConnectionError"),
        (Fault.truncated(), "ChunkedEncodingError"),
        (Fault.not_json(), "not JSON"),
    ],
)
def test_broken_answers_are_retried_then_reported(make_source, crossref_server, fault, problem):
    crossref_server.inject(fault, times=1)
    source = make_source(use_cache=False)
    assert source.work(PLOS)["DOI"] == PLOS
    crossref_server.inject(fault, times=-1)
    with pytest.raises(SourceUnavailable, match=problem):
        source.work(PLOS)


def test_a_broken_answer_is_never_cached(make_source, crossref_server):
    crossref_server.inject(Fault.not_json(), times=-1)
    with pytest.raises(SourceUnavailable):
        make_source().work(PLOS)
    crossref_server.reset()
    assert make_source().work(PLOS)["DOI"] == PLOS
    assert len(crossref_server.requests()) == 1


def test_connection_refused_is_unavailable(tmp_path, make_source):
    source = make_source(crossref_url="http://127.0.0.1:9", use_cache=False)
    with pytest.raises(SourceUnavailable, match="ConnectionError"):
        source.work(PLOS)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [("3", 3.0), ("0", 0.0), (" 12 ", 12.0), ("", None), (None, None), ("soon", None), ("-5", None),
     ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0)],
)
def test_parse_retry_after(header, seconds):
    assert parse_retry_after(header) == seconds


def test_parse_retry_after_future_date():
    from email.utils import formatdate

    assert 8 <= parse_retry_after(formatdate(time.time() + 10, usegmt=True)) <= 10.5


# -- settings: command line, environment and config combined -------------------------------------

@pytest.mark.parametrize(
    ("cli", "environ", "config", "expected"),
    [
        ({}, {}, {}, {"mailto": None, "crossref_url": "https://api.crossref.org", "cache_dir": None,
                      "use_cache": True, "offline": False, "refresh": False, "plus_token": None}),
        ({"mailto": "cli@x.org"}, {"CITELINT_MAILTO": "env@x.org", "CR_API_MAILTO": "cr@x.org"},
         {"mailto": "cfg@x.org"}, {"mailto": "cli@x.org"}),
        ({"mailto": None}, {"CITELINT_MAILTO": "env@x.org", "CR_API_MAILTO": "cr@x.org"},
         {"mailto": "cfg@x.org"}, {"mailto": "env@x.org"}),
        ({}, {"CR_API_MAILTO": "cr@x.org"}, {"mailto": "cfg@x.org"}, {"mailto": "cr@x.org"}),
        ({}, {"CITELINT_MAILTO": "  "}, {"mailto": "cfg@x.org"}, {"mailto": "cfg@x.org"}),
        ({"crossref_url": "http://127.0.0.1:8080/"}, {"CITELINT_CROSSREF_URL": "http://env"}, {},
         {"crossref_url": "http://127.0.0.1:8080"}),
        ({}, {"CITELINT_CROSSREF_URL": "http://env"}, {}, {"crossref_url": "http://env"}),
        ({"cache_dir": "cache-a"}, {"CITELINT_CACHE_DIR": "cache-b"}, {}, {"cache_dir": Path("cache-a")}),
        ({"cache_dir": None}, {"CITELINT_CACHE_DIR": "cache-b"}, {}, {"cache_dir": Path("cache-b")}),
        ({}, {"CR_API_PLUS": "tok"}, {}, {"plus_token": "tok"}),
        ({"offline": True, "use_cache": False, "refresh": True}, {}, {},
         {"offline": True, "use_cache": False, "refresh": True}),
        ({"offline": None, "use_cache": None, "refresh": None}, {}, {},
         {"offline": False, "use_cache": True, "refresh": False}),
    ],
)
def test_resolve_settings(cli, environ, config, expected):
    settings = resolve_settings(cli, environ, config)
    assert {name: getattr(settings, name) for name in expected} == expected


def test_the_token_stays_out_of_the_settings_repr():
    settings = resolve_settings({}, {"CR_API_PLUS": "tok-SECRET"}, {})
    assert "tok-SECRET" not in repr(settings)


def test_pool_follows_the_contact_address(tmp_path):
    source = CrossrefSource(SourceSettings(cache_dir=tmp_path, mailto="me@example.org"))
    assert source.name == "crossref"
    assert source.concurrency == 3
    assert CrossrefSource(SourceSettings(cache_dir=tmp_path)).concurrency == 1


def test_failure_reasons_do_not_quote_the_contact_address(make_source):
    source = make_source(crossref_url="http://127.0.0.1:9", use_cache=False)
    with pytest.raises(SourceUnavailable) as caught:
        source.work(PLOS)
    assert "secret-mail" not in str(caught.value)


def test_an_unreachable_service_fails_the_other_lookups_at_once(tmp_path):
    import socket

    from citelint.sources import SourceUnavailable
    from citelint.sources.crossref import CrossrefSource
    from citelint.sources.limiter import Limiter
    from citelint.sources.settings import SourceSettings

    with socket.socket() as probe:  # a port with nothing listening
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    source = CrossrefSource(SourceSettings(crossref_url=f"http://127.0.0.1:{port}", use_cache=False),
                            limiter=Limiter(FAST), policy=QUICK)
    attempts: list[str] = []
    real_get = source._fetcher.session.get
    source._fetcher.session.get = lambda url, **kwargs: attempts.append(url) or real_get(url, **kwargs)  # type: ignore[method-assign]
    for number in range(5):
        with pytest.raises(SourceUnavailable):
            source.work(f"10.1000/lookup{number}")
    # The breaker trips after its threshold of failures; the later lookups never try the network.
    assert len(attempts) == QUICK.breaker_threshold
    with pytest.raises(SourceUnavailable, match="failed 6 times in a row"):
        source.work("10.1000/one-more")


def test_a_404_that_is_not_crossrefs_is_a_failed_lookup(make_source, crossref_server):
    from citelint.sources import SourceUnavailable
    from tests.crossref_server import Fault

    crossref_server.inject(Fault.status_code(404, body=b"<html>Not Found</html>"), times=-1)
    with pytest.raises(SourceUnavailable, match="not the API's own"):
        make_source().work("10.1371/journal.pone.0020476")
