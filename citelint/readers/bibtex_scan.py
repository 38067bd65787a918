"""The BibTeX scanner: a file's text to entries, each field's value with the span of every printed piece.

It follows BibTeX: text between entries is comment, ``@string`` macros are expanded as the file
is read, with the macros defined so far (so they cannot loop), and the first of two fields with the
same name wins. Unlike BibTeX it skips ``%`` comment lines between fields, where suppression comments
may stand, and an entry commented out with ``%`` (``%@article{old,``: biber reads ``%`` as a comment,
and the author meant it as one), and reads on after a broken entry from the next line that starts one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from citelint.fields.normalize import decode_latex
from citelint.model import SourceText, Span

_BLOCK_START = re.compile(r"@[ \t]*([A-Za-z][\w-]*)\s*([{(])")
# A block starting a line ends a broken entry; reading resumes there.
_LINE_BLOCK_START = r"[\r\n][ \t]*@[ \t]*[A-Za-z][\w-]*\s*[{(]"
_NEXT_BLOCK = re.compile(_LINE_BLOCK_START)
_BRACE_MARKS = re.compile(r"[{}]|" + _LINE_BLOCK_START)
_QUOTE_MARKS = re.compile(r'[{}]|(?<!\\)"|' + _LINE_BLOCK_START)
# White space and % comments; possessive, as a backtracking (\s+)* takes exponential time.
_GAP = r"\s*+(?:%[^\r\n]*+\s*+)*+"
_SPACE_OR_COMMENT = re.compile(_GAP)
_KEY = re.compile(r'[^\s,{}()"=#%]+')
_NAME = re.compile(r'[^\s,{}()"=#%\d][^\s,{}()"=#%]*')
_BARE = re.compile(r'[^\s,{}()"=#%]+')
# The common field, ``, name = {value}`` with braces at most two deep and no ``#``,
# read with one match; anything else goes through the general scanner, which this
# matches exactly (no "@" inside, as a value may not run into the next entry).
_SIMPLE_FIELD = re.compile(
    _GAP + r',' + _GAP + r'(?P<name>[^\s,{}()"=#%\d][^\s,{}()"=#%]*+)\s*+=\s*+'
    r'(?:\{(?P<braced>(?:[^{}@]++|\{[^{}@]*+\})*+)\}'
    r'|"(?P<quoted>(?:[^"{}@\\]++|\{[^{}@]*+\})*+)"'
    r'|(?P<bare>[^\s,{}()"=#%]++))'
    r'(?!' + _GAP + r'#)'
)
_ENTRY_KEY = re.compile(r'@[ \t]*[A-Za-z][\w-]*\s*[{(]\s*([^\s,{}()"=#%]+)\s*,')

BRACE = re.compile(r"[{}]")
# Blocks that are no reference: biblatex's entry sets and data containers, IEEEtran's style controls.
_NOT_REFERENCES = frozenset({"comment", "preamble", "set", "xdata", "ieeetranbstctl"})
_NOT_CLOSED = "the entry is not closed before the next one starts (a missing '}' or '\"'?)"
_UNESCAPED_SPECIAL = re.compile(r"(?<!\\)([&%])")
_UNESCAPED_PERCENT = re.compile(r"(?<!\\)%")
_LOGO = re.compile(r"\\((?:La|Bib|Xe|Lua|XeLa|LuaLa|pdf|pdfLa)?TeXe?)(?![A-Za-z])(?:\{\}|(\\ ))?")
_LINE_BREAK = re.compile(r"[\r\n]")


# Part and Field are named tuples, not frozen dataclasses: 10,000 entries make
# some 200,000 of them, and a named tuple is made in half the time.
class Part(NamedTuple):
    """One piece of a value: the printed text without its delimiters."""

    kind: str  # "braced", "quoted", "bare" (number or macro)
    start: int
    end: int


class Field(NamedTuple):
    parts: tuple[Part, ...]
    value: str | None  # macros expanded; None when one is undefined (the value is unknown)


@dataclass(frozen=True)
class Entry:
    start: int
    end: int
    entry_type: str
    key: str | None
    fields: Mapping[str, Field]
    problem: str | None = None


class _Broken(Exception):
    def __init__(self, reason: str, position: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.position = position


def scan_entries(text: str) -> Iterator[Entry]:
    macros: dict[str, str] = {}
    position = 0
    while (at := text.find("@", position)) >= 0:
        block = _BLOCK_START.match(text, at)
        if block is None or _commented_out(text, at):
            position = at + 1
            continue
        kind = block[1].lower()
        closer = ")" if block[2] == "(" else "}"
        if kind in _NOT_REFERENCES:
            position = _skip_group(text, block.end() - 1, closer)
        elif kind == "string":
            position = _define_macro(text, block.end(), closer, macros)
        else:
            entry = _entry(text, at, block.end(), kind, closer, macros)
            position = entry.end
            yield entry


def _commented_out(text: str, at: int) -> bool:
    """Whether an unescaped ``%`` stands before ``at`` on its line."""
    line_start = text.rfind("\n", 0, at) + 1
    return "%" in text[line_start:at] and _UNESCAPED_PERCENT.search(text, line_start, at) is not None


def _skip_group(text: str, opener: int, closer: str) -> int:
    """Past a block that is no entry; past its opening delimiter only when it is broken."""
    if closer == ")":
        return text.find(")", opener) + 1 or opener + 1
    try:
        return _closing(text, opener, closer) + 1
    except _Broken:
        return opener + 1


def _define_macro(text: str, body: int, closer: str, macros: dict[str, str]) -> int:
    try:
        position = _skip(text, body)
        name = _NAME.match(text, position)
        if name is None:
            raise _Broken("expected a macro name", position)
        position = _expect(text, _skip(text, name.end()), "=", "after the macro name")
        parts, position = _value(text, _skip(text, position))
        position = _expect(text, _skip(text, position), closer, "after the macro value")
    except _Broken as broken:
        return _broken_end(text, body - 1, broken.position)
    value = _resolve(text, parts, macros)
    if value is not None:
        macros[name[0].lower()] = value
    return position


def _entry(text: str, start: int, body: int, entry_type: str, closer: str, macros: Mapping[str, str]) -> Entry:
    try:
        key, fields, end = _entry_body(text, body, closer, macros)
    except _Broken as broken:
        end = _broken_end(text, body - 1, broken.position)
        key_match = _ENTRY_KEY.match(text, start, end)
        reason = broken.reason
        if _BLOCK_START.match(text, broken.position) or _NEXT_BLOCK.match(text, broken.position):
            reason = _NOT_CLOSED
        return Entry(start, end, entry_type, key_match[1] if key_match else None, {}, reason)
    return Entry(start, end, entry_type, key, fields)


def _entry_body(text: str, position: int, closer: str, macros: Mapping[str, str]
                ) -> tuple[str, dict[str, Field], int]:
    position = _skip(text, position)
    key_match = _KEY.match(text, position)
    if key_match is not None:
        position = _skip(text, key_match.end())
    if key_match is None or text.startswith("=", position):
        raise _Broken("missing citation key", position)
    fields: dict[str, Field] = {}
    name = ""
    while True:
        simple = _SIMPLE_FIELD.match(text, position)
        if simple is not None:
            name = simple["name"].lower()
            kind = simple.lastgroup or "bare"
            parts: tuple[Part, ...] = (Part(kind, simple.start(kind), simple.end(kind)),)
            position = simple.end()
        else:
            position = _skip(text, position)
            if text.startswith(closer, position):
                return key_match[0], fields, position + 1
            where = f"after field '{name}'" if name else "after the citation key"
            position = _skip(text, _expect(text, position, ",", where))
            if text.startswith(closer, position):
                return key_match[0], fields, position + 1
            name_match = _NAME.match(text, position)
            if name_match is None:
                raise _Broken(f"expected a field name, found {_describe(text, position)}", position)
            name = name_match[0].lower()
            position = _expect(text, _skip(text, name_match.end()), "=", f"after field name '{name}'")
            parts, position = _value(text, _skip(text, position))
        if name not in fields:
            fields[name] = Field(parts, _resolve(text, parts, macros))


def _value(text: str, position: int) -> tuple[tuple[Part, ...], int]:
    """The parts of a value joined by ``#``, and the position after the last one."""
    parts = []
    while True:
        char = text[position : position + 1]
        if char in ('{', '"'):
            end = _closing(text, position, "}" if char == "{" else '"')
            parts.append(Part("braced" if char == "{" else "quoted", position + 1, end))
            position = end + 1
        else:
            bare = _BARE.match(text, position)
            if bare is None:
                raise _Broken(f"expected a value, found {_describe(text, position)}", position)
            parts.append(Part("bare", position, bare.end()))
            position = bare.end()
        following = _skip(text, position)
        if not text.startswith("#", following):
            return tuple(parts), position
        position = _skip(text, following + 1)


