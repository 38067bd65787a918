"""Reference lists hard-wrapped at a fixed width: how many references come back, and how many whole.

    .venv/bin/python bench/wrapped_lists.py

The data are the 400 clean lines of each style in fixtures/styles/ (real Crossref records printed in eight
styles), each list wrapped with textwrap at 60, 80 and 100 columns flush left, and at 80 with a hanging
indent; the numbered styles keep their numbers ("1 ", "[1]", "(1)"). A reference is whole when the text
read, its white space folded, is one of the printed lines without its number. Nothing here was tuned on:
the text reader decides where a reference starts from the list's layout and, in a list wrapped flush left,
from whether the line after a full one opens a reference to the labeller.
"""

from __future__ import annotations

import re
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from citelint.model import SourceText
from citelint.readers.text import read_text

STYLES = ("apa", "chicago-author-date", "harvard3", "ieee", "modern-language-association",
          "american-chemical-society", "american-institute-of-physics", "elsevier-without-titles")
_NUMBER = re.compile(r"^\s*(?:\[\d+\]|\(\d+\)|\d+[.)]?)\s*")
LAYOUTS = (("flush 60", 60, ""), ("flush 80", 80, ""), ("flush 100", 100, ""), ("hanging 80", 80, "    "))


def main() -> int:
    print(f"{'style':<32}" + "".join(f"{name:>22}" for name, _, _ in LAYOUTS))
    print(f"{'':<32}" + "".join(f"{'read/400 whole':>22}" for _ in LAYOUTS))
    for style in STYLES:
        lines = (ROOT / "fixtures" / "styles" / f"{style}.clean.txt").read_text(encoding="utf-8").splitlines()
        unnumbered = {" ".join(_NUMBER.sub("", line, count=1).split()) for line in lines}
        cells = []
        for _, width, indent in LAYOUTS:
            text = "\n".join(textwrap.fill(line, width, subsequent_indent=indent, break_on_hyphens=False)
                             for line in lines) + "\n"
            references = read_text(SourceText(f"{style}.txt", text))
            whole = sum(" ".join(reference.text.split()) in unnumbered for reference in references)
            cells.append(f"{len(references):>4}/{len(lines)} {whole:>4}")
        print(f"{style:<32}" + "".join(f"{cell:>22}" for cell in cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
