"""Builders for tests: references and records from plain values."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from citelint.model import Author, Match, Record, Reference, SourceText, Update

FIELD_NAMES = (
    "year", "title", "container", "volume", "issue", "pages", "article_number",
    "doi", "url", "publisher", "edition", "type", "status",
)


def parse_author(text: str) -> Author:
    """"Family, Given" -> person; "=Name" -> organisation."""
    if text.startswith("="):
        return Author(organisation=text[1:])
    family, _, given = text.partition(",")
    return Author(family=family.strip(), given=given.strip())


def make_reference(text: str, *, authors: list[str] | None = None, file: str = "refs.txt",
                   index: int = 1, kind: str = "text", et_al: bool = False, key: str | None = None,
                   **fields: Any) -> Reference:
    """A Reference whose field spans point at the first occurrence of each value in `text`.

    A field whose value does not occur in the text gets no span (as for a
    value the reader normalised).
    """
    source = SourceText(file, text)
    spans = {}
    cursor = 0
    for name in FIELD_NAMES:
        value = fields.get(name)
        if value is None:
            continue
        found = text.find(str(value), cursor)
        if found < 0:
            found = text.find(str(value))
        if found >= 0:
            spans[name] = source.span(found, found + len(str(value)))
    parsed_authors = []
    author_cursor = 0
    for printed in authors or ():
        author = parse_author(printed)
        found = text.find(printed.lstrip("="), author_cursor)
        if found >= 0:
            author_cursor = found + len(printed.lstrip("="))
            author = replace(author, span=source.span(found, author_cursor))
        parsed_authors.append(author)
    unknown = set(fields) - set(FIELD_NAMES)
    if unknown:
        raise TypeError(f"unknown reference fields: {sorted(unknown)}")
    return Reference(
        text=text, file=file, span=source.span(0, len(text)), index=index, kind=kind, key=key,
        authors=tuple(parsed_authors), et_al=et_al, spans=spans,
        **{name: (str(value) if value is not None else None) for name, value in fields.items()},
    )


def make_record(doi: str = "10.1234/example", *, authors: list[str] | None = None,
                updated_by: list[dict] | None = None, update_to: list[dict] | None = None,
                short_containers: list[str] | None = None, issns: list[str] | None = None,
                relations: dict[str, list[str]] | None = None, **fields: Any) -> Record:
    return Record(
        doi=doi,
        authors=tuple(parse_author(a) for a in authors or ()),
        updated_by=tuple(Update(**u) for u in updated_by or ()),
        update_to=tuple(Update(**u) for u in update_to or ()),
        short_containers=tuple(short_containers or ()),
        issns=tuple(issns or ()),
        relations={k: tuple(v) for k, v in (relations or {}).items()},
        **fields,
    )


def matched(record: Record, confidence: float = 0.95, via: str = "search") -> Match:
    return Match(status="matched", record=record, confidence=confidence, source="crossref", via=via)
