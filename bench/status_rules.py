"""How often the status rules (CL303-CL309) fire on the labelled matching set, and their speed.

Prints figures; asserts nothing. Run: .venv/bin/python bench/status_rules.py

1. Every reference of fixtures/matching (780 printed references in six
   styles, with injected errors; grey literature and works absent from the
   snapshot among them) is matched against the snapshot by the real matcher,
   with the fields pinned as generated and, when the text reader imports,
   as parsed from the text. The status rules run over the file as the engine
   runs them (Context.matches filled); the findings are counted per rule and
   per kind of case. reference-unverifiable (CL308) is right on an article
   absent from the snapshot and a false alarm on a present one or on grey
   literature.
2. Time per reference of the seven rules over 10,000 references with records
   carrying notices, preprint relations and in-press statuses.
"""

from __future__ import annotations

import datetime
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from citelint.match.matching import match_reference
from citelint.model import Match, Reference
from citelint.rules import RULES
from citelint.rules._rule import Context, prepared
from citelint.sources.snapshot import SnapshotSource
from tests.helpers import make_record, make_reference, matched

FIXTURES = ROOT / "fixtures" / "matching"
CODES = ("CL303", "CL304", "CL305", "CL306", "CL307", "CL308", "CL309")
TODAY = datetime.date(2026, 11, 26)


def run_rules(references: list[Reference], matches: list[Match]) -> list[list[str]]:
    """The codes each reference gets, as the engine would run these rules."""
    context = Context(options=None, references=references, today=TODAY, matches=matches)
    contexts = {code: prepared(RULES[code], context) for code in CODES}  # once per file, as the engine does
    found = []
    for reference, match in zip(references, matches):
        has_record = match.status == "matched" and match.record is not None
        codes: list[str] = []
        for code in CODES:
            rule = RULES[code]
            if rule.NEEDS_RECORD and not has_record:
                continue
            codes.extend(code for _ in rule.check(reference, match, contexts[code]))
        found.append(codes)
    return found


def build(case: dict, mode: str) -> Reference | None:
    if mode == "fields":
        fields = dict(case["fields"])
        return make_reference(case["text"], authors=fields.pop("authors", []), **fields)
    try:
        from citelint.readers.refstring import parse_line
    except ImportError:
        return None
    return parse_line(case["text"])


def labelled_set(mode: str) -> None:
    cases = [json.loads(line) for line in (FIXTURES / "references.jsonl").read_text().splitlines() if line.strip()]
    source = SnapshotSource(FIXTURES / "snapshot.jsonl")
    built = [build(case, mode) for case in cases]
    references = [reference for reference in built if reference is not None]
    if len(references) < len(built):
        print(f"[{mode}] text reader unavailable: skipped")
        return
    started = time.perf_counter()
    matches = [match_reference(reference, source) for reference in references]
    matching = time.perf_counter() - started
    started = time.perf_counter()
    codes = run_rules(references, matches)
    rules = time.perf_counter() - started
    per_rule: Counter[tuple[str, str]] = Counter()
    for case, found in zip(cases, codes):
        for code in found:
            per_rule[(code, case["kind"])] += 1
    print(f"[{mode}] {len(cases)} references; matching {matching:.1f} s, status rules {rules * 1000:.0f} ms")
    statuses = Counter(match.status for match in matches)
    print(f"  matches: {dict(statuses)}")
    for code in CODES:
        hits = {kind: n for (c, kind), n in sorted(per_rule.items()) if c == code}
        print(f"  {code} {RULES[code].NAME}: {sum(hits.values())} {hits if hits else ''}")
    absent = [(c, f) for c, f in zip(cases, codes) if c["label"] == "none" and c["kind"] != "grey"]
    present = [(c, f, m) for c, f, m in zip(cases, codes, matches) if c["label"] != "none"]
    grey = [(c, f) for c, f in zip(cases, codes) if c["kind"] == "grey"]
    absent_articles = [(c, f) for c, f in absent if c["fields"].get("type") == "article"]
    print(f"  CL308 on articles absent from the snapshot: {sum('CL308' in f for _, f in absent_articles)}"
          f"/{len(absent_articles)} (recall)")
    print(f"  CL308 on works present in the snapshot: {sum('CL308' in f for _, f, _ in present)}/{len(present)}"
          f" (false alarms; of which matcher misses: "
          f"{sum(m.status == 'not-found' for _, _, m in present)} not-found in all)")
    print(f"  CL308 on grey literature: {sum('CL308' in f for _, f in grey)}/{len(grey)}")
    corrected = [(c, f) for c, f in zip(cases, codes) if c["kind"] == "corrected"]
    print(f"  on 'corrected' cases: {Counter(code for _, f in corrected for code in f)}")


def speed(count: int = 10_000) -> None:
    records = [
        make_record("10.1/a", updated_by=[{"type": "retraction", "doi": "10.1/n", "source": "retraction-watch"},
                                          {"type": "retraction", "doi": "10.1/N", "source": "publisher"}]),
        make_record("10.1/b", updated_by=[{"type": "correction", "doi": "10.1/c"}]),
        make_record("10.1/d", updated_by=[{"type": "expression_of_concern", "doi": "10.1/e"}]),
        make_record("10.1101/f", type="posted-content", relations={"is-preprint-of": ["10.1/g"]}),
        make_record("10.1/g", relations={"has-preprint": ["10.1101/f"]}, volume="3", page="1-9", year_print=2020),
        make_record("10.1/h", volume="3", page="1-9", year_print=2020),
    ]
    references, matches = [], []
    for number in range(count):
        record = records[number % len(records)]
        status = "in press" if number % 7 == 0 else None
        text = f"Author{number} A. Title number {number}. J Biol 2020;3:1-9."
        references.append(make_reference(text, index=number + 1, title=f"Title number {number}",
                                         container="J Biol", volume="3", pages="1-9", status=status))
        matches.append(matched(record) if number % 5 else Match(status="not-found", reason="no candidate found"))
    started = time.perf_counter()
    codes = run_rules(references, matches)
    elapsed = time.perf_counter() - started
    print(f"speed: {count} references, 7 rules: {elapsed:.2f} s, {elapsed / count * 1e6:.0f} us per reference; "
          f"findings {Counter(code for found in codes for code in found)}")


if __name__ == "__main__":
    labelled_set("fields")
    labelled_set("parser")
    speed()
