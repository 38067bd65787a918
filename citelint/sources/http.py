"""HTTP for metadata sources: one pooled session, deadlines, size caps, retries with backoff, safe redirects.

Retries are done here rather than by urllib3's ``Retry``: every attempt must
pass through the shared limiter (a retry is a request Crossref counts), and a
429 must slow every worker, not only the one that received it.

Every attempt has a total deadline, not only a timeout per read: a watchdog
shuts the attempt's socket when the deadline passes, so a server that sends
one byte a second is cut off. Bodies are read in pieces up to a size cap. Any
failure (a 5xx, a broken or truncated body, an answer that is not JSON or not
of the documented shape, a timeout, a refused connection) counts toward the
source's breaker, which stops the run asking a service that keeps failing.
"""

from __future__ import annotations

import contextlib
import email.utils
import json
import random
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection

from citelint import __version__
from citelint.sources import Interrupted, SourceUnavailable, stopping
from citelint.sources.limiter import Limiter
from citelint.sources.schema import MalformedAnswer

PROJECT_URL = "https://github.com/citelint/citelint"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_REDIRECTS = 3
_MAILTO = re.compile(r"mailto=[^&\s)'\"]+")
_PIECE = 64 * 1024


@dataclass(frozen=True)
class HttpPolicy:
    connect_timeout: float = 5.0
    read_timeout: float = 20.0  # silence between two pieces of an answer
    deadline: float = 30.0  # one attempt, from the request to the answer's last byte
    max_bytes: int = 16 * 1024 * 1024  # a work record with thousands of references is a few MB
    attempts: int = 5  # first try included
    backoff: float = 1.0  # first wait; doubles each retry, with jitter
    backoff_max: float = 16.0
    retry_after_max: float = 30.0  # a hostile Retry-After must not stall the run
    budget: float = 90.0  # total seconds one lookup may spend retrying
    breaker_threshold: int = 6  # failures in a row, across lookups, before the source is given up


@dataclass(frozen=True)
class Fetched:
    status: int  # 200 or 404
    data: Any  # the accepted JSON for 200, None for 404
    content: bytes
    url: str  # where the answer came from, after redirects


def user_agent(mailto: str | None) -> str:
    contact = f"; mailto:{mailto}" if mailto else ""
    return f"citelint/{__version__} ({PROJECT_URL}{contact})"


def make_session(mailto: str | None) -> requests.Session:
    session = requests.Session()
    # Enough pooled connections for every worker; retries are ours, not urllib3's.
    adapter = _WatchedAdapter(pool_connections=4, pool_maxsize=16, max_retries=0)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    session.headers.update({"User-Agent": user_agent(mailto), "Accept": "application/json"})
    # Proxies and .netrc credentials from the environment stay honoured; nothing else is.
    return session


class Breaker:
    """Stops a run from waiting out every lookup's retries when a service keeps failing.

    ``threshold`` failed attempts in a row, of any kind and across lookups,
    trip it; from then on every lookup of the source fails at once as
    unchecked. A success in between starts the count again, so a passing
    blip does not give the service up.
    """

    def __init__(self, threshold: int = HttpPolicy.breaker_threshold) -> None:
        self._threshold = threshold
        self._failures = 0
        self._reason: str | None = None
        self._lock = threading.Lock()

    def check(self) -> None:
        if self._reason is not None:
            raise SourceUnavailable(self._reason)

    def failed(self, host: str, problem: str) -> None:
        with self._lock:
            self._failures += 1
            if self._reason is None and self._failures >= self._threshold:
                self._reason = f"{host} failed {self._failures} times in a row (last: {problem}); not looked up"

    def succeeded(self) -> None:
        with self._lock:
            self._failures = 0


Accept = Callable[[Any], Any]


