"""Convert labelled reference strings into the corpus the reference labeller is trained on.

Sources (each a folder given on the command line; none is shipped as is):
- AnyStyle's ``res/parser/good.xml`` (BSD 2-Clause; github.com/inukshuk/anystyle)
- GROBID's citation training corpus, TEI ``<bibl>`` files (annotations CC-BY 4.0, Patrice Lopez and the
  GROBID contributors; github.com/kermitt2/grobid ``grobid-trainer/resources/dataset/citation/corpus/``)
- the 8-style benchmark (Crossref's reference-matching evaluation data, MIT): each clean line labelled by
  finding its Crossref record's fields in it

Output: ``fixtures/refparse/<source>.jsonl.gz``, one reference a line:
``{"source": ..., "style": ..., "text": ..., "fields": [[label, start, end], ...]}`` with citelint's labels
(see ``citelint.readers.labeller.LABELS``). Run:

    .venv/bin/python scripts/import_refparse_data.py --anystyle DIR --grobid DIR --styles DIR
"""

from __future__ import annotations

import argparse
import glob
import gzip
import json
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

DEBUG = bool(__import__("os").environ.get("REFPARSE_DEBUG"))
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "fixtures" / "refparse"

ANYSTYLE_LABELS = {
    "author": "author", "editor": "editor", "translator": "editor", "director": "editor", "producer": "editor",
    "title": "title", "journal": "container", "container-title": "container", "collection-title": "note",
    "volume": "volume", "pages": "pages", "date": "year", "publisher": "publisher", "location": "place",
    "edition": "edition", "genre": "note", "note": "note", "medium": "note", "source": "note", "url": "url",
    "doi": "doi", "isbn": "note", "citation-number": "number",
}


