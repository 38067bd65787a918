"""Speed and memory of the offline path: `citelint --version`, and 10,000 references read and checked.

Prints figures; asserts nothing. Run: python bench/speed.py
Each 10,000-reference figure is one `citelint check --offline --no-cache` process
(wall time, and peak resident memory from the kernel's accounting of the child).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "fixtures" / "demo"
COUNT = 10_000


def _text_list(count: int) -> str:
    lines = [line for line in (DEMO / "references.txt").read_text(encoding="utf-8").splitlines() if "(" in line]
    out = []
    for number in range(count):
        # A distinct volume for each copy, so that no two references are identical.
        out.append(lines[number % len(lines)].replace(": ", f": {number}", 1))
    return "\n\n".join(out) + "\n"


def _bib(count: int) -> str:
    entries = []
    for number in range(count):
        entries.append(
            f"@article{{key{number},\n"
            f"  author = {{Smith, John and M{{\\\"u}}ller, Anna and others}},\n"
            f"  title = {{A study of {{DNA}} repair number {number} in mice}},\n"
            f"  journal = {{Journal of Molecular Biology}},\n"
            f"  volume = {{{number % 300}}},\n  number = {{{number % 12}}},\n"
            f"  pages = {{{number % 900 + 1}--{number % 900 + 11}}},\n"
            f"  year = {{{1950 + number % 70}}},\n"
            f"  doi = {{10.1000/jmb.{number}}},\n}}\n"
        )
    return "\n".join(entries)


# Runs citelint in a fresh interpreter and reports that process's own peak RSS.
_MEASURED = (
    "import resource, sys\n"
    "from citelint.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def _timed(args: list[str]) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MB, exit code of one citelint process."""
    start = time.perf_counter()
    completed = subprocess.run([sys.executable, "-c", _MEASURED, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    lines = completed.stderr.decode().strip().splitlines()
    if completed.returncode not in (0, 1) or not lines:
        print("\n".join(lines[-20:]), file=sys.stderr)
        return elapsed, float("nan"), completed.returncode
    return elapsed, int(lines[-1]) / 1024, completed.returncode


def main() -> None:
    versions = []
    for _ in range(7):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "citelint", "--version"], stdout=subprocess.DEVNULL, check=True)
        versions.append(time.perf_counter() - start)
    print(f"citelint --version: median {statistics.median(versions):.3f} s wall, min {min(versions):.3f} s (7 runs)")
    with tempfile.TemporaryDirectory() as folder:
        for name, content in (("refs.txt", _text_list(COUNT)), ("refs.bib", _bib(COUNT))):
            path = Path(folder) / name
            path.write_text(content, encoding="utf-8")
            args = ["check", "--offline", "--no-cache", "--format", "json", str(path)]
            elapsed, peak, code = _timed(args)
            print(f"{COUNT:,} references in {name}: {elapsed:.2f} s wall, peak RSS {peak:.0f} MB (exit {code}), one core")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
