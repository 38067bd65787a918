"""The offline rules (CL101-CL108) on the two reference corpora of fixtures/.

1. fixtures/parsing/dev.jsonl: references rendered in ten citation styles
   (one file per style here) and believed correct. Findings are false
   alarms, misreadings by the text reader, or faults of the source records
   themselves (Crossref holds a range "7-5").
2. fixtures/matching/references.jsonl: references with labelled errors
   (one file per style). For the rules that have a label (CL101
   pages_nosep, CL107 title_typo) prints detections and misses; for every
   rule, findings on references without that label. CL106 findings there
   are mostly the corpus's own repeats of one work (same target label).

Both are read by the plain-text reader, offline.

    .venv/bin/python bench/offline_rules_on_corpus.py
"""

from __future__ import annotations

import collections
import dataclasses
import datetime
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from citelint.model import OFFLINE, Diagnostic, Reference
from citelint.readers.refstring import parse_line
from citelint.rules import RULES
from citelint.rules._rule import Context, prepared

CODES = ("CL101", "CL102", "CL103", "CL104", "CL105", "CL106", "CL107", "CL108")
LABELS = {"CL101": "pages_nosep", "CL107": "title_typo"}


def main() -> int:
    print("== fixtures/parsing/dev.jsonl (believed correct)")
    files = _files(ROOT / "fixtures" / "parsing" / "dev.jsonl")
    total = sum(len(items) for items in files.values())
    print(f"references: {total} in {len(files)} files (one per style)")
    for code in CODES:
        counts: collections.Counter[str] = collections.Counter()
        examples = []
        for style, reference, _, diagnostics in _run(code, files):
            for diagnostic in diagnostics:
                counts[diagnostic.severity or RULES[code].SEVERITY] += 1
                examples.append(f"{style}: {diagnostic.message[:100]}")
        print(f"{code} {RULES[code].NAME:24} {_rates(counts, total)}")
        for example in examples[:3]:
            print(f"    {example}")

    print("== fixtures/matching/references.jsonl (labelled errors)")
    files = _files(ROOT / "fixtures" / "matching" / "references.jsonl")
    for code in CODES:
        label = LABELS.get(code)
        found: collections.Counter[str] = collections.Counter()
        others: collections.Counter[str] = collections.Counter()
        labelled = missed = unlabelled = 0
        for _, _, row, diagnostics in _run(code, files):
            has_label = label in row["errors"]
            labelled += has_label
            unlabelled += not has_label
            missed += has_label and not diagnostics
            for diagnostic in diagnostics:
                (found if has_label else others)[diagnostic.severity or RULES[code].SEVERITY] += 1
        line = f"{code} {RULES[code].NAME:24}"
        if label:
            line += f" {label}: {labelled} labelled, found {dict(found)}, missed {missed};"
        print(f"{line} on the other {unlabelled}: {_rates(others, unlabelled)}")
    return 0


def _files(path: Path) -> dict[str, list[tuple[Reference, dict[str, Any]]]]:
    files: dict[str, list[tuple[Reference, dict[str, Any]]]] = collections.defaultdict(list)
    for line in path.read_text("utf-8").splitlines():
        row = json.loads(line)
        reference = dataclasses.replace(parse_line(row["text"]), index=len(files[row["style"]]) + 1)
        files[row["style"]].append((reference, row))
    return files


def _run(
    code: str, files: dict[str, list[tuple[Reference, dict[str, Any]]]]
) -> Iterator[tuple[str, Reference, dict[str, Any], list[Diagnostic]]]:
    rule = RULES[code]
    for style, items in files.items():
        references = [reference for reference, _ in items]
        context = prepared(rule, Context(options=rule.OPTIONS, references=references, today=datetime.date(2026, 11, 26)))
        for reference, row in items:
            diagnostics: list[Diagnostic] = list(rule.check(reference, OFFLINE, context))
            yield style, reference, row, diagnostics


def _rates(counts: collections.Counter[str], total: int) -> str:
    return ", ".join(f"{severity} {count} ({100 * count / total:.1f}%)" for severity, count in sorted(counts.items())) or "none"


if __name__ == "__main__":
    raise SystemExit(main())
