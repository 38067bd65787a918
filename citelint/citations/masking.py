"""What is never prose in a manuscript's body (code, comments, math, URLs), overwritten so that offsets stay."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from citelint.fields.patterns import DOI_PREFIX, fenced_blocks

# Skipped text is overwritten with this: a word character, so "`a`[1]" reads as
# an index, and not a letter, so it is never part of a name.
MASK = "_"
_LONGEST_INLINE_MATH = 1000

_BACKTICKS = re.compile(r"`+")
BLANK_LINE = re.compile(r"\n[ \t]*\r?\n")
_DISPLAY_MATH = re.compile(r"\$\$[^$]{1,5000}\$\$")
# Pandoc's rule: "$" opens before a non-space, closes after one and not before a
# digit, so "$5 and $10" is no math.
_INLINE_MATH = re.compile(
    rf"(?<!\\)\$(?=[^\s$])(?:[^$\n]|\n(?![ \t]*\r?\n)){{1,{_LONGEST_INLINE_MATH}}}(?<=[^\s\\])\$(?!\d)"
)
# Not "()[]": they close a Markdown link around the URL more often than they belong to it.
_URL = re.compile(rf"\b(?:(?:https?|ftp)://|www\.|doi:\s?10\.|{DOI_PREFIX})[^\s<>\"()\[\]]+", re.IGNORECASE)


def mask_non_prose(body: str) -> str:
    """The body with what is never prose (code, comments, math, URLs) overwritten, offsets kept."""
    body = _blank(body, fenced_blocks(body))
    body = _blank(body, _code_spans(body))
    body = _blank(body, _comments(body))
    body = _blank(body, ((m.start(), m.end()) for m in _DISPLAY_MATH.finditer(body)))
    body = _blank(body, ((m.start(), m.end()) for m in _INLINE_MATH.finditer(body)))
    return _blank(body, ((m.start(), m.end()) for m in _URL.finditer(body)))


def _blank(text: str, spans: Iterator[tuple[int, int]]) -> str:
    pieces = []
    position = 0
    for start, end in spans:  # in order, not overlapping
        pieces.append(text[position:start])
        pieces.append(MASK * (end - start))
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def _code_spans(text: str) -> Iterator[tuple[int, int]]:
    """Backtick strings closed by one of the same length in the same paragraph."""
    runs = [(run.start(), run.end()) for run in _BACKTICKS.finditer(text)]
    next_same: list[int | None] = [None] * len(runs)
    last_of_length: dict[int, int] = {}
    for index in reversed(range(len(runs))):
        length = runs[index][1] - runs[index][0]
        next_same[index] = last_of_length.get(length)
        last_of_length[length] = index
    blank_lines = [blank.start() for blank in BLANK_LINE.finditer(text)]
    index = 0
    while index < len(runs):
        closer = next_same[index]
        if closer is not None and not _blank_line_between(blank_lines, runs[index][1], runs[closer][0]):
            yield runs[index][0], runs[closer][1]
            index = closer + 1
        else:
            index += 1


def _blank_line_between(blank_lines: list[int], start: int, end: int) -> bool:
    first = bisect.bisect_left(blank_lines, start)
    return first < len(blank_lines) and blank_lines[first] < end


def _comments(text: str) -> Iterator[tuple[int, int]]:
    position = 0
    while (opening := text.find("<!--", position)) != -1:
        closing = text.find("-->", opening + 4)
        if closing == -1:  # unclosed: literal text, and no later comment can close either
            return
        yield opening, closing + 3
        position = closing + 3
