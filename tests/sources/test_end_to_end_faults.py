"""Network faults through the real command: Ctrl-C keeps the report, junk answers give no verdict."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.conftest import FAST
from tests.crossref_server import FakeCrossref, Fault

ROOT = Path(__file__).resolve().parents[2]
FOUND = ("10.1038/srep16696", "Single-molecule FRET studies on alpha-synuclein oligomerization of Parkinson's "
         "disease genetically related mutants", "Tosatto", "2015", "Scientific Reports", "5")


def _bib(count: int) -> str:
    doi, title, family, year, journal, volume = FOUND
    entries = [f"@article{{found,\n  author = {{{family}, L. and Horrocks, M. H.}},\n  title = {{{title}}},\n"
               f"  journal = {{{journal}}},\n  volume = {{{volume}}},\n  year = {{{year}}},\n  doi = {{{doi}}}\n}}\n"]
    for number in range(count - 1):
        entries.append(f"@article{{gen{number},\n  author = {{Writer, A.}},\n"
                       f"  title = {{A generated study of estuary number {number}}},\n"
                       f"  journal = {{Journal of Tests}},\n  volume = {{{number + 1}}},\n  year = {{2011}}\n}}\n")
    return "\n".join(entries)


def _check(server_url: str, tmp_path: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "citelint", "check", "--crossref-url", server_url, "--cache-dir", str(tmp_path / "cache"),
         "--mailto", "m@example.org", "--format", "json", *extra, str(tmp_path / "refs.bib")],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=os.environ.copy(),
    )


def test_ctrl_c_stops_the_lookups_and_still_reports_what_was_found(tmp_path):
    (tmp_path / "refs.bib").write_text(_bib(12), encoding="utf-8")
    with FakeCrossref(public=FAST, polite=FAST) as server:
        server.inject(Fault.delay(60), times=-1, route="list")  # the DOI's answer comes, every search hangs
        run = _check(server.url, tmp_path)
        # Three workers: the DOI lookup and two searches, then a third search once the DOI's match is made.
        for _ in range(2000):  # bounded by polls of the server, not by a clock
            if len(server.requests("list")) >= 3 or run.poll() is not None:
                break
            subprocess.run(["sleep", "0.05"], check=True)
        asked = len(server.requests())
        run.send_signal(signal.SIGINT)
        stdout, stderr = run.communicate(timeout=120)
        after = len(server.requests())
    assert run.returncode == 130, stderr
    assert "Traceback" not in stderr and "interrupted" in stderr
    report = json.loads(stdout)
    statuses = [reference["match"]["status"] for reference in report["references"]]
    assert len(statuses) == 12
    assert statuses[0] == "matched"  # what was found is reported
    assert set(statuses[1:]) == {"unchecked"}
    assert any("interrupted" in (reference["match"].get("reason") or "") for reference in report["references"])
    assert after <= asked + 8  # the queued lookups were never started


def test_junk_answers_give_no_finding_about_the_work(tmp_path, crossref_server):
    (tmp_path / "refs.bib").write_text(_bib(6), encoding="utf-8")
    crossref_server.inject(Fault.status_code(200, body=b'{"status": "ok", "message": {"title": ["Other"]}}'),
                           times=-1, route="single")
    crossref_server.inject(Fault.status_code(200, body=b'{"status": "ok", "message": {"items": ["junk", 1]}}'),
                           times=-1, route="list")
    run = _check(crossref_server.url, tmp_path)
    stdout, stderr = run.communicate(timeout=120)
    report = json.loads(stdout)
    codes = {finding["code"] for reference in report["references"] for finding in reference["findings"]}
    assert not codes & {"CL308", "CL209", "CL210"}, codes
    assert {reference["match"]["status"] for reference in report["references"]} == {"unchecked"}
    assert "Traceback" not in stderr
