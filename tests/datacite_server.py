"""A fake DataCite REST API on 127.0.0.1 for tests and benchmarks (pytest-httpserver based).

Serves the JSON:API documents under ``fixtures/datacite/dois/`` at
``/dois/{doi}`` (any case, exact stored bytes) and DataCite's JSON:API 404 for
unknown DOIs. Faults are the fake Crossref's (``tests.crossref_server.Fault``):
a status, a delay, a body that is not JSON, a reset connection; requests are
counted.

    with FakeDataCite() as server:
        server.inject(Fault.status_code(503), times=2)
        DataCiteSource(settings, url=server.url).work("10.5281/zenodo.592536")
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.crossref_server import Fault, LocalServer, Seen, _break_connection

DOIS_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "datacite" / "dois"
# What api.datacite.org answers for a DOI it does not know.
NOT_FOUND = json.dumps({"errors": [{"status": "404", "title": "The resource you are looking for doesn't exist."}]})
MEDIA_TYPE = "application/vnd.api+json; charset=utf-8"


@dataclass
class _Scripted:
    fault: Fault
    times: int


@dataclass
class FakeDataCite(LocalServer):
    dois_dir: Path = DOIS_DIR
    seen: list[Seen] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self.records = {json.loads(path.read_bytes())["data"]["attributes"]["doi"].lower(): path.read_bytes()
                        for path in sorted(self.dois_dir.glob("*.json"))}
        self._faults: list[_Scripted] = []
        self._lock = threading.Lock()
        self._in_flight = 0
        self._server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
        self._server.expect_request(re.compile(".*")).respond_with_handler(self._handle)

    def inject(self, fault: Fault, times: int = 1) -> None:
        """Misbehave on the next ``times`` requests; -1: forever."""
        with self._lock:
            self._faults.append(_Scripted(fault, times))

    def requests(self) -> list[Seen]:
        with self._lock:
            return list(self.seen)

    def reset(self) -> None:
        with self._lock:
            self._faults.clear()
            self.seen.clear()

    def _handle(self, request: Request) -> Response:
        with self._lock:
            self._in_flight += 1
            headers = {name.lower(): value for name, value in request.headers.items()}
            query = {key: request.args.get(key, "") for key in request.args}
            self.seen.append(Seen(time.monotonic(), "single", request.path, query, headers, self._in_flight))
            fault = self._next_fault()
        try:
            return self._respond(request, fault)
        finally:
            with self._lock:
                self._in_flight -= 1

    def _next_fault(self) -> Fault | None:
        for scripted in self._faults:
            if scripted.times != 0:
                scripted.times -= 1
                return scripted.fault
        return None

    def _respond(self, request: Request, fault: Fault | None) -> Response:
        if fault is not None:
            if fault.kind == "delay":
                time.sleep(fault.seconds)
            elif fault.kind == "status":
                return Response(fault.body, status=fault.status, headers=list(fault.headers))
            elif fault.kind == "redirect":
                return Response(b"", status=fault.status, headers=[("Location", fault.location)])
            elif fault.kind == "not-json":
                return Response(b"<html>Bad Gateway</html>", status=200, content_type=MEDIA_TYPE)
            elif fault.kind in ("reset", "truncated"):
                _break_connection(request, truncated=fault.kind == "truncated")
                return Response(b"", status=500)
        if not request.path.startswith("/dois/"):
            return Response(NOT_FOUND, status=404, content_type=MEDIA_TYPE)
        body = self.records.get(unquote(request.path[len("/dois/"):]).lower())
        if body is None:
            return Response(NOT_FOUND, status=404, content_type=MEDIA_TYPE)
        return Response(body, status=200, content_type=MEDIA_TYPE)
