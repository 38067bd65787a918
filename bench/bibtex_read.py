"""How fast the BibTeX reader reads a large .bib file.

Generates a synthetic 10,000-entry file (fixed seed: varied entry types,
names with LaTeX accents and particles, protective braces, @string macros)
and prints the time of a cold read (caches emptied), as a new process would do it.

    .venv/bin/python bench/bibtex_read.py [ENTRIES]
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

FAMILIES = ["M{\\\"u}ller", "Smith", "van der Berg", "Garc{\\'\\i}a", "Nguyen", "O'Brien", "Dvo{\\v{r}}{\\'a}k",
            "de la Cruz", "Kowalski", "{\\O}stergaard", "Li", "Tanaka", "Schr{\\\"o}dinger", "Brown", "Rossi"]
GIVENS = ["Hans", "J. A.", "Jan", "Mar{\\'\\i}a", "Thi", "Se{\\'a}n", "Anton{\\'\\i}n", "Juan", "Piotr", "Lars"]
WORDS = ["analysis", "of", "the", "{DNA}", "repair", "pathway", "in", "\\emph{E. coli}", "under", "stress", "a",
         "model", "for", "protein", "folding", "quantum", "{Monte Carlo}", "methods", "climate", "change", "and",
         "{Bayesian}", "inference", "neural", "networks", "{\\'e}tude", "des", "syst{\\`e}mes",
         "r{\\'e}gulation", "\\&", "control", "50\\%", "cases"]
TYPES = ["article"] * 6 + ["inproceedings", "book", "incollection", "misc", "phdthesis", "techreport"]


def entry(number: int, rng: random.Random) -> str:
    authors = " and ".join(
        f"{rng.choice(FAMILIES)}{rng.randrange(300)}, {rng.choice(GIVENS)}" for _ in range(rng.randint(1, 6))
    )
    title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 14)))
    kind = rng.choice(TYPES)
    container = "journal = jmb" if rng.random() < 0.2 else f"journal = {{Journal of {rng.choice(WORDS)} {number % 700}}}"
    if kind in ("inproceedings", "incollection"):
        container = f"booktitle = {{Proceedings of the {number % 500}th Conference}}"
    return (
        f"@{kind}{{key{number},\n"
        f"  author = {{{authors}}},\n"
        f"  title = {{{title} {number}}},\n"
        f"  {container},\n"
        f"  year = {1980 + number % 45},\n"
        f"  volume = {{{number % 300}}},\n"
        f"  number = \"{number % 12}\",\n"
        f"  pages = {{{number}--{number + rng.randint(1, 30)}}},\n"
        f"  doi = {{10.{1000 + number % 9000}/x.{number}}},\n"
        f"  publisher = {{Publisher {number % 50}}},\n"
        "}\n\n"
    )


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    rng = random.Random(20261126)
    text = '@string{jmb = "Journal of Molecular Biology"}\n\n' + "".join(entry(n, rng) for n in range(count))

    from citelint.model import SourceText
    from citelint.readers.bibtex import read_bibtex

    source = SourceText("bench.bib", text)
    timings = []
    authors = 0
    for _ in range(3):  # CPU time, best of three: other work on a busy machine inflates wall time
        _clear_caches()
        started = time.process_time()
        references = read_bibtex(source)
        timings.append(time.process_time() - started)
        count, authors = len(references), sum(len(reference.authors) for reference in references)
        del references  # freed here, not inside the next timing
    elapsed = min(timings)
    print(f"{count} entries ({len(text) / 1e6:.1f} MB, {authors} authors) read in {elapsed:.2f} s "
          f"({count / elapsed:,.0f} entries/s; CPU time, best of 3 cold reads; "
          f"all: {', '.join(f'{timing:.2f}' for timing in timings)} s)")


def _clear_caches() -> None:
    from citelint.fields.normalize import decode_latex
    from citelint.readers import bibtex_names, bibtex_scan

    decode_latex.cache_clear()
    bibtex_names._name.cache_clear()
    bibtex_scan.clean_value.cache_clear()


if __name__ == "__main__":
    main()
