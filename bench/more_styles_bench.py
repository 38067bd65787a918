"""Matching and error detection in citation styles the 8-style data lacks, printed here with CSL.

    .venv/bin/python bench/more_styles_bench.py                  # every style below, both parts
    .venv/bin/python bench/more_styles_bench.py --part held-out  # the figure to report

The works are the 8-style benchmark's (`fixtures/styles/`, real Crossref records); each is
printed with citeproc-py (the dev extra) in Vancouver (NLM), Nature, APS, Elsevier Harvard and
Harvard "Cite them right", once as its record says (clean) and once with one error planted in
the record before printing (mutated: year shifted by one, a volume digit changed, a first-page
digit changed, or a letter of the first author's family name changed). The real command checks
each file against the stand-in Crossref that came with the data, as `bench/styles_bench.py` does,
and the same 30% of works (by a hash of the DOI) is held out.

Columns: right and wrong record (clean, mutated), clean references with a warning or error, and
planted errors reported by a warning or error on their field (overall and per class), and
reported with the record's value as the expected value.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import warnings
from collections import Counter
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "scripts"))

from render_refparse_styles import _csl, render
from styles_bench import DATA, STYLES, StandIn, part_of, run_citelint

PRINTED_IN = {  # a short name -> the CSL style
    "vancouver": "taylor-and-francis-vancouver-national-library-of-medicine",
    "nature": "nature",
    "aps": "american-physics-society",
    "elsevier-harvard": "elsevier-harvard",
    "harvard-ctr": "harvard-cite-them-right",
}
CLASSES = ("year", "volume", "pages", "authors")
PER_STYLE = 200
SEED = 20261203


def works() -> list[dict]:
    """The benchmark's cited works (not its distractors) in CSL-JSON, in a fixed order."""
    cited = set()
    for style in STYLES:
        for entry in json.loads((DATA / f"{style}.mutated.truth.json").read_text(encoding="utf-8")):
            cited.add(entry["doi"].lower())
    found = []
    for line in (DATA / "records.jsonl").open(encoding="utf-8"):
        record = _csl(json.loads(line), most_authors=None)  # a clean reference prints all the style prints
        if record and record["DOI"].lower() in cited:
            found.append(record)
    return sorted(found, key=lambda record: record["DOI"].lower())


def mutate(record: dict, kind: str, chance: random.Random) -> tuple[dict, str] | None:
    """The record with one planted error of the kind, and the record's value the rules should give back."""
    changed = json.loads(json.dumps(record))
    if kind == "year":
        year = ((record.get("issued") or {}).get("date-parts") or [[None]])[0][0]
        if not year:
            return None
        changed["issued"] = {"date-parts": [[int(year) + chance.choice((-1, 1))]]}
        return changed, str(year)
    if kind == "volume":
        volume = str(record.get("volume", ""))
        if not volume.isdigit():
            return None
        digit = str((int(volume[-1]) + chance.randint(1, 8)) % 10)
        changed["volume"] = (volume[:-1] + digit).lstrip("0") or "1"
        return changed, volume
    if kind == "pages":
        page = str(record.get("page", ""))
        first = re.match(r"\d+", page)
        if not first or "-" not in page:
            return None
        end = first.end()
        digit = str((int(page[end - 1]) + chance.randint(1, 8)) % 10)
        changed["page"] = page[:end - 1] + digit + page[end:]
        return changed, page
    authors = record.get("author") or []
    family = authors[0].get("family", "") if authors else ""
    if len(family) < 5 or not family.isalpha():
        return None
    at = chance.randrange(1, len(family) - 2)
    changed["author"][0]["family"] = family[:at] + family[at + 1] + family[at] + family[at + 2:]
    return (changed, family) if changed["author"][0]["family"] != family else None


