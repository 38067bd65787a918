"""JATS and NLM XML articles to references: one per ``<ref>`` of the reference lists.

A citation tagged field by field (``<element-citation>``, or a
``<mixed-citation>`` holding ``<source>``, ``<year>``...) is read from its
elements; a ``<mixed-citation>`` that is only text is parsed as a printed
reference, keeping any ``<pub-id pub-id-type="doi">``. A field's span covers
its element's content as printed: a value with an entity (``&amp;``) or
inline markup (``<italic>``) is decoded, its span covers the raw text. A
page range from ``<fpage>`` and ``<lpage>`` has no span (no one stretch of
the file holds it). Suppressions stand in a comment inside the ``<ref>``:
``<!-- citelint: ignore[CL101] -->``.

The file is parsed with expat, which never fetches a DTD or an external
entity; a DOCTYPE naming the JATS DTD is accepted, an entity declaration is
refused (entity expansion bombs), and the DTD's named entities that expat
skips (``&ndash;``) are read as the HTML entities of that name.
"""

from __future__ import annotations

import bisect
import dataclasses
import html.entities
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from xml.parsers import expat

from citelint.app.results import InputError
from citelint.fields.patterns import DOI_RESOLVER
from citelint.model import Author, Reference, SourceText, Span
from citelint.readers import InputFailure
from citelint.readers.suppression import find_suppressions

MAX_DEPTH = 100  # a citation nests five deep; the limit keeps reading it off the recursion limit

_START_TAG = re.compile(r"""<[^>"']*+(?:(?:"[^"]*+"|'[^']*+')[^>"']*+)*+>""")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_STATUS = re.compile(r"\(?(in press|forthcoming|accepted|submitted)\)?\.?", re.IGNORECASE)
_DASH = re.compile(r"\s*[\u2010-\u2015\u2212-]+\s*")
_INITIALS = re.compile(r"[A-Z\u00c0-\u00de]{1,3}|(?:[A-Z\u00c0-\u00de]\.\s?){1,3}")

_CITATIONS = frozenset({"element-citation", "mixed-citation", "citation", "nlm-citation"})
# Elements whose presence makes a citation "tagged": its fields are read from them.
_FIELD_TAGS = frozenset({"person-group", "name", "string-name", "collab", "article-title", "chapter-title",
                         "source", "year", "volume", "fpage"})
_TYPES = {
    "journal": "article", "book": "book", "chapter": "chapter", "confproc": "proceedings",
    "conf-proc": "proceedings", "conference": "proceedings", "report": "report", "thesis": "thesis",
    "web": "web", "webpage": "web", "preprint": "preprint",
}


@dataclass(frozen=True)
class _Chunk:
    """Character data as parsed, and the raw text it came from."""

    text: str
    start: int
    end: int

    @property
    def verbatim(self) -> bool:
        return self.end - self.start == len(self.text)


@dataclass
class _Element:
    tag: str
    attributes: dict[str, str]
    start: int
    content_start: int
    content_end: int = 0
    end: int = 0
    items: list[_Element | _Chunk] = field(default_factory=list)
    _by_tag: dict[str, list[_Element]] | None = None

    def children(self, *tags: str) -> Iterator[_Element]:
        return (item for item in self.items if isinstance(item, _Element) and (not tags or item.tag in tags))

    def find(self, *tags: str) -> _Element | None:
        """The first descendant with one of these tags, in document order."""
        found = [elements[0] for tag in tags if (elements := self.descendants(tag))]
        return min(found, key=lambda element: element.start) if found else None

    def descendants(self, tag: str) -> list[_Element]:
        if self._by_tag is None:  # one walk answers every question asked of this element
            self._by_tag = {}
            self._index(self, self._by_tag)
        return self._by_tag.get(tag, [])

    @staticmethod
    def _index(element: _Element, by_tag: dict[str, list[_Element]]) -> None:
        for child in element.children():
            by_tag.setdefault(child.tag, []).append(child)
            _Element._index(child, by_tag)

    def chunks(self) -> Iterator[_Chunk]:
        for item in self.items:
            if isinstance(item, _Chunk):
                yield item
            else:
                yield from item.chunks()


class _Refused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def read_jats(source: SourceText) -> list[Reference]:
    refs = _parse(source)
    return [_reference(source, ref, index) for index, ref in enumerate(refs, 1)]


