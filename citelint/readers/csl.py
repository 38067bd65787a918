"""CSL-JSON and CSL-YAML files (Zotero, Mendeley, Better BibTeX, pandoc) to references.

A file is a list of CSL items, or an object holding one under ``items``
(JSON) or ``references`` (YAML). Each item is one reference, its ``id`` the
key. A field's span is its printed value: for JSON the string's content
inside its quotes (escapes as printed, so "\\u2013" is six characters of
the file) or the number; for YAML the scalar inside its quotes. Folded and
literal YAML blocks get no span. Names are ``family``/``given`` (with the
particles) or ``literal``; the year is the first date part of ``issued``,
or the first four digits of its ``raw``, ``literal`` or EDTF string.
Suppressions stand in a comment (YAML) or in the item's ``note``
(``"note": "% citelint: ignore[CL101]"``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import Any

from citelint.app.results import InputError
from citelint.fields.patterns import DOI_RESOLVER, YEAR_DIGITS
from citelint.model import Author, Reference, SourceText, Span, Suppression
from citelint.readers import InputFailure
from citelint.readers.suppression import find_suppressions

MAX_DEPTH = 64  # CSL items nest four deep; deeper is not a reference file
MAX_YAML_NODES = 200_000  # bounds what aliases can multiply ("billion laughs")

_SPACE = re.compile(r"[ \t\r\n]*")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")

_TYPES = {
    "article-journal": "article", "article-magazine": "article", "article-newspaper": "article",
    "review": "article", "review-book": "article",
    "book": "book", "chapter": "chapter", "entry-encyclopedia": "chapter", "entry-dictionary": "chapter",
    "paper-conference": "proceedings", "report": "report", "thesis": "thesis",
    "webpage": "web", "post-weblog": "web", "post": "web", "article": "preprint",
}
_STATUSES = ("in press", "forthcoming", "accepted", "submitted", "in preparation")
_IN_CONTAINER = ("container-title", "container-title-short", "journalAbbreviation")
# Simple fields: reference field <- CSL variable.
_PLAIN = (("title", "title"), ("volume", "volume"), ("issue", "issue"), ("pages", "page"),
          ("publisher", "publisher"), ("edition", "edition"), ("url", "URL"))


class Located(str):
    """A printed value and where it stands; start is None when it cannot be located."""

    start: int | None = None
    end: int | None = None

    @classmethod
    def at(cls, value: str, start: int | None, end: int | None) -> Located:
        located = cls(value)
        located.start, located.end = start, end
        return located


class _TooDeep(Exception):
    pass


class LocatedDict(dict):  # type: ignore[type-arg]
    start = 0
    end = 0


def read_csl_json(source: SourceText) -> list[Reference]:
    text = source.text
    try:
        json.loads(text)  # the standard parser's error messages name the line
    except json.JSONDecodeError as error:
        raise InputFailure(InputError(source.path, error.lineno, f"not valid JSON: {error.msg}")) from None
    except RecursionError:
        raise InputFailure(InputError(source.path, None, "not a CSL-JSON file: nested too deeply")) from None
    try:
        document, _ = _json_value(text, _skip(text, 0), 0)
    except _TooDeep:
        raise InputFailure(InputError(source.path, None, "not a CSL-JSON file: nested too deeply")) from None
    return _references(source, _items(source, document, "items"), "csl-json")


def read_csl_yaml(source: SourceText) -> list[Reference]:
    try:
        import yaml
    except ImportError:
        raise InputFailure(InputError(source.path, None, "reading CSL-YAML needs PyYAML (pip install pyyaml)")) from None
    try:
        node = yaml.compose(source.text, Loader=_yaml_loader())
    except yaml.MarkedYAMLError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else None
        raise InputFailure(InputError(source.path, line, f"not valid YAML: {error.problem or error.context}")) from None
    except yaml.reader.ReaderError as error:  # a character YAML does not allow
        line = source.position(error.position)[0]
        raise InputFailure(InputError(source.path, line, f"not valid YAML: {error.reason}")) from None
    except yaml.YAMLError as error:
        raise InputFailure(InputError(source.path, None, f"not valid YAML: {' '.join(str(error).split())}")) from None
    if node is None:
        return []
    budget = [MAX_YAML_NODES]
    document = _yaml_value(source, node, 0, budget)
    return _references(source, _items(source, document, "references"), "csl-yaml")


@lru_cache(maxsize=1)
def _yaml_loader() -> type:
    """libyaml's loader, ten times faster, when its marks count characters (as PyYAML's
    own do, and as spans need): a libyaml that counted bytes would misplace every span."""
    import yaml

    loader: type | None = getattr(yaml, "CSafeLoader", None)
    probe = yaml.compose("\u00fc: x", Loader=loader) if loader is not None else None
    if loader is not None and probe is not None and probe.value[0][1].start_mark.index == 3:
        return loader
    return yaml.SafeLoader


def reference_from_item(source: SourceText, item: Mapping[str, Any], *, index: int, kind: str,
                        start: int, end: int, suppressions: tuple[Suppression, ...] = ()) -> Reference:
    """One CSL item to a Reference printed at source.text[start:end]; values that are
    ``Located`` get spans (a docx reader passes plain values: no spans)."""
    values: dict[str, Any] = {}  # Reference fields, passed as keywords
    spans: dict[str, Span] = {}

    def put(name: str, value: Any, start_at: int = 0, end_at: int | None = None) -> None:
        if isinstance(value, list) and len(value) == 1:
            value = value[0]  # Crossref's JSON, close kin of CSL's, holds titles in lists
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)  # a plain json.loads gives numbers: "volume": 12
        if not isinstance(value, str) or not value[start_at:end_at].strip():
            return
        values[name] = " ".join(value[start_at:end_at].split())
        span = _span(source, value, start_at, len(value) if end_at is None else end_at)
        if span is not None:
            spans[name] = span

    for name, variable in _PLAIN:
        put(name, item.get(variable))
    for variable in _IN_CONTAINER:
        put("container", item.get(variable))
        if "container" in values:
            break
    doi = item.get("DOI")
    if isinstance(doi, str):
        prefix = DOI_RESOLVER.match(doi.strip())
        offset = len(doi) - len(doi.lstrip()) + (prefix.end() if prefix else 0)
        put("doi", doi, offset, len(doi.rstrip()))
    put("year", *_year(item.get("issued")))
    status = _text(item.get("status"))
    if status and status.lower() in _STATUSES:
        put("status", item.get("status"))
        values["status"] = status.lower()
    csl_type = _text(item.get("type"))
    if csl_type:
        put("type", item.get("type"))
        values["type"] = _TYPES.get(csl_type, csl_type)
    authors = tuple(_authors(source, item.get("author")))
    if authors and authors[0].span and authors[-1].span:
        spans["authors"] = source.span(authors[0].span.start, authors[-1].span.end)
    key = item.get("id")
    return Reference(
        text=source.text[start:end], file=source.path, span=source.span(start, end), index=index, kind=kind,
        key=str(key) if isinstance(key, (str, int)) and str(key) else None, authors=authors, spans=spans,
        suppressions=suppressions, **values,
    )


def _span(source: SourceText, value: str, start: int, end: int) -> Span | None:
    """Where ``value[start:end]`` is printed: exactly when the value is printed as is,
    else (escapes, folded lines) the whole printed value."""
    if not isinstance(value, Located) or value.start is None or value.end is None:
        return None
    if value.end - value.start == len(value):
        return source.span(value.start + start, value.start + end)
    return source.span(value.start, value.end)


def _text(value: Any) -> str | None:
    return " ".join(value.split()) or None if isinstance(value, str) else None


def _year(issued: Any) -> tuple[Any, int, int | None]:
    """The printed value holding the year, and where in it the year stands: from
    ``{"date-parts": [[2012, 3]]}``, ``{"raw": "2012-03"}``, pandoc's ``[{year: 2012}]`` or ``2012-03-01``."""
    if isinstance(issued, list) and issued and isinstance(issued[0], Mapping):
        issued = issued[0]
        if _is_year(issued.get("year")):
            return issued.get("year"), 0, None
    if isinstance(issued, Mapping):
        parts = issued.get("date-parts")
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0] and _is_year(parts[0][0]):
            return parts[0][0], 0, None
        issued = issued.get("raw") or issued.get("literal")
    found = YEAR_DIGITS.search(issued) if isinstance(issued, str) else None
    return (issued, found.start(), found.end()) if found else (None, 0, None)


