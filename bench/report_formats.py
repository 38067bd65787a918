"""Time and size of each report format for a large report (10,000 references).

Prints figures; asserts nothing. Run: python bench/report_formats.py
The report is the test suite's sample report, its files repeated until they
hold 10,000 references (about half with findings), rendered once per format
(best of three runs).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from citelint.app.results import FileResult, Report
from citelint.report import FORMATS, render, summarize
from tests.report.sample import REPORT

TARGET = 10_000


def _large_report() -> Report:
    per_copy = sum(len(file.references) for file in REPORT.files)
    files: list[FileResult] = []
    for copy in range(TARGET // per_copy + 1):
        files += [FileResult(f"copy{copy}/{file.path}", file.text, file.references) for file in REPORT.files]
    return Report(files=tuple(files), errors=REPORT.errors, notices=REPORT.notices)


def main() -> None:
    report = _large_report()
    summary = summarize(report)
    print(f"report: {summary.files} files, {summary.references} references, {summary.findings} findings")
    print(f"{'format':<10} {'seconds':>8} {'MB':>7} {'µs/reference':>13}")
    for format_name in FORMATS:
        timings = []
        for _ in range(3):
            start = time.perf_counter()
            output = render(format_name, report)
            timings.append(time.perf_counter() - start)
        best = min(timings)
        size = len(output.encode("utf-8")) / 1e6
        print(f"{format_name:<10} {best:>8.3f} {size:>7.2f} {best / summary.references * 1e6:>13.1f}")


if __name__ == "__main__":
    main()