def _closing(text: str, opener: int, closer: str) -> int:
    """Index of the delimiter closing the one at ``opener``, braces nested inside."""
    marks = _QUOTE_MARKS if closer == '"' else _BRACE_MARKS
    depth = 1 if closer == "}" else 0  # a quote closes at depth 0, a brace brings it back to 0
    for mark in marks.finditer(text, opener + 1):
        char = mark[0]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0 and closer == "}":
                return mark.start()
            if depth < 0:
                raise _Broken("unbalanced braces: '}' closes nothing", mark.start())
        elif char == '"':
            if depth == 0:
                return mark.start()
        else:
            raise _Broken(_NOT_CLOSED, mark.start())
    raise _Broken(f"unbalanced braces or quotes: '{text[opener]}' is never closed", opener)


def _expect(text: str, position: int, char: str, where: str) -> int:
    if not text.startswith(char, position):
        raise _Broken(f"expected '{char}' {where}, found {_describe(text, position)}", position)
    return position + 1


def _skip(text: str, position: int) -> int:
    return _SPACE_OR_COMMENT.match(text, position).end()  # type: ignore[union-attr]  # always matches


def _describe(text: str, position: int) -> str:
    if position >= len(text):
        return "the end of the file"
    return repr(text[position])


def _broken_end(text: str, opener: int, failed_at: int) -> int:
    """Where a broken entry ends: at its own closing brace when its braces balance
    before the next entry starting a line, else just before that entry."""
    following = _NEXT_BLOCK.search(text, opener)
    limit = following.start() if following else len(text)
    depth = 0
    for mark in BRACE.finditer(text, opener, limit):
        depth += 1 if mark[0] == "{" else -1
        if depth == 0:
            end = mark.end()
            if end > failed_at:
                return end
            break
    end = _before_space(text, opener, limit)
    while True:  # comment lines above the next entry belong to it (suppressions)
        line_start = end
        while line_start > opener and text[line_start - 1] not in "\r\n":
            line_start -= 1
        if line_start == opener or not text[line_start:end].lstrip().startswith("%"):
            return end
        end = _before_space(text, opener, line_start)


