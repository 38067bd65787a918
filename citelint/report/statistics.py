"""``--statistics``: how many findings each rule raised, most frequent first, as ``ruff --statistics``.

    12  CL208      doi-missing
     3  CL101  [*] page-separator-lost

``[*]`` marks a rule some of whose findings here have a safe fix.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass

from citelint.app.results import Report
from citelint.model import Finding


def _findings(report: Report) -> list[Finding]:
    return [finding for file in report.files
            for finding in (*file.findings, *(finding for result in file.references for finding in result.findings))]


@dataclass(frozen=True)
class Row:
    code: str
    name: str
    count: int
    fixable: int  # of them, findings with a safe fix


def rows(report: Report) -> list[Row]:
    """One row per rule that raised a finding: code, name, count, fixable (safe fixes), most frequent first."""
    findings = _findings(report)
    counts = Counter(finding.code for finding in findings)
    names = {finding.code: finding.name for finding in findings}
    safe = Counter(finding.code for finding in findings if finding.fix and finding.fix.applicability == "safe")
    ordered = sorted(counts, key=lambda code: (-counts[code], code))
    return [Row(code, names[code], counts[code], safe[code]) for code in ordered]


def render(report: Report, *, as_json: bool = False) -> str:
    table = rows(report)
    if as_json:
        return json.dumps([asdict(row) for row in table], indent=2, ensure_ascii=False) + "\n"
    if not table:
        return ""
    width = len(str(table[0].count))
    return "".join(f"{row.count:>{width}}  {row.code}  {'[*]' if row.fixable else '   '} {row.name}\n"
                   for row in table)
