"""The status rules end to end: fixtures/status/manuscript.txt against its snapshot exercises each of them."""

from __future__ import annotations

import json
from pathlib import Path

from citelint.app.cli import main

STATUS = Path(__file__).resolve().parent.parent / "fixtures" / "status"


def test_each_status_rule_fires_where_the_manuscript_plants_it(capsys):
    code = main(["check", "--snapshot", str(STATUS / "manuscript-snapshot.jsonl"), "--format", "json",
                 str(STATUS / "manuscript.txt")])
    report = json.loads(capsys.readouterr().out)
    found = [sorted({f["code"] for f in r["findings"] if f["code"].startswith("CL3")}) for r in report["references"]]
    assert found == [["CL303"], ["CL303"], ["CL304"], ["CL305"], ["CL306"], ["CL309"], ["CL308"], [], ["CL307"]]
    assert code == 1
