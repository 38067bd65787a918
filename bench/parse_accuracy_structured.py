"""Field-level F1 of the structured readers: RIS, CSL-JSON, CSL-YAML, JATS, .docx.

The real Crossref records in fixtures/crossref-samples that have a title,
authors, a year and a container are written out as the tools that make each
format write them, read back by the citelint reader, and compared field by
field, in order, after the normalisation the rules use (as in
bench/parse_accuracy.py):

- RIS as Zotero (T2, PY 2020) and EndNote (JO, PY 2020///) export it, in turn;
- CSL-JSON as Zotero exports it; CSL-YAML as pandoc writes it (yaml.safe_dump);
- JATS ``<element-citation>``, and ``<mixed-citation>`` with PMC's Vancouver punctuation;
- .docx with a typed "References" list rendered by citeproc-py (Vancouver, APA);
- .docx with Zotero citation fields (CSL data) and no bibliography inserted yet.

The gold is the record's fields as written; for a typed .docx list it is what
the style prints (a style that cuts the authors after six does not print the
seventh), as scripts/make_parse_corpus.py labels printed references, and for a
mixed citation the page range carries the dash it prints. Prints figures and
up to ten wrong fields per format; asserts nothing.

    .venv/bin/python bench/parse_accuracy_structured.py
"""

from __future__ import annotations

import io
import json
import sys
import warnings
import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "scripts"))

from make_parse_corpus import render  # type: ignore[import-not-found]  # scripts/ is not a package
from parse_accuracy import FIELDS, compare, f1
from record_rules import initials, load_records

from citelint.fields.normalize import strip_markup
from citelint.model import Record, Reference, SourceText
from citelint.readers.csl import read_csl_json, read_csl_yaml
from citelint.readers.docx import read_docx
from citelint.readers.jats import read_jats
from citelint.readers.ris import read_ris

CSL_TYPES = {"journal-article": "article-journal", "book-chapter": "chapter", "proceedings-article": "paper-conference",
             "posted-content": "article", "dataset": "dataset", "reference-entry": "entry"}
RIS_TYPES = {"article-journal": "JOUR", "chapter": "CHAP", "paper-conference": "CPAPER", "dataset": "DATA",
             "article": "JOUR", "entry": "ENCYC"}
# JATS publication-type and the element that holds the work's own title.
JATS_TYPES = {"article-journal": ("journal", "article-title"), "chapter": ("book", "chapter-title"),
              "paper-conference": ("confproc", "article-title"), "dataset": ("data", "data-title"),
              "article": ("preprint", "article-title"), "entry": ("book", "chapter-title")}
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MISMATCHES_SHOWN = 10

Gold = dict[str, Any]


def main() -> int:
    items = [csl_item(record, number) for number, record in enumerate(cited_records(), 1)]
    gold = [gold_of(item) for item in items]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns about CSL features it skips
        vancouver, apa = render("vancouver", items), render("apa", items)
    formats: dict[str, tuple[list[Gold], list[Reference]]] = {
        "ris": (gold, read_ris(SourceText("refs.ris", ris(items)))),
        "csl-json": (gold, read_csl_json(SourceText("refs.json", csl_json(items)))),
        "csl-yaml": (gold, read_csl_yaml(SourceText("refs.yaml", csl_yaml(items)))),
        "jats element-citation": (gold, read_jats(SourceText("article.xml", jats(items, element_citation)))),
        "jats mixed-citation": ([{**g, "pages": mixed_pages(item)} for g, item in zip(gold, items)],
                                read_jats(SourceText("article.xml", jats(items, mixed_citation)))),
        "docx typed vancouver": ([line["gold"] for line in vancouver],
                                 read_docx("typed.docx", typed_docx([f"{n}. {line['text']}" for n, line
                                                                     in enumerate(vancouver, 1)], vancouver))[1]),
        "docx typed apa": ([line["gold"] for line in apa],
                           read_docx("typed.docx", typed_docx([line["text"] for line in apa], apa))[1]),
        "docx zotero fields": (gold, read_docx("cited.docx", zotero_docx(items))[1]),
    }
    print(f"{len(items)} Crossref records with title, authors, year and container")
    print(f"{'format':<24}{'refs':>5}{'read':>5}" + "".join(f"{name:>10}" for name in FIELDS) + f"{'all':>8}")
    wrong: dict[str, list[str]] = {}
    for name, (expected, references) in formats.items():
        counts, wrong[name] = compare(expected, references)
        total = [sum(counts[field][i] for field in FIELDS) for i in range(3)]
        print(f"{name:<24}{len(expected):>5}{len(references):>5}"
              + "".join(f"{f1(*counts[field]):>10}" for field in FIELDS) + f"{f1(*total):>8}")
    print("cells: F1; references aligned by order")
    for name, lines in wrong.items():
        print(f"\n[{name}] {len(lines)} wrong fields" + (f", first {MISMATCHES_SHOWN}:" if lines else ""))
        for line in lines[:MISMATCHES_SHOWN]:
            print(f"  {line}")
    return 0


def cited_records() -> list[Record]:
    return [record for record in load_records() if record.container and year_of(record)]