def fetch(
    session: requests.Session,
    url: str,
    params: Mapping[str, str],
    *,
    route: str,
    limiter: Limiter,
    policy: HttpPolicy,
    api_headers: Mapping[str, str],
    breaker: Breaker,
    accept: Accept,
    not_found_body: bytes | None = None,
) -> Fetched:
    """GET ``url`` until it answers 404 or 200 with JSON that ``accept`` takes; raise SourceUnavailable otherwise.

    ``accept`` returns the part of the JSON the caller keeps, or raises
    MalformedAnswer (not retried: the server meant it). ``api_headers`` (the
    Plus token) are sent only to the API's own host, so a redirect elsewhere
    never carries them.
    """
    started = time.monotonic()
    host = urlsplit(url).netloc
    problem = "no attempt made"
    retry_after: float | None = None
    made = 0
    for attempt in range(policy.attempts):
        breaker.check()
        if attempt:
            wait = min(_backoff(policy, attempt, retry_after), policy.budget - (time.monotonic() - started))
            if wait < 0:
                break
            _pause(wait)
            breaker.check()
        retry_after = None
        made += 1
        try:
            answer = _get_following_redirects(session, url, params, route, limiter, policy, api_headers)
        except (requests.RequestException, _Failure) as error:
            problem = str(error) if isinstance(error, _Failure) else f"{type(error).__name__}: {_short(error)}"
            breaker.failed(host, problem)
            continue
        if answer.status in RETRY_STATUSES:
            retry_after = parse_retry_after(answer.headers.get("Retry-After"))
            problem = f"HTTP {answer.status}"
            if answer.status == 429:
                limiter.throttled(route, min(retry_after or policy.backoff, policy.retry_after_max))
            else:
                breaker.failed(host, problem)
            if retry_after is not None:
                problem = f"{problem}; retry after {retry_after:g} s"
            continue
        if answer.status == 404:
            if not_found_body is not None and answer.content.strip() != not_found_body:
                # A proxy's or another server's 404 page says nothing about the DOI.
                breaker.failed(host, "HTTP 404 page")
                raise SourceUnavailable(f"{urlsplit(url).path}: HTTP 404 that is not the API's own (check the base URL)")
            limiter.observe(route, answer.headers)
            breaker.succeeded()
            return Fetched(404, None, answer.content, answer.url)
        if answer.status != 200:
            raise SourceUnavailable(f"{urlsplit(url).path}: HTTP {answer.status}{_reason(answer.content)}")
        try:
            parsed = json.loads(answer.content)
        except (ValueError, RecursionError):
            problem = "the answer was not JSON"
            breaker.failed(host, problem)
            continue
        try:
            data = accept(parsed)
        except MalformedAnswer as error:
            breaker.failed(host, str(error))
            raise MalformedAnswer(f"{urlsplit(url).path}: {error}") from None
        limiter.observe(route, answer.headers)
        breaker.succeeded()
        return Fetched(200, data, answer.content, answer.url)
    raise SourceUnavailable(f"{urlsplit(url).path}: {problem} (gave up after {made} attempts)")


@dataclass(frozen=True)
class _Answer:
    status: int
    headers: Mapping[str, str]
    content: bytes
    url: str
    is_redirect: bool


class _Failure(Exception):
    """An attempt cut short by citelint itself: its deadline, its size cap, Ctrl-C."""


def _get_following_redirects(
    session: requests.Session,
    url: str,
    params: Mapping[str, str],
    route: str,
    limiter: Limiter,
    policy: HttpPolicy,
    api_headers: Mapping[str, str],
) -> _Answer:
    api_host = urlsplit(url).netloc
    for _ in range(MAX_REDIRECTS + 1):
        headers = api_headers if urlsplit(url).netloc == api_host else {}
        with limiter.slot(route):
            # Read the body inside the slot: the server is still busy sending it.
            answer = _attempt(session, url, params, headers, policy)
        if not answer.is_redirect:
            return answer
        url = urljoin(url, answer.headers["Location"])
        params = {}  # the Location carries its own query
    raise requests.TooManyRedirects(f"more than {MAX_REDIRECTS} redirects")


