"""BibTeX's name lists to authors: "and" between names, braces that protect, "First von Last, Jr"."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from citelint.fields.normalize import decode_latex
from citelint.model import Author, SourceText
from citelint.readers.bibtex_scan import BRACE, Field, clean_value, value_span

# _AND and _ET_AL start where a white-space run starts, so that a long run is not
# rescanned from each of its positions.
_AND = re.compile(r"(?<!\s)\s++and\s++", re.IGNORECASE)
_WORD_OR_COMMA = re.compile(r",|[^\s~,]+")
_PLAIN_GROUP = re.compile(r"\{(?!\\)[^{}]*\}")
_MASK = "\x01"  # stands for a character inside braces: neither space, comma nor brace
_ET_AL = re.compile(r"(?<![\s,])[\s,]++et\.?\s*+al\.?\s*+$", re.IGNORECASE)
_DBLP_NUMBER = re.compile(r"\d{4}")
_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})


def read_authors(source: SourceText, field: Field, *, own: bool) -> tuple[tuple[Author, ...], bool]:
    """The people and organisations of an author list, and whether it ends in "and others".
    Names get spans only in the entry's own field printed as one delimited value."""
    located = own and len(field.parts) == 1 and field.parts[0].kind != "bare"
    raw = field.value
    if raw is None:
        return (), False
    offset = field.parts[0].start
    masked = _mask_groups(raw)
    authors = []
    et_al = False
    trailing = _ET_AL.search(masked)
    if trailing:  # "K. A. Olive et al.": not BibTeX's way, but common
        raw, masked, et_al = raw[: trailing.start()], masked[: trailing.start()], True
    for start, end in _name_ranges(raw, masked):
        printed = raw[start:end]
        if printed.lower() == "others":
            et_al = True
            continue
        family, given, organisation = _name(printed, masked[start:end])
        if family or given or organisation:
            span = value_span(source, offset + start, offset + end) if located else None
            authors.append(Author(family=family, given=given, organisation=organisation, span=span))
    return tuple(authors), et_al


def _name_ranges(raw: str, masked: str) -> Iterator[tuple[int, int]]:
    """Start and end of each name, split at "and" outside braces, white space trimmed."""
    start = 0
    for separator in _AND.finditer(masked):
        yield from _trimmed(raw, start, separator.start())
        start = separator.end()
    yield from _trimmed(raw, start, len(raw))


def _trimmed(raw: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and raw[start].isspace():
        start += 1
    while end > start and raw[end - 1].isspace():
        end -= 1
    if start < end:
        yield start, end


def _mask_groups(raw: str) -> str:
    """The text with each balanced brace group blanked out (same length), so that
    separators are only found at brace depth 0; an unclosed group stays as printed."""
    if "{" not in raw:
        return raw
    pieces = []
    depth = 0
    kept = 0
    for brace in BRACE.finditer(raw):
        if brace[0] == "{":
            if depth == 0:
                pieces.append(raw[kept : brace.start()])
                kept = brace.start()
            depth += 1
        elif depth > 0:
            depth -= 1
            if depth == 0:
                pieces.append(_MASK * (brace.end() - kept))
                kept = brace.end()
    pieces.append(raw[kept:])
    return "".join(pieces)


@lru_cache(maxsize=65536)
def _name(printed: str, masked: str) -> tuple[str, str, str]:
    """Family, given and organisation, by BibTeX's name forms: "First von Last",
    "von Last, First", "von Last, Jr, First", and "{Organisation Name}"."""
    if printed.startswith("{") and printed.endswith("}") and not printed.startswith("{\\"):
        inner = _mask_groups(printed[1:-1])
        if "{" not in inner and "}" not in inner:  # one group, not "{A} {B}"
            return "", "", clean_value(printed[1:-1])
    parts: list[list[str]] = [[]]
    for token in _WORD_OR_COMMA.finditer(masked):
        if token[0] == ",":
            parts.append([])
        else:
            parts[-1].append(printed[token.start() : token.end()])
    if len(parts) == 1:
        names = parts[0]
        # "John Smith Jr.", and dblp's "Wei Wang 0001" (a number telling namesakes apart)
        if len(names) > 2 and (names[-1].lower() in _SUFFIXES or _DBLP_NUMBER.fullmatch(names[-1])):
            names = names[:-1]
        family_start = len(names) - 1
        for position, word in enumerate(names[:-1]):
            if _starts_lower(word):
                family_start = position
                break
        given, family = names[:family_start], names[family_start:]
    elif len(parts) == 2:
        family, given = parts
    else:
        family = parts[0]
        suffix_first = " ".join(parts[1]).lower() in _SUFFIXES or " ".join(parts[2]).lower() not in _SUFFIXES
        given = parts[2] if suffix_first else parts[1]
    return clean_value(" ".join(family)), clean_value(" ".join(given)), ""


def _starts_lower(word: str) -> bool:
    """Whether a word is a "von" particle: BibTeX looks at its first letter, skipping
    brace groups unless they are special characters like ``{\\"u}``."""
    for char in decode_latex(_PLAIN_GROUP.sub("", word)):
        if char.isalpha():
            return char.islower()
    return False
