"""Hostile manuscript texts for the citation scanners: the tests check that each comes back
with an answer, and bench/hostile_citations.py measures how fast."""

from __future__ import annotations

PANDOC = [
    "[@" * 500_000,
    "`" * 100_000,
    "".join("`" * length + " x " for length in range(1, 1000)),
    "".join("`" * (3 + index % 40) + "\n@a\n" for index in range(5_000)),
    "~~~\n" * 50_000,
    "@" + "a" * 100_000,
    "@" + "a." * 50_000 + "!",
    "$a " * 50_000,
    "<!--" * 100_000,
    "<a " * 50_000,
    "@{" * 100_000,
    "[" * 100_000 + "@a" + "]" * 100_000,
    "    x\n" * 20_000,
    "\x00\x01@\xff[\ud7ff;@" * 5_000,
]

PROSE = [
    "(" + "a" * 1_000_000,
    "[" + "1, " * 300_000,
    "(" * 100_000,
    "[" * 100_000,
    "(Smith, " * 100_000,
    "Smith and " * 100_000 + "(2010)",
    ("Ab, " * 60 + "and Ab (2010) ") * 2_000,
    "(Smith, 2010) [1] Smith (2010) " * 2_000,
    "`" * 100_000 + "x`" * 50_000,
    "<!--" * 100_000,
    "[1]: " * 20_000,  # one line: a quadratic look for its start would show
    "$a " * 100_000,
    "$$" * 100_000,
    "```\n" * 50_000,
    "https://" * 100_000,
    "a's " * 100_000 + "(2010)",
    "\x00\xff\ufffd(" * 100_000,
    "Ab " * 30_000 + "(2010)",
    "Ab of " * 20_000 + "(2010)",
    ("Ab and Ab Ab (2010) " + "Ab of Ab (AB, 2010) ") * 2_000,
    ("(" + "Ab of " * 49 + "Ab, 2010) ") * 2_000,
    "&" * 30_000 + "(2010)",
]