def _is_year(value: Any) -> bool:
    return isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))


def _authors(source: SourceText, names: Any) -> Iterator[Author]:
    if not isinstance(names, list):
        return
    for name in names:
        if not isinstance(name, Mapping):
            continue
        literal, family = _text(name.get("literal")), _text(name.get("family"))
        if not literal and not family:
            continue
        printed: str = name["literal"] if literal else name["family"]
        span = _span(source, printed, 0, len(printed))
        if literal:
            yield Author(organisation=literal, span=span)
            continue
        particle = _text(name.get("non-dropping-particle"))
        given = " ".join(filter(None, (_text(name.get("given")), _text(name.get("dropping-particle")))))
        yield Author(family=f"{particle} {family}" if particle else family or "", given=given, span=span)


def _items(source: SourceText, document: Any, holder: str) -> list[LocatedDict]:
    if isinstance(document, Mapping) and isinstance(document.get(holder), list):
        document = document[holder]
    if not isinstance(document, list):
        raise InputFailure(InputError(source.path, 1, f"not a CSL file: expected a list of items or '{holder}:'"))
    return [item for item in document if isinstance(item, LocatedDict)]


def _references(source: SourceText, items: list[LocatedDict], kind: str) -> list[Reference]:
    references = []
    for index, item in enumerate(items, 1):
        comments = _comments_above(source.text, item.start) if kind == "csl-yaml" else item.start
        suppressions = find_suppressions(source, comments, item.end)
        references.append(reference_from_item(source, item, index=index, kind=kind, start=item.start, end=item.end,
                                              suppressions=suppressions))
    return references


