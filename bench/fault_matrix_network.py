"""Each network fault end to end: the real command against a local server, 83 generated references.

Every case runs `citelint check --no-cache --format json` on one generated .bib (every third
entry with a DOI) against the test suite's fake Crossref on 127.0.0.1 misbehaving in one way,
and prints a table: how the references ended, the requests the server saw, the wall time, and
the CL308/CL209 findings (a failure must never become one). The "before" column is what issue 14
measured. Prints figures; asserts nothing.

    .venv/bin/python bench/fault_matrix_network.py
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import FAST
from tests.crossref_server import FakeCrossref, Fault
from tests.datacite_server import FakeDataCite


def bib(count: int) -> str:
    entries = []
    for number in range(count):
        doi = f"  doi = {{10.5555/generated.{number}}},\n" if number % 3 == 0 else ""
        entries.append(f"@article{{g{number},\n  author = {{Writer, A.}},\n"
                       f"  title = {{A generated study of estuary number {number}}},\n"
                       f"  journal = {{Journal of Tests}},\n  volume = {{{number + 1}}},\n{doi}  year = {{2011}}\n}}\n")
    return "\n".join(entries)


def work(message: dict[str, Any]) -> bytes:
    return json.dumps({"status": "ok", "message": message}).encode()


JUNK_ITEMS = json.dumps({"status": "ok", "message": {"items": ["x", 1]}}).encode()
CASES: list[tuple[str, str, Any]] = [
    ("every answer 503", "7 min for 83 references (5 attempts each)", [(Fault.status_code(503), None)]),
    ("truncated bodies", "7 min", [(Fault.truncated(), None)]),
    ("invalid JSON", "7 min", [(Fault.not_json(), None)]),
    ("HTML page, status 200", "7 min", [(Fault.html(), None)]),
    ("connection reset", "minutes", [(Fault.reset(), None)]),
    ("connection refused", "16-20 s", "refused"),
    ("1 byte per second", "hangs forever", [(Fault.drip(1.0), None)]),
    ("3 GB answer", "held in memory (9 GB RSS)", [(Fault.huge(3072), None)]),
    ("search items junk", "67 false findings (CL308/CL209)", [(Fault.status_code(200, body=JUNK_ITEMS), "list")]),
    ("DOI answer without a DOI", "false CL209", [(Fault.status_code(200, body=work({"title": ["Other"]})), "single")]),
    ("DOI answer for another DOI", "false CL209",
     [(Fault.status_code(200, body=work({"DOI": "10.1038/srep16696", "title": ["Other"]})), "single")]),
]


def main() -> int:
    print("| case | before (issue 14) | now: references | requests | wall s | CL308/CL209 |")
    print("|---|---|---|---|---|---|")
    with FakeDataCite() as datacite, tempfile.TemporaryDirectory() as folder:
        environment = {**os.environ, "CITELINT_DATACITE_URL": datacite.url, "NO_PROXY": "127.0.0.1"}
        references = Path(folder) / "refs.bib"
        references.write_text(bib(83), encoding="utf-8")
        for name, before, faults in CASES:
            with FakeCrossref(public=FAST, polite=FAST) as server:
                url = server.url
                if faults == "refused":
                    with socket.socket() as probe:  # a port with nothing listening
                        probe.bind(("127.0.0.1", 0))
                        url = f"http://127.0.0.1:{probe.getsockname()[1]}"
                else:
                    for fault, route in faults:
                        server.inject(fault, times=-1, route=route)
                started = time.perf_counter()
                run = subprocess.run([sys.executable, "-m", "citelint", "check", "--crossref-url", url, "--no-cache",
                                      "--mailto", "bench@example.org", "--format", "json", str(references)],
                                     cwd=ROOT, env=environment, capture_output=True, text=True, timeout=900, check=False)
                wall = time.perf_counter() - started
                report = json.loads(run.stdout)
                statuses = [reference["match"]["status"] for reference in report["references"]]
                codes = [finding["code"] for reference in report["references"] for finding in reference["findings"]
                         if finding["code"] in ("CL308", "CL209")]
                print(f"| {name} | {before} | {statuses.count('unchecked')}/{len(statuses)} unchecked, "
                      f"{statuses.count('matched')} matched | {len(server.requests())} | {wall:.1f} | {len(codes)} |",
                      flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
