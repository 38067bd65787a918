"""Word documents (.docx) to references: the paragraphs of the reference list.

A .docx is a zip of XML, not text: the reader takes the file's bytes and
returns a ``SourceText`` of its own, the document's paragraphs joined by
line breaks, so a reference's line is its paragraph's number and columns
count characters within the paragraph. Fixes are never applied to a .docx:
that text is not the file.

The reference list is the paragraphs of a Zotero or Mendeley bibliography
field (``ADDIN ZOTERO_BIBL``, ``ADDIN Mendeley Bibliography CSL_BIBLIOGRAPHY``),
else the paragraphs after the last heading that reads "References",
"Bibliography" (or alike) up to the next heading. Each is parsed as a printed
reference, a leading label ("1.", "[1]") taken as its key. A document with
citation fields (``ADDIN ZOTERO_ITEM CSL_CITATION {...}``, Mendeley's
``ADDIN CSL_CITATION {...}``) but no reference list printed yet gives the
cited works from the fields' CSL data instead, each at the paragraph of its
first citation, without field spans (nothing of it is printed). Word
documents carry no suppression comments: use per-file ignores.
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from xml.parsers import expat

from citelint.app.results import InputError
from citelint.fields.patterns import REFERENCES_TITLE
from citelint.model import Reference, SourceText
from citelint.readers import InputFailure, refuse_too_many

MAX_DOCUMENT_BYTES = 64 * 1024 * 1024  # word/document.xml uncompressed: bounds a zip bomb

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_HEADING = re.compile(r"\s*(?:[\dIVX]+\.?\s+)?" + REFERENCES_TITLE + r"\s*:?\s*", re.IGNORECASE)
_NEXT_SECTION = re.compile(
    r"\s*(?:[\dIVX]+\.?\s+)?(?:tables?|figures?|figure (?:legends|captions)|appendi(?:x|ces)(?:\s+\w+)?|"
    r"supplementary (?:material|information|data)|acknowledge?ments?|author contributions|funding|"
    r"conflicts? of interest|declarations? of interest)\s*:?\s*",
    re.IGNORECASE,
)
_LABEL = re.compile(r"\s*(\[\d+[a-z]?\]|\(\d+\)|\d+[.)]|\d+(?=\s))\s*")
_BIBLIOGRAPHY_FIELD = re.compile(r"\bADDIN\s+(?:ZOTERO_BIBL|Mendeley Bibliography|EN\.REFLIST)|CSL_BIBLIOGRAPHY")
_CITATION_FIELD = re.compile(r"\bADDIN\s+(?:ZOTERO_ITEM|CSL_CITATION)\b")


@dataclass
class _Paragraph:
    text: str = ""
    style: str = ""
    in_bibliography: bool = False
    citations: list[Mapping[str, Any]] = field(default_factory=list)  # CSL items cited here


@dataclass
class _Field:
    instruction: str = ""


def read_docx(path: str, data: bytes) -> tuple[SourceText, list[Reference]]:
    archive = _archive(path, data)
    document = _member(path, archive, "word/document.xml")
    if document is None:
        raise InputFailure(InputError(path, None, "not a Word document: no word/document.xml in the archive"))
    paragraphs = _paragraphs(path, document)
    source = SourceText(path, "\n".join(paragraph.text for paragraph in paragraphs))
    starts = []
    position = 0
    for paragraph in paragraphs:
        starts.append(position)
        position += len(paragraph.text) + 1
    chosen = _reference_paragraphs(paragraphs, _heading_styles(path, archive))
    refuse_too_many(path, len(chosen))  # before parsing them: that is where the time goes
    if chosen:
        return source, [_printed(source, starts[number], paragraphs[number].text, index)
                        for index, number in enumerate(chosen, 1)]
    return source, list(_cited(source, paragraphs, starts))


def _archive(path: str, data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise InputFailure(InputError(path, None, "not a Word document: not a zip archive")) from None


def _member(path: str, archive: zipfile.ZipFile, name: str) -> bytes | None:
    """One file of the archive, never inflated beyond the limit; None when it is absent."""
    def refuse(message: str) -> InputFailure:
        return InputFailure(InputError(path, None, message))

    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_DOCUMENT_BYTES:
        raise refuse(f"{name} too large ({info.file_size // 1048576} MB uncompressed)")
    try:
        with archive.open(info) as member:
            content = member.read(MAX_DOCUMENT_BYTES + 1)  # the header's size may lie
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, OSError, RuntimeError, EOFError) as error:
        raise refuse(f"damaged Word document: {' '.join(str(error).split())}") from None
    if len(content) > MAX_DOCUMENT_BYTES:
        raise refuse(f"{name} too large (a zip bomb?)")
    return content


def _heading_styles(path: str, archive: zipfile.ZipFile) -> frozenset[str]:
    """The ids of the document's heading styles. Word localises style ids ("berschrift1")
    but keeps the built-in names ("heading 1"); a damaged style sheet only loses this hint."""
    styles = _member(path, archive, "word/styles.xml")
    headings: set[str] = set()
    current = ""

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal current
        namespace, _, tag = name.rpartition("}")
        value = attributes.get(f"{_W}}}val", "").lower()
        if namespace != _W:
            return
        if tag == "style":
            current = attributes.get(f"{_W}}}styleId", "")
        elif (tag == "name" and value.startswith(("heading", "title", "subtitle"))) or tag == "outlineLvl":
            headings.add(current)

    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartElementHandler = start
    parser.EntityDeclHandler = _refuse
    try:
        parser.Parse(styles or b"<none/>", True)
    except (expat.ExpatError, _Refused):
        return frozenset()
    return frozenset(headings - {""})


def _paragraphs(path: str, document: bytes) -> list[_Paragraph]:
    """The body's paragraphs (tables' too) in order: their text, style, and the fields in them."""
    parser = expat.ParserCreate(namespace_separator="}")
    paragraphs: list[_Paragraph] = []
    fields: list[_Field] = []  # open complex fields, outermost first
    current: _Paragraph | None = None
    reading: str | None = None  # "text" inside <w:t>, "instruction" inside <w:instrText>

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal current, reading
        namespace, _, tag = name.rpartition("}")
        if namespace != _W:
            return
        if tag == "p":
            current = _Paragraph(in_bibliography=any(_BIBLIOGRAPHY_FIELD.search(f.instruction) for f in fields))
            paragraphs.append(current)
        elif current is None:
            return
        elif tag == "pStyle":
            current.style = attributes.get(f"{_W}}}val", "")
        elif tag == "t":
            reading = "text"
        elif tag == "instrText":
            reading = "instruction"
        elif tag == "tab":
            current.text += "\t"
        elif tag in ("br", "cr"):
            current.text += " "
        elif tag == "noBreakHyphen":
            current.text += "\u2011"
        elif tag == "fldChar":
            _field_mark(attributes.get(f"{_W}}}fldCharType", ""), fields, current)
        elif tag == "fldSimple":
            instruction = attributes.get(f"{_W}}}instr", "")
            fields.append(_Field(instruction))
            _cite(instruction, current)
            if _BIBLIOGRAPHY_FIELD.search(instruction):
                current.in_bibliography = True

    def end(name: str) -> None:
        nonlocal reading
        namespace, _, tag = name.rpartition("}")
        if namespace == _W and tag in ("t", "instrText"):
            reading = None
        elif namespace == _W and tag == "fldSimple" and fields:
            fields.pop()

    def characters(data: str) -> None:
        if current is None or reading is None:
            return
        if reading == "text":
            current.text += data
        elif fields:
            fields[-1].instruction += data

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    parser.EntityDeclHandler = _refuse
    parser.UnparsedEntityDeclHandler = _refuse
    try:
        parser.Parse(document, True)
    except expat.ExpatError as error:
        message = f"damaged Word document: word/document.xml line {error.lineno}: {expat.ErrorString(error.code)}"
        raise InputFailure(InputError(path, None, message)) from None
    except _Refused:
        raise InputFailure(InputError(path, None, "word/document.xml declares entities: refused")) from None
    for paragraph in paragraphs:  # one line per paragraph, whatever its text holds
        paragraph.text = paragraph.text.replace("\r", " ").replace("\n", " ")
    return paragraphs


class _Refused(Exception):
    pass


def _refuse(*_: object) -> None:
    raise _Refused


def _field_mark(kind: str, fields: list[_Field], paragraph: _Paragraph) -> None:
    if kind == "begin":
        fields.append(_Field())
    elif kind == "separate" and fields:
        _cite(fields[-1].instruction, paragraph)
        if _BIBLIOGRAPHY_FIELD.search(fields[-1].instruction):
            paragraph.in_bibliography = True
    elif kind == "end" and fields:
        fields.pop()


def _cite(instruction: str, paragraph: _Paragraph) -> None:
    """The CSL items of a Zotero or Mendeley citation field; a field that is not one, or is damaged, gives none."""
    found = _CITATION_FIELD.search(instruction)
    brace = instruction.find("{", found.end()) if found else -1
    if brace < 0:
        return
    try:
        citation, _ = json.JSONDecoder().raw_decode(instruction, brace)
    except (ValueError, RecursionError):
        return
    items = citation.get("citationItems") if isinstance(citation, dict) else None
    for item in items if isinstance(items, list) else ():
        data = item.get("itemData") if isinstance(item, dict) else None
        if isinstance(data, dict):
            paragraph.citations.append(data)


def _reference_paragraphs(paragraphs: list[_Paragraph], heading_styles: frozenset[str]) -> list[int]:
    """The numbers of the non-empty paragraphs of the reference list (0-based)."""
    in_field = [number for number, paragraph in enumerate(paragraphs)
                if paragraph.in_bibliography and paragraph.text.strip()]
    if in_field:
        return in_field
    headings = [number for number, paragraph in enumerate(paragraphs) if _HEADING.fullmatch(paragraph.text)]
    if not headings:
        return []
    chosen = []
    for number in range(headings[-1] + 1, len(paragraphs)):
        paragraph = paragraphs[number]
        if _is_heading(paragraph, heading_styles):
            break
        if paragraph.text.strip():
            chosen.append(number)
    return chosen


def _is_heading(paragraph: _Paragraph, heading_styles: frozenset[str]) -> bool:
    """A heading by its style, or by the words of a section that follows a reference list."""
    style = paragraph.style
    return (style in heading_styles or style.lower().startswith(("heading", "title", "subtitle"))
            or bool(_NEXT_SECTION.fullmatch(paragraph.text)))


def _printed(source: SourceText, start: int, text: str, index: int) -> Reference:
    from citelint.readers.refstring import parse_reference

    label = _LABEL.match(text)
    if label and label.end() < len(text):
        key, body_start = label[1], start + label.end()
    else:
        key, body_start = None, start + len(text) - len(text.lstrip())
    reference = parse_reference(source, body_start, start + len(text.rstrip()), index=index, key=key)
    return dataclasses.replace(reference, kind="docx")


def _cited(source: SourceText, paragraphs: list[_Paragraph], starts: list[int]) -> Iterator[Reference]:
    from citelint.readers.csl import reference_from_item

    seen: set[str] = set()
    index = 0
    for number, paragraph in enumerate(paragraphs):
        for item in paragraph.citations:
            identity = json.dumps(item["id"] if item.get("id") is not None else item, sort_keys=True)
            if identity in seen:
                continue
            seen.add(identity)
            index += 1
            start, end = starts[number], starts[number] + len(paragraph.text)
            yield reference_from_item(source, item, index=index, kind="docx-csl", start=start, end=end)
