"""Pandoc citations in Markdown, Quarto and R Markdown (.md, .qmd, .Rmd) -> Cited.

Finds what pandoc's ``citations`` extension reads as citations: bracketed
``[see @doe99, p. 3; -@smith04]`` (one group per bracket), in-text
``@doe99`` (a group of its own, joined by a locator or citation bracket
right after it, ``@doe99 [p. 33; @smith04]``, as pandoc joins them), braced
keys ``@{https://example.com/x}``, and the ``nocite:`` value of the YAML
front matter (``@*`` cites every entry).

It deliberately does not report what pandoc would not cite or what only
looks like a citation: ``@`` after a word character or a backslash
(``a@b.org``, ``\\@``); code (inline spans, fenced and indented blocks);
HTML comments and tags; ``$math$``; autolinks, bare URLs and link
destinations; reference link definitions; numbered-example labels
``(@good)`` and references to them; cross-references of pandoc-crossref
(``@fig:x``) and Quarto (``@fig-x``); any YAML other than ``nocite:``. It
does not parse Markdown fully: a citation bracket holding another bracket
(``[@doe, see [this](url)]``) is read as in-text citations, and raw LaTeX
other than ``\\@`` is left to the LaTeX finder.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from citelint.citations import Citation, Cited
from citelint.model import SourceText

# Pandoc's simple key: alphanumerics and "_", joined by single punctuation characters (a
# "/" or ":" may also precede "/", for URL keys); every step consumes one character.
_SIMPLE_KEY = re.compile(r"\w(?:\w|[:.#$%&\-+?<>~/](?=\w)|[:/](?=/))*")
_BRACED_KEY = re.compile(r"\{([^\s{}]{1,2000})\}")
_CROSS_REFERENCE = re.compile(
    r"(?:fig|tbl|sec|eq|lst):"  # pandoc-crossref
    r"|(?:fig|tbl|sec|eq|lst|thm|lem|cor|prp|cnj|def|exm|exr|sol|rem|alg|nte|wrn|imp|tip|cau)-",  # Quarto
    re.IGNORECASE,
)

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")
_NOCITE = re.compile(r"nocite[ \t]*:([^\r\n]*)")
_BLOCK_SCALAR = re.compile(r"[ \t]*[|>][-+0-9]*[ \t]*(?:#.*)?")
_NOCITE_KEY = re.compile(r"(?<![\w\\])@(?:(\*)(?!\w)|(?=[{\w]))")

_FENCE_OPEN = re.compile(r"[ \t]*(`{3,}|~{3,})([^\r\n]*)")
_FENCE_CLOSE = re.compile(r"[ \t]*(`{3,}|~{3,})[ \t]*")
_COMMENT_BLOCK = re.compile(r" {0,3}<!--")
_LINK_DEFINITION = re.compile(r" {0,3}\[(?!\^)[^\]\r\n]{1,999}\]:")
_LIST_MARKER = re.compile(
    r"[ \t]*(?:[-*+]|\(?(?:\d{1,9}|#)[.)]|\(@[\w-]*\))(?:[ \t]+|$)"
)
_EXAMPLE_LABEL = re.compile(r"^[ \t]*\(@([\w-]+)\)(?=[ \t])", re.MULTILINE)
_PARAGRAPH_BREAK = re.compile(r"(?:\r\n|\r(?!\n)|\n)[ \t]*(?:\r\n|\r|\n)")

# The inline constructs that hide an "@" from pandoc's citation parser, and the "@" itself.
_INLINE = re.compile(
    r"(?P<escape>\\[^\r\n])"
    r"|(?P<ticks>`+)"
    r"|(?P<comment><!--)"
    r"|(?P<math>\$\$?)"
    r"|(?P<angle><)"
    r"|(?P<destination>\]\()"
    r"|(?P<url>(?:https?|ftp)://|www\.)"
    r"|(?P<at>(?<!\w)(?<!\w-)@)"
)
_AUTOLINK = re.compile(r"<[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]{0,2000}>")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9\-]{0,30}(?:\s[^<>]{0,1000})?/?>")
_DESTINATION = re.compile(r"[^\s()]{0,2000}")
_URL_REST = re.compile(r"[^\s<>\[\]()]{0,2000}")
_TICKS = re.compile(r"`+")
_MATH_CLOSE = re.compile(r"(?<=[^\s\\])\$(?!\d)")

_BRACKET = re.compile(r"(?<!\^)\[([^\[\]]{0,4000})\]")
_TO_BRACKET = re.compile(r"[ \t]*(?:(?:\r\n|\r|\n)[ \t]*)?\[")


@dataclass(frozen=True)
class _Key:
    at: int  # the "@"
    start: int  # the key, without "@" or braces
    end: int
    after: int  # just past the key (and its closing brace)


@dataclass(frozen=True)
class _Bracket:
    start: int
    end: int  # just past "]"
    keys: tuple[int, ...]  # indexes into the keys found
    cites: bool  # every ";"-separated part holds a key: pandoc's [see @a; @b]
    locates: bool  # every part but the first does: a locator after an in-text key, @a [p. 3; @b]


def pandoc_citations(source: SourceText, end: int | None = None) -> Cited:
    text = source.text if end is None else source.text[:end]
    citations: list[Citation] = []
    cites_all = False
    body_start = 0
    front = _front_matter(text)
    if front is not None:
        yaml_start, yaml_end, body_start = front
        nocited, cites_all = _nocite_keys(text, yaml_start, yaml_end)
        citations.extend(
            Citation(file=source.path, span=source.span(start, stop), group=0, key=text[start:stop], nocite=True)
            for start, stop in nocited
        )
    first_group = 1 if citations else 0
    for number, group in enumerate(_body_groups(text, body_start), first_group):
        citations.extend(
            Citation(file=source.path, span=source.span(key.start, key.end), group=number, key=text[key.start : key.end])
            for key in group
        )
    return Cited(citations=tuple(citations), sources={source.path: source}, cites_all=cites_all)


def _front_matter(text: str) -> tuple[int, int, int] | None:
    """(YAML start, YAML end, body start) of a front matter block closed by ``---`` or ``...``."""
    from citelint.readers.markdown import front_matter

    found = front_matter(text)
    if found is None:
        return None
    line = _LINE.match(text, found[1])
    return found[0], found[1], line.end() if line else len(text)


def _nocite_keys(text: str, start: int, end: int) -> tuple[list[tuple[int, int]], bool]:
    """Key spans of the top-level ``nocite:`` value (inline, block scalar or list), and whether it holds ``@*``."""
    lines = [found.span() for found in _LINE.finditer(text, start, end)]
    for number, (line_start, line_end) in enumerate(lines):
        entry = _NOCITE.match(text, line_start, line_end)
        if entry:
            break
    else:
        return [], False
    value = [] if _BLOCK_SCALAR.fullmatch(entry[1]) else [entry.span(1)]
    for line_start, line_end in lines[number + 1 :]:
        line = text[line_start:line_end]
        if line.strip() and not line[0].isspace() and not line.startswith("- "):
            break
        value.append((line_start, line_end))
    spans: list[tuple[int, int]] = []
    cites_all = False
    for value_start, value_end in value:
        for found in _NOCITE_KEY.finditer(text, value_start, value_end):
            if found[1]:
                cites_all = True
                continue
            key = _key_at(text, found.start(), value_end)
            if key is not None and not _CROSS_REFERENCE.match(text, key.start):
                spans.append((key.start, key.end))
    return spans, cites_all


def _key_at(text: str, at: int, end: int) -> _Key | None:
    if text.startswith("{", at + 1):
        braced = _BRACED_KEY.match(text, at + 1, end)
        return _Key(at, braced.start(1), braced.end(1), braced.end()) if braced else None
    simple = _SIMPLE_KEY.match(text, at + 1, end)
    return _Key(at, simple.start(), simple.end(), simple.end()) if simple else None


def _body_groups(text: str, start: int) -> list[list[_Key]]:
    """The citation groups of the body, in text order, cross-references and example references left out."""
    blocks = _mask(text, _block_masks(text, start))
    keys, inline_masks = _scan_inline(blocks, start)
    visible = _mask(blocks, inline_masks)
    examples = {found[1] for found in _EXAMPLE_LABEL.finditer(visible, start)}
    example_markers = {found.start(1) - 1 for found in _EXAMPLE_LABEL.finditer(visible, start)}
    brackets = _brackets(visible, start, keys)
    in_bracket = {index: bracket for bracket in brackets if bracket.cites for index in bracket.keys}
    bracket_at = {bracket.start: bracket for bracket in brackets}
    claimed: set[int] = set()
    groups: list[list[_Key]] = []
    for index, key in enumerate(keys):
        if index in claimed or key.at in example_markers:
            continue
        if index in in_bracket:
            members = list(in_bracket[index].keys)
        else:
            members = [index]
            to_bracket = _TO_BRACKET.match(visible, key.after)
            following = bracket_at.get(to_bracket.end() - 1) if to_bracket else None
            if following is not None and (following.cites or (following.locates and not _continues_link(visible, following))):
                members.extend(following.keys)
            elif text[key.start : key.end] in examples:
                continue  # pandoc prints the example's number
        claimed.update(members)
        group = [keys[member] for member in members if not _CROSS_REFERENCE.match(text, keys[member].start)]
        if group:
            groups.append(group)
    return groups


def _continues_link(text: str, bracket: _Bracket) -> bool:
    """Pandoc reads ``@a [text](url)`` or ``@a [text][ref]`` as a key followed by a link."""
    return text.startswith(("[", "("), bracket.end)


def _brackets(visible: str, start: int, keys: list[_Key]) -> list[_Bracket]:
    """Brackets without brackets inside or a blank line, holding keys, and how their parts hold them."""
    positions = [key.at for key in keys]
    found_brackets = []
    for found in _BRACKET.finditer(visible, start):
        first = bisect.bisect_left(positions, found.start())
        last = bisect.bisect_left(positions, found.end())
        if first == last or _PARAGRAPH_BREAK.search(found[1]):
            continue
        semicolons = [position for position in range(found.start(1), found.end(1)) if visible[position] == ";"]
        bounds = [found.start(), *semicolons, found.end()]
        holding = [
            bisect.bisect_left(positions, bounds[part + 1]) > bisect.bisect_left(positions, bounds[part])
            for part in range(len(bounds) - 1)
        ]
        found_brackets.append(
            _Bracket(found.start(), found.end(), tuple(range(first, last)), all(holding), all(holding[1:]))
        )
    return found_brackets


def _mask(text: str, regions: list[tuple[int, int]]) -> str:
    """The text with each region blanked out, line breaks kept, so offsets and lines stay as they are."""
    pieces = []
    last = 0
    for region_start, region_end in regions:
        pieces.append(text[last:region_start])
        pieces.append(re.sub(r"[^\r\n]", " ", text[region_start:region_end]))
        last = region_end
    pieces.append(text[last:])
    return "".join(pieces)


def _block_masks(text: str, start: int) -> list[tuple[int, int]]:
    """Fenced and indented code blocks, comment blocks and reference link definitions."""
    lines = [found.span() for found in _LINE.finditer(text, start)]
    closers: dict[str, list[tuple[int, int]]] = {"`": [], "~": []}  # (line number, fence length)
    for number, (line_start, line_end) in enumerate(lines):
        closing = _FENCE_CLOSE.fullmatch(text, line_start, _content_end(text, line_start, line_end))
        if closing:
            closers[closing[1][0]].append((number, len(closing[1])))
    longest_after = {char: _longest_from(found) for char, found in closers.items()}
    masks: list[tuple[int, int]] = []
    comments_closed = True  # until a comment is found unclosed: no "-->" follows it either
    list_content: int | None = None  # the content column of the list item the lines belong to
    loose = True  # after a blank line (or at the start): an indented line is code
    number = 0
    while number < len(lines):
        line_start, line_end = lines[number]
        content_end = _content_end(text, line_start, line_end)
        line = text[line_start:content_end]
        fence = _FENCE_OPEN.fullmatch(line)
        if fence and not (fence[1][0] == "`" and "`" in fence[2]):
            closing_line = _fence_closing(closers[fence[1][0]], longest_after[fence[1][0]], number, len(fence[1]))
            if closing_line is not None:
                masks.append((line_start, lines[closing_line][1]))
                number, loose = closing_line + 1, True
                continue
        comment = _COMMENT_BLOCK.match(line)
        if comment and comments_closed:
            closed = text.find("-->", line_start + comment.end())
            if closed >= 0:
                masks.append((line_start + comment.end() - 4, closed + 3))
                while number < len(lines) and lines[number][1] <= closed:
                    number += 1
                number += 1
                loose = False
                continue
            comments_closed = False
        if not line.strip():
            loose = True
            number += 1
            continue
        indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())
        marker = _LIST_MARKER.match(line)
        code_indent = 4 if list_content is None else list_content + 4
        if loose and indent >= code_indent:
            masks.append((line_start, content_end))  # indented code: stays "loose" for its next line
        elif marker:
            list_content = len(marker.group().expandtabs(4))
            loose = False
        else:
            if loose and list_content is not None and indent < list_content:
                list_content = None
            if _LINK_DEFINITION.match(line):
                masks.append((line_start, content_end))
            loose = False
        number += 1
    return masks


def _content_end(text: str, line_start: int, line_end: int) -> int:
    """Where the line's content stops, before its line break."""
    while line_end > line_start and text[line_end - 1] in "\r\n":
        line_end -= 1
    return line_end


