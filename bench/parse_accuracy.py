"""Field-level precision, recall and F1 of the text reference parser, per citation style.

Reads the labelled corpus in fixtures/parsing/ (built by
scripts/make_parse_corpus.py); the held-out `test` part by default.
A predicted field counts as right when it equals the gold field after the
normalisation the rules use for comparison (text_key for titles and
containers, name_key per author, doi_key for DOIs, exact otherwise).

    .venv/bin/python bench/parse_accuracy.py [--part dev|test] [--errors N]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIELDS = ("authors", "title", "year", "container", "volume", "issue", "pages", "doi")


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(ROOT))
    from citelint.readers.refstring import parse_line

    parser = argparse.ArgumentParser()
    parser.add_argument("--part", choices=("dev", "test"), default="test")
    parser.add_argument("--errors", type=int, default=0, help="print this many wrong fields")
    args = parser.parse_args(argv)
    rows = [json.loads(line) for line in (ROOT / "fixtures" / "parsing" / f"{args.part}.jsonl").open(encoding="utf-8")]

    counts: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))
    errors = []
    for row in rows[:20]:
        parse_line(row["text"])  # warm up: lazy imports (wordfreq's table) and compiled patterns
    started = time.process_time()
    parsed = [parse_line(row["text"]) for row in rows]
    elapsed = time.process_time() - started
    for row, reference in zip(rows, parsed):
        for name in FIELDS:
            gold, predicted = comparable(name, row["gold"].get(name)), comparable(name, predicted_value(reference, name))
            tally = counts[row["style"]][name]
            if predicted is not None and predicted == gold:
                tally[0] += 1
            else:
                if predicted is not None:
                    tally[1] += 1
                if gold is not None:
                    tally[2] += 1
                if gold != predicted:
                    errors.append((row["style"], name, row["gold"].get(name), predicted_value(reference, name), row["text"]))

    print(f"{args.part}: {len(rows)} references, {elapsed / len(rows) * 1e6:.0f} us CPU per reference")
    print(f"{'style':<22}" + "".join(f"{name:>10}" for name in FIELDS) + f"{'all':>8}")
    for style in sorted(counts):
        cells = [f1(*counts[style][name]) for name in FIELDS]
        total = [sum(counts[style][name][i] for name in FIELDS) for i in range(3)]
        print(f"{style:<22}" + "".join(f"{cell:>10}" for cell in cells) + f"{f1(*total):>8}")
    print("cells: F1 (precision/recall in the detail table below)")
    for style in sorted(counts):
        detail = " ".join(f"{name}={pr(*counts[style][name])}" for name in FIELDS)
        print(f"  {style}: {detail}")
    print_throughput([row["text"] for row in rows])
    for style, name, gold, predicted, text in errors[: args.errors]:
        print(f"\n[{style}] {name}: gold={gold!r} got={predicted!r}\n  {text}")
    return 0


def print_throughput(lines: list[str]) -> None:
    """Time read_text over whole lists: 10,000 references, and 50,000 lines."""
    from citelint.model import SourceText
    from citelint.readers.text import read_text

    for count in (10_000, 50_000):
        text = "\n".join(lines[i % len(lines)] for i in range(count)) + "\n"
        started = time.process_time()
        references = read_text(SourceText("bench.txt", text))
        elapsed = time.process_time() - started
        print(f"read_text: {len(references)} references in {elapsed:.2f} s CPU ({elapsed / count * 1e6:.0f} us each)")


def compare(expected: list, references: list) -> tuple[dict[str, list[int]], list[str]]:
    """[true positives, false positives, false negatives] per field of gold dicts against references read
    in the same order, and each wrong field described."""
    counts = {field: [0, 0, 0] for field in FIELDS}
    wrong = []
    for index in range(max(len(expected), len(references))):
        truth = expected[index] if index < len(expected) else {}
        found = references[index] if index < len(references) else None
        for field in FIELDS:
            want = comparable(field, truth.get(field))
            got = comparable(field, predicted_value(found, field)) if found else None
            tally = counts[field]
            if got is not None and got == want:
                tally[0] += 1
                continue
            tally[1] += got is not None
            tally[2] += want is not None
            if got != want:
                read = predicted_value(found, field) if found else "(no reference)"
                wrong.append(f"#{index + 1} {field}: gold={truth.get(field)!r} got={read!r}")
    return counts, wrong


def predicted_value(reference, name: str):
    if name == "authors":
        return [author.organisation or author.family for author in reference.authors] or None
    return getattr(reference, name)


def comparable(name: str, value):
    from citelint.fields.normalize import doi_key, name_key, text_key

    if not value:
        return None
    if name == "authors":
        return tuple(name_key(item) for item in value)
    if name in ("title", "container"):
        return text_key(value)
    if name == "doi":
        return doi_key(value)
    return " ".join(str(value).split())


def f1(tp: int, fp: int, fn: int) -> str:
    if tp + fp + fn == 0:
        return "-"
    return f"{2 * tp / (2 * tp + fp + fn):.3f}"


def pr(tp: int, fp: int, fn: int) -> str:
    precision = f"{tp / (tp + fp):.2f}" if tp + fp else "-"
    recall = f"{tp / (tp + fn):.2f}" if tp + fn else "-"
    return f"{precision}/{recall}"


if __name__ == "__main__":
    raise SystemExit(main())