def year_of(record: Record) -> int | None:
    return record.year_issued or record.year_print or record.year_online


def csl_item(record: Record, number: int) -> dict[str, Any]:
    """The record as Zotero holds it: a subtitle joined to the title, markup dropped."""
    title = " ".join(strip_markup(record.title).split())
    if record.subtitle:
        title += f": {' '.join(strip_markup(record.subtitle).split())}"
    item: dict[str, Any] = {
        "id": number, "type": CSL_TYPES.get(record.type, "document"), "title": title,
        "container-title": " ".join(strip_markup(record.container).split()),
        "author": [{"family": author.family, "given": author.given} for author in record.authors if author.family],
        "issued": {"date-parts": [[year_of(record)]]},
    }
    if record.short_containers:
        item["container-title-short"] = record.short_containers[0]
    for name, value in (("volume", record.volume), ("issue", record.issue), ("page", record.page),
                        ("DOI", record.doi)):
        if value:
            item[name] = value
    return item


def gold_of(item: dict[str, Any]) -> Gold:
    return {"authors": [author["family"] for author in item["author"]], "title": item["title"],
            "year": str(item["issued"]["date-parts"][0][0]), "container": item["container-title"],
            "volume": item.get("volume"), "issue": item.get("issue"), "pages": item.get("page"),
            "doi": item.get("DOI")}


def page_range(item: dict[str, Any]) -> tuple[str, str]:
    first, _, last = item.get("page", "").partition("-")
    return first.strip(), last.strip()


# --- writers ------------------------------------------------------------------


def ris(items: list[dict[str, Any]]) -> str:
    """Zotero's export for odd ids, EndNote's older one (JO, "PY  - 2005///") for even ids."""
    lines = []
    for item in items:
        zotero = item["id"] % 2 == 1
        year = item["issued"]["date-parts"][0][0]
        first, last = page_range(item)
        lines += [f"TY  - {RIS_TYPES.get(item['type'], 'GEN')}", f"TI  - {item['title']}",
                  f"{'T2' if zotero else 'JO'}  - {item['container-title']}",
                  *(f"AU  - {author['family']}, {author['given']}".rstrip() for author in item["author"]),
                  f"PY  - {year}" if zotero else f"PY  - {year}///"]
        lines += [f"{tag}  - {item[name]}" for tag, name in (("VL", "volume"), ("IS", "issue")) if item.get(name)]
        lines += [f"{tag}  - {value}" for tag, value in (("SP", first), ("EP", last)) if value]
        if zotero and item.get("container-title-short"):
            lines.append(f"J2  - {item['container-title-short']}")
        lines += [f"DO  - {item['DOI']}", f"UR  - https://doi.org/{item['DOI']}", "ER  - ", ""]
    return "\r\n".join(lines)  # RIS exports end lines with CRLF


def csl_json(items: list[dict[str, Any]]) -> str:
    """As Zotero exports it: particles split off the family name ("van der"), the year a string."""
    exported = []
    for item in items:
        authors = []
        for author in item["author"]:
            words = author["family"].split(" ")
            particles = next((n for n, word in enumerate(words) if not word[:1].islower()), 0)
            authors.append({"family": " ".join(words[particles:]), "given": author["given"],
                            **({"non-dropping-particle": " ".join(words[:particles])} if particles else {})})
        issued = {"date-parts": [[str(item["issued"]["date-parts"][0][0])]]}
        exported.append({**item, "id": f"http://zotero.org/users/local/Wz4Jq0S8/items/K{item['id']:05d}",
                         "author": authors, "issued": issued})
    return json.dumps(exported, ensure_ascii=False, indent="\t")


def csl_yaml(items: list[dict[str, Any]]) -> str:
    import yaml

    return "---\n" + yaml.safe_dump({"references": items}, allow_unicode=True, sort_keys=False) + "...\n"


def jats(items: list[dict[str, Any]], citation) -> str:  # type: ignore[no-untyped-def]
    refs = "".join(f'<ref id="B{item["id"]}"><label>{item["id"]}</label>{citation(item)}</ref>\n' for item in items)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal '
        'Publishing DTD v1.2 20190208//EN" "JATS-journalpublishing1.dtd">\n<article article-type="research-article">'
        f"<front/><body/><back><ref-list><title>References</title>\n{refs}</ref-list></back></article>\n"
    )


def element_citation(item: dict[str, Any]) -> str:
    kind, title_tag = JATS_TYPES.get(item["type"], ("other", "article-title"))
    names = "".join(f"<name><surname>{escape(a['family'])}</surname>"
                    + (f"<given-names>{escape(a['given'])}</given-names>" if a["given"] else "") + "</name>"
                    for a in item["author"])
    first, last = page_range(item)
    parts = [f'<person-group person-group-type="author">{names}</person-group>',
             f"<{title_tag}>{escape(item['title'])}</{title_tag}>", f"<source>{escape(item['container-title'])}</source>",
             f"<year>{item['issued']['date-parts'][0][0]}</year>"]
    parts += [f"<{name}>{escape(item[name])}</{name}>" for name in ("volume", "issue") if item.get(name)]
    parts += [f"<{tag}>{escape(value)}</{tag}>" for tag, value in (("fpage", first), ("lpage", last)) if value]
    parts.append(f'<pub-id pub-id-type="doi">{escape(item["DOI"])}</pub-id>')
    # Publishers indent their XML: white space, not a dash, stands between <fpage> and <lpage>.
    inside = "".join(f"\n            {part}" for part in parts)
    return f'\n          <element-citation publication-type="{kind}">{inside}\n          </element-citation>\n        '


