"""CL101 on real page fields: false alarms on correct ones, detection on run-together ones.

Page values come from the recorded Crossref responses in
fixtures/crossref-samples ("page" ranges and article numbers of works,
"first-page" of their reference lists) and from the gold pages of
fixtures/parsing/dev.jsonl. References are grouped into files of 30 (ten journals), as
the rule judges a page field by how the rest of its file prints pages.

False alarms (every finding is one), warning and info rates apart:
  ranges file      every reference prints a correct range
  mixed file       a file of ranges where one reference in ten prints a
                   correct single page or article number
  first-page file  every reference prints only its (correct) first page
  alone            a correct single page in a file of one reference
Detection, on real ranges with the separator deleted:
  one lost         one reference in a file of correct ranges
  all lost         every range of the file lost its separator (files with
                   full ends and files with abbreviated ends apart)

    .venv/bin/python bench/page_split_false_alarms.py
"""

from __future__ import annotations

import datetime
import json
import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from citelint.fields.pages import parse_pages
from citelint.model import OFFLINE, Diagnostic, Reference, SourceText
from citelint.rules import page_separator_lost
from citelint.rules._rule import Context, prepared

SAMPLES = ROOT / "fixtures" / "crossref-samples"
FILE_SIZE = 30
TODAY = datetime.date(2026, 11, 26)


def main() -> int:
    ranges, singles = _real_pages()
    numeric_ranges = [r for r in ranges if re.fullmatch(r"\d+[-\u2013]\d+", r)]
    chooser = random.Random(20261126)
    print(f"real values: {len(ranges)} ranges ({len(numeric_ranges)} numeric), {len(singles)} single pages or article numbers")

    _report("ranges file", _files([[value] for value in ranges], chooser), None)
    mixed = _mixed_files(ranges, singles, chooser)
    _report("mixed file (singles only)", mixed, None)
    _report("first-page file", _files([[value] for value in singles], chooser), None)
    _report("alone", [_run([value]) for value in singles], None)

    one_lost = []
    for value in numeric_ranges:
        others = chooser.sample(ranges, FILE_SIZE - 1)
        one_lost.append(_run([_lost(value), *others], expected=value))
    _report("detection, one lost", [[result[0]] for result in one_lost], True)
    full = [value for value in numeric_ranges if not _abbreviated(value)]
    for name, values in (("full ends", full), ("abbreviated ends", [v for v in numeric_ranges if _abbreviated(v)])):
        all_lost = []
        for start in range(0, len(values), FILE_SIZE):
            group = values[start : start + FILE_SIZE]
            all_lost.append(_run([_lost(value) for value in group], expected_all=group))
        _report(f"detection, all lost, {name}", all_lost, True)
    return 0


def _abbreviated(value: str) -> bool:
    first, last = re.split(r"[-\u2013]", value)
    return len(last) < len(first)


def _real_pages() -> tuple[list[str], list[str]]:
    ranges: set[str] = set()
    singles: set[str] = set()
    for path in sorted(SAMPLES.rglob("*.json")):
        for value in _fields(json.loads(path.read_text(encoding="utf-8"))):
            _sort(value, ranges, singles)
    dev = ROOT / "fixtures" / "parsing" / "dev.jsonl"
    if dev.exists():
        for line in dev.read_text(encoding="utf-8").splitlines():
            value = json.loads(line).get("gold", {}).get("pages")
            if value:
                _sort(value, ranges, singles)
    return sorted(ranges), sorted(singles)


def _sort(value: str, ranges: set[str], singles: set[str]) -> None:
    pages = parse_pages(value)
    if pages is None:
        return
    (ranges if pages.is_range else singles).add(value.strip())


def _fields(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("page", "first-page", "article-number") and isinstance(value, str):
                yield value
            else:
                yield from _fields(value)
    elif isinstance(node, list):
        for item in node:
            yield from _fields(item)


def _lost(value: str) -> str:
    return re.sub(r"[-\u2013]", "", value)


def _files(groups: list[list[str]], chooser: random.Random) -> list[list[tuple[str, list[Diagnostic]]]]:
    values = [value for group in groups for value in group]
    chooser.shuffle(values)
    return [_run(values[start : start + FILE_SIZE]) for start in range(0, len(values), FILE_SIZE)]


def _mixed_files(ranges: list[str], singles: list[str], chooser: random.Random) -> list[list[tuple[str, list[Diagnostic]]]]:
    """Files of ranges with one single page in ten; only the singles' results are kept."""
    results = []
    for single in singles:
        others = chooser.sample(ranges, 9)
        results.append([_run([single, *others])[0]])
    return results


def _run(values: list[str], expected: str | None = None, expected_all: list[str] | None = None) -> list[tuple[str, list[Diagnostic]]]:
    references = [_reference(value, index) for index, value in enumerate(values, 1)]
    context = prepared(page_separator_lost, Context(options=None, references=references, today=TODAY))
    wanted = expected_all or [expected or ""] * len(values)
    return [
        (wanted[number], list(page_separator_lost.check(reference, OFFLINE, context)))
        for number, reference in enumerate(references)
    ]


def _reference(pages: str, index: int) -> Reference:
    text = f"Author A (2020) A title. Journal {index % 10} {index}: {pages}."
    source = SourceText("bench.txt", text)
    start = text.rindex(pages)
    return Reference(
        text=text, file="bench.txt", span=source.span(0, len(text)), index=index, kind="text",
        title="A title", container=f"Journal {index % 10}", volume=str(index), pages=pages,
        spans={"pages": source.span(start, start + len(pages))},
    )


def _report(name: str, files: list[list[tuple[str, list[Diagnostic]]]], detection: bool | None) -> None:
    results = [result for file in files for result in file]
    total = len(results)
    warned = sum(any(d.severity is None for d in found) for _, found in results)
    informed = sum(bool(found) and all(d.severity == "info" for d in found) for _, found in results)
    line = f"{name:28} n={total:5}  warning {100 * warned / total:5.1f}%  info {100 * informed / total:5.1f}%"
    if detection:
        right = sum(
            any(d.severity is None and _same(d.expected, wanted) for d in found) for wanted, found in results
        )
        line += f"  warning with the right range {100 * right / total:5.1f}%"
    print(line)


def _same(found: str | None, wanted: str) -> bool:
    return found is not None and re.sub(r"[-\u2013]", "-", found) == re.sub(r"[-\u2013]", "-", wanted)


if __name__ == "__main__":
    raise SystemExit(main())
