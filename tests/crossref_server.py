"""A fake Crossref REST API on 127.0.0.1 for tests and benchmarks (pytest-httpserver based).

Serves the work records under ``fixtures/crossref/works/`` at ``/works/{doi}``
(exact stored bytes), a plain-text ``Resource not found.`` 404 for unknown
DOIs as the real API does, and ``/works?query.bibliographic=...`` from a
word-overlap ranking of the same records (or canned results). Every answer
carries Crossref's rate-limit headers for the caller's pool. It can enforce
those limits (429 when exceeded), add latency, inject faults, and it counts
requests per window and in flight.

    with FakeCrossref() as server:
        server.inject(Fault.status(503), times=2)
        CrossrefSource(SourceSettings(crossref_url=server.url, ...)).work("10.1371/journal.pone.0020476")
"""

from __future__ import annotations

import json
import logging
import random
import re
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote

from pytest_httpserver import HTTPServer
from typing_extensions import Self
from werkzeug import Request, Response

from citelint.sources.limiter import LIST, POLITE, PUBLIC, SINGLE, PoolLimits

# The development server's access log would drown test output.
logging.getLogger("werkzeug").setLevel(logging.ERROR)

WORKS_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "crossref" / "works"
NOT_FOUND = b"Resource not found."


@dataclass(frozen=True)
class Fault:
    """One scripted misbehaviour, used for the next matching request(s)."""

    kind: str  # "status", "delay", "reset", "truncated", "not-json", "html", "redirect", "drip", "huge"
    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    seconds: float = 0.0
    location: str = ""

    @staticmethod
    def status_code(code: int, retry_after: str | None = None, body: bytes = b"") -> Fault:
        headers = (("Retry-After", retry_after),) if retry_after is not None else ()
        return Fault("status", status=code, headers=headers, body=body)

    @staticmethod
    def delay(seconds: float) -> Fault:
        return Fault("delay", seconds=seconds)

    @staticmethod
    def reset() -> Fault:
        return Fault("reset")

    @staticmethod
    def truncated() -> Fault:
        return Fault("truncated")

    @staticmethod
    def not_json() -> Fault:
        return Fault("not-json")

    @staticmethod
    def html() -> Fault:
        """A 200 with a proxy's or a maintenance page's HTML, as text/html."""
        return Fault("html")

    @staticmethod
    def drip(seconds_per_byte: float) -> Fault:
        """A 200 whose body comes one byte every ``seconds_per_byte``, for as long as the client listens."""
        return Fault("drip", seconds=seconds_per_byte)

    @staticmethod
    def huge(megabytes: int, declared: bool = False) -> Fault:
        """A 200 of ``megabytes`` MB of JSON-looking text; ``declared``: with its Content-Length."""
        return Fault("huge", status=megabytes, headers=(("declared", "yes"),) if declared else ())

    @staticmethod
    def redirect(location: str) -> Fault:
        return Fault("redirect", status=302, location=location)


@dataclass
class _Scripted:
    fault: Fault
    times: int
    route: str | None


@dataclass(frozen=True)
class Seen:
    """One request as the server received it."""

    at: float  # time.monotonic() on arrival
    route: str  # "single", "list" or "other"
    path: str
    query: dict[str, str]
    headers: dict[str, str]  # names lower-cased
    in_flight: int  # requests being handled at arrival, this one included


ServerT = TypeVar("ServerT", bound="LocalServer")


class LocalServer:
    """Start, stop and address of a fake service on 127.0.0.1 (``self._server``, a pytest-httpserver)."""

    _server: HTTPServer

    def start(self) -> Self:
        self._server.start()
        return self

    def stop(self) -> None:
        if self._server.is_running():
            self._server.stop()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.port}"


