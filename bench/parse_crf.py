"""Field accuracy of the reference labeller on the held-out part of its labelled data, per source.

The data are fixtures/refparse/ (scripts/import_refparse_data.py): AnyStyle's and GROBID's labelled
references, the 8-style benchmark's clean lines and the development part of the citeproc corpus, each
labelled by field, and references printed by scripts/render_refparse_styles.py. scripts/train_refparser.py
trains on four fifths and holds one fifth out by a hash of the string; this scores the held-out fifth only.
"ALL but rendered" leaves out the references we printed ourselves (rendered, csl): the figure on data we did
not write. Per source (AnyStyle, GROBID, each style) and field:
precision, recall, F1, and the commonest kinds of error; then the speed of parsing 10,000 references.

    .venv/bin/python bench/parse_crf.py [--errors N] [--part held-out|train] [--source NAME]

A field is right when it equals the gold one after normalisation: the year's four digits, the first
page, text_key for title and container, doi_key for the DOI, the first author's family name (name_key;
the gold author list is split into names by the same splitter), exact otherwise.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from parse_accuracy import f1, pr
from train_refparser import is_held_out, load

from citelint.fields.normalize import doi_key, name_key, text_key
from citelint.model import Reference, SourceText
from citelint.readers.author_list import split_authors
from citelint.readers.refstring import parse_reference

FIELDS = ("first_author", "year", "title", "container", "volume", "issue", "first_page", "doi")
_YEAR = re.compile(r"(?:1[5-9]|20)\d\d")
_DOI = re.compile(r"10\.\d{4,9}/\S+")
_PAGE = re.compile(r"[A-Za-z]{0,2}\d+[A-Za-z]?|[ivxlcdm]+", re.IGNORECASE)


_NOT_OURS = "ALL but rendered"  # AnyStyle, GROBID and the 8 styles: references we did not print ourselves


def _group_order(group: str) -> tuple[bool, bool, bool, str]:
    return group == "ALL", group == _NOT_OURS, group.startswith("csl:"), group


def gold_values(row: dict) -> dict[str, str | None]:
    text = row["text"]
    spans: dict[str, tuple[int, int]] = {}
    years = []
    for label, start, end in row["fields"]:
        spans.setdefault(label, (start, end))
        if label == "year":
            years.extend(_YEAR.findall(text, start, end))
    values: dict[str, str | None] = {}
    if "author" in spans:
        authors, _ = split_authors(text, *spans["author"])
        values["first_author"] = _author_key(authors[0][0]) if authors else None
    values["year"] = years[0] if years else None
    for name in ("title", "container"):
        if name in spans:
            values[name] = text_key(text[slice(*spans[name])].strip(" .,;:\u201c\u201d\"'"))
    for name in ("volume", "issue"):
        if name in spans:
            values[name] = _plain(text[slice(*spans[name])])
    if "pages" in spans:
        page = _PAGE.search(text, *spans["pages"])
        values["first_page"] = page.group().lower() if page else None
    doi = _DOI.search(text, *spans["doi"]) if "doi" in spans else None
    values["doi"] = doi_key(doi.group().rstrip(".,;[")) if doi else None
    return values


def predicted_values(reference: Reference) -> dict[str, str | None]:
    first = reference.authors[0] if reference.authors else None
    pages = reference.pages or reference.article_number
    page = _PAGE.search(pages) if pages else None
    return {
        "first_author": _author_key(first) if first else None,
        "year": (_YEAR.search(reference.year) or [None])[0] if reference.year else None,  # type: ignore[index]
        "title": text_key(reference.title) if reference.title else None,
        "container": text_key(reference.container) if reference.container else None,
        "volume": _plain(reference.volume) if reference.volume else None,
        "issue": _plain(reference.issue) if reference.issue else None,
        "first_page": page.group().lower() if page else None,
        "doi": doi_key(reference.doi) if reference.doi else None,
    }


def _author_key(author) -> str:
    return name_key(author.organisation or author.family)


def _plain(value: str) -> str:
    return " ".join(value.strip(" .,;:()[]").split()).lower()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--part", choices=("held-out", "train"), default="held-out")
    parser.add_argument("--errors", type=int, default=0, help="print this many wrong fields")
    parser.add_argument("--source", help="only this source or style")
    args = parser.parse_args(argv)
    parse = parse_reference
    rows = [row for row in load() if is_held_out(row["text"]) == (args.part == "held-out")]
    if args.source:
        rows = [row for row in rows if args.source in (row["source"], row["style"])]

    counts: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))
    kinds: Counter[str] = Counter()
    examples = []
    for row in rows:
        group = row["style"] if row["source"] in ("styles", "csl") else row["source"]
        group = f"{row['source']}:{group}" if row["source"] == "csl" else group
        source = SourceText("<bench>", row["text"])
        reference = parse(source, 0, len(row["text"]), index=1)
        gold, got = gold_values(row), predicted_values(reference)
        for name in FIELDS:
            want, have = gold.get(name), got.get(name)
            tallies = [counts[group][name], counts["ALL"][name]]
            if row["source"] not in ("rendered", "csl"):
                tallies.append(counts[_NOT_OURS][name])
            for tally in tallies:
                if have is not None and have == want:
                    tally[0] += 1
                else:
                    tally[1] += have is not None
                    tally[2] += want is not None
            if have != want:
                kind = "missed" if have is None else "spurious" if want is None else "wrong"
                kinds[f"{name} {kind}"] += 1
                examples.append((group, name, want, have, row["text"]))

    print(f"{args.part} part: {len(rows)} references")
    print(f"{'source':<34}{'n':>6}" + "".join(f"{name:>13}" for name in FIELDS))
    sizes = Counter((row["style"] if row["source"] in ("styles",) else
                     f"csl:{row['style']}" if row["source"] == "csl" else row["source"]) for row in rows)
    sizes["ALL"] = len(rows)
    sizes[_NOT_OURS] = sum(row["source"] not in ("rendered", "csl") for row in rows)
    for group in sorted(counts, key=_group_order):
        print(f"{group:<34}{sizes[group]:>6}" + "".join(f"{f1(*counts[group][name]):>13}" for name in FIELDS))
    print("cells: F1; precision/recall:")
    for group in sorted(counts, key=_group_order):
        print(f"  {group}: " + " ".join(f"{name}={pr(*counts[group][name])}" for name in FIELDS))
    print("20 commonest errors:")
    for kind, count in kinds.most_common(20):
        print(f"  {count:>5}  {kind}")
    for group, name, want, have, text in examples[: args.errors]:
        print(f"\n[{group}] {name}: gold={want!r} got={have!r}\n  {text}")
    print_speed([row["text"] for row in rows], parse)
    return 0


def print_speed(lines: list[str], parse) -> None:
    """CPU time to parse 10,000 references one by one (the model already loaded)."""
    texts = [lines[i % len(lines)] for i in range(10_000)]
    sources = [SourceText("<bench>", text) for text in texts]
    for source in sources[:50]:
        parse(source, 0, len(source.text), index=1)  # warm up: the model, compiled patterns, word lists
    started = time.process_time()
    for source in sources:
        parse(source, 0, len(source.text), index=1)
    elapsed = time.process_time() - started
    print(f"speed: 10,000 references parsed in {elapsed:.2f} s CPU ({elapsed / 10_000 * 1e6:.0f} us each)")


if __name__ == "__main__":
    sys.exit(main())