def _comments_above(text: str, start: int) -> int:
    """Where the comment lines directly above a YAML item begin (past its "- " marker)."""
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip() not in ("", "-"):
        return start
    found = line_start
    while found > 0:
        previous = text.rfind("\n", 0, found - 1) + 1
        if not text[previous : found - 1].lstrip().startswith("#"):
            break
        found = previous
    return found


# --- JSON with positions (the text is known to be valid JSON) -----------------


def _json_value(text: str, position: int, depth: int) -> tuple[Any, int]:
    """The value at ``position`` and the position after it; strings and numbers as ``Located``."""
    if depth > MAX_DEPTH:
        raise _TooDeep
    char = text[position]
    if char == '"':
        value, end = json.decoder.scanstring(text, position + 1)  # type: ignore[attr-defined]
        return Located.at(value, position + 1, end - 1), end
    if char == "{":
        found = LocatedDict()
        found.start = position
        position = _skip(text, position + 1)
        while text[position] != "}":
            key, position = json.decoder.scanstring(text, position + 1)  # type: ignore[attr-defined]
            position = _skip(text, _skip(text, position) + 1)  # past the colon
            found[key], position = _json_value(text, position, depth + 1)
            position = _skip(text, position)
            if text[position] == ",":
                position = _skip(text, position + 1)
        found.end = position + 1
        return found, position + 1
    if char == "[":
        items = []
        position = _skip(text, position + 1)
        while text[position] != "]":
            item, position = _json_value(text, position, depth + 1)
            items.append(item)
            position = _skip(text, position)
            if text[position] == ",":
                position = _skip(text, position + 1)
        return items, position + 1
    for word, value in (("true", True), ("false", False), ("null", None)):
        if text.startswith(word, position):
            return value, position + len(word)
    number = _NUMBER.match(text, position)
    assert number is not None  # json.loads accepted the text
    return Located.at(number[0], number.start(), number.end()), number.end()


def _skip(text: str, position: int) -> int:
    return _SPACE.match(text, position).end()  # type: ignore[union-attr]  # always matches


# --- YAML with positions --------------------------------------------------------


def _yaml_value(source: SourceText, node: Any, depth: int, budget: list[int]) -> Any:
    import yaml

    budget[0] -= 1
    if budget[0] < 0 or depth > MAX_DEPTH:
        line = node.start_mark.line + 1
        raise InputFailure(InputError(source.path, line, "not a CSL-YAML file: too many nested or aliased values"))
    if isinstance(node, yaml.ScalarNode):
        start, end = node.start_mark.index, node.end_mark.index
        if node.style in ('"', "'"):
            return Located.at(node.value, start + 1, end - 1)
        if not node.style and source.text[start:end].strip() == node.value.strip():  # plain: libyaml says ""
            return Located.at(node.value, start, end)
        return Located.at(node.value, None, None)
    if isinstance(node, yaml.SequenceNode):
        return [_yaml_value(source, child, depth + 1, budget) for child in node.value]
    found = LocatedDict()
    found.start, found.end = node.start_mark.index, _node_end(node)
    for key, value in node.value:
        found[str(key.value)] = _yaml_value(source, value, depth + 1, budget)
    return found


def _node_end(node: Any) -> int:
    """Where a node's printed text ends: a block collection's own end mark lies at the
    next token, past the comment lines in between, which belong to what follows."""
    import yaml

    if isinstance(node, yaml.ScalarNode) or node.flow_style or not node.value:
        return node.end_mark.index  # type: ignore[no-any-return]
    last = node.value[-1]
    return _node_end(last[1] if isinstance(node, yaml.MappingNode) else last)
