"""How offline checking of one .bib file grows with its size: 1,000 to 100,000 entries.

A shared lab bibliography is not a list of distinct authors: a few prolific
first authors hold hundreds of entries each (here a Zipf-like spread over 300
families and 15 years, in a handful of volumes), which is what makes duplicate
detection costly when it compares pairs.
Each size is one `citelint check --offline --no-cache --format json` process:
wall time, peak resident memory, and the time per 1,000 entries (flat when
the growth is linear). Prints figures; asserts nothing.

    .venv/bin/python bench/bib_scale.py [SIZES...]
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (1_000, 10_000, 100_000)
_WORDS = ("peer", "support", "workers", "cohort", "randomised", "trial", "outcomes", "depression", "community",
          "services", "adolescent", "measurement", "validity", "intervention", "primary", "care", "risk", "model",
          "neural", "network", "galaxy", "cluster", "protein", "folding", "sparse", "regression", "bayesian")


def _family(number: int) -> str:
    # Family k holds about 1/(k+1) of the entries: a long tail behind a few prolific authors.
    rank = int(300 ** ((number * 0.6180339887) % 1.0)) - 1
    return f"Author{rank:03d}"


def bib(count: int) -> str:
    entries = []
    for number in range(count):
        # Every 50th entry repeats the one before under another key, as lab bibliographies collect them.
        source = number - 1 if number % 50 == 49 else number
        # Distinct titles of real words, no running number (a number in a title makes it cheap to tell apart).
        words = [_WORDS[(source // len(_WORDS) ** k) % len(_WORDS)] for k in range(4)]
        words += [_WORDS[(source * 7 + k * 11) % len(_WORDS)] for k in range(1 + source % 5)]
        entries.append(
            f"@article{{key{number},\n"
            f"  author = {{{_family(source)}, John and M{{\\\"u}}ller, Anna}},\n"
            f"  title = {{{' '.join(words).capitalize()}}},\n"
            f"  journal = {{Journal of Molecular Biology}},\n"
            f"  volume = {{{1 + source % 3}}},\n"
            f"  pages = {{{source % 900 + 1}--{source % 900 + 11}}},\n"
            f"  year = {{{2005 + source % 15}}},\n}}\n"
        )
    return "\n".join(entries)


def main(argv: list[str]) -> int:
    sizes = [int(value) for value in argv] or list(SIZES)
    print(f"{'entries':>8} {'seconds':>8} {'s/1000':>7} {'CPU s':>8} {'peak MB':>8} {'findings':>9}")
    cpu_before = 0.0
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            path = Path(folder) / f"library-{size}.bib"
            path.write_text(bib(size), encoding="utf-8")
            started = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "citelint", "check", "--offline", "--no-cache", "--format", "json", str(path)],
                capture_output=True, text=True, cwd=ROOT, check=False,
            )
            took = time.perf_counter() - started
            if done.returncode not in (0, 1):
                print(f"{size:>8,} failed: {done.stderr.strip().splitlines()[-1] if done.stderr.strip() else done.returncode}")
                continue
            used = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu, cpu_before = used.ru_utime + used.ru_stime - cpu_before, used.ru_utime + used.ru_stime
            findings = done.stdout.count('"code":')
            print(f"{size:>8,} {took:>8.1f} {took / size * 1000:>7.2f} {cpu:>8.1f} {used.ru_maxrss / 1024:>8.0f}"
                  f" {findings:>9,}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
