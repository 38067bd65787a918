"""The local index at scale: build time, size, peak memory, lookups/s, and the 8-style benchmark through it.

    .venv/bin/python bench/index_scale.py                          # 100,000 and 1,000,000 records
    .venv/bin/python bench/index_scale.py --records 100000 --audit # and citelint audit on 1 and 2 workers
    .venv/bin/python bench/index_scale.py --standin fixtures/styles/crossref_standin.py   # and matching through the stand-in API

Records are generated from fixtures/styles/records.jsonl (bench/index_records.py:
the 1,913 real records, then varied copies) and written in Crossref's public
data file layout (*.json.gz of 5,000 works); writing them is not timed. Each
build runs as `citelint index build` in a child process pinned to one core;
its peak memory is the child's maximum resident set. Lookups and matching run
in this process, pinned to the same core, one at a time: DOI lookups and
searches of printed references per second, and the 3,200 references of the 8
styles' clean files (fixtures/styles/*.clean.txt) read by the text reader and
matched (each line read as a reference of its own; timed: the matching, not the reading), with the share matched to the
true DOI per style.

--standin FILE loads a stand-in Crossref API (a module with an `Index` class
over work records whose `search(query, rows)` returns `(items, total)`, such as
the benchmark's crossref_standin.py) over the same 1,913 records, and matches
the same references through it, for the per-style difference. --audit times
`citelint audit` on 16 manuscripts of 200 references (the styles' clean and
mutated files) with 1 and 2 workers, on all cores.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from index_records import generated, printed, real_records, write_public_data_folder  # noqa: E402

from citelint.fields.normalize import doi_key  # noqa: E402
from citelint.index.store import size_on_disk  # noqa: E402
from citelint.match.matching import match_reference  # noqa: E402
from citelint.model import Reference, SourceText  # noqa: E402
from citelint.readers import read  # noqa: E402
from citelint.sources.index import IndexSource  # noqa: E402

STYLES = ROOT / "fixtures" / "styles"
ONE_CORE = {min(os.sched_getaffinity(0))}


def style_references() -> dict[str, list[tuple[Reference, str]]]:
    """Each style's clean references with their true DOI."""
    found = {}
    for path in sorted(STYLES.glob("*.clean.txt")):
        style = path.name.removesuffix(".clean.txt")
        truth = {row["line"]: doi_key(row["doi"]) for row in json.loads((STYLES / f"{style}.clean.truth.json").read_text())}
        lines = path.read_text(encoding="utf-8").splitlines()
        found[style] = [(read(SourceText(str(path), line), "text")[0], truth[number])
                        for number, line in enumerate(lines, 1)]
    return found


def build(source: Path, out: Path) -> tuple[float, int]:
    """`citelint index build` in a child pinned to one core: seconds, and its peak resident memory in bytes."""
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "citelint", "index", "build", str(source), "--out", str(out), "-q"],
                             preexec_fn=lambda: os.sched_setaffinity(0, ONE_CORE))
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"index build failed with status {child.returncode}")
    return time.perf_counter() - started, usage.ru_maxrss * 1024


def per_second(call: Callable[[Any], Any], arguments: list[Any]) -> float:
    started = time.perf_counter()
    for argument in arguments:
        call(argument)
    return len(arguments) / (time.perf_counter() - started)


def match_styles(source: Any, styles: dict[str, list[tuple[Reference, str]]]) -> tuple[float, dict[str, float]]:
    """Seconds to match every reference, and per style the share matched to the true DOI."""
    seconds = 0.0
    shares = {}
    for style, cases in styles.items():
        started = time.perf_counter()
        matches = [match_reference(reference, source) for reference, _ in cases]
        seconds += time.perf_counter() - started
        right = sum(1 for match, (_, doi) in zip(matches, cases)
                    if match.status == "matched" and match.record and doi_key(match.record.doi) == doi)
        shares[style] = 100 * right / len(cases)
    return seconds, shares


