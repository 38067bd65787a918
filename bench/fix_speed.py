"""Fixing: what the real rules' fixes do to the demo files, and how long fixing a large file takes.

Part 1 checks fixtures/demo (references.txt, paper.bib) against its snapshot
with the real readers, matcher and rules, plans every fix (safe and unsafe)
on copies and prints the counts and the diff: a check that the fixes rules
emit carry spans the fixer can use. Part 2 times plan, apply, diff and the
atomic write for one file of 10,000 references with a fix in each.

    .venv/bin/python bench/fix_speed.py
"""

from __future__ import annotations

import datetime
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from citelint.app.fixer import apply, diff, fix_files, plan, write_file
from citelint.app.results import FileResult, ReferenceResult, Report
from citelint.model import OFFLINE, Finding, Fix, Reference, SourceText

COUNT = 10_000


def demo() -> None:
    from citelint.app.config import Settings
    from citelint.app.engine import check_references
    from citelint.match.matching import match_reference
    from citelint.readers import load, read, reader_name
    from citelint.sources.snapshot import SnapshotSource

    source_of_records = SnapshotSource(ROOT / "fixtures" / "demo" / "snapshot")
    with tempfile.TemporaryDirectory() as folder:
        files, sources = [], {}
        for name in ("references.txt", "paper.bib"):
            path = Path(folder) / name
            shutil.copyfile(ROOT / "fixtures" / "demo" / name, path)
            source = load(str(path))
            references = read(source, reader_name(str(path), source))
            matches = [match_reference(reference, source_of_records) for reference in references]
            checked = check_references(references, matches, Settings(), today=datetime.date(2026, 11, 26), select=None, ignore=[])
            files.append(FileResult(source.path, source.text, checked))
            sources[source.path] = source
        report = Report(tuple(files))
        outcome = fix_files(report, sources, unsafe=True, write=True)
        for file in outcome.files:
            fixable = [f for result in next(r for r in files if r.path == file.path).references for f in result.findings if f.fix]
            print(f"{Path(file.path).name}: {len(fixable)} findings with a fix; fixed {len(file.plan.fixed)}, "
                  f"conflicts {len(file.plan.conflicts)}, skipped {len(file.plan.skipped)}, error {file.error}")
            for finding in file.plan.fixed:
                print(f"  fixed    {finding.code} {finding.field}: {finding.fix.applicability} -> {finding.fix.replacement!r}")
            for unapplied in file.plan.conflicts + file.plan.skipped:
                print(f"  left     {unapplied.finding.code} {unapplied.finding.field}: {unapplied.reason}")
            print(file.diff.replace(folder + "/", ""))
        print(f"fixed {outcome.fixed} findings ({outcome.remaining} remaining)")


def large() -> None:
    line = "Author A, Other B (2010) A title of some length about things {n}. J Biol 31: 8296. doi:10.1000/x{n}.\n"
    text = "".join(line.format(n=n) for n in range(COUNT))
    source = SourceText("large.txt", text)
    results, cursor = [], 0
    for n in range(COUNT):
        printed = line.format(n=n)
        start = cursor + printed.index("8296")
        reference = Reference(text=printed, file="large.txt", span=source.span(cursor, cursor + len(printed)), index=n + 1, kind="text")
        finding = Finding("CL101", "page-separator-lost", "warning", "pages", "m", source.span(start, start + 4), fix=Fix("82–96", "safe"))
        results.append(ReferenceResult(reference, OFFLINE, (finding,)))
        cursor += len(printed)
    file = FileResult("large.txt", text, tuple(results))

    timings = {}
    started = time.perf_counter()
    file_plan = plan(file, unsafe=False, encoding="utf-8")
    timings["plan"] = time.perf_counter() - started
    started = time.perf_counter()
    new_text = apply(text, file_plan.edits)
    timings["apply"] = time.perf_counter() - started
    started = time.perf_counter()
    file_diff = diff("large.txt", text, new_text)
    timings["diff"] = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "large.txt"
        path.write_bytes(text.encode("utf-8"))
        started = time.perf_counter()
        write_file(str(path), "utf-8", b"", text, new_text)
        timings["write"] = time.perf_counter() - started
        assert path.read_text("utf-8") == new_text
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "large.txt"
        path.write_bytes(text.encode("utf-8"))
        whole = FileResult(str(path), text, file.references)
        started = time.perf_counter()
        outcome = fix_files(Report((whole,)), {str(path): SourceText(str(path), text)}, unsafe=False, write=True)
        timings["fix_files (all of it, spans moved)"] = time.perf_counter() - started
        assert outcome.fixed == COUNT and outcome.remaining == 0
    print(f"large file: {COUNT} references, {len(text) / 1e6:.1f} MB, {len(file_plan.edits)} edits, diff {len(file_diff.splitlines())} lines")
    for name, seconds in timings.items():
        print(f"  {name:40} {seconds * 1000:7.0f} ms")


def main() -> int:
    demo()
    large()
    return 0


if __name__ == "__main__":
    sys.exit(main())
