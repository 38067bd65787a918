"""A rate and concurrency limiter shared by every lookup thread of a run.

Crossref keeps two request budgets: single records (``/works/{doi}``) and
lists (``/works?query...``), plus a cap on requests in flight. The limits
(Crossref blog "Announcing changes to REST API rate limits", 2025-11-05,
effective 2025-12-01; community forum "Refining REST API limits for improved
stability and reliability", 2026-07-21; confirmed by the ``x-rate-limit-*``
headers recorded 2026-06-16 and 2026-10-03, see shared/CROSSREF.md section 2):

    public pool:  5 single/s, 1 list/s, concurrency 1
    polite pool: 10 single/s, 3 list/s, concurrency 3 (mailto given)

Every response carries ``x-rate-limit-limit``, ``x-rate-limit-interval`` and
``x-concurrency-limit``; fresh (non-cached) ones retune the limiter, since
Crossref changes its limits without notice. A 429 halves the route's rate
and pauses it for every worker; the rate climbs back after successes.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from citelint.sources import Interrupted, stopping

SINGLE = "single"  # /works/{doi}
LIST = "list"  # /works?query.bibliographic=...

# Starts are spaced so that no window of interval * (1 + SAFETY) holds more
# than the limit: network jitter must not push a burst over the server's count.
SAFETY = 0.1
_STOP_CHECK = 0.25  # seconds between looks at the Ctrl-C flag while waiting


@dataclass(frozen=True)
class RouteLimit:
    limit: int  # requests per interval
    interval: float  # seconds


@dataclass(frozen=True)
class PoolLimits:
    routes: Mapping[str, RouteLimit]
    concurrency: int


PUBLIC = PoolLimits({SINGLE: RouteLimit(5, 1.0), LIST: RouteLimit(1, 1.0)}, concurrency=1)
POLITE = PoolLimits({SINGLE: RouteLimit(10, 1.0), LIST: RouteLimit(3, 1.0)}, concurrency=3)


class _Route:
    def __init__(self, name: str, limit: RouteLimit) -> None:
        self.name = name
        self.ceiling = limit.limit  # the server's published limit
        self.limit = limit.limit  # what we allow ourselves now (lower after a 429)
        self.interval = limit.interval
        self.starts: deque[float] = deque()
        self.paused_until = 0.0
        self.recovering = False  # after a 429, until back at the ceiling
        self.successes = 0


class Limiter:
    """Blocks each request until its route's rate and the shared concurrency allow it."""

    def __init__(
        self,
        limits: PoolLimits,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._routes = {name: _Route(name, limit) for name, limit in limits.routes.items()}
        self._concurrency = limits.concurrency
        self._in_flight = 0
        self._clock = clock
        self._changed = threading.Condition()
        self._ledger: SharedLedger | None = None

    def share(self, ledger: SharedLedger) -> None:
        """Also keep to the request times and holds that other processes record in ``ledger``."""
        self._ledger = ledger

    @property
    def concurrency(self) -> int:
        return self._concurrency

    def current(self, route: str) -> RouteLimit:
        """The rate now allowed on ``route`` (below the published one after a 429)."""
        with self._changed:
            state = self._routes[route]
            return RouteLimit(state.limit, state.interval)

    @contextmanager
    def slot(self, route: str) -> Iterator[None]:
        """Hold one of the allowed in-flight requests on ``route`` for the duration."""
        self._acquire(self._routes[route])
        try:
            yield
        finally:
            with self._changed:
                self._in_flight -= 1
                self._changed.notify_all()

    def _acquire(self, route: _Route) -> None:
        with self._changed:
            while True:
                if stopping.is_set():
                    raise Interrupted("interrupted")
                delay = self._delay(route)
                if delay <= 0 and self._in_flight < self._concurrency and self._ledger is not None:
                    delay = self._ledger.reserve(route.name, route.limit, route.interval * (1 + SAFETY))
                if delay <= 0 and self._in_flight < self._concurrency:
                    route.starts.append(self._clock())
                    self._in_flight += 1
                    return
                # Woken early by a release; a timeout when only the rate window blocks; a look at
                # the stop flag now and then.
                self._changed.wait(timeout=min(delay, _STOP_CHECK) if delay > 0 else _STOP_CHECK)

    def _delay(self, route: _Route) -> float:
        now = self._clock()
        window = route.interval * (1 + SAFETY)
        while route.starts and route.starts[0] <= now - window:
            route.starts.popleft()
        delay = route.paused_until - now
        if len(route.starts) >= route.limit:
            delay = max(delay, route.starts[-route.limit] + window - now)
        return delay

    def observe(self, route: str, headers: Mapping[str, str]) -> None:
        """Retune from a fresh response's rate-limit headers, and count a success."""
        limit = _int_header(headers, "x-rate-limit-limit")
        interval = parse_interval(headers.get("x-rate-limit-interval", ""))
        concurrency = _int_header(headers, "x-concurrency-limit")
        with self._changed:
            state = self._routes[route]
            if limit is not None:
                state.ceiling = limit
            if interval is not None:
                state.interval = interval
            if concurrency is not None:
                self._concurrency = concurrency
            if state.recovering:
                # Additive recovery after a 429: one step per `ceiling` successes.
                state.successes += 1
                if state.successes >= state.ceiling:
                    state.successes = 0
                    state.limit += 1
                state.recovering = state.limit < state.ceiling
            if not state.recovering:
                state.limit = state.ceiling
            self._changed.notify_all()

    def throttled(self, route: str, pause: float) -> None:
        """A 429: halve the route's rate and hold every worker back for ``pause`` seconds."""
        with self._changed:
            state = self._routes[route]
            state.limit = max(1, state.limit // 2)
            state.successes = 0
            state.recovering = True
            state.paused_until = max(state.paused_until, self._clock() + pause)
            if self._ledger is not None:
                self._ledger.hold(route, pause)
            self._changed.notify_all()


class SharedLedger:
    """The recent request starts and the 429 holds of one service, shared by every citelint process.

    pre-commit runs several citelint processes at once; each keeps to the
    published rate on its own, so together they exceed it. They share the
    cache folder, so this SQLite file there holds, per service and route, the
    start times of the last window and a "hold back until" time set by a
    429, which every process honours. Times are wall-clock (processes share
    no other clock). Any failure of the file leaves each process with its own
    limiter, as before.
    """

    def __init__(self, path: Path, scope: str) -> None:
        self._scope = scope
        self._connection: sqlite3.Connection | None = None
        try:
            connection = sqlite3.connect(path, timeout=5.0, isolation_level=None, check_same_thread=False)
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = OFF")  # a lost start after a crash costs nothing
            connection.execute("CREATE TABLE IF NOT EXISTS starts (scope TEXT, route TEXT, at REAL)")
            connection.execute("CREATE INDEX IF NOT EXISTS starts_by_route ON starts (scope, route, at)")
            connection.execute("CREATE TABLE IF NOT EXISTS holds (scope TEXT, route TEXT, until REAL, "
                               "PRIMARY KEY (scope, route))")
            self._connection = connection
        except sqlite3.Error:
            self._connection = None

    def reserve(self, route: str, limit: int, window: float) -> float:
        """0 after recording a start now, when the shared window allows one; else the seconds to wait."""
        if self._connection is None:
            return 0.0
        key = (self._scope, route)
        try:
            self._connection.execute("BEGIN IMMEDIATE")
            try:
                now = time.time()
                self._connection.execute("DELETE FROM starts WHERE scope = ? AND route = ? AND at <= ?",
                                         (*key, now - window))
                row = self._connection.execute("SELECT until FROM holds WHERE scope = ? AND route = ?", key).fetchone()
                delay = (row[0] - now) if row else 0.0
                if delay <= 0:
                    starts = [at for (at,) in self._connection.execute(
                        "SELECT at FROM starts WHERE scope = ? AND route = ? ORDER BY at DESC LIMIT ?", (*key, limit))]
                    if len(starts) >= limit:
                        delay = starts[-1] + window - now
                if delay <= 0:
                    self._connection.execute("INSERT INTO starts VALUES (?, ?, ?)", (*key, now))
                self._connection.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    self._connection.execute("ROLLBACK")
                raise
        except sqlite3.Error:
            self._connection = None  # shared no longer; each process keeps its own count
            return 0.0
        return max(delay, 0.0)

    def hold(self, route: str, pause: float) -> None:
        """A 429: every process holds back ``route`` for ``pause`` seconds."""
        if self._connection is None:
            return
        try:
            self._connection.execute(
                "INSERT INTO holds VALUES (?, ?, ?) ON CONFLICT (scope, route) DO UPDATE SET until = max(until, excluded.until)",
                (self._scope, route, time.time() + pause))
        except sqlite3.Error:
            self._connection = None


def limits_for(mailto: str | None, plus_token: str | None) -> PoolLimits:
    # Plus limits after the 2025 change are unpublished: start polite, let headers tell.
    return POLITE if mailto or plus_token else PUBLIC


def parse_interval(text: str) -> float | None:
    """``"1s"``, ``"500ms"``, ``"1m"`` -> seconds; None when unreadable."""
    found = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*", text)
    if not found:
        return None
    value = float(found.group(1)) * {"ms": 0.001, "s": 1.0, "m": 60.0, None: 1.0}[found.group(2)]
    return value if 0 < value <= 3600 else None


def _int_header(headers: Mapping[str, str], name: str) -> int | None:
    value = headers.get(name, "").strip()
    if not value.isdigit():
        return None
    number = int(value)
    # A limit of 0 or an absurd one is a broken header, not an instruction.
    return number if 1 <= number <= 1000 else None
