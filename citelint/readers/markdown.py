"""Markdown and pandoc manuscripts (.md, .qmd, .Rmd) -> references.

The references are the printed list under a "References", "Bibliography"
or "Literature cited" heading (ATX or setext), up to the next heading of
the same or a higher level: one reference per list item, or per paragraph.
Each keeps its printed text, list marker apart; a copy with the Markdown
resolved (emphasis, links, escapes, code, inline HTML) is parsed, and every
field's span is mapped back to the printed Markdown. A manuscript whose
references pandoc renders from a bibliography file names that file in its
YAML front matter (``bibliography:``), which ``linked_files`` returns.
"""

from __future__ import annotations

import dataclasses
import html
import os
import re
from dataclasses import dataclass

from citelint.app.containment import CheckedFolders, inside, refusal
from citelint.fields.patterns import DOI_PREFIX, REFERENCES_TITLE, fenced_blocks
from citelint.model import Reference, SourceText, Suppression
from citelint.readers.author_list import starts_with_authors
from citelint.readers.latex import MappedText, parse_mapped
from citelint.readers.suppression import find_suppressions

_LINE = re.compile(r"(?=[\s\S])([^\r\n]*)(?:\r\n|\r|\n|$)")
_FRONT_OPEN = re.compile(r"---[ \t]*(?:\r\n|\r|\n)")
_FRONT_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_BIBLIOGRAPHY_KEY = re.compile(r"bibliography[ \t]*:(.*)")
_PROJECT_LEVELS = 5  # how far up a Quarto project file is looked for
_LARGEST_PROJECT_FILE = 1_000_000
_BLOCK_ITEM = re.compile(r"[ \t]*-[ \t]+(.*)")
_YAML_COMMENT = re.compile(r"(?:^|[ \t])#.*")
_ATX = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*")
_SETEXT = re.compile(r" {0,3}(=+|-+)[ \t]*")
_SECTION_TITLE = re.compile(
    r"(?:\d+(?:\.\d+)*\.?[ \t]+)?" + REFERENCES_TITLE + r"[ \t]*:?(?:[ \t]*\{[^{}]*\})?", re.IGNORECASE
)
_BOLD_LINE = re.compile(r"[ \t]*(\*\*|__)([^*_\r\n]{1,100})\1[ \t]*:?[ \t]*")
_BOLD_LEVEL = 7
_ITEM = re.compile(r"( {0,3})([-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
_SKIPPED = re.compile(r"[ \t]*(?::::|</?div\b)")
_COMMENT_LINE = re.compile(r"[ \t]*<!--.*-->[ \t]*$")
_COMMENT_OPENING = re.compile(r"[ \t]*<!--")
_TRAILING_COMMENT = re.compile(r"<!--[^\r\n]*-->[ \t]*")
_FINISHED = re.compile(r"[.!?\d)][\"'\u201d\u2019*_]?$")
# pandoc's numeric styles print "[12] Smith J..."; hand-made lists anchor it: '<a id="12">[12]</a>', maybe on a line alone.
_LABEL = re.compile(r"(?:<a\b[^<>\r\n]{0,200}>[ \t]*)?\\?\[(\d{1,4})\\?\](?:[ \t]*</a>)?(?:[ \t]+|[ \t]*$)")

# One piece of Markdown and what it reads as; plain text between pieces reads as itself.
_TOKEN = re.compile(
    rf"(?P<url>(?:https?://|www\.)[^\s<>\[\]()]+|{DOI_PREFIX}[^\s<>\[\]]+)"
    r"|<(?P<autolink>(?:https?://|doi:|mailto:)[^\s<>]{1,2000})>"
    r"|(?P<image>!\[[^\[\]\r\n]{0,2000}\]\([^()\s]{0,2000}(?:[ \t]+\"[^\"]{0,500}\")?\))"
    r"|\[(?P<link>[^\[\]]{0,2000})\]\([^()\s]{0,2000}(?:[ \t]+\"[^\"]{0,500}\")?\)"
    r"|(?P<comment><!--[\s\S]{0,2000}?-->)"
    r"|(?P<tag></?[A-Za-z][A-Za-z0-9]{0,20}(?:\s[^<>]{0,500})?/?>)"
    r"|\\(?P<escaped>[!-/:-@\[-`{-~])"
    r"|(?P<entity>&(?:[A-Za-z]{2,10}|#\d{1,7}|#[xX][0-9A-Fa-f]{1,6});)"
    r"|(?P<code>`+)"
    r"|(?P<stars>\*+)"
    r"|(?P<underscores>_+)"
)


@dataclass
class _Item:
    start: int  # the reference's first character (after the list marker)
    end: int
    key: str | None
    comments: tuple[int, int] | None  # the comment lines just above it
    directives: list[tuple[int, int]]  # trailing comments on its lines
    listed: bool  # a list item (else a paragraph, which may hold one reference a line)
    last_line: tuple[int, int] = (0, 0)  # the content of its last line so far


def read_markdown(source: SourceText) -> list[Reference]:
    text = source.text
    references = []
    for index, item in enumerate(_items(text, _body_start(text)), 1):
        reference = parse_mapped(source, _decode(text, item.start, item.end), item.start, item.end,
                                 index=index, key=item.key, kind="markdown")
        found: list[Suppression] = []
        if item.comments:
            found.extend(find_suppressions(source, *item.comments))
        for directive in item.directives:
            found.extend(find_suppressions(source, *directive))
        if found:
            reference = dataclasses.replace(reference, suppressions=tuple(found))
        references.append(reference)
    return references


def linked_files(source: SourceText, within: str | None = None) -> list[str]:
    """The bibliography files of the front matter (BibTeX, CSL-JSON, CSL-YAML), as paths resolved
    against the manuscript's folder (normalised, so that a file reached twice is seen to be the same).

    A Quarto document that names none takes its project's: the ``bibliography:``
    of the nearest ``_quarto.yml`` above it, no higher than ``within`` (the folder
    being checked), resolved against that file's folder.
    """
    front = front_matter(source.text)
    names = _bibliography_names(source.text[front[0] : front[1]]) if front else []
    folder = os.path.dirname(source.path) if not source.path.startswith("<") else ""
    if not names and not source.path.startswith("<"):
        folder, names = _project_bibliography(folder, within or CheckedFolders(()).of(source.path))
    found: list[str] = []
    for name in names:
        path = os.path.normpath(os.path.join(folder, name))
        if path not in found:
            found.append(path)
    return found


def _project_bibliography(folder: str, within: str) -> tuple[str, list[str]]:
    """The folder of the nearest Quarto project file above ``folder`` inside ``within``, and the bibliography it names."""
    current = os.path.realpath(folder or ".")
    for _ in range(_PROJECT_LEVELS):
        if not inside(current, within):
            break
        project = os.path.join(current, "_quarto.yml")
        if os.path.isfile(project) and refusal(project, within) is None:
            try:
                with open(project, encoding="utf-8", errors="replace") as file:
                    text = file.read(_LARGEST_PROJECT_FILE)
            except OSError:
                return folder, []
            return os.path.relpath(current) if not os.path.isabs(folder) else current, _bibliography_names(text)
        parent = os.path.dirname(current)
        if parent == current:
            break
        current = parent
    return folder, []


def _bibliography_names(front_matter: str) -> list[str]:
    """The top-level ``bibliography:`` value: a name, a flow list ``[a, b]`` or a block list of ``- a``
    lines; the YAML that pandoc, Quarto and R Markdown documents use (PyYAML is no dependency of
    citelint). A computed value (``!expr ...``) names no file."""
    lines = front_matter.splitlines()
    for number, line in enumerate(lines):
        key = _BIBLIOGRAPHY_KEY.fullmatch(line)
        if key:
            break
    else:
        return []
    value = _YAML_COMMENT.sub("", key[1]).strip()
    if value.startswith("[") and value.endswith("]"):
        items = value[1:-1].split(",")
    elif value:
        items = [value]
    else:
        items = []
        for line in lines[number + 1 :]:
            item = _BLOCK_ITEM.fullmatch(line)
            if item is None:
                break
            items.append(item[1])
    names = [_YAML_COMMENT.sub("", item).strip().strip("\"'").strip() for item in items]
    return [name for name in names if name and not name.startswith(("!", "&", "*", "|", ">", "[", "{"))]


def front_matter(text: str) -> tuple[int, int] | None:
    """The YAML between a first line ``---`` and the next ``---`` or ``...`` line; None when unclosed."""
    opening = _FRONT_OPEN.match(text)
    if opening is None:
        return None
    closing = _FRONT_CLOSE.search(text, opening.end())
    return (opening.end(), closing.start()) if closing else None


def _body_start(text: str) -> int:
    front = front_matter(text)
    if front is None:
        return 0
    line_end = text.find("\n", front[1])
    return len(text) if line_end < 0 else line_end + 1


def _lines(text: str, start: int) -> list[tuple[int, int]]:
    return [found.span(1) for found in _LINE.finditer(text, start)]


def _items(text: str, start: int) -> list[_Item]:
    lines = _lines(text, start)
    code = list(fenced_blocks(text))  # in text order, as the lines are
    block = 0  # the first block that does not end before the line
    items: list[_Item] = []
    level = 0  # the References heading's level while inside its section, else 0
    current: _Item | None = None
    comments: tuple[int, int] | None = None
    in_comment = False  # inside an HTML comment of several lines
    for number, (line_start, line_end) in enumerate(lines):
        line = text[line_start:line_end]
        while block < len(code) and code[block][1] <= line_start:
            block += 1
        if block < len(code) and code[block][0] <= line_start:  # a line of a fenced code block, or a fence
            current = None
            continue
        heading = _heading(text, lines, number)
        if heading:
            heading_level, title = heading
            if level and heading_level <= level:
                level = 0
            if not level and _SECTION_TITLE.fullmatch(title.strip().strip("*_").strip()):
                level = heading_level
            current, comments = None, None
            continue
        bold = _BOLD_LINE.fullmatch(line)
        if not level and bold and _SECTION_TITLE.fullmatch(bold[2].strip()):
            level = _BOLD_LEVEL  # "**References**" on a line of its own: any heading ends the section
            current, comments = None, None
            continue
        if not level or _is_setext_underline(text, lines, number):
            continue
        if not line.strip():
            current = None
            continue
        if in_comment or _COMMENT_LINE.match(line) or _COMMENT_OPENING.match(line):
            in_comment = "-->" not in line[line.find("<!--") + 4 if not in_comment else 0 :]
            comments = (comments[0] if comments else line_start, line_end)
            continue
        if _SKIPPED.match(line):
            current, comments = None, None
            continue
        content_end = line_end
        directive = _trailing_comment(line)
        if directive is not None:
            content_end = line_start + directive
        marker = _ITEM.match(line)
        if marker or current is None or (not current.listed and _new_line_entry(text, current.last_line, line)):
            content_start = line_start + (marker.end() if marker else len(line) - len(line.lstrip()))
            key = marker[2] if marker and marker[2][0].isdigit() else None
            label = _LABEL.match(text, content_start, content_end)
            if label:
                content_start, key = label.end(), f"[{label[1]}]"
            alone = label is not None and label.end() >= content_end  # the entry follows on the next lines
            current = _Item(content_start, content_end, key, comments, [], listed=marker is not None or alone)
            items.append(current)
            comments = None
        current.end = max(current.end, content_end)
        current.last_line = (line_start, content_end)
        if directive is not None:
            current.directives.append((content_end, line_end))
    for item in items:
        item.start += len(text[item.start : item.end]) - len(text[item.start : item.end].lstrip())
        item.end = item.start + len(text[item.start : item.end].rstrip())
    return [item for item in items if item.end > item.start]


def _new_line_entry(text: str, last_line: tuple[int, int], line: str) -> bool:
    """Whether a paragraph's line starts a reference of its own: after a hard line break, or after a
    line that ends as a reference does when this one opens with authors."""
    above = text[last_line[0] : last_line[1]]
    if above.endswith(("  ", "\\")):
        return True
    above = above.rstrip()
    finished = bool(_FINISHED.search(above)) or "/" in above[above.rfind(" ") + 1 :]
    return finished and starts_with_authors(line.strip())


def _trailing_comment(line: str) -> int | None:
    """Where a comment closing the line starts (the last ``<!--`` on it), if one does."""
    opening = line.rfind("<!--")
    if opening < 0 or not _TRAILING_COMMENT.fullmatch(line, opening):
        return None
    while opening > 0 and line[opening - 1] in " \t":
        opening -= 1
    return opening


def _heading(text: str, lines: list[tuple[int, int]], number: int) -> tuple[int, str] | None:
    """(level, title) when the line is an ATX heading or the text line of a setext one."""
    line = text[lines[number][0] : lines[number][1]]
    atx = _ATX.fullmatch(line)
    if atx:
        return len(atx[1]), atx[2] or ""
    if number + 1 < len(lines) and line.strip() and not _ITEM.match(line):
        below = _SETEXT.fullmatch(text[lines[number + 1][0] : lines[number + 1][1]])
        if below:
            return (1 if below[1][0] == "=" else 2), line
    return None


def _is_setext_underline(text: str, lines: list[tuple[int, int]], number: int) -> bool:
    if number == 0 or not _SETEXT.fullmatch(text[lines[number][0] : lines[number][1]]):
        return False
    above = text[lines[number - 1][0] : lines[number - 1][1]]
    return not _ATX.fullmatch(above) and _heading(text, lines, number - 1) is not None


def _decode(text: str, start: int, end: int) -> MappedText:
    """What the Markdown in text[start:end] reads as, character by character."""
    mapped = MappedText()
    _decode_into(mapped, text, start, end)
    return mapped


def _decode_into(mapped: MappedText, text: str, start: int, end: int) -> None:
    last = start
    for token in _TOKEN.finditer(text, start, end):
        if token.start() > last:
            mapped.copy(text, last, token.start())
        last = token.end()
        kind = token.lastgroup
        if kind in ("url", "autolink"):
            mapped.copy(text, token.start(kind), token.end(kind))
        elif kind == "link":
            _decode_into(mapped, text, token.start(kind), token.end(kind))
        elif kind == "escaped":
            mapped.put(token[kind], token.start(), token.end())
        elif kind == "entity":
            mapped.put(html.unescape(token[kind]), token.start(), token.end())
        elif kind in ("stars", "underscores") and not _is_emphasis(text, token.start(), token.end(), kind, start, end):
            mapped.copy(text, token.start(), token.end())
    if last < end:
        mapped.copy(text, last, end)


def _is_emphasis(text: str, start: int, end: int, kind: str, low: int, high: int) -> bool:
    """Whether a run of * or _ marks emphasis: it touches a word on one side (and, for _, not on both)."""
    before = text[start - 1] if start > low else " "
    after = text[end] if end < high else " "
    if kind == "underscores" and before.isalnum() and after.isalnum():
        return False
    return not (before.isspace() and after.isspace())
