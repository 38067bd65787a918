"""RIS files (reference-manager and database exports) to references.

A record runs from its ``TY  -`` line to its ``ER  -`` line (or the next
``TY`` line, or the end of the file); a line without a tag continues the
value above it. Every field's span is its value after the tag. Pages are
``SP`` and ``EP``: with both printed, the value is "SP-EP" and has no span
(the range is printed on two lines, so no one span holds it and a pages fix
has nothing to edit); with ``SP`` alone ("617-593" or "e0123"), its span.
Suppressions stand in a note: ``N1  - # citelint: ignore[CL101]``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from citelint.fields.patterns import DOI_RESOLVER, YEAR_DIGITS
from citelint.model import Author, Reference, SourceText, Span
from citelint.readers.suppression import find_suppressions

# "TY  - JOUR": two characters, two spaces, a hyphen; exports vary the spacing.
_TAG_LINE = re.compile(r"^([A-Z][A-Z0-9])[ \t]{1,2}-(?:[ \t]|$)[ \t]*", re.MULTILINE)
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")
_DOI_LINK = re.compile(r"https?://(?:dx\.|www\.)?doi\.org/(10\.\S+)", re.IGNORECASE)

_TYPES = {
    "JOUR": "article", "JFULL": "article", "EJOUR": "article", "MGZN": "article", "NEWS": "article",
    "ABST": "article", "INPR": "article",
    "BOOK": "book", "EBOOK": "book", "EDBOOK": "book",
    "CHAP": "chapter", "ECHAP": "chapter",
    "CONF": "proceedings", "CPAPER": "proceedings",
    "RPRT": "report", "GOVDOC": "report",
    "THES": "thesis",
    "ELEC": "web", "WEB": "web", "BLOG": "web",
}
_BOOK_TYPES = frozenset({"BOOK", "EBOOK", "EDBOOK"})
# Where the journal or book title stands, most specific first (T2 for books is the series).
_CONTAINER_TAGS = ("T2", "JF", "JO", "BT", "JA", "J2")


@dataclass
class _Value:  # built line by line: a continuation line extends it
    text: str  # continuation lines joined by a space
    start: int
    end: int


@dataclass
class _Record:  # built line by line
    start: int
    end: int
    fields: dict[str, list[_Value]]


def read_ris(source: SourceText) -> list[Reference]:
    return [_reference(source, record, index) for index, record in enumerate(_records(source.text), 1)]


def _records(text: str) -> Iterator[_Record]:
    record: _Record | None = None
    last: _Value | None = None  # the value a line without a tag continues
    for line in _LINE.finditer(text):
        line_start = line.start()
        content_end = line_start + len(line[0].rstrip("\r\n"))
        tag = _TAG_LINE.match(text, line_start, content_end)
        if tag is None:
            printed = text[line_start:content_end].strip()
            if record is not None and last is not None and printed:
                last.text = f"{last.text} {printed}".strip()
                last.end = line_start + len(text[line_start:content_end].rstrip())
                record.end = content_end
            continue
        name = tag[1]
        if name == "TY":
            if record is not None:
                yield record
            record = _Record(line_start, content_end, {})
        elif record is None:
            continue  # a tag outside any record: a header line of some exports
        elif name == "ER":
            record.end = content_end
            yield record
            record = last = None
            continue
        value_end = tag.end() + len(text[tag.end() : content_end].rstrip())
        last = _Value(text[tag.end() : value_end], tag.end(), value_end)
        record.fields.setdefault(name, []).append(last)
        record.end = content_end
    if record is not None:
        yield record


def _reference(source: SourceText, record: _Record, index: int) -> Reference:
    fields = record.fields
    values: dict[str, Any] = {}  # Reference fields, passed as keywords
    spans: dict[str, Span] = {}

    def put(name: str, value: _Value | None, text: str | None = None, start: int | None = None,
            end: int | None = None) -> None:
        if value is None:
            return
        text = " ".join((value.text if text is None else text).split())
        if text:
            values[name] = text
            spans[name] = source.span(value.start if start is None else start, value.end if end is None else end)

    kind = _first(fields, ("TY",))
    type_code = kind.text.strip().upper() if kind else ""
    put("type", kind, _TYPES.get(type_code, type_code.lower()))
    put("title", _first(fields, ("TI", "T1", "CT")))
    if type_code not in _BOOK_TYPES:
        put("container", _first(fields, _CONTAINER_TAGS))
    for name, tags in (("volume", ("VL",)), ("issue", ("IS",)), ("publisher", ("PB",)), ("edition", ("ET",)),
                       ("url", ("UR",))):
        put(name, _first(fields, tags))
    year = _first(fields, ("PY", "Y1", "DA"))
    year_found = YEAR_DIGITS.search(year.text) if year else None
    if year and year_found:
        put("year", year, year_found[0], year.start + year_found.start(), year.start + year_found.end())
    first_page, last_page = _first(fields, ("SP",)), _first(fields, ("EP",))
    if first_page and last_page and last_page.text.strip() != first_page.text.strip():
        pages = f"{first_page.text.strip()}-{last_page.text.strip()}"
        values["pages"] = pages  # printed on two lines: no one span holds it
    else:
        put("pages", first_page)
    doi = _first(fields, ("DO",))
    if doi:
        prefix = DOI_RESOLVER.match(doi.text)
        cut = prefix.end() if prefix else 0
        put("doi", doi, doi.text[cut:].strip(), doi.start + cut)
    elif "url" in values and (link := _DOI_LINK.fullmatch(values["url"])):
        url = _first(fields, ("UR",))
        put("doi", url, link[1], spans["url"].start + link.start(1))
    # In file order: an export may mix AU and A1 lines in one record.
    listed = sorted((value for tag in ("AU", "A1") for value in fields.get(tag, ())), key=lambda value: value.start)
    authors = tuple(_author(source, value) for value in listed)
    authors = tuple(author for author in authors if author.family or author.organisation)
    if authors:
        first, last = authors[0].span, authors[-1].span
        assert first is not None and last is not None
        spans["authors"] = source.span(first.start, last.end)
    key = _first(fields, ("ID",))
    start, end = record.start, record.end
    return Reference(
        text=source.text[start:end], file=source.path, span=source.span(start, end), index=index, kind="ris",
        key=key.text.strip() if key else None, authors=authors, spans=spans,
        suppressions=find_suppressions(source, start, end), **values,
    )


def _first(fields: dict[str, list[_Value]], tags: tuple[str, ...]) -> _Value | None:
    for tag in tags:
        for value in fields.get(tag, ()):
            if value.text.strip():
                return value
    return None


def _author(source: SourceText, value: _Value) -> Author:
    """RIS names are "Family, Given" (with ", Suffix" after); one without a comma is an organisation."""
    family, comma, given = value.text.partition(",")
    span = source.span(value.start, value.end)
    if not comma:
        return Author(organisation=" ".join(value.text.split()), span=span)
    given = given.split(",")[0]
    return Author(family=" ".join(family.split()), given=" ".join(given.split()), span=span)
