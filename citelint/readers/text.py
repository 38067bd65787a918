"""A plain-text reference list -> one Reference per entry.

Entries are one per line (a list where nearly every line is a whole reference
is read one a line, whatever its numbering), or one per paragraph when blank lines separate
them; a wrapped entry's later lines are joined to it. The list's layout
decides where an entry starts: the next number in a numbered list (a list
whose numbers run 1, 2, 3 is numbered however few of its lines carry one); an
unindented line under hanging indentation (an indented one under first-line
indentation); in a list hard-wrapped at a fixed width, a line after a short
one, or after a finished one when the labeller reads it as the start of a
reference (authors first, or a title and its year); otherwise any line
unless the line above is unfinished ("...and", "...,") or this one cannot
begin a reference (lower case, a digit). A blank line always ends an entry.
Headings and comment lines are skipped; ``citelint: ignore[...]`` comments
just above an entry, or trailing on its lines, attach to it. A manuscript's
text above its "References" heading is its body, not part of the list.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from citelint.fields.patterns import REFERENCES_TITLE, YEAR
from citelint.model import Reference, SourceText, Suppression
from citelint.readers.author_list import starts_with_authors
from citelint.readers.labeller import label_fields
from citelint.readers.refstring import parse_reference

# A list label; not a year. A bare number may be glued to a capitalised word or a bracket ("18Journal
# of ...", "293(1937).": AIP's label before a reference without authors).
_LABEL = re.compile(
    r"[ \t]*(\[\d{1,3}\]|\(\d{1,3}\)|\d{1,3}[.)]|\d{1,3}(?=[ \t]+[^\W\d])|\d{1,3}(?=[A-Z][A-Za-z]|\(\d))[ \t]*"
)
_LINE = re.compile(r"(?=[\s\S])([^\r\n]*)(?:\r\n|\r|\n|$)")  # one line, its terminator apart
_COMMENT = re.compile(r"[ \t]*(?:#|%|//|<!--)")
_TRAILING_DIRECTIVE = re.compile(r"(?<![ \t])[ \t]*(?:#|%|//|<!--)[ \t]*citelint:")
_HEADING = re.compile(r"[ \t]*" + REFERENCES_TITLE + r"[ \t]*:?[ \t]*|[ \t]*[-=_*]{3,}[ \t]*", re.IGNORECASE)
_UNFINISHED = re.compile(r"(?:[,;:&(\u2010-\u2014-]|\b(?:and|in|of|the|for|In|eds?)\.?|(?<![\w.])[A-Z]\.)$")
_YEAR = re.compile(rf"\b{YEAR}[a-z]?\b")
_WORD = re.compile(r"[^\W\d_]")
_FINISHED = re.compile(r"[.!?\d)][\"'\u201d\u2019]?$")
# A line beginning like this continues the entry above (a lower-case word, not a name particle as in "van Os").
_CANNOT_START = re.compile(
    r"(?!(?:van|von|de|da|das|dos|du|del|della|di|le|la|ten|ter|al|el|bin|ibn|zu)\s+(?:[a-z]+\s+)?[A-Z])[a-z\d(\[]"
    r"|(?i:doi\b|https?:|www\.)"
)


@dataclass
class _Line:
    start: int  # offset of the line's first character
    end: int  # offset after its content (before a trailing directive and the newline)
    kind: str  # "blank", "comment", "heading", "text"
    indent: int = 0
    label: tuple[int, int] | None = None  # the printed number's offsets
    directive: tuple[int, int] | None = None  # a trailing citelint comment


@dataclass
class _Entry:
    lines: list[_Line]
    comments: list[_Line]


def read_text(source: SourceText) -> list[Reference]:
    lines = _classify(source.text)
    entries = _group(source.text, lines)
    references: list[Reference] = []
    for entry in entries:
        first, last = entry.lines[0], entry.lines[-1]
        start = first.label[1] if first.label else first.start + first.indent
        while start < last.end and source.text[start].isspace():
            start += 1
        end = last.end
        while end > start and source.text[end - 1].isspace():
            end -= 1
        key = source.text[first.label[0] : first.label[1]].strip() if first.label else None
        reference = parse_reference(source, start, end, index=len(references) + 1, key=key)
        suppressions = _suppressions(source, entry)
        if suppressions:
            reference = dataclasses.replace(reference, suppressions=suppressions)
        references.append(reference)
    return _without_body(source.text, lines, references)


def _without_body(text: str, lines: list[_Line], references: list[Reference]) -> list[Reference]:
    """The list without the manuscript text above its "References" heading.

    What stands above the first heading is the body when most of it reads as
    no reference (prose opens with no author list); a few references above a
    heading stay references.
    """
    heading = next((line for line in lines if line.kind == "heading" and _WORD.search(text, line.start, line.end)), None)
    if heading is None:
        return references
    above = [reference for reference in references if reference.span.start < heading.start]
    prose = [reference for reference in above
             if reference.parse_problem or (reference.key is None and not starts_with_authors(reference.text))]
    if not above or len(prose) * 2 <= len(above):
        return references
    return [dataclasses.replace(reference, index=index)
            for index, reference in enumerate(references[len(above) :], 1)]


def _classify(text: str) -> list[_Line]:
    lines = []
    for match in _LINE.finditer(text):
        start, end = match.span(1)
        line = match.group(1)
        if not line.strip():
            lines.append(_Line(start, end, "blank"))
        elif _COMMENT.match(line):
            lines.append(_Line(start, end, "comment"))
        elif _HEADING.fullmatch(line):
            lines.append(_Line(start, end, "heading"))
        else:
            directive = _TRAILING_DIRECTIVE.search(line) if "citelint:" in line else None
            content_end = start + directive.start() if directive else end
            label = _LABEL.match(line)
            lines.append(
                _Line(start, content_end, "text", indent=len(line) - len(line.lstrip()),
                      label=(start + label.start(1), start + label.end()) if label else None,
                      directive=(content_end, end) if directive else None)
            )
    return lines


@dataclass(frozen=True)
class _Layout:
    """How the list marks where an entry starts."""

    # "lines" (one reference a line), "numbered", "paragraphs", "hanging", "first-line",
    # "wrapped" (at a fixed width) or "plain"
    kind: str
    width: int = 0  # the wrapping width, for "wrapped"


def _group(text: str, lines: list[_Line]) -> list[_Entry]:
    """Join wrapped lines into entries; a blank line always ends one."""
    layout = _layout(text, lines)
    entries: list[_Entry] = []
    comments: list[_Line] = []
    current: _Entry | None = None
    for line in lines:
        if line.kind == "comment":
            comments.append(line)
        elif line.kind != "text":
            comments = []
            current = None if line.kind == "blank" else current
        elif current is not None and _continues(text, current, line, layout):
            current.lines.append(line)
            comments = []
        else:
            current = _Entry([line], comments)
            entries.append(current)
            comments = []
    return entries


def _layout(text: str, lines: list[_Line]) -> _Layout:
    text_lines = [line for line in lines if line.kind == "text"]
    complete = sum(1 for line in text_lines if _complete(text, line))
    if len(text_lines) >= 4 and complete >= 0.9 * len(text_lines):
        # Nearly every line is a whole reference: a list of one a line, whatever its numbering
        # (a skipped or unprinted number, a line opening with a digit or in lower case).
        return _Layout("lines")
    numbers = [_number(text, line) for line in text_lines if line.label]
    running = sum(1 for before, after in zip(numbers, numbers[1:]) if after == before + 1)
    # a third of the lines numbered, or (a list wrapped at a narrow width) numbers that run 1, 2, 3 ...
    if len(numbers) >= max(2, len(text_lines) // 3) or (len(numbers) >= 4 and running >= 0.8 * len(numbers)):
        return _Layout("numbered")
    if _separated_by_blank_lines(text, lines):
        return _Layout("paragraphs")
    indented = [bool(line.indent) for line in text_lines]
    if any(indented) and not all(indented):
        return _Layout("first-line" if indented[0] else "hanging")
    lengths = sorted(line.end - line.start for line in text_lines)
    if len(lengths) >= 4 and complete * 2 < len(lengths):
        width = lengths[len(lengths) * 9 // 10]
        if width <= 120 and sum(1 for length in lengths if length >= 0.75 * width) >= len(lengths) / 2:
            return _Layout("wrapped", width)
    return _Layout("plain")


def _continues(text: str, entry: _Entry, line: _Line, layout: _Layout) -> bool:
    if layout.kind == "lines":
        return False
    if layout.kind == "numbered":  # only the next number starts an entry: "10." may be a wrapped DOI
        if line.label is None:
            return True
        skipped = _number(text, line) - _number(text, entry.lines[0]) - 1
        # One number skipped (a label the list lost) after a finished line still starts an entry.
        above = text[entry.lines[-1].start : entry.lines[-1].end].rstrip()
        return not (skipped == 0 or (skipped == 1 and _finished(above)))
    if layout.kind == "paragraphs":
        return True
    if layout.kind == "first-line":
        return not line.indent
    if layout.kind == "hanging" or line.indent > entry.lines[0].indent:
        return line.indent > entry.lines[0].indent
    above = text[entry.lines[-1].start : entry.lines[-1].end].rstrip()
    here = text[line.start + line.indent : line.end]
    if _UNFINISHED.search(above, max(0, len(above) - 6)) or _CANNOT_START.match(here):
        return True
    finished = _finished(above)
    if layout.kind == "wrapped" and len(above) >= 0.75 * layout.width:
        return not (finished and _opens_reference(here))  # a full line was wrapped, unless a new entry begins
    return layout.kind == "plain" and not finished


def _opens_reference(line: str) -> bool:
    """Whether a line reads as the start of a reference to the labeller: authors first, or a title with
    its year after it ("Interview with PCI's Steve Houston. (2010). Metal Finishing"), not a title and its
    journal ("Heart Attack in the Course of Lithium Overdose. Iranian Red Crescent Medical Journal")."""
    fields = label_fields(line)
    if not fields or fields[0].start > 4:
        return False
    return fields[0].label == "author" or (fields[0].label == "title" and any(f.label == "year" for f in fields[1:3]))


def _number(text: str, line: _Line) -> int:
    label = text[line.label[0] : line.label[1]] if line.label else ""
    digits = "".join(char for char in label if char.isdigit())
    return int(digits) if digits else -1


def _separated_by_blank_lines(text: str, lines: list[_Line]) -> bool:
    """Whether entries are paragraphs: several short blocks of lines, most not groups of one-line entries."""
    blocks: list[list[_Line]] = [[]]
    for line in lines:
        if line.kind == "text":
            blocks[-1].append(line)
        elif line.kind == "blank" and blocks[-1]:
            blocks.append([])
    blocks = [block for block in blocks if block]
    if len(blocks) < 2 or sorted(map(len, blocks))[len(blocks) // 2] > 4 or max(map(len, blocks)) > 12:
        return False
    groups = [block for block in blocks if len(block) > 1]
    lists = [block for block in groups if all(_complete(text, line) for line in block)]
    return len(lists) * 2 <= len(groups)


def _complete(text: str, line: _Line) -> bool:
    """A line that is a whole reference by itself: long, with a year, and finished."""
    content = text[line.start : line.end].rstrip()
    return len(content) >= 40 and _finished(content) and bool(_YEAR.search(content))


def _finished(line: str) -> bool:
    """Whether a line ends as a reference does: a full stop, a number, a bracket, a URL or DOI."""
    return bool(_FINISHED.search(line, max(0, len(line) - 2))) or "/" in line[line.rfind(" ") + 1 :]


def _suppressions(source: SourceText, entry: _Entry) -> tuple[Suppression, ...]:
    from citelint.readers.suppression import find_suppressions

    found: list[Suppression] = []
    if entry.comments:
        found.extend(find_suppressions(source, entry.comments[0].start, entry.comments[-1].end))
    for line in entry.lines:
        if line.directive:
            found.extend(find_suppressions(source, *line.directive))
    return tuple(found)
