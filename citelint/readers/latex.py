"""LaTeX manuscripts and compiled bibliographies (.tex, .bbl) -> references.

Each ``\\bibitem`` of a ``thebibliography`` environment (in a .tex, or in a
.bbl that BibTeX compiled) is one printed reference. Its text stays as
printed; a decoded copy (accents, dashes, ties, font commands and braces
resolved) is parsed by the reference-string parser, and every field's span is
mapped back to the LaTeX it came from. A biblatex .bbl (``\\entry`` ...
``\\endentry``) already has its fields apart, and they are read directly.
User macros are never expanded, so no input can make the reader loop; every
scan is bounded by the item it is in.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable, Iterator
from typing import Any

from citelint.fields.normalize import decode_latex
from citelint.model import Author, Reference, SourceText, Span
from citelint.readers.refstring import parse_reference
from citelint.readers.suppression import find_suppressions

_COMMENT = re.compile(r"(?<!\\)%[^\r\n]*")
_BEGIN = re.compile(r"\\begin\s*\{thebibliography\}")
_STOP = re.compile(r"\\end\s*\{(?:thebibliography|document)\}")
_BIBITEM = re.compile(r"\\bibitem(?![A-Za-z@])\*?")
_LINE_END = re.compile(r"[\r\n]")
_BRACKETS = re.compile(r"\\.|[{}\]]")
_MAX_HEAD = 2000  # a label or key longer than this is not one: the item is broken
_MAX_VALUE = 20000  # nor is a .bbl field value longer than this: a brace is missing
_LINKS = re.compile(r"\\(bibliography|addbibresource|addglobalbib)(?![A-Za-z])\s*(?:\[[^\]\r\n]{0,200}\]\s*)?\{([^{}]{1,2000})\}")

# One piece of printed LaTeX and what it reads as; plain text between pieces reads as itself.
_TOKEN = re.compile(
    r"(?P<comment>%[^\r\n]*(?:\r\n|\r|\n)?[ \t]*)"
    r"|(?P<accent>\{\\[\"'`^~=.](?:[A-Za-z]|\\[ij])\}|\\[\"'`^~=.](?:\{(?:[A-Za-z]|\\[ij])\}|[A-Za-z]|\\[ij](?![A-Za-z]))"
    r"|\{\\[cvuHkr]\s*(?:\{[A-Za-z]\}|[A-Za-z])\}|\\[cvuHkr]\s*\{[A-Za-z]\}"
    r"|\{\\(?:ss|ae|AE|oe|OE|aa|AA|o|O|l|L|i|j)\}|\\(?:ss|ae|AE|oe|OE|aa|AA|o|O|l|L|i|j)(?![A-Za-z])(?:\{\})?)"
    r"|\\(?P<escaped>[&%_#${}])"
    r"|\\(?P<space>[ ,;:>\r\n]|\\(?:\[[^\]\r\n]{0,20}\])?)"
    r"|\\(?P<dropped>bibinfo|bibfield|href|BibitemShut|bibAnnoteFile|bibAnnote|urlstyle)\s*\{[^{}]{0,2000}\}"
    r"|\\(?P<verbatim>url|doi|path|nolinkurl)\s*\{(?P<body>[^{}]{0,2000})\}"
    r"|\\(?P<spacing>penalty|kern|hskip|vskip)\s*-?[\d.]+(?:pt|em|ex|mu)?[ \t]*"
    r"|\\(?P<word>[A-Za-z@]+)\*?[ \t]*"
    r"|\\(?P<symbol>[^A-Za-z@\s])"
    r"|(?P<dash>---?)"
    r"|(?P<quote>``|'')"
    r"|(?P<tie>~)"
    r"|(?P<markup>[{}$])"
)
_WORDS = {"newblock": " ", "par": " ", "textendash": "\u2013", "textemdash": "\u2014", "ldots": "...",
          "dots": "...", "textquoteright": "\u2019", "textquoteleft": "\u2018"}
_DASHES = {"--": "\u2013", "---": "\u2014"}
_QUOTES = {"``": "\u201c", "''": "\u201d"}
_VERBATIM_ESCAPE = re.compile(r"\\([_%&#$~])")


class MappedText:
    """A decoded text and, for each of its characters, the range of the source it reads from."""

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []

    def copy(self, text: str, start: int, end: int) -> None:
        """Source text that reads as itself."""
        self.pieces.append(text[start:end])
        self.starts.extend(range(start, end))
        self.ends.extend(range(start + 1, end + 1))

    def put(self, decoded: str, start: int, end: int) -> None:
        """``decoded`` stands for source[start:end]."""
        self.pieces.append(decoded)
        self.starts.extend([start] * len(decoded))
        self.ends.extend([end] * len(decoded))

    def text(self) -> str:
        return "".join(self.pieces)


def parse_mapped(source: SourceText, mapped: MappedText, start: int, end: int, *, index: int, key: str | None,
                 kind: str, widen: Callable[[int, int], tuple[int, int]] | None = None) -> Reference:
    """Parse the decoded text of the reference printed at source.text[start:end]; values are the decoded
    ones, spans the printed ones (``widen`` may enlarge a span, e.g. to balance braces)."""
    decoded = mapped.text()
    parsed = parse_reference(SourceText(source.path, decoded), 0, len(decoded), index=index, key=key)

    def locate(span: Span) -> Span:
        located = mapped.starts[span.start], mapped.ends[span.end - 1]
        return source.span(*(widen(*located) if widen else located))

    return dataclasses.replace(
        parsed,
        text=source.text[start:end],
        span=source.span(start, end),
        kind=kind,
        authors=tuple(dataclasses.replace(a, span=locate(a.span) if a.span else None) for a in parsed.authors),
        spans={name: locate(span) for name, span in parsed.spans.items()},
    )


def read_latex(source: SourceText) -> list[Reference]:
    masked = _COMMENT.sub(lambda found: " " * len(found.group()), source.text)
    if "\\endentry" in masked:
        return list(_biblatex_entries(source, masked))
    return list(_bibitems(source, masked))


def linked_files(source: SourceText, within: str | None = None) -> list[str]:
    """The .bib files the document names, as paths resolved against its folder (normalised, so that
    a file reached twice is seen to be the same); when one of them is missing, the .bbl compiled
    beside the document instead, as arXiv keeps a paper. (``within``, the folder being checked,
    matters to Markdown's project files only: a LaTeX document names its files itself.)"""
    masked = _COMMENT.sub(lambda found: " " * len(found.group()), source.text)
    folder = os.path.dirname(source.path) if not source.path.startswith("<") else ""
    found: list[str] = []
    for link in _LINKS.finditer(masked):
        for name in link[2].split(","):
            name = name.strip()
            if not name:
                continue
            if link[1] == "bibliography" and not name.lower().endswith(".bib"):
                name += ".bib"
            path = os.path.normpath(os.path.join(folder, name))
            if path not in found:
                found.append(path)
    compiled = os.path.splitext(source.path)[0] + ".bbl"
    if any(not os.path.isfile(path) for path in found) and os.path.isfile(compiled):
        return [os.path.normpath(compiled)]  # arXiv's layout: the .bbl BibTeX compiled, and no .bib
    return found


# --- thebibliography --------------------------------------------------------


def _bibitems(source: SourceText, masked: str) -> Iterator[Reference]:
    index = 0
    resume = 0
    for begin in _BEGIN.finditer(masked):
        if begin.start() < resume:
            continue  # nested in the environment just read
        body = _skip_space(masked, begin.end(), len(masked))
        if masked.startswith("{", body):  # the widest label: {99}
            closer = _closing(masked, body, min(len(masked), body + _MAX_HEAD))
            body = closer + 1 if closer is not None else body
        stop_match = _STOP.search(masked, body)
        stop = resume = stop_match.start() if stop_match else len(masked)
        items = list(_BIBITEM.finditer(masked, body, stop))
        previous_end = body
        for number, item in enumerate(items):
            limit = items[number + 1].start() if number + 1 < len(items) else stop
            index += 1
            reference, previous_end = _bibitem(source, masked, item.start(), item.end(), limit, index, previous_end)
            yield reference


def _bibitem(source: SourceText, masked: str, command: int, head: int, limit: int, index: int,
             previous_end: int) -> tuple[Reference, int]:
    """One ``\\bibitem[label]{key} text``; returns it and the end of its last line."""
    text = source.text
    position = _skip_space(masked, head, limit)
    problem = None
    if masked.startswith("[", position):
        closer = _closing(masked, position, min(limit, position + _MAX_HEAD), "]")
        if closer is None:
            problem = "the \\bibitem label's [ is not closed"
        position = _skip_space(masked, closer + 1, limit) if closer is not None else position
    key = None
    if problem is None and masked.startswith("{", position):
        closer = _closing(masked, position, min(limit, position + _MAX_HEAD))
        if closer is None:
            problem = "the \\bibitem key's { is not closed"
        else:
            key = text[position + 1 : closer].strip() or None
            position = closer + 1
    start = _skip_space(masked, position, limit)
    end = start + len(masked[start:limit].rstrip())  # comments are blank in the mask: trailing ones drop too
    # Its directives: comments above it, and those on its lines, up to the end of its last line.
    line_end = min(_line_end(text, end), limit)
    suppressions = find_suppressions(source, previous_end, line_end)
    if problem or start == end:
        reference = Reference(
            text=text[command:end], file=source.path, span=source.span(command, end), index=index, kind="latex",
            key=key, parse_problem=problem or "the \\bibitem has no text",
        )
    else:
        reference = parse_mapped(source, _decode(text, start, end), start, end, index=index, key=key, kind="latex",
                                 widen=lambda a, b: _balanced(text, a, b, start, end))
    if suppressions:
        reference = dataclasses.replace(reference, suppressions=suppressions)
    return reference, line_end


def _decode(text: str, start: int, end: int) -> MappedText:
    """What the LaTeX in text[start:end] reads as, character by character."""
    mapped = MappedText()
    last = start
    for token in _TOKEN.finditer(text, start, end):
        if token.start() > last:
            mapped.copy(text, last, token.start())
        last = token.end()
        kind = token.lastgroup
        if kind == "accent":
            mapped.put(decode_latex(token.group()).strip(), token.start(), token.end())
        elif kind == "escaped" or kind == "symbol":
            mapped.put(token[kind] if token[kind] not in "-/@" else "", token.start(), token.end())
        elif kind == "space" or kind == "tie":
            mapped.put(" ", token.start(), token.end())
        elif kind == "body":  # of \url{...}, \doi{...}
            _copy_verbatim(mapped, text, token.start(kind), token.end(kind))
        elif kind == "word":
            mapped.put(_WORDS.get(token["word"], ""), token.start(), token.end())
        elif kind == "dash":
            mapped.put(_DASHES[token.group()], token.start(), token.end())
        elif kind == "quote":
            mapped.put(_QUOTES[token.group()], token.start(), token.end())
    if last < end:
        mapped.copy(text, last, end)
    return mapped


def _copy_verbatim(mapped: MappedText, text: str, start: int, end: int) -> None:
    """A URL or DOI as LaTeX prints it: only escaped specials are markup."""
    last = start
    for escape in _VERBATIM_ESCAPE.finditer(text, start, end):
        mapped.copy(text, last, escape.start())
        mapped.put(escape[1], escape.start(), escape.end())
        last = escape.end()
    mapped.copy(text, last, end)


def _balanced(text: str, start: int, end: int, low: int, high: int) -> tuple[int, int]:
    """The span widened to the braces it opens or closes (``{\\"U}ber``, not ``\\"U}ber``), so that
    replacing it keeps the LaTeX well formed; as it was when they lie outside low..high."""
    opened = unmatched_closers = 0
    for mark in _BRACKETS.finditer(text, start, end):
        if mark.group() == "{":
            opened += 1
        elif mark.group() == "}":
            if opened:
                opened -= 1
            else:
                unmatched_closers += 1
    new_start, new_end = start, end
    while unmatched_closers and new_start > low:
        new_start -= 1
        if text[new_start] == "}" and text[new_start - 1 : new_start] != "\\":
            unmatched_closers += 1
        elif text[new_start] == "{" and text[new_start - 1 : new_start] != "\\":
            unmatched_closers -= 1
    while opened and new_end < high:
        if text[new_end] == "{" and text[new_end - 1] != "\\":
            opened += 1
        elif text[new_end] == "}" and text[new_end - 1] != "\\":
            opened -= 1
        new_end += 1
    if unmatched_closers or opened:
        return start, end
    if new_start < start and new_start > low and text[new_start - 1] == "\\":
        return start, end
    return new_start, new_end


def _closing(text: str, opener: int, limit: int, closer: str = "}") -> int | None:
    """Offset of the ``}`` (or ``]``) that closes the group opened at text[opener], braces balanced."""
    depth = 0
    for mark in _BRACKETS.finditer(text, opener + 1, limit):
        char = mark.group()
        if char == "{":
            depth += 1
        elif char == "}":
            if depth == 0:
                return mark.start() if closer == "}" else None
            depth -= 1
        elif char == "]" and depth == 0 and closer == "]":
            return mark.start()
    return None


def _line_end(text: str, position: int) -> int:
    found = _LINE_END.search(text, position)
    return found.start() if found else len(text)


def _skip_space(text: str, position: int, limit: int) -> int:
    while position < limit and text[position].isspace():
        position += 1
    return position


# --- biblatex .bbl -------------------------------------------------------------

_ENTRY = re.compile(r"\\entry\s*\{([^{}\s]{0,500})\}\s*\{(\w{0,50})\}")
_ENTRY_END = re.compile(r"\\endentry(?![A-Za-z])|\\entry\s*\{")
_FIELD = re.compile(r"\\field\s*\{(\w+)\}\s*(?=\{)")
_NAME_LIST = re.compile(r"\\name\s*\{author\}\s*\{\d*\}\s*\{[^{}]{0,500}\}\s*(?=\{)")
_LIST = re.compile(r"\\list\s*\{(\w+)\}\s*\{\d*\}\s*(?=\{)")
_VERB = re.compile(r"\\verb\s*\{(\w+)\}[ \t]*(?:\r\n|\r|\n)[ \t]*\\verb[ \t]?([^\r\n]*)")
_NAME_PART = re.compile(r"(\w+)\s*=\s*(?=\{)")
_MORE_AUTHORS = re.compile(r"\\true\s*\{moreauthor\}")
# biblatex's punctuation macros, which pylatexenc does not know (it would drop them).
_BBL_MACROS = re.compile(r"\\(bibrangedash|bibdatedash|bibinitperiod|bibinitdelim|bibinithyphendelim"
                         r"|bibnamedelim[a-di])(?![A-Za-z])\s*")
_BBL_MACRO_TEXT = {"bibrangedash": "\u2013", "bibdatedash": "\u2013", "bibinitperiod": ".", "bibinitdelim": " ",
                   "bibinithyphendelim": ".-"}
_TYPES = {"article": "article", "book": "book", "mvbook": "book", "inbook": "chapter", "incollection": "chapter",
          "inproceedings": "proceedings", "proceedings": "proceedings", "report": "report", "thesis": "thesis",
          "online": "web"}
_PUBSTATES = {"inpress": "in press", "forthcoming": "forthcoming", "submitted": "submitted", "accepted": "accepted",
              "inpreparation": "in preparation", "prepublished": "prepublished"}
_POSITIONAL_PARTS = ("", "family", "", "given", "", "prefix", "", "suffix")  # biblatex 2: with their initials
_SIMPLE_FIELDS = {"volume": "volume", "number": "issue", "pages": "pages", "eid": "article_number",
                  "edition": "edition", "year": "year"}


def _biblatex_entries(source: SourceText, masked: str) -> Iterator[Reference]:
    previous_end = 0
    for index, entry in enumerate(_ENTRY.finditer(masked), 1):
        closer = _ENTRY_END.search(masked, entry.end())
        closed = closer is not None and closer.group().startswith("\\endentry")
        end = closer.end() if closed and closer else (closer.start() if closer else len(masked))
        end = entry.end() + len(masked[entry.end() : end].rstrip())
        reference = _biblatex_entry(source, masked, entry, end, index, closed)
        suppressions = find_suppressions(source, previous_end, end)
        if suppressions:
            reference = dataclasses.replace(reference, suppressions=suppressions)
        previous_end = end
        yield reference


def _biblatex_entry(source: SourceText, masked: str, entry: re.Match[str], end: int, index: int,
                    closed: bool) -> Reference:
    start = entry.start()
    bare = Reference(text=source.text[start:end], file=source.path, span=source.span(start, end), index=index,
                     kind="biblatex", key=entry[1] or None)
    if not closed:
        return dataclasses.replace(bare, parse_problem="the \\entry is not closed by \\endentry")
    values: dict[str, Any] = {}
    spans: dict[str, Span] = {}
    raw: dict[str, tuple[int, int]] = {}
    for found in _FIELD.finditer(masked, entry.end(), end):
        closer = _closing(masked, found.end(), min(end, found.end() + _MAX_VALUE))
        if closer is None:
            return dataclasses.replace(bare, parse_problem=f"the value of \\field{{{found[1]}}} is not closed")
        raw.setdefault(found[1], (found.end() + 1, closer))
    for found in _VERB.finditer(masked, entry.end(), end):
        raw.setdefault(found[1], (found.start(2), found.start(2) + len(found[2].rstrip())))
    for found in _LIST.finditer(masked, entry.end(), end):
        items = list(_groups(masked, found.end(), min(end, found.end() + _MAX_VALUE)))
        if items:
            raw.setdefault(found[1], items[0][0])
    for biblatex_name, name in (*_SIMPLE_FIELDS.items(), ("doi", "doi"), ("url", "url")):
        if biblatex_name in raw:
            _put(source, raw[biblatex_name], name, values, spans, verbatim=name in ("doi", "url"))
    for names, name in ((("journaltitle", "journal", "booktitle", "maintitle"), "container"),
                        (("publisher", "institution", "organization"), "publisher")):
        chosen = next((candidate for candidate in names if candidate in raw), None)
        if chosen:
            _put(source, raw[chosen], name, values, spans)
    if "title" in raw:
        _put(source, raw["title"], "title", values, spans)
        if "subtitle" in raw:
            values["title"] += ": " + _bbl_text(source.text[slice(*raw["subtitle"])])
            del spans["title"]  # the printed title is split over two fields: no one span holds it
    if "pubstate" in raw:
        state = _bbl_text(source.text[slice(*raw["pubstate"])])
        values["status"] = _PUBSTATES.get(state.lower().replace(" ", "").replace("-", ""), state.lower())
        spans["status"] = source.span(*raw["pubstate"])
    authors, authors_span = _bbl_authors(source, masked, entry.end(), end)
    if authors_span is not None:
        spans["authors"] = authors_span
    return dataclasses.replace(
        bare, authors=authors, et_al=bool(_MORE_AUTHORS.search(masked, entry.end(), end)),
        type=_TYPES.get(entry[2].lower(), entry[2].lower() or None), spans=spans, **values,
    )


def _put(source: SourceText, located: tuple[int, int], name: str, values: dict[str, Any], spans: dict[str, Span],
         *, verbatim: bool = False) -> None:
    printed = source.text[located[0] : located[1]]
    value = _VERBATIM_ESCAPE.sub(r"\1", printed).strip() if verbatim else _bbl_text(printed)
    if value:
        values[name] = value
        spans[name] = source.span(*located)


def _bbl_text(printed: str) -> str:
    replaced = _BBL_MACROS.sub(lambda found: _BBL_MACRO_TEXT.get(found[1], " "), printed)
    return " ".join(decode_latex(replaced).split())


def _bbl_authors(source: SourceText, masked: str, start: int, end: int) -> tuple[tuple[Author, ...], Span | None]:
    """The ``\\name{author}`` list: each name a group of an options group and the parts, either
    ``family={..}, given={..}, prefix={..}`` (biblatex 3) or positional groups (biblatex 2)."""
    found = _NAME_LIST.search(masked, start, end)
    if found is None:
        return (), None
    closer = _closing(masked, found.end(), end)
    if closer is None:
        return (), None
    authors = []
    for (name_start, name_end), _ in _groups(masked, found.end(), closer + 1):
        children = [inner for inner, _ in _groups(masked, name_start, name_end, inside=True)]
        parts: dict[str, tuple[int, int]] = {}
        if len(children) == 2 and _NAME_PART.search(masked, *children[1]):
            for part in _NAME_PART.finditer(masked, *children[1]):
                part_end = _closing(masked, part.end(), min(children[1][1], part.end() + _MAX_VALUE))
                if part_end is None:
                    break
                parts.setdefault(part[1], (part.end() + 1, part_end))
        else:
            parts = {name: located for name, located in zip(_POSITIONAL_PARTS, children) if name}
        text = {name: _bbl_text(source.text[a:b]) for name, (a, b) in parts.items()}
        family = " ".join(filter(None, (text.get("prefix"), text.get("family"))))
        given = text.get("given", "")
        span = source.span(*parts.get("family", (name_start - 1, name_end + 1)))
        if family and not given and " " in family:
            authors.append(Author(organisation=family, span=span))
        elif family or given:
            authors.append(Author(family=family, given=given, span=span))
    return tuple(authors), source.span(found.end() + 1, closer)


def _groups(text: str, opener: int, limit: int, *, inside: bool = False) -> Iterator[tuple[tuple[int, int], int]]:
    """The top-level ``{...}`` groups inside the group opened at text[opener] (or, with ``inside``,
    in text[opener:limit]): each group's inner range, and where it closes."""
    position = opener if inside else opener + 1
    stop = limit if inside else (_closing(text, opener, limit) or limit)
    while position < stop:
        brace = text.find("{", position, stop)
        if brace < 0:
            return
        closer = _closing(text, brace, stop)
        if closer is None:
            return
        yield (brace + 1, closer), closer
        position = closer + 1