def _attempt(
    session: requests.Session, url: str, params: Mapping[str, str], headers: Mapping[str, str], policy: HttpPolicy
) -> _Answer:
    """One request and its whole body, within the policy's deadline and size cap."""
    if stopping.is_set():
        raise Interrupted("interrupted")
    with _watched(policy.deadline) as watch:
        try:
            with session.get(url, params=params, headers=headers, timeout=(policy.connect_timeout, policy.read_timeout),
                             allow_redirects=False, stream=True) as response:
                declared = response.headers.get("Content-Length", "")
                if declared.isdigit() and int(declared) > policy.max_bytes:
                    raise _Failure(f"the answer is larger than {policy.max_bytes // (1024 * 1024)} MB")
                body = bytearray()
                for piece in response.iter_content(_PIECE):
                    body += piece
                    if len(body) > policy.max_bytes:
                        raise _Failure(f"the answer is larger than {policy.max_bytes // (1024 * 1024)} MB")
                return _Answer(response.status_code, response.headers, bytes(body), response.url, response.is_redirect)
        except requests.RequestException:
            if stopping.is_set():
                raise Interrupted("interrupted") from None
            if watch.expired:
                raise _Failure(f"no complete answer within {policy.deadline:g} s") from None
            raise


# -- the deadline watchdog ------------------------------------------------------------------------


class _Watch:
    """The socket one attempt uses, shut when the attempt's deadline passes (or on Ctrl-C)."""

    def __init__(self) -> None:
        self.sock: socket.socket | None = None
        self.expired = False

    def cut(self) -> None:
        self.expired = True
        if self.sock is not None:
            # shutdown, unlike close, wakes a read blocked in another thread.
            with contextlib.suppress(OSError):
                self.sock.shutdown(socket.SHUT_RDWR)


_current = threading.local()
_active: set[_Watch] = set()
_active_lock = threading.Lock()


@contextlib.contextmanager
def _watched(deadline: float) -> Iterator[_Watch]:
    watch = _Watch()
    timer = threading.Timer(deadline, watch.cut)
    timer.daemon = True
    _current.watch = watch
    with _active_lock:
        _active.add(watch)
    timer.start()
    try:
        yield watch
    finally:
        timer.cancel()
        _current.watch = None
        with _active_lock:
            _active.discard(watch)


def interrupt() -> None:
    """Ctrl-C: stop every source's waits and cut every request in flight."""
    stopping.set()
    with _active_lock:
        watches = list(_active)
    for watch in watches:
        watch.cut()


def _pause(seconds: float) -> None:
    if stopping.wait(seconds):
        raise Interrupted("interrupted")


def _register(connection: HTTPConnection) -> None:
    # The socket itself: http.client lets go of it (sock = None) once the response owns it.
    watch = getattr(_current, "watch", None)
    if watch is not None and isinstance(connection.sock, socket.socket):
        watch.sock = connection.sock


class _WatchedHTTPConnection(HTTPConnection):
    def connect(self) -> None:
        super().connect()
        _register(self)

    def request(self, *args: Any, **kwargs: Any) -> None:
        _register(self)  # a pooled connection, already connected
        super().request(*args, **kwargs)


class _WatchedHTTPSConnection(HTTPSConnection):
    def connect(self) -> None:
        super().connect()
        _register(self)

    def request(self, *args: Any, **kwargs: Any) -> None:
        _register(self)
        super().request(*args, **kwargs)


class _WatchedHTTPPool(urllib3.HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(urllib3.HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


class _WatchedAdapter(requests.adapters.HTTPAdapter):
    """requests' adapter whose connections the deadline watchdog can reach."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _WatchedHTTPPool, "https": _WatchedHTTPSPool}


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date); None if absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - time.time())


def _backoff(policy: HttpPolicy, attempt: int, retry_after: float | None) -> float:
    if retry_after is not None:
        return min(retry_after, policy.retry_after_max)
    exponential = min(policy.backoff * 2 ** (attempt - 1), policy.backoff_max)
    # Jitter keeps workers that failed together from retrying together.
    return exponential * random.uniform(0.75, 1.25)


def _reason(content: bytes) -> str:
    """Crossref's own explanation of a 400, when it sent one."""
    try:
        messages = json.loads(content).get("message", [])
        text = "; ".join(str(item.get("message", "")) for item in messages if isinstance(item, dict))
    except (ValueError, AttributeError):
        return ""
    return f" ({text})" if text else ""


def _short(error: Exception) -> str:
    """The error for a user-facing reason: shortened, and without the contact address
    (urllib3 quotes the whole URL, query included)."""
    text = _MAILTO.sub("mailto=...", str(error))
    return text if len(text) <= 200 else text[:200] + "..."