class StandinSource:
    """A stand-in Crossref API's ranking, called in process (no HTTP, no rate limits)."""

    name = "crossref"
    concurrency = 1

    def __init__(self, module_path: Path, records: list[dict[str, Any]]) -> None:
        spec = importlib.util.spec_from_file_location("crossref_standin", module_path)
        if spec is None or spec.loader is None:
            raise SystemExit(f"{module_path}: cannot load")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        self._index = module.Index(records)

    def work(self, doi: str) -> dict[str, Any] | None:
        found: dict[str, Any] | None = self._index.by_doi.get(doi_key(doi))
        return found

    def search(self, query: str, rows: int = 10) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = self._index.search(query, rows)[0]
        return items


def audit_speed(index: Path, folder: Path) -> None:
    folder.mkdir()
    for path in sorted(STYLES.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for half in (0, 1):
            (folder / f"{path.stem}.{half}.txt").write_text("\n\n".join(lines[half * 200:(half + 1) * 200]) + "\n")
    count = len(list(folder.iterdir()))
    times = {}
    for workers in (1, 2):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "citelint", "audit", str(folder), "--index", str(index),
                        "--out", str(folder.parent / f"audit{workers}.jsonl"), "--workers", str(workers), "-q"],
                       check=False, preexec_fn=lambda: os.sched_setaffinity(0, range(os.cpu_count() or 1)))
        times[workers] = time.perf_counter() - started
    print(f"audit of {count} manuscripts ({count * 200:,} references): 1 worker {times[1]:.1f} s, "
          f"2 workers {times[2]:.1f} s, speed-up {times[1] / times[2]:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--standin", type=Path, help="a stand-in Crossref API module to compare matching with")
    parser.add_argument("--audit", action="store_true", help="time citelint audit on 1 and 2 workers (largest index)")
    parser.add_argument("--workdir", type=Path,
                        help="where to write, kept (default: a temporary folder, removed); an index already there is reused")
    arguments = parser.parse_args()

    os.sched_setaffinity(0, ONE_CORE)
    root = arguments.workdir or Path(tempfile.mkdtemp(prefix="citelint-index-scale-"))
    styles = style_references()
    total = sum(len(cases) for cases in styles.values())
    rng = random.Random(11)
    print(f"one core; load average {os.getloadavg()[0]:.1f} at the start")
    results: dict[str, dict[str, float]] = {}
    try:
        for count in arguments.records:
            source_folder = root / f"crossref-{count}"
            index_folder = root / f"index-{count}"
            if arguments.workdir and (index_folder / "citelint-index.json").is_file():  # built by an earlier run
                print(f"{count:>9,} records: the index built by an earlier run (--workdir); not rebuilt")
                seconds = peak = input_bytes = 0
            else:
                write_public_data_folder(source_folder, count)
                input_bytes = size_on_disk(source_folder)
                seconds, peak = build(source_folder, index_folder)
            index = IndexSource(index_folder)
            sample = rng.sample(range(count), min(count, 2000))
            wanted = set(sample)
            works = {number: record for number, record in enumerate(generated(count)) if number in wanted}
            dois = per_second(index.work, [works[n]["DOI"] for n in sample])
            searches = per_second(index.search, [printed(works[n]) for n in sample])
            matching, shares = match_styles(index, styles)
            results[f"index {count:,}"] = shares
            built = (f"build {seconds:6.1f} s ({count / seconds:,.0f}/s), input {input_bytes / 1e6:,.0f} MB gzipped, "
                     f"peak memory {peak / 1e6:,.0f} MB, " if seconds else "")
            print(f"{count:>9,} records: {built}index {size_on_disk(index_folder) / 1e6:,.1f} MB; "
                  f"{dois:,.0f} DOI lookups/s, {searches:,.0f} searches/s; "
                  f"{total:,} references matched in {matching:.1f} s ({total / matching:,.0f}/s)")
            shutil.rmtree(source_folder, ignore_errors=True)
            if arguments.audit and count == max(arguments.records):
                audit_speed(index_folder, root / "manuscripts")
        if arguments.standin:
            real = real_records()
            _, shares = match_styles(StandinSource(arguments.standin, real), styles)
            results["stand-in API"] = shares
        print(f"\nshare of the {total:,} clean references matched to the true DOI, per style (%):")
        names = list(results)
        print(f"{'style':<30}" + "".join(f"{name:>16}" for name in names))
        for style in styles:
            print(f"{style:<30}" + "".join(f"{results[name][style]:>16.2f}" for name in names))
    finally:
        if arguments.workdir is None:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
