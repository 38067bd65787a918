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
COUNT = 10_000


_FAMILIES = ("Smith", "Jacobson", "van der Berg", "Müller", "O'Neill", "Nakamura", "Okafor", "García-López", "Dewa", "Lee")
_SYLLABLES = ("Ka", "Lo", "Mer", "Ten", "Bra", "Sol", "Vik", "Dun", "Ash", "Fen", "Gor", "Hal", "Ir", "Jon", "Kel", "Lin")


def _family(number: int) -> str:
    """A few hundred distinct surnames, as a long reference list has, some with particles and accents."""
    made = _SYLLABLES[number % 16] + _SYLLABLES[(number // 16) % 16].lower() + _SYLLABLES[(number // 256) % 16].lower()
    return _FAMILIES[number % len(_FAMILIES)] if number % 7 == 0 else made
_WORDS = ("peer", "support", "workers", "cohort", "randomised", "trial", "outcomes", "depression", "community",
          "services", "adolescent", "measurement", "validity", "intervention", "primary", "care", "risk", "model")
_JOURNALS = ("BMC Health Services Research", "British Journal of Psychiatry", "Psychological Medicine",
             "The Lancet Psychiatry", "Journal of Affective Disorders", "Schizophrenia Bulletin")


def _text_list(count: int) -> str:
    """Distinct BJPsych/Harvard-style references, about one in ten with a planted error."""
    out = []
    for number in range(count):
        authors = ", ".join(f"{_family(number * 3 + k)}, {chr(65 + (number + k) % 26)}" for k in range(1 + number % 4))
        words = [_WORDS[(number * 7 + k * 3) % len(_WORDS)] for k in range(6 + number % 5)]
        title = " ".join(words).capitalize() + f" in {number} participants"
        first = 1 + number % 900
        pages = f"{first}{first + 12}" if number % 10 == 0 else f"{first}–{first + 12}"
        out.append(f"{authors} ({1950 + number % 75}) {title}. {_JOURNALS[number % len(_JOURNALS)]}, {1 + number % 80}: {pages}.")
    return "\n\n".join(out) + "\n"


def _bib(count: int) -> str:
    entries = []
    for number in range(count):
        entries.append(
            f"@article{{key{number},\n"
            f"  author = {{{_family(number)}, John and M{{\\\"u}}ller, Anna and others}},\n"
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
    "from citelint.app.cli import main\n"
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
