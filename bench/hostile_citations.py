"""Time of the citation scanners on hostile manuscript texts (tests/citations/hostile.py).

The tests only check that each text comes back with an answer; this prints how
long each took (process time, so other work on the machine does not count),
which should stay well under a second for every case: each scan is linear.

    .venv/bin/python bench/hostile_citations.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from citelint.citations.pandoc import pandoc_citations
from citelint.citations.prose import prose_citations
from citelint.model import SourceText
from tests.citations.hostile import PANDOC, PROSE


def main() -> int:
    print(f"{'scanner':8} {'case':>4} {'characters':>10} {'ms':>8}")
    slowest = 0.0
    for name, texts in (("pandoc", PANDOC), ("prose", PROSE)):
        for number, text in enumerate(texts):
            source = SourceText("paper.md", text)
            started = time.process_time()
            if name == "pandoc":
                pandoc_citations(source)
            else:
                prose_citations(source, 0, len(text))
            took = time.process_time() - started
            slowest = max(slowest, took)
            print(f"{name:8} {number:>4} {len(text):>10,} {took * 1000:>8.1f}")
    print(f"slowest: {slowest * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
