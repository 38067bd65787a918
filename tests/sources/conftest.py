"""Fixtures for source tests: a fake Crossref on 127.0.0.1 and sources pointed at it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from citelint.sources.crossref import CrossrefSource
from citelint.sources.http import HttpPolicy
from citelint.sources.limiter import LIST, SINGLE, Limiter, PoolLimits, RouteLimit
from citelint.sources.settings import SourceSettings
from tests.crossref_server import FakeCrossref

# Generous limits, advertised by the server and used by the client, so tests that are
# not about throughput never wait on the limiter.
FAST = PoolLimits({SINGLE: RouteLimit(200, 1.0), LIST: RouteLimit(200, 1.0)}, concurrency=8)
# Short timeouts and waits so that fault tests take milliseconds.
QUICK = HttpPolicy(connect_timeout=0.5, read_timeout=0.3, attempts=3, backoff=0.02, backoff_max=0.05,
                   retry_after_max=0.2, budget=5.0)
MAILTO = "secret-mail@example.org"


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


MakeSource = Callable[..., CrossrefSource]


@pytest.fixture
def make_source(crossref_server: FakeCrossref, tmp_path: Path) -> MakeSource:
    """A CrossrefSource on the fake server with a per-test cache; keyword arguments override settings."""

    def make(*, limiter: Limiter | None = None, policy: HttpPolicy = QUICK, **overrides: Any) -> CrossrefSource:
        values: dict[str, Any] = {"crossref_url": crossref_server.url, "cache_dir": tmp_path / "cache",
                                  "mailto": MAILTO}
        values.update(overrides)
        return CrossrefSource(SourceSettings(**values), limiter=limiter or Limiter(FAST), policy=policy)

    return make