@dataclass
class FakeCrossref(LocalServer):
    works_dir: Path = WORKS_DIR
    latency: tuple[float, float] = (0.0, 0.0)  # seconds, uniform
    enforce: bool = False  # answer 429 when the advertised limits are exceeded
    public: PoolLimits = PUBLIC
    polite: PoolLimits = POLITE
    work_factory: Callable[[str], dict[str, Any] | None] | None = None  # records for DOIs not on file
    searches: dict[str, list[dict[str, Any]]] = field(default_factory=dict, repr=False)  # query -> canned items
    seen: list[Seen] = field(default_factory=list, repr=False)
    over_limit: int = 0  # 429s sent because the client exceeded the limits
    sent_megabytes: int = 0  # of "huge" bodies, counted as they are handed to the socket

    def __post_init__(self) -> None:
        self.works: dict[str, bytes] = {}
        for path in sorted(self.works_dir.glob("*.json")):
            body = path.read_bytes()
            self.works[json.loads(body)["message"]["DOI"].lower()] = body
        self._index = [(message, _words(_searchable(message)))
                       for message in (json.loads(body)["message"] for body in self.works.values())]
        self._faults: list[_Scripted] = []
        self._lock = threading.Lock()
        self._in_flight = 0
        self._server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
        self._server.expect_request(re.compile(".*")).respond_with_handler(self._handle)

    # -- scripting and counting ------------------------------------------------------------

    def inject(self, fault: Fault, times: int = 1, route: str | None = None) -> None:
        """Misbehave on the next ``times`` requests (of ``route``, if given); -1: forever."""
        with self._lock:
            self._faults.append(_Scripted(fault, times, route))

    def requests(self, route: str | None = None) -> list[Seen]:
        with self._lock:
            return [seen for seen in self.seen if route is None or seen.route == route]

    def max_in_window(self, route: str, window: float) -> int:
        """The most requests of ``route`` that arrived within any half-open window of ``window`` s."""
        times = [seen.at for seen in self.requests(route)]
        best = first = 0
        for last, at in enumerate(times):
            while times[first] <= at - window:
                first += 1
            best = max(best, last - first + 1)
        return best

    @property
    def max_in_flight(self) -> int:
        return max((seen.in_flight for seen in self.requests()), default=0)

    def reset_counts(self) -> None:
        with self._lock:
            self.seen.clear()
            self.over_limit = 0
            self.sent_megabytes = 0

    def reset(self) -> None:
        """Forget faults, canned searches and counts (to reuse one server across tests)."""
        with self._lock:
            self._faults.clear()
            self.searches.clear()
        self.reset_counts()

    # -- serving ---------------------------------------------------------------------------

    def _handle(self, request: Request) -> Response:
        route = _route(request.path)
        query = {key: request.args.get(key, "") for key in request.args}
        pool = self.polite if ("mailto" in query or "mailto:" in request.headers.get("User-Agent", "")) else self.public
        with self._lock:
            self._in_flight += 1
            arrival = time.monotonic()
            headers = {name.lower(): value for name, value in request.headers.items()}
            seen = Seen(arrival, route, request.path, query, headers, self._in_flight)
            self.seen.append(seen)
            over = self.enforce and route in pool.routes and self._exceeds(pool, route, arrival)
            if over:
                self.over_limit += 1
            fault = None if over else self._next_fault(route)
        try:
            if over:
                response = Response("<h1>429 Too Many Requests</h1>", status=429, content_type="text/html")
            else:
                low, high = self.latency
                if high:
                    time.sleep(random.uniform(low, high))
                response = self._respond(request, route, query, fault)
            if response is not None:
                _rate_headers(response, pool, route, pool is self.polite)
            return response
        finally:
            with self._lock:
                self._in_flight -= 1

    def _exceeds(self, pool: PoolLimits, route: str, arrival: float) -> bool:
        rule = pool.routes[route]
        recent = sum(1 for seen in self.seen if seen.route == route and seen.at > arrival - rule.interval)
        return recent > rule.limit or self._in_flight > pool.concurrency

    def _next_fault(self, route: str) -> Fault | None:
        for scripted in self._faults:
            if scripted.route in (None, route) and scripted.times != 0:
                scripted.times -= 1
                return scripted.fault
        return None

    def _respond(self, request: Request, route: str, query: dict[str, str], fault: Fault | None) -> Response:
        if fault is not None:
            if fault.kind == "delay":
                time.sleep(fault.seconds)
            elif fault.kind == "status":
                return Response(fault.body, status=fault.status, headers=list(fault.headers))
            elif fault.kind == "redirect":
                return Response(b"", status=fault.status, headers=[("Location", fault.location)])
            elif fault.kind == "not-json":
                return Response(b"<html>Service temporarily unavailable</html>", status=200,
                                content_type="application/json")
            elif fault.kind == "html":
                return Response(b"<!DOCTYPE html><html><body><h1>Maintenance</h1></body></html>", status=200,
                                content_type="text/html")
            elif fault.kind == "drip":
                return Response(self._drip(fault.seconds), status=200, content_type="application/json")
            elif fault.kind == "huge":
                headers = [("Content-Length", str(fault.status * 1024 * 1024))] if fault.headers else []
                return Response(self._huge(fault.status), status=200, content_type="application/json",
                                headers=headers)
            elif fault.kind == "drip-head":
                _drip_status_line(request, fault.seconds)
                return Response(b"", status=500)
            elif fault.kind in ("reset", "truncated"):
                _break_connection(request, truncated=fault.kind == "truncated")
                return Response(b"", status=500)
        if route == SINGLE:
            return self._work(request, query)
        if route == LIST:
            return self._search(query)
        return Response(NOT_FOUND, status=404, content_type="text/plain")

    def _drip(self, seconds: float) -> Iterator[bytes]:
        for byte in b'{"status":"ok","message-type":"work","message":{"DOI":"10.1234/slow"' + b" " * 100_000:
            time.sleep(seconds)
            yield bytes([byte])

    def _huge(self, megabytes: int) -> Iterator[bytes]:
        piece = b'{"a":"' + b"x" * (1024 * 1024 - 6)
        for _ in range(megabytes):
            with self._lock:
                self.sent_megabytes += 1
            yield piece

    def _work(self, request: Request, query: dict[str, str]) -> Response:
        if set(query) - {"mailto"}:
            return _validation_failure("parameter-not-allowed", ",".join(sorted(set(query) - {"mailto"})))
        doi = unquote(request.path[len("/works/"):]).lower()
        body = self.works.get(doi)
        if body is None and self.work_factory is not None:
            message = self.work_factory(doi)
            if message is not None:
                body = json.dumps({"status": "ok", "message-type": "work", "message": message}).encode()
        if body is None:
            return Response(NOT_FOUND, status=404, content_type="text/plain")
        return Response(body, status=200, content_type="application/json")

    def _search(self, query: dict[str, str]) -> Response:
        rows = query.get("rows", "20")
        if not rows.isdigit() or not 0 <= int(rows) <= 1000:
            return _validation_failure("integer-not-valid", rows)
        text = query.get("query.bibliographic", "")
        items = self.searches.get(text)
        if items is None:
            items = _rank(text, self._index)[: int(rows)]
        if "select" in query:
            wanted = set(query["select"].split(","))
            items = [{key: value for key, value in item.items() if key in wanted} for item in items]
        body = {"status": "ok", "message-type": "work-list", "message-version": "1.0.0",
                "message": {"facets": {}, "total-results": 1000000 + len(items), "items": items,
                            "items-per-page": int(rows), "query": {"start-index": 0, "search-terms": text}}}
        return Response(json.dumps(body), status=200, content_type="application/json")


