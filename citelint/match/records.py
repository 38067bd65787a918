"""Crossref work messages to Records.

Crossref deposits are uneven: any key may be missing, arrays may be empty,
dates may be ``[[null]]`` and titles carry JATS markup, entities and runs of
white space. Everything here degrades to an empty value instead of raising,
so one odd deposit cannot stop a run.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from citelint.fields.normalize import strip_markup
from citelint.model import Author, Record, Update

# Deposits break lines around inline markup: "<i>Title</i>\n   ." is "Title." once the tags are gone.
_BROKEN_BEFORE_PUNCTUATION = re.compile(r"\s*\n\s*(?=[.,;:?!)])")


def record_from_crossref(message: Mapping[str, Any]) -> Record:
    """The Record of one work message (the ``message`` of ``/works/{doi}`` or a list item)."""
    return Record(
        doi=_doi(message),
        type=_text(message.get("type")),
        title=_first_text(message.get("title")),
        subtitle=_first_text(message.get("subtitle")),
        authors=tuple(_author(entry) for entry in _list(message.get("author")) if _is_author(entry)),
        container=_first_text(message.get("container-title")) or _preprint_server(message),
        short_containers=tuple(_clean(t) for t in _list(message.get("short-container-title")) if _clean(t)),
        issns=tuple(_text(issn) for issn in _list(message.get("ISSN")) if _text(issn)),
        volume=_text(message.get("volume")),
        issue=_text(message.get("issue")),
        page=_text(message.get("page")),
        article_number=_text(message.get("article-number")),
        year_print=_year(message.get("published-print")),
        year_online=_year(message.get("published-online")),
        year_issued=_year(message.get("issued")),
        publisher=_clean(message.get("publisher")),
        updated_by=_updates(message.get("updated-by")),
        update_to=_updates(message.get("update-to")),
        relations=_relations(message.get("relation")),
        source="crossref",
    )


_HEADLINE_AUTHORS = 10  # a reader runs the authors a reference prints first into its title, not the hundredth


@dataclass(frozen=True)
class Headline:
    """What identifies a work, as its Record has it: enough to reject a search candidate.

    Most candidates of a search are other works, told apart by their titles; only
    those that survive are converted in full, as a Record with its dozens or
    hundreds of authors costs many times more.
    """

    doi: str
    type: str
    title: str
    subtitle: str
    update_to: tuple[Update, ...]
    containers: tuple[str, ...] = ()  # the journal's names: a reader may take one for the title
    names: tuple[str, ...] = ()  # the first authors' names, which a reader may take in too


def headline_from_crossref(message: Mapping[str, Any]) -> Headline:
    return Headline(
        doi=_doi(message),
        type=_text(message.get("type")),
        title=_first_text(message.get("title")),
        subtitle=_first_text(message.get("subtitle")),
        update_to=_updates(message.get("update-to")),
        containers=tuple(_clean(name) for key in ("container-title", "short-container-title")
                         for name in _list(message.get(key)) if _clean(name)),
        names=tuple(_text(entry.get(key)) for entry in _list(message.get("author"))[:_HEADLINE_AUTHORS]
                    if isinstance(entry, Mapping) for key in ("family", "given", "name") if _text(entry.get(key))),
    )


def _doi(message: Mapping[str, Any]) -> str:
    return _text(message.get("DOI")).lower()


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(value: Any) -> str:
    if isinstance(value, str):
        return " ".join(value.split())  # white space folded: faster than a regex, and the same
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return ""


def _clean(value: Any) -> str:
    """Display text: markup stripped, entities decoded, white space folded."""
    if not isinstance(value, str):
        return ""
    if "<" in value or "&" in value:
        value = strip_markup(value)
    if "\n" in value:
        value = _BROKEN_BEFORE_PUNCTUATION.sub("", value)
    return " ".join(value.split())


def _first_text(values: Any) -> str:
    for value in _list(values):
        cleaned = _clean(value)
        if cleaned:
            return cleaned
    return ""


def _preprint_server(message: Mapping[str, Any]) -> str:
    """Preprints have no container title; the server (bioRxiv, ESSOAr) is what references print."""
    if message.get("type") != "posted-content":
        return ""
    names = [entry.get("name") for entry in _list(message.get("institution")) if isinstance(entry, Mapping)]
    return _first_text(names)


def _is_author(entry: Any) -> bool:
    return isinstance(entry, Mapping) and any(_text(entry.get(key)) for key in ("family", "given", "name"))


def _author(entry: Mapping[str, Any]) -> Author:
    family = _clean(entry.get("family"))
    given = _clean(entry.get("given"))
    if not family and not given:
        return Author(organisation=_clean(entry.get("name")))
    if not family:  # a lone given name is what some depositors use for a mononym
        return Author(family=given)
    return Author(family=family, given=given)


def _year(date: Any) -> int | None:
    if not isinstance(date, Mapping):
        return None
    parts = _list(date.get("date-parts"))
    first = parts[0] if parts and isinstance(parts[0], list) else []
    year = first[0] if first else None
    if isinstance(year, str) and year.isdigit():
        year = int(year)
    return year if isinstance(year, int) and not isinstance(year, bool) and year > 0 else None


def _iso_date(date: Any) -> str | None:
    if not isinstance(date, Mapping):
        return None
    parts = _list(date.get("date-parts"))
    first = [p for p in (parts[0] if parts and isinstance(parts[0], list) else []) if isinstance(p, int)]
    if not first:
        return None
    return "-".join(f"{part:04d}" if index == 0 else f"{part:02d}" for index, part in enumerate(first[:3]))


def _updates(entries: Any) -> tuple[Update, ...]:
    updates = []
    for entry in _list(entries):
        if not isinstance(entry, Mapping) or not _text(entry.get("DOI")):
            continue
        updates.append(Update(
            type=_text(entry.get("type")),
            doi=_text(entry.get("DOI")).lower(),
            date=_iso_date(entry.get("updated")),
            source=_text(entry.get("source")) or None,
            label=_text(entry.get("label")) or None,
        ))
    return tuple(updates)


def _relations(relation: Any) -> dict[str, tuple[str, ...]]:
    if not isinstance(relation, Mapping):
        return {}
    found = {}
    for kind, entries in relation.items():
        ids = tuple(_text(entry.get("id")) for entry in _list(entries)
                    if isinstance(entry, Mapping) and _text(entry.get("id")))
        if ids:
            found[str(kind)] = ids
    return found


def describe(record: Record) -> str:
    """A record in a few words, for messages: 'Title', First et al., year."""
    from citelint.fields.names import display

    parts = []
    if record.title:
        parts.append(repr(strip_markup(record.title)))
    if record.authors:
        parts.append(display(record.authors[0]).split(",")[0] + (" et al." if len(record.authors) > 1 else ""))
    if record.years:
        parts.append(str(record.years[0]))
    return ", ".join(parts) or record.doi