# --- parsing ---------------------------------------------------------------------


def _parse(source: SourceText) -> list[_Element]:
    """The ``<ref>`` elements, with their content and where each piece stands."""
    text = source.text
    data = text.encode("utf-8")
    char_at = _char_offsets(text, data)
    parser = expat.ParserCreate(encoding="utf-8")  # the text is decoded already: its declaration no longer holds
    parser.buffer_text = False
    refs: list[_Element] = []
    open_elements: list[_Element] = []
    pending: list[tuple[str, int]] = []  # character data whose raw end the next event gives

    def here() -> int:
        position = char_at(parser.CurrentByteIndex)
        if pending:
            data_text, data_start = pending.pop()
            open_elements[-1].items.append(_Chunk(data_text, data_start, position))
        return position

    def start_element(name: str, attributes: dict[str, str]) -> None:
        position = here()
        if not open_elements and name != "ref":
            return
        if len(open_elements) >= MAX_DEPTH:
            raise _Refused(f"elements nested more than {MAX_DEPTH} deep in a <ref>")
        tag = _START_TAG.match(text, position)
        content_start = tag.end() if tag else position
        element = _Element(name, attributes, position, content_start)
        if tag is not None and tag[0].endswith("/>"):
            element.content_end = element.end = content_start
        if open_elements:
            open_elements[-1].items.append(element)
        else:
            refs.append(element)
        open_elements.append(element)

    def end_element(name: str) -> None:
        position = here()
        if not open_elements:
            return
        element = open_elements.pop()
        if element.end == 0:  # not an empty-element tag
            element.content_end = position
            closing = text.find(">", position)
            element.end = closing + 1 if closing >= 0 else len(text)

    def character_data(data_text: str) -> None:
        position = here()
        if open_elements:
            pending.append((data_text, position))

    def skipped_entity(name: str, is_parameter: int) -> None:
        position = here()
        if open_elements and not is_parameter:
            pending.append((html.entities.html5.get(f"{name};", ""), position))

    def other_event(*_: object) -> None:
        here()

    def entity_declaration(*_: object) -> None:
        raise _Refused("entity declarations are not accepted (they can expand without bound)")

    parser.StartElementHandler = start_element
    parser.EndElementHandler = end_element
    parser.CharacterDataHandler = character_data
    parser.SkippedEntityHandler = skipped_entity
    parser.CommentHandler = other_event
    parser.ProcessingInstructionHandler = other_event
    parser.StartCdataSectionHandler = other_event
    parser.EndCdataSectionHandler = other_event
    parser.EntityDeclHandler = entity_declaration
    parser.UnparsedEntityDeclHandler = entity_declaration
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        message = expat.ErrorString(error.code) if error.code else str(error)
        raise InputFailure(InputError(source.path, error.lineno, f"not well-formed XML: {message}")) from None
    except _Refused as refused:
        raise InputFailure(InputError(source.path, parser.CurrentLineNumber, refused.message)) from None
    return refs


def _char_offsets(text: str, data: bytes):  # type: ignore[no-untyped-def]
    """Byte offsets in the UTF-8 encoding to character offsets in the text."""
    if len(data) == len(text):
        return lambda offset: offset
    byte_ends: list[int] = []  # after each non-ASCII character, in bytes
    extra: list[int] = []  # bytes beyond one per character, up to and including it
    total = 0
    for found in _NON_ASCII.finditer(text):
        total += len(found[0].encode("utf-8")) - 1
        byte_ends.append(found.end() + total)
        extra.append(total)
    return lambda offset: offset - (extra[index - 1] if (index := bisect.bisect_right(byte_ends, offset)) else 0)


# --- citations to references ------------------------------------------------------


class _Text:
    """An element's text content, and the raw position of each of its characters."""

    def __init__(self, element: _Element) -> None:
        self.chunks = list(element.chunks())
        self.starts: list[int] = []
        position = 0
        for chunk in self.chunks:
            self.starts.append(position)
            position += len(chunk.text)
        self.text = "".join(chunk.text for chunk in self.chunks)

    def raw_start(self, offset: int) -> int:
        chunk_index = bisect.bisect_right(self.starts, offset) - 1
        chunk = self.chunks[chunk_index]
        return chunk.start + offset - self.starts[chunk_index] if chunk.verbatim else chunk.start

    def raw_end(self, offset: int) -> int:
        chunk_index = bisect.bisect_right(self.starts, offset - 1) - 1
        chunk = self.chunks[chunk_index]
        return chunk.start + offset - self.starts[chunk_index] if chunk.verbatim else chunk.end

    def span(self, source: SourceText, start: int = 0, end: int | None = None) -> Span | None:
        """The raw span of ``text[start:end]`` with white space trimmed; None when it is blank."""
        end = len(self.text) if end is None else end
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return source.span(self.raw_start(start), self.raw_end(end)) if start < end else None