def _before_space(text: str, start: int, end: int) -> int:
    """``end`` moved back over white space, not before ``start``."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _resolve(text: str, parts: tuple[Part, ...], macros: Mapping[str, str]) -> str | None:
    """The value with macros expanded; None when one is undefined (its value is unknown).
    Expanded as the entry is read, with the macros defined so far, as BibTeX does."""
    if len(parts) == 1 and parts[0].kind != "bare":
        return text[parts[0].start : parts[0].end]
    pieces = []
    for part in parts:
        printed = text[part.start : part.end]
        if part.kind == "bare" and not printed.isdigit():
            expanded = macros.get(printed.lower())
            if expanded is None:
                return None
            pieces.append(expanded)
        else:
            pieces.append(printed)
    return "".join(pieces)


@lru_cache(maxsize=65536)
def clean_value(raw: str) -> str:
    """The value for comparison: LaTeX decoded, white space folded. A bare ``&`` or ``%``
    in a .bib value means the character (LaTeX would choke on it or drop the rest of
    the line); it is escaped first so that decoding does not lose text."""
    if "&" in raw or "%" in raw:
        raw = _UNESCAPED_SPECIAL.sub(r"\\\1", raw)
    if "TeX" in raw:  # pylatexenc drops the logos: "The \TeX{}book" would read "The book"
        raw = _LOGO.sub(_logo, raw)
    return " ".join(decode_latex(raw).split())


def _logo(found: re.Match[str]) -> str:
    name = "LaTeX2e" if found[1] == "LaTeXe" else found[1]
    return name + " " if found[2] else name


def value_span(source: SourceText, start: int, end: int) -> Span:
    """``source.span``, with one line lookup instead of two for a value on one line (most are)."""
    line, column = source.position(start)
    if _LINE_BREAK.search(source.text, start, end):
        end_line, end_column = source.position(end)
    else:
        end_line, end_column = line, column + end - start
    return Span(start, end, line, column, end_line, end_column)
