"""Fixtures shared by every test folder: a fake Crossref on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from citelint.sources.limiter import LIST, SINGLE, PoolLimits, RouteLimit
from tests.crossref_server import FakeCrossref
from tests.datacite_server import FakeDataCite

# Generous limits, advertised by the server and used by the client, so tests that are
# not about throughput never wait on the limiter.
FAST = PoolLimits({SINGLE: RouteLimit(200, 1.0), LIST: RouteLimit(200, 1.0)}, concurrency=8)


@pytest.fixture(autouse=True)
def _no_proxy_for_the_fake_server(monkeypatch: pytest.MonkeyPatch) -> None:
    # requests honours HTTP(S)_PROXY from the environment; 127.0.0.1 must not go through one.
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


@pytest.fixture(scope="session")
def _shared_server() -> Iterator[FakeCrossref]:
    # One server for the session: stopping one takes up to half a second.
    with FakeCrossref(public=FAST, polite=FAST) as server:
        yield server


@pytest.fixture
def crossref_server(_shared_server: FakeCrossref) -> FakeCrossref:
    _shared_server.reset()
    return _shared_server



@pytest.fixture
def crossref_server_url(crossref_server: FakeCrossref) -> str:
    return crossref_server.url


@pytest.fixture(scope="session")
def _datacite_everywhere() -> Iterator[FakeDataCite]:
    with FakeDataCite() as server:
        yield server


@pytest.fixture(autouse=True)
def _no_real_datacite(_datacite_everywhere: FakeDataCite, monkeypatch: pytest.MonkeyPatch) -> None:
    # A DOI that Crossref does not know is asked of DataCite: never the real one from a test.
    monkeypatch.setenv("CITELINT_DATACITE_URL", _datacite_everywhere.url)