def _reference(source: SourceText, ref: _Element, index: int) -> Reference:
    citation = ref.find(*_CITATIONS)
    label = next(ref.children("label"), None)
    key = ref.attributes.get("id") or (" ".join(_Text(label).text.split()) or None if label is not None else None)
    suppressions = find_suppressions(source, ref.start, ref.end)
    base = Reference(text=source.text[ref.start : ref.end], file=source.path, span=source.span(ref.start, ref.end),
                     index=index, kind="jats", key=key, suppressions=suppressions)
    if citation is None:
        return dataclasses.replace(base, parse_problem="no citation in the <ref>")
    if citation.find(*_FIELD_TAGS) is None:
        return _free_text(source, citation, base)
    return _tagged(source, citation, base)


def _free_text(source: SourceText, citation: _Element, base: Reference) -> Reference:
    """A citation that is printed text: parsed as a printed reference, spans mapped back to the file."""
    from citelint.readers.refstring import parse_reference

    content = _Text(citation)
    if not content.text.strip():
        return dataclasses.replace(base, parse_problem="empty citation")
    parsed = parse_reference(SourceText(source.path, content.text), 0, len(content.text), index=base.index)

    def mapped(span: Span) -> Span:
        return source.span(content.raw_start(span.start), content.raw_end(span.end))

    spans = {name: mapped(span) for name, span in parsed.spans.items()}
    doi, doi_span = _doi(source, citation)
    values: dict[str, Any] = {"doi": doi} if doi and not parsed.doi else {}
    if values and doi_span:
        spans["doi"] = doi_span
    authors = tuple(dataclasses.replace(author, span=mapped(author.span) if author.span else None)
                    for author in parsed.authors)
    return dataclasses.replace(parsed, text=base.text, file=base.file, span=base.span, index=base.index,
                               kind="jats-text", key=base.key, suppressions=base.suppressions,
                               spans=spans, authors=authors, **values)


def _tagged(source: SourceText, citation: _Element, base: Reference) -> Reference:
    values: dict[str, Any] = {}  # Reference fields, passed as keywords
    spans: dict[str, Span] = {}

    def put(name: str, element: _Element | None) -> None:
        if element is None:
            return
        content = _Text(element)
        value = " ".join(content.text.split())
        span = content.span(source)
        if value and span is not None:
            values[name], spans[name] = value, span

    publication_type = citation.attributes.get("publication-type") or citation.attributes.get("citation-type", "")
    kind = _TYPES.get(publication_type, publication_type or None)
    article_title = citation.find("article-title", "chapter-title", "data-title")
    source_element = citation.find("source")
    if article_title is not None:
        put("title", article_title)
        put("container", source_element)
        if kind == "book" and article_title.tag == "chapter-title":
            kind = "chapter"
    elif kind == "article":
        put("container", source_element)
    else:
        put("title", source_element)
    for name, tag in (("volume", "volume"), ("issue", "issue"), ("publisher", "publisher-name"),
                      ("edition", "edition"), ("article_number", "elocation-id")):
        put(name, citation.find(tag))
    put("url", citation.find("uri") or _ext_link(citation, "uri"))
    put("year", citation.find("year"))
    status = _STATUS.fullmatch(values.get("year", ""))
    if status:
        values["status"] = status[1].lower()
        spans["status"] = spans.pop("year")
        del values["year"]
    pages_element, page_range = _pages(citation)
    put("pages", pages_element)
    if page_range:
        values["pages"] = page_range  # no one stretch of the file holds it: no span
    doi, doi_span = _doi(source, citation)
    if doi:
        values["doi"] = doi
        if doi_span:
            spans["doi"] = doi_span
    authors, et_al, group = _authors(source, citation)
    if group is not None and authors:
        group_span = _Text(group).span(source)
        if group_span:
            spans["authors"] = group_span
    return dataclasses.replace(base, authors=authors, et_al=et_al, type=kind, spans=spans, **values)


