"""Matching accuracy on the development set in fixtures/matching/, and search speed at scale.

    .venv/bin/python bench/matching_accuracy.py            # accuracy
    .venv/bin/python bench/matching_accuracy.py --scale    # plus 10,000 references x 10,000 records

Each labelled reference is matched against the snapshot three ways: with the
fields pinned as generated ("fields"), with the text alone as if the reader
had failed to split it ("raw"), and parsed by citelint.readers.refstring
("parser", when that reader imports). Prints the share matched to the right
DOI (or rightly not found, for works absent from the snapshot), matched to a
wrong one, not found, and ambiguous: overall, for strings with injected
errors, per error and per kind of record.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from citelint.match.matching import match_reference  # noqa: E402
from citelint.model import Match, Reference  # noqa: E402
from citelint.sources.snapshot import SnapshotSource  # noqa: E402
from tests.helpers import make_reference  # noqa: E402

FIXTURES = ROOT / "fixtures" / "matching"
OUTCOMES = ("right", "wrong", "not-found", "ambiguous", "other")


def load_cases(folder: Path) -> list[dict]:
    lines = (folder / "references.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def build(case: dict, mode: str) -> Reference | None:
    if mode == "fields":
        fields = dict(case["fields"])
        return make_reference(case["text"], authors=fields.pop("authors", []), **fields)
    if mode == "raw":
        return make_reference(case["text"])
    try:
        from citelint.readers.refstring import parse_line
    except ImportError:
        return None
    return parse_line(case["text"])


def outcome(case: dict, match: Match) -> str:
    label = case["label"]
    if match.status == "matched":
        return "right" if label != "none" and match.record.doi == label.lower() else "wrong"
    if match.status == "not-found":
        return "right" if label == "none" else "not-found"
    if match.status == "ambiguous":
        return "ambiguous"
    return "other"


def line(name: str, counts: Counter) -> str:
    total = sum(counts.values()) or 1
    shares = "  ".join(f"{key} {100 * counts[key] / total:5.1f}%" for key in OUTCOMES)
    return f"  {name:<24} n={sum(counts.values()):<4} {shares}"


def accuracy(source: SnapshotSource, cases: list[dict], mode: str, show_wrong: str | None) -> None:
    overall: Counter = Counter()
    with_errors: Counter = Counter()
    in_snapshot: Counter = Counter()
    absent: Counter = Counter()
    by_error: dict[str, Counter] = defaultdict(Counter)
    by_kind: dict[str, Counter] = defaultdict(Counter)
    wrong = []
    confidences: dict[str, list[float]] = defaultdict(list)  # of matches, right or wrong
    started = time.perf_counter()
    for case in cases:
        reference = build(case, mode)
        if reference is None:
            print(f"mode {mode}: reader not available, skipped")
            return
        match = match_reference(reference, source)
        result = outcome(case, match)
        overall[result] += 1
        by_kind[case["kind"]][result] += 1
        if case["errors"]:
            with_errors[result] += 1
        (absent if case["label"] == "none" else in_snapshot)[result] += 1
        for error in case["errors"]:
            by_error[error][result] += 1
        if match.status == "matched":
            confidences[result].append(match.confidence)
        if result == "wrong" or (show_wrong == "all" and result != "right"):
            wrong.append((case, match))
    elapsed = time.perf_counter() - started
    print(f"mode {mode}: {len(cases)} references in {elapsed:.2f} s ({len(cases) / elapsed:.0f}/s)")
    print(line("all", overall))
    print(line("with injected errors", with_errors))
    print(line("work in the snapshot", in_snapshot))
    print(line("work absent", absent))
    matched = overall["right"] - absent["right"] + overall["wrong"]
    print(f"  precision of matches: {overall['right'] - absent['right']}/{matched} right")
    sure = sum(value >= 0.9 for value in confidences["right"])
    print(f"  confidence >= 0.9 (rules report errors, safe fixes): {sure}/{len(confidences['right'])} right matches, "
          f"{sum(value >= 0.9 for value in confidences['wrong'])}/{len(confidences['wrong'])} wrong ones")
    for error in sorted(by_error):
        print(line(f"error {error}", by_error[error]))
    for kind in sorted(by_kind):
        print(line(f"kind {kind}", by_kind[kind]))
    if show_wrong:
        for case, match in wrong:
            found = match.record.doi if match.record else match.status
            print(f"    {case['label']} -> {found} ({match.confidence}): {case['text'][:150]}\n"
                  f"        {case['errors']} {match.reason}")


def scale(count: int) -> None:
    """Matching `count` references against a snapshot of `count` synthetic records."""
    import random
    import tempfile

    sys.path.insert(0, str(FIXTURES))
    from generate import Builder, fields_of, render

    builder = Builder()
    works = [builder.article() for _ in range(count)]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.jsonl"
        path.write_text("".join(json.dumps(work) + "\n" for work in works), encoding="utf-8")
        started = time.perf_counter()
        source = SnapshotSource(path)
        loaded = time.perf_counter() - started
    rng = random.Random(1)
    references = []
    for number, work in enumerate(works):
        fields = fields_of(work)
        text = render(fields, rng.choice(["apa", "vancouver", "ieee", "chicago", "harvard", "nature"]), number, False)
        references.append((make_reference(text), work["DOI"].lower()))
    started = time.perf_counter()
    counts: Counter = Counter()
    for reference, doi in references:
        match = match_reference(reference, source)
        counts["right" if match.record is not None and match.record.doi == doi else match.status] += 1
    elapsed = time.perf_counter() - started
    print(f"scale: {count} records loaded and indexed in {loaded:.2f} s; {count} raw-text references matched "
          f"in {elapsed:.1f} s ({count / elapsed:.0f}/s); outcomes {dict(counts)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", action="store_true", help="also time 10,000 x 10,000")
    parser.add_argument("--show", choices=("wrong", "all"), help="print wrong matches, or every miss")
    parser.add_argument("--fixtures", type=Path, default=FIXTURES, help="a folder written by generate.py")
    arguments = parser.parse_args()
    started = time.perf_counter()
    source = SnapshotSource(arguments.fixtures / "snapshot.jsonl")
    print(f"snapshot: {len(source)} records loaded in {time.perf_counter() - started:.2f} s")
    cases = load_cases(arguments.fixtures)
    labelled = sum(case["label"] != "none" for case in cases)
    print(f"references: {len(cases)} ({labelled} in the snapshot, {len(cases) - labelled} absent), "
          f"{sum(bool(case['errors']) for case in cases)} with injected errors")
    print("'right' = matched to the true DOI, or not found for a work absent from the snapshot")
    for mode in ("fields", "raw", "parser"):
        accuracy(source, cases, mode, arguments.show)
    if arguments.scale:
        scale(10_000)


if __name__ == "__main__":
    main()
