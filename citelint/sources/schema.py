"""The shape of an answer, checked before it is believed.

A 200 answer is only evidence when the parts that matching and the rules
read have the types they expect: a work without a DOI, with another DOI than
the one asked, or with a title that is a number would otherwise become a
false verdict ("the DOI is another work", "check that the work exists").
An answer that fails is ``MalformedAnswer``, a ``SourceUnavailable``: the
lookup is "unchecked", with the reason. Only the fields citelint reads are
checked, and a field that is absent is fine; everything else passes through.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from citelint.fields.normalize import doi_key
from citelint.fields.patterns import DOI_REGISTRANT
from citelint.sources import SourceUnavailable

# A registered DOI: the 10. directory, a numeric registrant (sub-registrants after dots), a suffix
# without spaces or control characters at its ends.
DOI = re.compile(rf"{DOI_REGISTRANT}(?:\.\d+)*/[^\x00-\x20\x7f](?:[^\x00-\x1f\x7f]*[^\x00-\x20\x7f])?")


class MalformedAnswer(SourceUnavailable):
    """A 200 answer whose shape is not what the API documents: never evidence."""


Check = Callable[[Any, str], None]


def crossref_work(data: Any, asked: str) -> dict[str, Any]:
    """The ``message`` of a ``/works/{doi}`` answer, which must be the work with the DOI ``asked``."""
    message = _field(data, "message", "the answer")
    where = "the work record"
    if not isinstance(message, dict):
        raise MalformedAnswer(f"{where} is missing")
    _work(message, where)
    if doi_key(message["DOI"]) != doi_key(asked):
        raise MalformedAnswer(f"{where} is for {message['DOI']!r}, not the DOI asked")
    return message


def crossref_items(data: Any) -> list[dict[str, Any]]:
    """The ``message.items`` of a ``/works?query...`` answer, every one a well-formed work."""
    message = _field(data, "message", "the answer")
    items = _field(message, "items", "the search answer")
    if not isinstance(items, list):
        raise MalformedAnswer("the search answer has no result list")
    for number, item in enumerate(items):
        _work(item, f"search result {number + 1}")
    return items


def datacite_attributes(data: Any, asked: str) -> dict[str, Any]:
    """The ``data.attributes`` of a DataCite ``/dois/{doi}`` answer, for the DOI ``asked``."""
    attributes = _field(_field(data, "data", "the answer"), "attributes", "the DOI record")
    where = "the DataCite record"
    if not isinstance(attributes, dict):
        raise MalformedAnswer(f"{where} has no attributes")
    _require(isinstance(attributes.get("doi"), str) and DOI.fullmatch(attributes["doi"]) is not None,
             f"{where} has no DOI")
    if doi_key(attributes["doi"]) != doi_key(asked):
        raise MalformedAnswer(f"{where} is for {attributes['doi']!r}, not the DOI asked")
    _list_of(attributes, "titles", where, _mapping_with_text("title", "titleType"))
    _list_of(attributes, "creators", where, _mapping_with_text("name", "givenName", "familyName", "nameType"))
    _list_of(attributes, "relatedIdentifiers", where,
             _mapping_with_text("relatedIdentifier", "relatedIdentifierType", "relationType"))
    for name in ("container", "types"):
        _optional(attributes, name, where, lambda value, at: _require(isinstance(value, dict), f"{at} is not an object"))
    year = attributes.get("publicationYear")
    _require(year is None or _is_int(year) or (isinstance(year, str) and year.strip().isdigit()),
             f"{where}: publicationYear is not a year")
    publisher = attributes.get("publisher")
    _require(publisher is None or isinstance(publisher, (str, dict)), f"{where}: publisher is not text")
    return attributes


# -- one Crossref work ----------------------------------------------------------------------------

_TEXT_FIELDS = ("type", "volume", "issue", "page", "article-number", "publisher")
_TEXT_LIST_FIELDS = ("title", "subtitle", "container-title", "short-container-title", "ISSN")
_DATE_FIELDS = ("published-print", "published-online", "issued", "published")


def _work(work: Any, where: str) -> None:
    if not isinstance(work, dict):
        raise MalformedAnswer(f"{where} is not a work record")
    _require(isinstance(work.get("DOI"), str) and DOI.fullmatch(work["DOI"]) is not None, f"{where} has no DOI")
    for name in _TEXT_FIELDS:
        _optional(work, name, where, _text)
    for name in _TEXT_LIST_FIELDS:
        _list_of(work, name, where, _text)
    for name in _DATE_FIELDS:
        _optional(work, name, where, _date)
    _list_of(work, "author", where, _mapping_with_text("family", "given", "name", "suffix", "ORCID"))
    _list_of(work, "institution", where, _mapping_with_text("name"))
    for name in ("update-to", "updated-by"):
        _list_of(work, name, where, _update)
    _optional(work, "relation", where, _relations)
    score = work.get("score")
    _require(score is None or (isinstance(score, (int, float)) and not isinstance(score, bool)),
             f"{where}: score is not a number")


def _text(value: Any, where: str) -> None:
    _require(isinstance(value, str), f"{where} is not text")


def _date(value: Any, where: str) -> None:
    _require(isinstance(value, dict), f"{where} is not a date")
    parts = value.get("date-parts")
    if parts is None:
        return
    # Crossref writes an unknown date as [[null]].
    _require(isinstance(parts, list) and all(isinstance(part, list) and all(_is_int(number) or number is None
                                                                              for number in part) for part in parts),
             f"{where}.date-parts are not numbers")


def _update(value: Any, where: str) -> None:
    _require(isinstance(value, dict), f"{where} is not an object")
    for name in ("DOI", "type", "source", "label"):
        _optional(value, name, where, _text)
    _optional(value, "updated", where, _date)


def _relations(value: Any, where: str) -> None:
    _require(isinstance(value, dict), f"{where} is not an object")
    for kind, entries in value.items():
        _require(isinstance(entries, list), f"{where}.{kind} is not a list")
        for number, entry in enumerate(entries):
            _mapping_with_text("id", "id-type")(entry, f"{where}.{kind}[{number}]")


def _mapping_with_text(*names: str) -> Check:
    def check(value: Any, where: str) -> None:
        _require(isinstance(value, dict), f"{where} is not an object")
        for name in names:
            _optional(value, name, where, _text)

    return check


# -- helpers --------------------------------------------------------------------------------------


def _field(value: Any, name: str, where: str) -> Any:
    if not isinstance(value, Mapping):
        raise MalformedAnswer(f"{where} is not a JSON object")
    return value.get(name)


def _optional(record: Mapping[str, Any], name: str, where: str, check: Check) -> None:
    value = record.get(name)
    if value is not None:
        check(value, f"{where}: {name}")


def _list_of(record: Mapping[str, Any], name: str, where: str, check: Check) -> None:
    values = record.get(name)
    if values is None:
        return
    _require(isinstance(values, list), f"{where}: {name} is not a list")
    for number, value in enumerate(values):
        check(value, f"{where}: {name}[{number}]")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _require(condition: bool, problem: str) -> None:
    if not condition:
        raise MalformedAnswer(f"malformed answer: {problem}")
