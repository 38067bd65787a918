"""The limiter alone (rates, concurrency, headers, 429s), then with a server that enforces limits."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from citelint.sources.http import HttpPolicy
from citelint.sources.limiter import (
    LIST,
    POLITE,
    PUBLIC,
    SAFETY,
    SINGLE,
    Limiter,
    PoolLimits,
    RouteLimit,
    limits_for,
    parse_interval,
)
from tests.crossref_server import FakeCrossref, Fault


def run_slots(limiter: Limiter, route: str, count: int, workers: int, hold: float = 0.0) -> tuple[list[float], int]:
    """Start times of ``count`` slots taken by ``workers`` threads, and the most held at once."""
    starts: list[float] = []
    held = peak = 0
    lock = threading.Lock()

    def one(_: int) -> None:
        nonlocal held, peak
        with limiter.slot(route):
            with lock:
                starts.append(time.monotonic())
                held += 1
                peak = max(peak, held)
            time.sleep(hold)
            with lock:
                held -= 1

    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(one, range(count)))
    return sorted(starts), peak


def most_in_window(starts: list[float], window: float) -> int:
    return max(sum(1 for other in starts if start <= other < start + window) for start in starts)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("1s", 1.0), ("2s", 2.0), ("500ms", 0.5), ("1m", 60.0), (" 1s ", 1.0), ("3", 3.0),
     ("", None), ("fast", None), ("0s", None), ("-1s", None), ("99999s", None)],
)
def test_parse_interval(text, seconds):
    assert parse_interval(text) == seconds


def test_pool_by_credentials():
    assert limits_for(None, None) is PUBLIC
    assert limits_for("me@example.org", None) is POLITE
    assert limits_for(None, "token") is POLITE
    assert PUBLIC.routes[SINGLE] == RouteLimit(5, 1.0) and PUBLIC.routes[LIST] == RouteLimit(1, 1.0)
    assert POLITE.routes[SINGLE] == RouteLimit(10, 1.0) and POLITE.routes[LIST] == RouteLimit(3, 1.0)
    assert (PUBLIC.concurrency, POLITE.concurrency) == (1, 3)


def test_rate_is_never_exceeded_in_any_window():
    limiter = Limiter(PoolLimits({SINGLE: RouteLimit(5, 0.2), LIST: RouteLimit(1, 0.2)}, concurrency=8))
    starts, _ = run_slots(limiter, SINGLE, 20, workers=6)
    # Starts are observed a little after the limiter let them go; the SAFETY margin
    # (20 ms here) absorbs that, so the published window must hold.
    assert most_in_window(starts, 0.2) <= 5
    assert starts[-1] - starts[0] >= 3 * 0.2 * (1 + SAFETY) - 0.02


def test_routes_have_separate_budgets():
    # A clock that never moves: a route whose budget is spent would wait forever, so the
    # other route's slots being granted at all shows they do not share the budget.
    limiter = Limiter(PoolLimits({SINGLE: RouteLimit(2, 0.2), LIST: RouteLimit(2, 0.2)}, concurrency=8),
                      clock=lambda: 100.0)
    run_slots(limiter, SINGLE, 2, workers=2)
    granted = threading.Thread(target=run_slots, args=(limiter, LIST, 2, 2), daemon=True)
    granted.start()
    granted.join(timeout=30)
    assert not granted.is_alive()


def test_concurrency_is_never_exceeded():
    limiter = Limiter(PoolLimits({SINGLE: RouteLimit(1000, 1.0), LIST: RouteLimit(1000, 1.0)}, concurrency=2))
    _, peak = run_slots(limiter, SINGLE, 12, workers=6, hold=0.01)
    assert peak == 2


def test_concurrency_is_shared_by_both_routes():
    limiter = Limiter(PoolLimits({SINGLE: RouteLimit(1000, 1.0), LIST: RouteLimit(1000, 1.0)}, concurrency=1))
    held = threading.Event()
    with limiter.slot(SINGLE):
        thread = threading.Thread(target=lambda: run_slots(limiter, LIST, 1, workers=1) and held.set())
        thread.start()
        time.sleep(0.05)
        assert thread.is_alive()
    thread.join(1)
    assert not thread.is_alive()


def test_headers_retune_the_limits():
    limiter = Limiter(POLITE)
    limiter.observe(LIST, {"x-rate-limit-limit": "1", "x-rate-limit-interval": "2s", "x-concurrency-limit": "1"})
    assert limiter.current(LIST) == RouteLimit(1, 2.0)
    assert limiter.current(SINGLE) == RouteLimit(10, 1.0)
    assert limiter.concurrency == 1


def test_higher_advertised_limits_apply_at_once():
    limiter = Limiter(PUBLIC)
    limiter.observe(SINGLE, {"x-rate-limit-limit": "50", "x-rate-limit-interval": "1s", "x-concurrency-limit": "5"})
    assert limiter.current(SINGLE) == RouteLimit(50, 1.0)
    assert limiter.concurrency == 5


@pytest.mark.parametrize(
    "headers",
    [{}, {"x-rate-limit-limit": "0"}, {"x-rate-limit-limit": "lots"}, {"x-rate-limit-interval": "soon"},
     {"x-concurrency-limit": "-3"}, {"x-rate-limit-limit": "5000000"}],
)
def test_broken_headers_are_ignored(headers):
    limiter = Limiter(POLITE)
    limiter.observe(SINGLE, headers)
    assert limiter.current(SINGLE) == RouteLimit(10, 1.0)
    assert limiter.concurrency == 3


def test_a_429_halves_the_rate_pauses_the_route_and_recovers():
    limiter = Limiter(PoolLimits({SINGLE: RouteLimit(8, 0.05), LIST: RouteLimit(8, 0.05)}, concurrency=4))
    limiter.throttled(SINGLE, pause=0.2)
    assert limiter.current(SINGLE).limit == 4
    started = time.monotonic()
    with limiter.slot(SINGLE):
        assert time.monotonic() - started >= 0.19
    with limiter.slot(LIST):
        pass  # the other budget is not paused
    for _ in range(4 * 8):
        limiter.observe(SINGLE, {})
    assert limiter.current(SINGLE).limit == 8


# -- against a server that enforces its advertised limits -------------------------------------

# Crossref's polite pool with the interval scaled from 1 s to 0.5 s: same shape, twice as fast,
# with 50 ms of margin for the jitter of a loaded test machine.
SCALED_POLITE = PoolLimits({SINGLE: RouteLimit(10, 0.5), LIST: RouteLimit(3, 0.5)}, concurrency=3)
POLICY = HttpPolicy(connect_timeout=1, read_timeout=2, attempts=4, backoff=0.05, backoff_max=0.2)


@pytest.fixture(scope="module")
def strict_server():
    with FakeCrossref(polite=SCALED_POLITE, public=SCALED_POLITE, enforce=True, latency=(0.005, 0.03)) as server:
        yield server


def lookups(source, server: FakeCrossref, count: int) -> None:
    dois = sorted(server.works)

    def one(index: int) -> None:
        if index % 3 == 2:
            source.search(f"query number {index}")
        else:
            source.work(dois[index % len(dois)] if index < len(dois) else f"10.5555/unknown.{index}")

    with ThreadPoolExecutor(source.concurrency) as pool:
        list(pool.map(one, range(count)))


def test_client_stays_within_enforced_limits_and_adapts_to_them(strict_server, tmp_path):
    from citelint.sources.crossref import CrossrefSource
    from citelint.sources.settings import SourceSettings

    strict_server.reset()
    settings = SourceSettings(crossref_url=strict_server.url, mailto="me@example.org", use_cache=False)
    # The client starts from the real polite limits (1 s interval) and learns the 0.2 s one.
    limiter = Limiter(POLITE)
    source = CrossrefSource(settings, limiter=limiter, policy=POLICY)
    lookups(source, strict_server, 45)
    # The server stamps arrivals, the client paces departures: on a loaded machine a request held up
    # between the two can land in the next window beside a prompt one. Two such slips are the
    # machine's; a client that ignored the limits would exceed them many times over.
    assert strict_server.over_limit <= 2
    assert strict_server.max_in_flight <= 3
    assert strict_server.max_in_window(SINGLE, 0.5) <= 10 + 2
    assert strict_server.max_in_window(LIST, 0.5) <= 3 + 2
    # It learned the advertised limits; a slip answered 429 lowers one below them, as it should.
    for route, advertised in ((LIST, RouteLimit(3, 0.5)), (SINGLE, RouteLimit(10, 0.5))):
        learned = limiter.current(route)
        assert learned == advertised or (strict_server.over_limit and learned.interval == advertised.interval
                                         and 1 <= learned.limit < advertised.limit)


def test_client_slows_down_to_lower_advertised_limits(strict_server):
    from citelint.sources.crossref import CrossrefSource
    from citelint.sources.settings import SourceSettings

    strict_server.reset()
    eager = Limiter(PoolLimits({SINGLE: RouteLimit(100, 0.5), LIST: RouteLimit(100, 0.5)}, concurrency=3))
    settings = SourceSettings(crossref_url=strict_server.url, mailto="me@example.org", use_cache=False)
    lookups(CrossrefSource(settings, limiter=eager, policy=POLICY), strict_server, 30)
    assert strict_server.over_limit <= 3  # at most the first burst, before any header was seen
    assert eager.current(SINGLE) == RouteLimit(10, 0.5)


def test_a_429_storm_slows_every_worker(strict_server):
    from citelint.sources.crossref import CrossrefSource
    from citelint.sources.settings import SourceSettings

    strict_server.reset()
    strict_server.inject(Fault.status_code(429), times=3, route=LIST)
    settings = SourceSettings(crossref_url=strict_server.url, mailto="me@example.org", use_cache=False)
    source = CrossrefSource(settings, policy=HttpPolicy(read_timeout=2, attempts=6, backoff=0.3, backoff_max=0.3))
    with ThreadPoolExecutor(3) as pool:
        list(pool.map(lambda index: source.search(f"storm {index}"), range(6)))
    seen = strict_server.requests(LIST)
    # The first three searches were answered 429 (pause = backoff, 0.3 s): no worker sent
    # another search before the pause was over.
    assert len(seen) == 6 + 3
    assert seen[3].at - seen[2].at >= 0.3 - 0.02
    assert strict_server.over_limit == 0


_SEARCHER = """
import sys
from pathlib import Path
from citelint.sources import SourceUnavailable
from citelint.sources.crossref import CrossrefSource
from citelint.sources.http import HttpPolicy
from citelint.sources.limiter import LIST, Limiter, PoolLimits, RouteLimit, SINGLE
from citelint.sources.settings import SourceSettings
limits = PoolLimits({SINGLE: RouteLimit(10, 0.5), LIST: RouteLimit(3, 0.5)}, concurrency=3)
source = CrossrefSource(SourceSettings(crossref_url=sys.argv[1], cache_dir=Path(sys.argv[2]), mailto="m@example.org"),
                        limiter=Limiter(limits), policy=HttpPolicy(attempts=6, backoff=0.05, backoff_max=0.5))
failed = 0
for number in range(6):
    try:
        source.search(f"process {sys.argv[3]} query {number}")
    except SourceUnavailable:
        failed += 1
print(failed)
"""


def test_processes_sharing_a_cache_folder_share_the_rate_limit(strict_server, tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    strict_server.reset()
    root = Path(__file__).resolve().parents[2]
    runs = [subprocess.Popen([sys.executable, "-c", _SEARCHER, strict_server.url, str(tmp_path), str(number)], cwd=root,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for number in range(6)]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [out.strip() for out, _ in outputs] == ["0"] * 6, outputs
    assert len(strict_server.requests(LIST)) >= 36
    # Six processes at the full rate each would be refused most of their searches (five in six over the
    # limit); together they keep to one rate, give or take the jitter of a loaded machine.
    assert strict_server.over_limit <= 6
