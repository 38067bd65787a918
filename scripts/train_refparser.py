"""Train the reference labeller's CRF on fixtures/refparse/ and write citelint/data/refparser.crfsuite.gz.

Every source is split by a hash of the reference string: one part in five is held out (never trained
on, never looked at while tuning; bench/parse_crf.py scores it). Training is deterministic (a fixed order
of the data, L-BFGS with fixed settings; no randomness), so retraining gives the same model.

    .venv/bin/python scripts/train_refparser.py [--all] [--out PATH]

--all also trains on the held-out part (not what ships: the shipped model is scored on that part).
Lines of works that bench/styles_bench.py holds out (by a hash of their DOI) are never trained on.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "fixtures" / "refparse"
MODEL = ROOT / "citelint" / "data" / "refparser.crfsuite.gz"
SOURCES = ("anystyle", "grobid", "styles", "csl", "rendered")
PARAMS = {
    "c1": 0.3,  # L1 keeps the model small: most word features get no weight
    "c2": 0.01,
    "max_iterations": 150,
    "feature.possible_transitions": True,
}


def is_held_out(text: str) -> bool:
    """One reference in five, chosen by a hash of its string."""
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest()[:8], 16) % 5 == 0


def in_styles_bench_held_out(doi: str) -> bool:
    """Whether bench/styles_bench.py holds this DOI out (30%, by its hash): its works are never trained on."""
    if str(ROOT / "bench") not in sys.path:
        sys.path.insert(0, str(ROOT / "bench"))
    from styles_bench import part_of

    return part_of(doi) == "held-out"


def is_trained_on(row: dict) -> bool:
    return not is_held_out(str(row["text"])) and not (row.get("doi") and in_styles_bench_held_out(str(row["doi"])))


def load(sources: tuple[str, ...] = SOURCES) -> list[dict]:
    """The labelled references, each without a leading citation number (the list reader cuts that off)."""
    rows: list[dict] = []
    for source in sources:
        with gzip.open(DATA / f"{source}.jsonl.gz", "rt", encoding="utf-8") as handle:
            rows.extend(_without_number(json.loads(line)) for line in handle)
    return [row for row in rows if row["text"] and row["fields"]]


def _without_number(row: dict) -> dict:
    fields = row["fields"]
    if not fields or fields[0][0] != "number" or fields[0][1] > 1:
        return row
    cut = fields[0][2]
    text = row["text"][cut:]
    shift = cut + len(text) - len(text.lstrip(" .)]:"))
    return {**row, "text": row["text"][shift:],
            "fields": [[label, start - shift, end - shift] for label, start, end in fields[1:] if start >= shift]}


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(ROOT))
    import pycrfsuite

    from citelint.readers.labeller import features, tokenize, training_labels

    parser = argparse.ArgumentParser()
    parser.add_argument("--all", action="store_true", help="train on the held-out part too")
    parser.add_argument("--out", type=Path, default=MODEL)
    parser.add_argument("--iterations", type=int, default=PARAMS["max_iterations"])
    args = parser.parse_args(argv)
    rows = [row for row in load() if is_trained_on(row) or (args.all and not row.get("doi"))]
    trainer = pycrfsuite.Trainer(verbose=False)
    started = time.time()
    for row in rows:
        text = str(row["text"])
        tokens = tokenize(text)
        if tokens:
            trainer.append(features(text, tokens), training_labels(tokens, [tuple(f) for f in row["fields"]]))
    trainer.set_params({**PARAMS, "max_iterations": args.iterations})
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.crfsuite"
        trainer.train(str(path))
        model = path.read_bytes()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(args.out, "wb", mtime=0, compresslevel=9) as handle:  # mtime 0: the same bytes each run
        handle.write(model)
    print(f"trained on {len(rows)} references in {time.time() - started:.0f} s; "
          f"{len(model) / 1e6:.1f} MB, {args.out.stat().st_size / 1e6:.1f} MB gzipped -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
