"""Fixtures for source tests: sources pointed at the fake Crossref of tests/conftest.py."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from citelint.sources.crossref import CrossrefSource
from citelint.sources.http import HttpPolicy
from citelint.sources.limiter import Limiter
from citelint.sources.settings import SourceSettings
from tests.conftest import FAST
from tests.crossref_server import FakeCrossref

# Short waits so that fault tests are quick; timeouts of two seconds, which a loaded machine still answers
# within (at one second, a load of 13 sent retries), below the three seconds a delaying fault holds an answer.
QUICK = HttpPolicy(connect_timeout=1.0, read_timeout=2.0, attempts=3, backoff=0.02, backoff_max=0.05,
                   retry_after_max=0.2, budget=5.0)
MAILTO = "secret-mail@example.org"


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