def _pages(citation: _Element) -> tuple[_Element | None, str | None]:
    """``<page-range>`` or a lone ``<fpage>``, to be read with its span; else the range
    ``<fpage>`` and ``<lpage>`` make, with the separator a mixed citation prints between them."""
    page_range = citation.find("page-range")
    first, last = citation.find("fpage"), citation.find("lpage")
    if page_range is not None:
        return page_range, None
    if first is None or last is None:
        return first, None
    first_text, last_text = " ".join(_Text(first).text.split()), " ".join(_Text(last).text.split())
    if not first_text or not last_text:
        return first, None
    between = "".join(chunk.text for chunk in citation.chunks() if first.end <= chunk.start < last.start)
    separator = between.strip() if _DASH.fullmatch(between) else "-"
    return None, f"{first_text}{separator}{last_text}"


def _ext_link(citation: _Element, link_type: str) -> _Element | None:
    for link in citation.descendants("ext-link"):
        if link.attributes.get("ext-link-type") == link_type:
            return link
    return None


def _doi(source: SourceText, citation: _Element) -> tuple[str | None, Span | None]:
    for pub_id in citation.descendants("pub-id"):
        if pub_id.attributes.get("pub-id-type", "").lower() == "doi":
            break
    else:
        pub_id = _ext_link(citation, "doi")  # type: ignore[assignment]
        if pub_id is None:
            return None, None
    content = _Text(pub_id)
    stripped = content.text.strip()
    prefix = DOI_RESOLVER.match(stripped)
    start = content.text.index(stripped[:1]) + (prefix.end() if prefix else 0) if stripped else 0
    doi = content.text[start:].strip()
    return (doi, content.span(source, start)) if doi else (None, None)


_ET_AL = re.compile(r"(?<!\w)et\.?\s+al(?:\.|(?!\w))")


def _authors(source: SourceText, citation: _Element) -> tuple[tuple[Author, ...], bool, _Element | None]:
    """The authors' person group (or, in old NLM, names straight in the citation)."""
    holder: _Element | None = None
    for group in citation.descendants("person-group"):
        if group.attributes.get("person-group-type", "author") == "author":
            holder = group
            break
    names = holder if holder is not None else citation
    # A person's span is the surname's (the printed name runs across elements); an organisation's, its name.
    authors = []
    for element in names.children("name", "string-name", "collab", "name-alternatives"):
        if element.tag == "name-alternatives":
            element = next(element.children("name", "string-name"), element)
        author = _author(element)
        if author is not None:
            printed = next(element.children("surname"), element)
            authors.append(dataclasses.replace(author, span=_Text(printed).span(source)))
    et_al = next(names.children("etal"), None) is not None or _ET_AL.search(_names_text(names)) is not None
    return tuple(authors), et_al, holder


def _names_text(names: _Element) -> str:
    """The text in which the names are printed: the person group's, or a mixed citation's up to its title."""
    text = _Text(names).text
    if names.tag == "person-group":
        return text
    title = names.find("article-title", "chapter-title", "data-title", "source")
    if title is None:
        return ""
    title_text = _Text(title).text
    return text[: text.find(title_text)] if title_text and title_text in text else ""


def _author(element: _Element) -> Author | None:
    def text_of(tag: str) -> str:
        found = next(element.children(tag), None)
        return " ".join(_Text(found).text.split()) if found is not None else ""

    if element.tag == "collab":
        organisation = " ".join(_Text(element).text.split())
        return Author(organisation=organisation) if organisation else None
    family, given = text_of("surname"), text_of("given-names")
    if family:
        prefix = text_of("prefix")
        return Author(family=f"{prefix} {family}" if prefix and prefix[:1].islower() else family, given=given)
    printed = " ".join(_Text(element).text.split())
    if not printed:
        return None
    if "," in printed:  # "Smith, J."
        family, _, given = printed.partition(",")
        return Author(family=family.strip(), given=given.strip())
    words = printed.split()
    if len(words) > 1 and _INITIALS.fullmatch(words[-1]):  # Vancouver: "Smith JA"
        return Author(family=" ".join(words[:-1]), given=words[-1])
    return Author(family=words[-1], given=" ".join(words[:-1]))
