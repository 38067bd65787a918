"""Matching and error detection in eight citation styles, against a local stand-in Crossref.

    .venv/bin/python bench/styles_bench.py                   # every style, clean and mutated
    .venv/bin/python bench/styles_bench.py --styles apa,ieee  # some styles
    .venv/bin/python bench/styles_bench.py --part tuning      # only the part tuned on

The data are `fixtures/styles/` (real Crossref records printed in eight styles, each
reference once as printed and once with one planted error; see its README). The stand-in
server that came with them serves the records on 127.0.0.1, and the real command
`citelint check --format json --crossref-url URL --no-cache FILE` checks each file; the
scorer that came with the data scores its output.

The references of each style are split by a hash of their DOI: 30% are held out and never
looked at while tuning. Both parts are printed; the held-out one is the figure to report.
Columns: right record (clean, mutated), wrong record (both files), clean references with a
warning or error, planted errors reported by a warning or error on the right field (overall
and per class), and reported with the record's value as the fix.

Development only: ``--cache-dir DIR --port N`` keeps Crossref's answers between runs (the
cache keys on the URL, so the port must stay the same); reported figures use --no-cache.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "fixtures" / "styles"
sys.path.insert(0, str(DATA))

import score_styles

STYLES = ("apa", "chicago-author-date", "harvard3", "ieee", "modern-language-association",
          "american-chemical-society", "american-institute-of-physics", "elsevier-without-titles")
SHORT = {"chicago-author-date": "chicago", "modern-language-association": "mla",
         "american-chemical-society": "acs", "american-institute-of-physics": "aip",
         "elsevier-without-titles": "elsevier"}
CLASSES = ("page-separator-dropped", "page-digit-changed", "title-typo", "title-word-substituted",
           "year-shift", "volume-changed", "author-surname-typo", "author-dropped")
CLASS_HEADS = ("pgsep", "pgdig", "ttypo", "tword", "year", "vol", "autyp", "audrop")
HELD_OUT_SHARE = 30  # percent


def part_of(doi: str) -> str:
    """"held-out" for a fixed 30% of DOIs, chosen by their hash; else "tuning"."""
    digest = hashlib.sha256(doi.strip().lower().encode()).hexdigest()
    return "held-out" if int(digest[:8], 16) % 100 < HELD_OUT_SHARE else "tuning"


class StandIn:
    """The stand-in Crossref, serving the benchmark's records on 127.0.0.1 while in use."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.process: subprocess.Popen[str] | None = None

    def __enter__(self) -> str:
        command = [sys.executable, str(DATA / "crossref_standin.py"), str(DATA / "records.jsonl"),
                   "--port", str(self.port)]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if line.startswith("PORT "):
                return f"http://127.0.0.1:{line.split()[1]}"
        raise RuntimeError("the stand-in Crossref did not start")

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait()


def run_citelint(text_file: Path, url: str, out: Path, cache_dir: str | None) -> None:
    command = [sys.executable, "-m", "citelint", "check", "--format", "json", "--crossref-url", url,
               "--mailto", "bench@example.org", "--fail-on", "error", str(text_file)]
    command += ["--cache-dir", cache_dir] if cache_dir else ["--no-cache"]
    with out.open("w", encoding="utf-8") as sink:
        subprocess.run(command, stdout=sink, check=False, cwd=ROOT)


def score_part(style: str, variant: str, output: Path, part: str, scratch: Path) -> dict:
    """The scorer's figures on one part: it reads the truth from a folder holding only that part's lines."""
    folder = scratch / part
    folder.mkdir(exist_ok=True)
    truth = json.loads((DATA / f"{style}.mutated.truth.json").read_text(encoding="utf-8"))
    kept = [entry for entry in truth if part in ("all", part_of(entry["doi"]))]
    (folder / f"{style}.mutated.truth.json").write_text(json.dumps(kept), encoding="utf-8")
    return score_styles.score(style, variant, str(output), folder)


def row(style: str, part: str, clean: dict, mutated: dict) -> str:
    clean_counts, mutated_counts = clean["matching_counts"], mutated["matching_counts"]
    wrong = (clean_counts.get("wrong_doi", 0) + mutated_counts.get("wrong_doi", 0)) / (clean["lines"] + mutated["lines"])
    overall = mutated["mutated"]["overall"]
    classes = mutated["mutated"]["classes"]
    per_class = " ".join(f"{classes[name]['recall']:6.2f}" if name in classes else f"{'-':>6}" for name in CLASSES)
    return (f"{SHORT.get(style, style):9} {part:8} {clean['lines']:4d} {clean['matching']['correct']:6.3f} "
            f"{mutated['matching']['correct']:6.3f} {100 * wrong:6.2f}% {100 * clean['clean']['false_alarm_rate']:6.2f}% "
            f"{overall['recall']:6.3f} {per_class} {overall['exact_fix']:6.3f}")


def header() -> str:
    classes = " ".join(f"{head:>6}" for head in CLASS_HEADS)
    return (f"{'style':9} {'part':8} {'refs':>4} {'clean':>6} {'mutatd':>6} {'wrong':>7} {'falarm':>7} "
            f"{'recall':>6} {classes} {'fix':>6}\n"
            f"{'':9} {'':8} {'':4} {'right record':>13} {'':7} {'clean':>7} {'planted errors reported (per class)':>55}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--styles", default=",".join(STYLES), help="comma-separated styles")
    parser.add_argument("--part", choices=("both", "tuning", "held-out"), default="both")
    parser.add_argument("--keep", metavar="DIR", help="keep citelint's JSON output and the scores here")
    parser.add_argument("--cache-dir", help="development only: keep Crossref's answers here between runs")
    parser.add_argument("--port", type=int, default=0, help="the stand-in's port (fix it with --cache-dir)")
    arguments = parser.parse_args(argv)
    styles = [style for style in arguments.styles.split(",") if style]
    parts = ("tuning", "held-out") if arguments.part == "both" else (arguments.part,)
    with tempfile.TemporaryDirectory() as temporary:
        scratch = Path(temporary)
        keep = Path(arguments.keep) if arguments.keep else scratch
        keep.mkdir(parents=True, exist_ok=True)
        scores: dict[tuple[str, str, str], dict] = {}
        with StandIn(arguments.port) as url:
            for style in styles:
                for variant in ("clean", "mutated"):
                    output = keep / f"{style}.{variant}.json"
                    run_citelint(DATA / f"{style}.{variant}.txt", url, output, arguments.cache_dir)
                    for part in parts:
                        scores[style, variant, part] = score_part(style, variant, output, part, scratch)
                    print(f"checked {style} {variant}", file=sys.stderr)
        if arguments.keep:
            (keep / "scores.json").write_text(json.dumps({"/".join(key): value for key, value in scores.items()}),
                                              encoding="utf-8")
        for part in parts:
            print(f"\n{part} part ({'the figure to report' if part == 'held-out' else 'tuned on'}):")
            print(header())
            for style in styles:
                print(row(style, part, scores[style, "clean", part], scores[style, "mutated", part]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
