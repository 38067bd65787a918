"""Time of the offline rules (CL101-CL108) on 10,000 references in one file.

References are built from the real titles of fixtures/titles/titles.txt
(two joined, so that every title is new and no cache is warm), with varied
pages, DOIs, years, authors and statuses. Prints the word-list load time and
each rule's CPU time (process time: other work on the machine does not
count, though it still slows the caches); the budget is 1.5 s for all.

    .venv/bin/python bench/offline_rules_speed.py
"""

from __future__ import annotations

import datetime
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from citelint.model import OFFLINE, Author, Reference, SourceText
from citelint.rules import RULES
from citelint.rules._rule import Context, prepared

COUNT = 10_000
CODES = ("CL101", "CL102", "CL103", "CL104", "CL105", "CL106", "CL107", "CL108")
PAGES = ("82-96", "8296", "1493-6", "e0123456", "436", "96-82", "S12-S19", "101109", "2454", "238-49")
DOIS = ("10.1038/nature{}", "doi:10.1038/nature{}.", "https://doi.org/10.1016/ S0140-6736(97){}-0", None)


def main() -> int:
    titles = [line for line in (ROOT / "fixtures" / "titles" / "titles.txt").read_text("utf-8").splitlines() if line]
    references = [_reference(number, _title(titles, number)) for number in range(COUNT)]
    started = time.process_time()
    from citelint.fields.words import word_list

    word_list()
    load = time.process_time() - started
    print(f"references: {COUNT}; word list load: {load * 1000:.0f} ms")
    total = load
    for code in CODES:
        rule = RULES[code]
        context = prepared(rule, Context(options=rule.OPTIONS, references=references, today=datetime.date(2026, 11, 26)))
        started = time.process_time()
        findings = sum(1 for reference in references for _ in rule.check(reference, OFFLINE, context))
        elapsed = time.process_time() - started
        total += elapsed
        print(f"  {code} {rule.NAME:24} {elapsed * 1000:6.0f} ms  {findings:6} findings")
    print(f"total: {total * 1000:.0f} ms (budget 1500 ms)")
    return 0


def _title(titles: list[str], number: int) -> str:
    first = titles[number % len(titles)].split()
    second = titles[(number * 7919 + 13) % len(titles)].split()
    return " ".join(first[:8] + [word.lower() for word in second[:6]])


def _reference(number: int, title: str) -> Reference:
    pages = PAGES[number % len(PAGES)]
    pattern = DOIS[number % len(DOIS)]
    doi = pattern.format(number) if pattern else None
    year = str(1990 + number % 40)
    text = f"Author{number % 5000} A ({year}) {title}. Journal {number % 50} {number % 90}: {pages}. {doi or ''}"
    source = SourceText("bench.txt", text)
    fields = {"title": title, "pages": pages, "year": year, "doi": doi}
    spans = {}
    for name, value in fields.items():
        if value:
            start = text.index(value)
            spans[name] = source.span(start, start + len(value))
    return Reference(
        text=text, file="bench.txt", span=source.span(0, len(text)), index=number + 1, kind="text",
        authors=(Author(family=f"Author{number % 5000}", given="A"),), title=title, year=year,
        container=f"Journal {number % 50}", volume=str(number % 90), pages=pages, doi=doi,
        status="in press" if number % 97 == 0 else None, spans=spans,
    )


if __name__ == "__main__":
    raise SystemExit(main())
