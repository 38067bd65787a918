"""Every rule, offline, on real bibliographies from public repositories, scored against verdicts.

The corpus is listed in bench/corpus/realbib/SOURCES.tsv (repository or TeX Live package, path,
commit or package version, licence, field, exporting tool, which entries were taken). Files whose
licence allows it are in the repository, in bench/corpus/realbib/; the others are restored into a
folder of your choice by scripts/restore_realbib_corpus.py and named here with --external DIR. The bench runs on whatever
files are present and says how many it found.

Every finding of every rule on the corpus was read once by hand; bench/corpus/realbib/verdicts.csv
holds the verdicts (file, entry key, rule, right or wrong, why). A finding not in it is counted as
unjudged, and a verdict of "right" that no finding reproduces any more is listed as a lost find.

Each file's part of the corpus is a column of SOURCES.tsv, fixed before any finding on it was read:
"tuning" (rules were tuned on these), "former held-out (looked at)" (a third chosen by a hash of the
repository name and held out at first; their findings have since been read and fixed, so they are
held out no longer, and are printed apart only to keep the history honest), and "fresh held-out"
(files added after that and never tuned on: the figure to report). Each part is printed apart.

    .venv/bin/python bench/real_bibliographies.py [--external DIR] [--unjudged] [--wrong]
"""

from __future__ import annotations

import argparse
import collections
import csv
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "bench" / "corpus" / "realbib"
SEVERITIES = ("error", "warning", "info")


PARTS = ("tuning", "former held-out (looked at)", "fresh held-out")


@dataclass(frozen=True)
class Source:
    file: str
    repo: str
    part: str


@dataclass(frozen=True)
class Finding:
    file: str
    key: str
    rule: str
    severity: str
    message: str


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--external", type=Path, help="folder holding the restored files not kept in the repository")
    parser.add_argument("--unjudged", action="store_true", help="print the unjudged findings as verdict rows to fill in")
    parser.add_argument("--wrong", action="store_true", help="print the findings judged wrong (marked with their part)")
    arguments = parser.parse_args(argv)

    sources = _sources()
    paths = {}
    for name in sources:
        for folder in (CORPUS, arguments.external):
            if folder is not None and (folder / name).is_file():
                paths[name] = folder / name
                break
    missing = sorted(set(sources) - set(paths))
    print(f"corpus: {len(paths)} of {len(sources)} files present", end="")
    print(f" ({len(missing)} missing: restore them with scripts/restore_realbib_corpus.py)" if missing else "")

    entries, findings = _run(paths)
    verdicts = _verdicts()
    _table("all files", entries, findings, verdicts, set(paths))
    for part in PARTS:
        _table(f"{part} files", entries, findings, verdicts, {name for name in paths if sources[name].part == part})
    if arguments.wrong:
        for finding in findings:
            if verdicts.get((finding.file, finding.key, finding.rule)) == "wrong":
                part = sources[finding.file].part
                print(f"[{part}] {finding.file} {finding.key} {finding.rule} {finding.severity}: {finding.message}")
    if arguments.unjudged:
        writer = csv.writer(sys.stdout)
        for finding in findings:
            if (finding.file, finding.key, finding.rule) not in verdicts:
                writer.writerow([finding.file, finding.key, finding.rule, "", finding.severity + ": " + finding.message])
    return 0


def _sources() -> dict[str, Source]:
    with (CORPUS / "SOURCES.tsv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return {row["file"]: Source(row["file"], row["repo"], row["part"]) for row in rows}


def _verdicts() -> dict[tuple[str, str, str], str]:
    with (CORPUS / "verdicts.csv").open(encoding="utf-8", newline="") as handle:
        return {(row["file"], row["key"], row["rule"]): row["verdict"] for row in csv.DictReader(handle)}


def _run(paths: dict[str, Path]) -> tuple[dict[str, set[str]], list[Finding]]:
    """Entry keys per file and every finding, from one offline run of the command line."""
    by_path = {str(path): name for name, path in paths.items()}
    command = [sys.executable, "-m", "citelint", "check", "--offline", "--no-cache", "--format", "json", *by_path]
    completed = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    report = json.loads(completed.stdout)
    entries: dict[str, set[str]] = collections.defaultdict(set)
    findings = []
    for reference in report["references"]:
        name = by_path[reference["file"]]
        key = reference["parsed"].get("key") or f"#{reference['index']}"
        entries[name].add(key)
        for finding in reference["findings"]:
            findings.append(Finding(name, key, finding["code"], finding["severity"], finding["message"]))
    return entries, findings


def _table(
    title: str,
    entries: dict[str, set[str]],
    findings: list[Finding],
    verdicts: dict[tuple[str, str, str], str],
    files: set[str],
) -> None:
    total = sum(len(entries[name]) for name in files)
    print(f"\n== {title}: {len(files)} files, {total} entries")
    print(f"{'rule':6} {'findings':>8} {'right':>6} {'wrong':>6} {'unjudged':>8}   right/wrong at error, warning, info")
    counts: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    wrong_loud: set[tuple[str, str]] = set()
    wrong_any: set[tuple[str, str]] = set()
    seen: set[tuple[str, str, str]] = set()
    for finding in findings:
        if finding.file not in files:
            continue
        triple = (finding.file, finding.key, finding.rule)
        seen.add(triple)
        verdict = verdicts.get(triple, "unjudged")
        tally = counts[finding.rule]
        tally["findings"] += 1
        tally[verdict] += 1
        tally[f"{verdict}:{finding.severity}"] += 1
        if verdict == "wrong":
            wrong_any.add(triple[:2])
            if finding.severity in ("error", "warning"):
                wrong_loud.add(triple[:2])
    for rule in sorted(counts):
        tally = counts[rule]
        by_level = ", ".join(f"{tally['right:' + level]}/{tally['wrong:' + level]}" for level in SEVERITIES)
        print(f"{rule:6} {tally['findings']:8} {tally['right']:6} {tally['wrong']:6} {tally['unjudged']:8}   {by_level}")
    lost = sorted(triple for triple, verdict in verdicts.items() if verdict == "right" and triple[0] in files and triple not in seen)
    print(f"entries with a wrong warning or error: {len(wrong_loud)} ({_percent(len(wrong_loud), total)})")
    print(f"entries with a wrong finding of any severity: {len(wrong_any)} ({_percent(len(wrong_any), total)})")
    print(f"right findings no longer found: {len(lost)}")
    for triple in lost:
        print("    " + " ".join(triple))


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.2f}%" if whole else "n/a"


if __name__ == "__main__":
    raise SystemExit(main())