def plain(value: object) -> str:
    return re.sub(r"\s*[-\u2010-\u2015\u2212]\s*", "-", str(value or "")).strip().lower()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--styles", default=",".join(PRINTED_IN), help="comma-separated styles")
    parser.add_argument("--part", choices=("both", "tuning", "held-out"), default="both")
    parser.add_argument("--keep", metavar="DIR", help="keep the printed files and citelint's output here")
    arguments = parser.parse_args(argv)
    warnings.filterwarnings("ignore")
    parts = ("tuning", "held-out") if arguments.part == "both" else (arguments.part,)
    chance = random.Random(SEED)
    cited = works()
    sample = chance.sample(cited, min(PER_STYLE, len(cited)))
    planted = []
    for number, record in enumerate(sample):
        kind = CLASSES[number % len(CLASSES)]
        planted.append((kind, mutate(record, kind, chance)))
    rows = []
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(arguments.keep) if arguments.keep else Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        with StandIn(0) as url:
            for name in (style for style in arguments.styles.split(",") if style):
                csl = PRINTED_IN[name]
                clean = _printed(csl, sample)
                mutated = _printed(csl, [found[0] if found else record for record, (_, found) in zip(sample, planted)])
                results = {}
                for variant, lines in (("clean", clean), ("mutated", mutated)):
                    source = folder / f"{name}.{variant}.txt"
                    source.write_text("".join(f"{line}\n\n" for line in lines), encoding="utf-8")
                    output = folder / f"{name}.{variant}.json"
                    run_citelint(source, url, output, None)
                    references = json.loads(output.read_text(encoding="utf-8"))["references"]
                    results[variant] = {(reference["line"] + 1) // 2: reference for reference in references}
                    print(f"checked {name} {variant}", file=sys.stderr)
                for part in parts:
                    rows.append((name, part, _score(sample, planted, results, part)))
    _print(rows)
    return 0


def _doi(reference: dict) -> str:
    return ((reference.get("match") or {}).get("doi") or "").lower()


def _printed(csl: str, records: list[dict]) -> list[str]:
    """Each record printed in the style, in the records' order (a style may sort its list)."""
    by_doi = {record["DOI"]: text for text, record in render(csl, records)}
    return [by_doi[record["DOI"]] for record in records]


def _score(sample: list[dict], planted: list, results: dict, part: str) -> dict:
    counts: Counter[str] = Counter()
    for number, (record, (kind, found)) in enumerate(zip(sample, planted), start=1):
        if part_of(record["DOI"]) != part:
            continue
        doi = record["DOI"].lower()
        clean = results["clean"].get(number, {})
        counts["n"] += 1
        counts["clean_right"] += _doi(clean) == doi
        counts["clean_wrong"] += _doi(clean) not in ("", doi)
        counts["false_alarm"] += any(f["severity"] in ("warning", "error") for f in clean.get("findings", []))
        if found is None:
            continue
        mutated = results["mutated"].get(number, {})
        counts["planted"] += 1
        counts[f"n_{kind}"] += 1
        counts["mutated_right"] += _doi(mutated) == doi
        counts["mutated_wrong"] += _doi(mutated) not in ("", doi)
        on_field = [f for f in mutated.get("findings", []) if f["severity"] in ("warning", "error")
                    and f.get("field") == kind]
        counts[f"reported_{kind}"] += bool(on_field)
        counts["reported"] += bool(on_field)
        right = {plain(found[1])}
        if kind == "pages":
            right.add(plain(found[1]).split("-")[0])  # a style that prints the first page only (APS, Nature)
        counts["fixed"] += any(plain(f.get("expected")) in right for f in on_field)
    return counts


def _share(counts: Counter, key: str, of: str) -> float:
    return counts[key] / counts[of] if counts[of] else 0.0


def _print(rows: list[tuple[str, str, Counter]]) -> None:
    heads = " ".join(f"{kind:>7}" for kind in CLASSES)
    print(f"\n{'style':16} {'part':8} {'refs':>4} {'clean':>6} {'mutatd':>6} {'wrong':>6} {'falarm':>7} "
          f"{'recall':>6} {heads} {'fix':>6}")
    for name, part, c in rows:
        share = partial(_share, c)
        wrong = (c["clean_wrong"] + c["mutated_wrong"]) / max(1, c["n"] + c["planted"])
        classes = " ".join(f"{share(f'reported_{kind}', f'n_{kind}'):7.2f}" for kind in CLASSES)
        print(f"{name:16} {part:8} {c['n']:4d} {share('clean_right', 'n'):6.3f} "
              f"{share('mutated_right', 'planted'):6.3f} {100 * wrong:5.2f}% {100 * share('false_alarm', 'n'):6.2f}% "
              f"{share('reported', 'planted'):6.3f} {classes} {share('fixed', 'planted'):6.3f}")


if __name__ == "__main__":
    sys.exit(main())