def _longest_from(closers: list[tuple[int, int]]) -> list[int]:
    """For each closing fence, the longest closing fence at or after it."""
    longest = [0] * len(closers)
    best = 0
    for index in range(len(closers) - 1, -1, -1):
        best = max(best, closers[index][1])
        longest[index] = best
    return longest


def _fence_closing(closers: list[tuple[int, int]], longest: list[int], opening: int, length: int) -> int | None:
    """The line number of the first closing fence after the opening one at least as long; pandoc
    reads an unclosed fence as text. Scanning stops early when no long enough fence follows, and
    otherwise only crosses lines that the code block then holds."""
    index = bisect.bisect_left(closers, (opening + 1, 0))
    if index == len(closers) or longest[index] < length:
        return None
    while closers[index][1] < length:
        index += 1
    return closers[index][0]


def _scan_inline(text: str, start: int) -> tuple[list[_Key], list[tuple[int, int]]]:
    """Left to right, as pandoc reads inlines: the keys, and the regions that hide an "@"."""
    breaks = [found.start() for found in _PARAGRAPH_BREAK.finditer(text, start)]
    runs: dict[int, list[int]] = {}
    for found in _TICKS.finditer(text, start):
        runs.setdefault(len(found.group()), []).append(found.start())
    math_closers = [found.start() for found in _MATH_CLOSE.finditer(text, start)]
    keys: list[_Key] = []
    masks: list[tuple[int, int]] = []
    comments_closed = True
    position = start
    while True:
        token = _INLINE.search(text, position)
        if token is None:
            return keys, masks
        kind, here = token.lastgroup, token.start()
        paragraph_end = _after(breaks, here, len(text))
        position = token.end()
        if kind == "escape":
            masks.append(token.span())
        elif kind == "ticks":
            closing = _after(runs.get(len(token.group()), []), here, len(text))
            if closing < paragraph_end:
                position = closing + len(token.group())
                masks.append((here, position))
        elif kind == "comment" and comments_closed:
            closed = text.find("-->", position)
            comments_closed = closed >= 0
            if comments_closed:
                position = closed + 3
                masks.append((here, position))
        elif kind == "math":
            position = _math_end(text, token, paragraph_end, math_closers) or position
            if position > token.end():
                masks.append((here, position))
        elif kind == "angle":
            link = _AUTOLINK.match(text, here) or _TAG.match(text, here)
            if link:
                position = link.end()
                masks.append(link.span())
        elif kind in ("destination", "url"):
            rest = (_DESTINATION if kind == "destination" else _URL_REST).match(text, position)
            masked_from = position if kind == "destination" else here
            position = rest.end() if rest else position
            masks.append((masked_from, position))
        elif kind == "at":
            key = _key_at(text, here, len(text))
            if key is not None:
                keys.append(key)
                position = key.after


def _after(positions: list[int], here: int, default: int) -> int:
    """The first position after here, or default."""
    index = bisect.bisect_right(positions, here)
    return positions[index] if index < len(positions) else default


def _math_end(text: str, token: re.Match[str], paragraph_end: int, closers: list[int]) -> int | None:
    """Where ``$..$`` or ``$$..$$`` opened by the token ends, if it is closed in its paragraph."""
    if token.group() == "$$":
        closed = text.find("$$", token.end(), paragraph_end)
        return closed + 2 if closed >= 0 else None
    if token.end() >= len(text) or text[token.end()].isspace():
        return None  # pandoc: a "$" with a space after it opens no math
    closing = _after(closers, token.start(), paragraph_end)
    return closing + 1 if closing < paragraph_end else None