def _write(name: str, rows: list[dict[str, object]]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(OUT / f"{name}.jsonl.gz", "wb", mtime=0) as handle:  # mtime 0: the same bytes each run
        for row in rows:
            handle.write((json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8"))
    print(f"{name}: {len(rows)} references", file=sys.stderr)


class _Builder:
    """Text and labelled spans, appended piece by piece; white space folded to single spaces."""

    def __init__(self) -> None:
        self.text = ""
        self.fields: list[list[object]] = []

    def add(self, piece: str, label: str | None) -> None:
        piece = re.sub(r"\s+", " ", piece)
        if not piece:
            return
        if self.text.endswith(" ") and piece.startswith(" "):
            piece = piece[1:]
        if not self.text:
            piece = piece.lstrip()
        if label is None or not piece.strip():
            self.text += piece
            return
        lead = len(piece) - len(piece.lstrip())
        start = len(self.text) + lead
        self.text += piece
        end = len(self.text.rstrip())
        if self.fields and self.fields[-1][0] == label and self.fields[-1][2] == start:
            self.fields[-1][2] = end
        else:
            self.fields.append([label, start, end])

    def row(self, source: str, style: str) -> dict[str, object] | None:
        text = self.text.rstrip()
        if not text or not self.fields:
            return None
        return {"source": source, "style": style, "text": text, "fields": self.fields}


# AnyStyle's "volume" holds the whole Vancouver block "2000;355(9222)" and MLA's "66.3": the year and the
# issue in it are labelled as such.
_ANYSTYLE_VOLUME = re.compile(
    r"(?:(?P<year>(?:1[5-9]|20)\d\d[a-z]?)(?:\s+[A-Z][a-z]{2,8}\.?(?:\s+\d{1,2})?)?\s*[;:,]\s*)?"
    r"(?:[Vv]ol\.?\s*)?(?P<volume>[\w-]+)?\s*(?:\((?P<issue>[^()]{1,12})\)|[.,]\s*(?:[Nn]o\.?\s*)?(?P<issue2>\d+))?[\s,.:;]*"
)


def _split_volume(row: dict[str, object]) -> None:
    text = str(row["text"])
    fields: list[list[object]] = []
    for label, start, end in row["fields"]:  # type: ignore[attr-defined]
        block = _ANYSTYLE_VOLUME.fullmatch(text, start, end) if label == "volume" else None
        if block is None or not (block.group("year") or block.group("issue") or block.group("issue2")):
            fields.append([label, start, end])
            continue
        for name in ("year", "volume", "issue", "issue2"):
            if block.group(name):
                fields.append([name.rstrip("2"), block.start(name), block.end(name)])
    row["fields"] = fields


def read_anystyle(folder: Path) -> list[dict[str, object]]:
    rows = []
    for sequence in ET.parse(folder / "good.xml").getroot().iter("sequence"):
        builder = _Builder()
        for child in sequence:
            if builder.text and not builder.text.endswith(" "):
                builder.add(" ", None)
            builder.add(child.text or "", ANYSTYLE_LABELS.get(child.tag, "note"))
        row = builder.row("anystyle", "anystyle")
        if row:
            _split_volume(row)
            rows.append(row)
    return rows


def _grobid_label(element: ET.Element, has_article_title: bool) -> str | None:
    tag = element.tag.split("}")[-1]
    kind = (element.get("level") or element.get("type") or element.get("unit") or "").lower()
    if tag == "author":
        return "author"
    if tag == "editor":
        return "editor"
    if tag == "title":
        if kind == "a":
            return "title"
        if kind == "j":
            return "container"
        if kind == "m":
            return "container" if has_article_title else "title"
        return "note"
    if tag == "date":
        return "year"
    if tag == "biblScope":
        return {"vol": "volume", "volume": "volume", "issue": "issue", "pp": "pages", "page": "pages",
                "pages": "pages"}.get(kind, "note")
    if tag in ("publisher", "orgName"):
        return "publisher"
    if tag.lower() == "pubplace":
        return "place"
    if tag == "idno":
        return "doi" if kind == "doi" else "note"
    if tag == "ptr":
        return "url"
    if tag == "lb":
        return None
    return "note"


def read_grobid(folder: Path) -> list[dict[str, object]]:
    rows = []
    for path in sorted(glob.glob(str(folder / "*.xml"))):
        try:
            root = ET.parse(path).getroot()
        except ET.ParseError as error:
            print(f"{path}: skipped ({error})", file=sys.stderr)
            continue
        for bibl in root.iter():
            if bibl.tag.split("}")[-1] != "bibl":
                continue
            has_article_title = any(t.get("level") == "a" for t in bibl.iter() if t.tag.split("}")[-1] == "title")
            builder = _Builder()
            builder.add(bibl.text or "", None)
            for child in bibl:
                label = _grobid_label(child, has_article_title)
                if child.tag.split("}")[-1] == "lb":
                    builder.add(" ", None)
                else:
                    builder.add("".join(child.itertext()), label)
                builder.add(child.tail or "", None)
            row = builder.row("grobid", "grobid")
            if row:
                rows.append(row)
    return rows


# Aligning a printed line with its record.
_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2212"})
_DATE = re.compile(
    r"(?<!\w)(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?(?:\s+\d{1,2}(?!\d))?(?!\w)"
)
_LABEL = re.compile(r"\s*(?:\[\d+\]|\(\d+\)|\d+\.?)\s*")
NUMBERED = ("ieee", "american-chemical-society", "american-institute-of-physics", "elsevier-without-titles")


def _fold(text: str) -> str:
    """Lower case, plain dashes, no accents: the same length as text, so offsets carry over."""
    out = []
    for char in text.translate(_DASHES):
        base = unicodedata.normalize("NFKD", char)[0]
        out.append(base.lower() if len(base.lower()) == 1 else char)
    return "".join(out)


def _find(folded: str, value: str, start: int = 0) -> tuple[int, int] | None:
    value = _fold(" ".join(value.split()))
    if not value:
        return None
    at = folded.find(value, start)
    if at < 0:
        return None
    return at, at + len(value)


def _page_spans(folded: str, page: str, taken: list[tuple[int, int]]) -> tuple[int, int] | None:
    first, _, last = _fold(page).partition("-")
    if last:
        ranged = re.search(rf"(?<!\w)(?<!\d\.){re.escape(first)}\s?-{{1,2}}\s?[a-z]{{0,2}}\d+[a-z]?(?!\w)", folded)
        if ranged and not any(a <= ranged.start() < b for a, b in taken):
            return ranged.span()
    for match in re.finditer(rf"(?<!\w)(?<!\d\.){re.escape(first)}(?:\s?-{{1,2}}\s?[a-z]{{0,2}}\d+)?(?![\w])", folded):
        if not any(a <= match.start() < b for a, b in taken):
            return match.span()
    return None


def _number_span(folded: str, number: str, taken: list[tuple[int, int]], after: int) -> tuple[int, int] | None:
    for match in re.finditer(rf"(?<!\w)(?<!\w-){re.escape(_fold(number))}(?![\w-])", folded):
        if match.start() >= after and not any(a <= match.start() < b for a, b in taken):
            return match.span()
    return None


def _year(record: dict[str, object]) -> str | None:
    for key in ("published-print", "issued", "published-online", "published"):
        date = record.get(key)
        if isinstance(date, dict) and date.get("date-parts") and date["date-parts"][0] and date["date-parts"][0][0]:
            return str(date["date-parts"][0][0])
    return None


def align(text: str, record: dict[str, object], numbered: bool) -> list[list[object]] | None:
    """The record's fields located in the printed line, or None when a part of the line is left unexplained."""
    folded = _fold(text)
    fields: list[list[object]] = []
    taken: list[tuple[int, int]] = []
    label = _LABEL.match(text) if numbered else None
    body_start = 0
    if label:
        fields.append(["number", label.start(), label.end()])
        body_start = label.end()

    def put(name: str, span: tuple[int, int] | None) -> None:
        if span and not any(a < span[1] and span[0] < b for a, b in taken):
            fields.append([name, *span])
            taken.append(span)

    doi = str(record.get("DOI", ""))
    put("doi", _find(folded, doi))
    titles = record.get("title") or []
    if titles:
        title = titles[0]
        subtitle = (record.get("subtitle") or [None])[0]
        span = None
        if subtitle:
            span = _find(folded, f"{title}: {subtitle}") or _find(folded, f"{title}. {subtitle}")
        put("title", span or _find(folded, title))
    for container in list(record.get("container-title") or []) + list(record.get("short-container-title") or []):
        title_end = max((b for n, a, b in fields if n == "title"), default=body_start)
        span = _find(folded, container, title_end) or _find(folded, container, body_start)
        if span:
            put("container", span)
            break
    volume, issue, page = (str(record.get(k) or "") for k in ("volume", "issue", "page"))
    if page:
        put("pages", _page_spans(folded, page, taken))
    after_container = max((b for n, a, b in fields if n == "container"), default=body_start)
    if volume:
        put("volume", _number_span(folded, volume, taken, after_container))
    if issue:
        put("issue", _number_span(folded, issue, taken, after_container))
    year = _year(record)
    if year:
        put("year", _number_span(folded, year, taken, body_start))
    for date in _DATE.finditer(folded, max((b for n, a, b in fields if n in ("title", "container")), default=body_start)):
        put("year", date.span())
    publisher = str(record.get("publisher") or "")
    if publisher and record.get("type") in ("book", "monograph", "edited-book", "report"):
        put("publisher", _find(folded, publisher))
    authors = record.get("author") or []
    anonymous = re.match(r"Anon\.?(?=[,. ])", text[body_start:])
    if anonymous:
        put("author", (body_start, body_start + anonymous.end()))
    elif authors:
        first = str(authors[0].get("family") or authors[0].get("name") or "")
        first_span = _find(folded, first, body_start)
        later = min((a for a, _ in taken if a > body_start), default=len(text))
        if first_span is None or first_span[0] - body_start > 40 or first_span[0] > later:
            return None
        end = later
        while end > body_start and text[end - 1] in " .,;:([\u201c\"'":
            end -= 1
        put("author", (body_start, end))
    fields.sort(key=lambda field: field[1])
    # Every word of the line must be explained by a field or be a connective the styles print.
    rest = list(text)
    for _, a, b in fields:
        rest[a:b] = [" "] * (b - a)
    leftover = re.findall(r"[^\W\d_]{2,}|\d+", "".join(rest))
    allowed = {"pp", "vol", "no", "in", "and", "doi", "org", "https", "http", "dx", "retrieved", "from", "available",
               "online", "at", "accessed", "portico", "ed", "eds", "edited", "by", "art", "article", "et", "al", "pages", "p",
               "print"}
    if any(word.lower() not in allowed for word in leftover):
        if DEBUG:
            print("unexplained", [w for w in leftover if w.lower() not in allowed], text, file=sys.stderr)
        return None
    return fields


def read_styles(folder: Path) -> list[dict[str, object]]:
    records = {}
    for line in (folder / "records.jsonl").open(encoding="utf-8"):
        record = json.loads(line)
        records[str(record.get("DOI", "")).lower()] = record
    rows = []
    for path in sorted(folder.glob("*.clean.txt")):
        style = path.name.removesuffix(".clean.txt")
        truth = json.loads((folder / f"{style}.clean.truth.json").read_text(encoding="utf-8"))
        dois = [entry if isinstance(entry, str) else entry.get("doi") for entry in truth]
        lines = path.read_text(encoding="utf-8").splitlines()
        kept = 0
        for line, doi in zip(lines, dois):
            record = records.get(str(doi).lower())
            text = " ".join(line.split())
            fields = align(text, record, style in NUMBERED) if record else None
            if fields:
                rows.append({"source": "styles", "style": style, "text": text, "doi": str(doi).lower(), "fields": fields})
                kept += 1
        print(f"  {style}: {kept} of {len(lines)} lines aligned", file=sys.stderr)
    return rows


def read_csl(path: Path) -> list[dict[str, object]]:
    """The development part of the citeproc-rendered corpus (fixtures/parsing), its gold fields located."""
    rows = []
    for line in path.open(encoding="utf-8"):
        row = json.loads(line)
        gold = row["gold"]
        record = {
            "DOI": gold.get("doi") or "", "title": [gold["title"]] if gold.get("title") else [],
            "container-title": [gold["container"]] if gold.get("container") else [],
            "volume": gold.get("volume"), "issue": gold.get("issue"), "page": gold.get("pages"),
            "issued": {"date-parts": [[gold["year"]]]} if gold.get("year") else None,
            "author": [{"family": family} for family in gold.get("authors") or []],
        }
        text = " ".join(row["text"].split())
        fields = align(text, record, row["style"] in ("ieee", "acs", "aip", "vancouver"))
        if fields:
            rows.append({"source": "csl", "style": row["style"], "text": text, "fields": fields})
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--anystyle", type=Path)
    parser.add_argument("--grobid", type=Path)
    parser.add_argument("--styles", type=Path)
    parser.add_argument("--csl", type=Path, help="fixtures/parsing/dev.jsonl")
    args = parser.parse_args(argv)
    if args.anystyle:
        _write("anystyle", read_anystyle(args.anystyle))
    if args.grobid:
        _write("grobid", read_grobid(args.grobid))
    if args.styles:
        _write("styles", read_styles(args.styles))
    if args.csl:
        _write("csl", read_csl(args.csl))
    return 0


if __name__ == "__main__":
    sys.exit(main())
