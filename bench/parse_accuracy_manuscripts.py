"""Field-level F1 of the manuscript readers (LaTeX, .bbl, Markdown) on the labelled fixtures, and their speed.

Gold fields are in fixtures/manuscripts/<format>/gold.json, one list per
file, in reading order; fields are compared after the normalisation the
rules use (as in bench/parse_accuracy.py).

    .venv/bin/python bench/parse_accuracy_manuscripts.py
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIELDS = ("authors", "title", "year", "container", "volume", "issue", "pages", "doi")


def main() -> int:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    from parse_accuracy import compare, f1

    from citelint.model import SourceText
    from citelint.readers.latex import read_latex
    from citelint.readers.markdown import read_markdown

    readers = {"latex": read_latex, "markdown": read_markdown}
    print(f"{'file':<34}{'refs':>5}" + "".join(f"{name:>10}" for name in FIELDS) + f"{'all':>8}")
    for folder, read in readers.items():
        gold = json.loads((ROOT / "fixtures" / "manuscripts" / folder / "gold.json").read_text(encoding="utf-8"))
        for name, expected in gold.items():
            path = ROOT / "fixtures" / "manuscripts" / folder / name
            references = read(SourceText(str(path), path.read_text(encoding="utf-8")))
            counts, _ = compare(expected, references)
            total = [sum(counts[field][i] for field in FIELDS) for i in range(3)]
            print(f"{folder + '/' + name:<34}{len(expected):>5}" + "".join(f"{f1(*counts[field]):>10}" for field in FIELDS)
                  + f"{f1(*total):>8}")
    print_speed(read_latex, read_markdown)
    return 0


def print_speed(read_latex, read_markdown) -> None:
    """CPU time for a 2,000-reference bibliography in each format."""
    from citelint.model import SourceText

    tex = (ROOT / "fixtures" / "manuscripts" / "latex" / "thebibliography" / "paper.tex").read_text(encoding="utf-8")
    items = tex[tex.index("\\bibitem{johnson2005}") : tex.index("\\end{thebibliography}")]
    big_tex = "\\begin{thebibliography}{9}\n" + items * (2000 // items.count("\\bibitem")) + "\\end{thebibliography}\n"
    md = (ROOT / "fixtures" / "manuscripts" / "markdown" / "paper.md").read_text(encoding="utf-8")
    listed = md[md.index("1. Johnson") : md.index("## Appendix")]
    big_md = "# References\n\n" + listed * (2000 // 8)
    bbl = (ROOT / "fixtures" / "manuscripts" / "latex" / "bbl" / "biblatex.bbl").read_text(encoding="utf-8")
    entries = bbl[bbl.index("    \\entry") : bbl.index("    \\entry{broken2020}")]
    big_bbl = entries * (2000 // 4)
    for label, read, text in (("thebibliography", read_latex, big_tex), ("biblatex .bbl", read_latex, big_bbl),
                              ("markdown", read_markdown, big_md)):
        started = time.process_time()
        references = read(SourceText("bench", text))
        elapsed = time.process_time() - started
        print(f"{label}: {len(references)} references in {elapsed:.2f} s CPU ({elapsed / len(references) * 1e6:.0f} us each)")


if __name__ == "__main__":
    raise SystemExit(main())