def mixed_citation(item: dict[str, Any]) -> str:
    """As PMC prints Vancouver: "Surname AB, Surname C. Title. Source. 2005;62(6):593–602. doi: ..."."""
    kind, title_tag = JATS_TYPES.get(item["type"], ("other", "article-title"))
    names = ", ".join(f"<name><surname>{escape(a['family'])}</surname>"
                      + (f" <given-names>{escape(initials(a['given'], dotted=False))}</given-names>" if a["given"]
                         else "") + "</name>"
                      for a in item["author"])
    title = escape(item["title"])
    stop = "" if title.endswith(("?", "!", ".")) else "."
    printed = (f'<person-group person-group-type="author">{names}</person-group>. '
               f"<{title_tag}>{title}</{title_tag}>{stop} <source>{escape(item['container-title'])}</source>. "
               f"<year>{item['issued']['date-parts'][0][0]}</year>")
    if item.get("volume"):
        printed += f";<volume>{escape(item['volume'])}</volume>"
    if item.get("issue"):
        printed += f"(<issue>{escape(item['issue'])}</issue>)"
    first, last = page_range(item)
    if first:
        printed += f":<fpage>{escape(first)}</fpage>" + (f"\u2013<lpage>{escape(last)}</lpage>" if last else "")
    printed += f'. doi: <pub-id pub-id-type="doi">{escape(item["DOI"])}</pub-id>'
    return f'<mixed-citation publication-type="{kind}">{printed}</mixed-citation>'


def mixed_pages(item: dict[str, Any]) -> str | None:
    first, last = page_range(item)
    return f"{first}\u2013{last}" if last else first or None


def paragraph(text: str, style: str = "", italic: str = "") -> str:
    """One paragraph; the first ``italic`` in the text in a run of its own, as Word writes a journal's name."""
    properties = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    at = text.find(italic) if italic else -1
    pieces = [(text, "")] if at < 0 else [(text[:at], ""), (italic, "<w:rPr><w:i/></w:rPr>"),
                                          (text[at + len(italic) :], "")]
    runs = "".join(f'<w:r>{look}<w:t xml:space="preserve">{escape(piece)}</w:t></w:r>' for piece, look in pieces if piece)
    return f"<w:p>{properties}{runs}</w:p>"


def typed_docx(entries: list[str], lines: list[dict[str, Any]]) -> bytes:
    """A manuscript whose reference list is typed after a "References" heading, a heading after it."""
    body = [paragraph("Introduction", "Heading1"), paragraph("Earlier work is cited throughout [1-3]."),
            paragraph("References", "Heading1"),
            *(paragraph(entry, italic=line["gold"].get("container", "")) for entry, line in zip(entries, lines)),
            paragraph("Figure legends", "Heading1"), paragraph("Figure 1. Study flow.")]
    return docx("".join(body))


def zotero_docx(items: list[dict[str, Any]]) -> bytes:
    """Zotero citation fields citing one to three works each, in order; no bibliography inserted yet."""
    body = [paragraph("Introduction", "Heading1")]
    start = 0
    while start < len(items):
        cited = items[start : start + 1 + start % 3]
        body.append(f"<w:p><w:r><w:t xml:space=\"preserve\">Earlier work </w:t></w:r>{zotero_field(cited)}"
                    "<w:r><w:t>.</w:t></w:r></w:p>")
        start += len(cited)
    return docx("".join(body))


def zotero_field(items: list[dict[str, Any]]) -> str:
    shown = f"({', '.join(str(item['id']) for item in items)})"
    data = {
        "citationID": f"c{items[0]['id']}",
        "properties": {"formattedCitation": shown, "plainCitation": shown, "noteIndex": 0},
        "citationItems": [{"id": item["id"], "uris": [f"http://zotero.org/users/local/Wz4Jq0S8/items/{item['id']}"],
                           "itemData": item} for item in items],
        "schema": "https://github.com/citation-style-language/schema/raw/master/csl-citation.json",
    }
    instruction = f" ADDIN ZOTERO_ITEM CSL_CITATION {json.dumps(data, ensure_ascii=False)} "
    # Word splits a long instruction over many runs; the reader must join them.
    runs = "".join(f'<w:r><w:instrText xml:space="preserve">{escape(instruction[at : at + 120])}</w:instrText></w:r>'
                   for at in range(0, len(instruction), 120))
    return (f'<w:r><w:fldChar w:fldCharType="begin"/></w:r>{runs}<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            f'<w:r><w:t>{escape(shown)}</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>')


def docx(body: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                         f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'.encode())
    return buffer.getvalue()


if __name__ == "__main__":
    raise SystemExit(main())