def _route(path: str) -> str:
    if path.startswith("/works/") and not path.endswith("/agency"):
        return SINGLE
    if path.rstrip("/") == "/works":
        return LIST
    return "other"


def _rate_headers(response: Response, pool: PoolLimits, route: str, polite: bool) -> None:
    rule = pool.routes.get(route, pool.routes[SINGLE])
    interval = f"{rule.interval:g}s" if rule.interval >= 1 else f"{round(rule.interval * 1000)}ms"
    response.headers["x-api-pool"] = "polite" if polite else "public"
    response.headers["x-rate-limit-limit"] = str(rule.limit)
    response.headers["x-rate-limit-interval"] = interval
    response.headers["x-concurrency-limit"] = str(pool.concurrency)


def _validation_failure(kind: str, value: str) -> Response:
    body = {"status": "failed", "message-type": "validation-failure",
            "message": [{"type": kind, "value": value, "message": f"{kind}: {value}"}]}
    return Response(json.dumps(body), status=400, content_type="application/json")


def _break_connection(request: Request, *, truncated: bool) -> None:
    """Send half a response then close (truncated), or abort with a TCP reset."""
    connection: socket.socket = request.environ["werkzeug.socket"]
    if truncated:
        head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n"
        connection.sendall(head + b'{"status":"ok","message-type":"work","message":{"DOI":"10.')
        connection.shutdown(socket.SHUT_RDWR)
    else:
        # Zero linger: the close that follows is an RST; the client never sees a status line.
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        connection.shutdown(socket.SHUT_RDWR)


def _drip_status_line(request: Request, seconds: float) -> None:
    """Send the status line one byte at a time, for as long as the client listens."""
    connection: socket.socket = request.environ["werkzeug.socket"]
    try:
        for byte in b"HTTP/1.1 200 OK\r\nX-Padding: " + b"x" * 100_000:
            connection.sendall(bytes([byte]))
            time.sleep(seconds)
    except OSError:
        pass  # the client hung up, as it should


def _words(text: str) -> set[str]:
    return {word for word in re.findall(r"\w+", text.lower()) if len(word) > 1}


def _searchable(message: dict[str, Any]) -> str:
    """The words a bibliographic search looks at: titles, container, authors, year."""
    parts = [*(message.get("title") or []), *(message.get("subtitle") or []), *(message.get("container-title") or [])]
    parts += [author.get("family", "") or author.get("name", "") for author in message.get("author") or []]
    issued = (message.get("issued") or {}).get("date-parts") or [[None]]
    parts.append(str(issued[0][0] or ""))
    return " ".join(str(part) for part in parts)


def _rank(query: str, index: list[tuple[dict[str, Any], set[str]]]) -> list[dict[str, Any]]:
    """Records ordered by shared words with the query, each with a relevance ``score``."""
    wanted = _words(query)
    scored = [(len(wanted & words), message) for message, words in index]
    scored = [(overlap, message) for overlap, message in scored if overlap]
    scored.sort(key=lambda pair: -pair[0])
    return [{**message, "score": float(overlap * 10)} for overlap, message in scored]
