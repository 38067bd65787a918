"""LaTeX ``\\cite`` commands -> the keys a manuscript cites, across the files it includes.

A citation command is any control word containing "cite" (``\\cite``, natbib's
``\\citep``/``\\Citet``/``\\citeauthor``, biblatex's ``\\parencite``/``\\textcite``/
``\\footcite``..., apacite's ``\\citeA``/``\\citeNP``...), starred or not, read
as an optional apacite ``<prefix>``, up to two ``[..]`` notes and a ``{keys}``
group. biblatex's multicite commands (``\\cites``, ``\\parencites``...) take
``(pre)(post)`` and repeated ``[..][..]{keys}`` items, all in one group; the
``\\volcite`` family takes ``[pre]{volume}[pages]{key}``. ``\\nocite`` keys are
marked ``nocite``, and ``\\nocite{*}`` sets ``cites_all``.

``\\input`` (braced or TeX's ``\\input name``), ``\\include``, ``\\subfile`` and the
import package's ``\\import``/``\\subimport`` (and ``\\inputfrom``...) are
followed where they stand, so citations come in document order. A name without
an extension gets ``.tex``; names resolve against the main file's folder, as
LaTeX resolves them from its working directory, except inside a file brought
in by ``\\subfile``, ``\\import`` or ``\\subimport``, whose own folder becomes the
base (what the subfiles and import packages arrange).

Comments, verbatim environments (verbatim, Verbatim, lstlisting, minted,
comment, filecontents...), inline ``\\verb|..|``/``\\lstinline``/``\\mintinline``
code, ``\\url``-like arguments and the ``thebibliography`` list are not read;
nor is anything after a file's ``\\end{document}``. The preamble is read, so a
``\\nocite`` there counts; what looks like a citation there but is not one is
left out: commands being defined (``\\newcommand{\\mycite}``, ``\\def\\citefoo``,
``\\let\\cite``), commands that define or configure (``\\DeclareCiteCommand``,
``\\setcitestyle``, ``\\citeindextrue``, natbib's ``\\citetext``...), and any
command whose keys hold a macro parameter ``#``.

Deliberately not done, for precision: macros are never expanded, so a key
written as a macro (``\\cite{\\mykey}``), a key group with braces, a key with
white space inside, and an include whose name holds a macro are skipped
rather than guessed; ``\\iffalse`` blocks and ``\\includeonly`` are not
honoured. Every scan is bounded: an argument longer than ``MAX_ARGUMENT``
characters is not one, includes go at most ``MAX_DEPTH`` deep and
``MAX_INCLUSIONS`` files are walked or tried in all, a file already being walked is
not walked again (cycles).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from citelint.citations import Citation, Cited
from citelint.model import SourceText

MAX_ARGUMENT = 2000  # a key group or note longer than this is a missing brace, not an argument
MAX_NAME = 500  # nor is a longer file name
MAX_DEPTH = 20
MAX_INCLUSIONS = 500
MAX_ITEMS = 200  # items of one multicite command

_VERBATIM = (
    "verbatim|Verbatim|BVerbatim|LVerbatim|SaveVerbatim|VerbatimOut|lstlisting|minted|comment|filecontents"
)
# What is not read, each starting after an even run of backslashes (``\\%`` is a line break and a comment).
_NOT_READ = re.compile(
    r"(?<!\\)(?:\\\\)*(?:"
    r"(?P<comment>%[^\r\n]*(?:\r\n|\r|\n)?)"  # with its line end, which TeX drops too
    r"|\\(?P<inline>verb(?![A-Za-z@])\*?|(?:lstinline|mintinline)(?![A-Za-z@])(?:\[[^\]\r\n]{0,200}\])?)"
    r"|(?P<block>\\begin\s*\{(?P<environment>(?:" + _VERBATIM + r")\*?|thebibliography)\})"
    r"|\\(?P<url>url|path|nolinkurl|href)(?![A-Za-z@])\s*\{[^{}\r\n]{0,2000}\}"
    r"|(?P<end>\\end\s*\{document\})"
    r")"
)
_MINTED_LANGUAGE = re.compile(r"\{[^{}\r\n]{0,50}\}")
_BRACKETS = re.compile(r"(?<!\\)(?:\\\\)*(?P<bracket>[{}\[\]])")  # not escaped: after an even run of backslashes

_INCLUDES = ("input", "include", "subfile", "import", "subimport",
             "inputfrom", "includefrom", "subinputfrom", "subincludefrom")
_GAP_PATTERN = r"[ \t]*(?:(?:\r\n|\r|\n)[ \t]*)?"  # spaces and one line end; a blank line ends a command
_GAP = re.compile(_GAP_PATTERN)
# A citation command only where an argument follows: most control words with "cite" in them then need no look.
_COMMAND = re.compile(
    r"(?<!\\)(?:\\\\)*\\(?:(?P<cite>[A-Za-z@]*[Cc]ite[A-Za-z@]*)(?![A-Za-z@])\*?(?=" + _GAP_PATTERN + r"[{\[<(])"
    r"|(?P<include>" + "|".join(_INCLUDES) + r")(?![A-Za-z@])\*?)"
)
# Heads that define the command standing right after them rather than use it.
_DEFINING = re.compile(
    r"\\(?:[gex]?def|let|(?:re)?newcommand|providecommand|DeclareRobustCommand|(?:re)?newrobustcmd"
    r"|providerobustcmd|(?:New|Renew|Provide|Declare)(?:Expandable)?DocumentCommand"
    r"|Declare(?:Multi)?CiteCommand)\*?\s*\{?\s*\Z"
)
_NOT_CITING_PREFIXES = ("Declare", "declare", "new", "renew", "provide", "def", "set", "if", "At")
_NOT_CITING_SUFFIXES = ("true", "false", "font", "delim", "punct")
_NOT_CITING = frozenset({
    "citestyle", "citetext", "citeleft", "citeright", "citemid", "citedash", "citeform", "bibcite",
    "citeauthoryear", "citereset", "citesetup", "mancite", "citeindextype",
})

_ANGLE_NOTE = re.compile(r"<[^<>{}\r\n]{0,200}>")  # apacite's \cite<see>[p.~3]{key}
_PARENS_NOTE = re.compile(r"\([^()\r\n]{0,500}\)")
_PIECE = re.compile(r"[^,]+")
_KEY = re.compile(r"[^\s\\{}]+")
_BARE_NAME = re.compile(r"[^\s{}\\%#]+")


@dataclass
class _Walk:
    load: Callable[[str], SourceText | None]
    main_folder: str
    citations: list[Citation] = field(default_factory=list)
    sources: dict[str, SourceText] = field(default_factory=dict)
    prepared: dict[str, tuple[str, dict[int, int]]] = field(default_factory=dict)
    missing: dict[str, None] = field(default_factory=dict)  # in the order met
    stack: list[str] = field(default_factory=list)
    opened: int = 0  # files walked, or tried and missing
    groups: int = 0
    cites_all: bool = False


def latex_citations(source: SourceText, load: Callable[[str], SourceText | None]) -> Cited:
    """What ``source`` cites, following its includes through ``load`` (None: the file cannot be read)."""
    main_folder = "" if source.path.startswith("<") else os.path.dirname(source.path)
    walk = _Walk(load, main_folder)
    walk.sources[source.path] = source
    identity = source.path if source.path.startswith("<") else os.path.normpath(source.path)
    _walk_file(walk, source, identity, main_folder, 0)
    return Cited(tuple(walk.citations), dict(walk.sources), walk.cites_all, tuple(walk.missing))


def _walk_file(walk: _Walk, source: SourceText, identity: str, folder: str, depth: int) -> None:
    walk.opened += 1
    if source.path not in walk.prepared:
        masked = _mask(source.text)
        walk.prepared[source.path] = masked, _pairs(masked)
    masked, pairs = walk.prepared[source.path]
    walk.stack.append(identity)
    for found in _COMMAND.finditer(masked):
        if found["include"]:
            _include(walk, masked, pairs, found, folder, depth)
        elif _takes_keys(found["cite"]):
            _cite(walk, source, masked, pairs, found)
    walk.stack.pop()


def _mask(text: str) -> str:
    """The text with what is not read blanked to spaces, offsets unchanged."""
    pieces: list[str] = []
    done = 0
    while found := _NOT_READ.search(text, done):
        if found["comment"]:
            start, end = found.span("comment")
        elif found["inline"]:
            start, end = found.start("inline") - 1, _inline_end(text, found)
        elif found["environment"]:
            start = found.start("block")
            closing = re.compile(r"\\end\s*\{" + re.escape(found["environment"]) + r"\}").search(text, found.end())
            end = closing.end() if closing else len(text)
        elif found["url"]:
            start, end = text.index("{", found.end("url")) + 1, found.end() - 1
        else:
            start, end = found.start("end"), len(text)
        pieces.append(text[done:start])
        pieces.append(" " * (end - start))
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


def _inline_end(text: str, found: re.Match[str]) -> int:
    """Where inline code ends: at its closing delimiter on the same line, else at the line's end."""
    start = found.end()
    if found["inline"].startswith("mintinline"):
        language = _MINTED_LANGUAGE.match(text, start)
        start = language.end() if language else start
    if start >= len(text) or text[start].isspace() or text[start].isalpha():
        return start
    delimiter = "}" if text[start] == "{" else text[start]
    limit = min(len(text), start + 1 + MAX_ARGUMENT)
    closing = text.find(delimiter, start + 1, limit)
    line_end = _first_line_end(text, start + 1, limit if closing < 0 else closing)
    if line_end >= 0:
        return line_end
    return closing + 1 if closing >= 0 else limit


def _first_line_end(text: str, start: int, end: int) -> int:
    ends = [at for at in (text.find("\n", start, end), text.find("\r", start, end)) if at >= 0]
    return min(ends) if ends else -1


def _pairs(masked: str) -> dict[int, int]:
    """Each ``{`` or ``[`` with its closer, in one pass: brackets nest inside braces and in each other,
    a ``}`` drops the brackets left open inside its group. Escaped ones do not count."""
    closers: dict[int, int] = {}
    openers: list[int] = []
    open_braces = 0
    for found in _BRACKETS.finditer(masked):
        char, at = found["bracket"], found.start("bracket")
        if char == "{" or char == "[":
            openers.append(at)
            open_braces += char == "{"
        elif char == "]":
            if openers and masked[openers[-1]] == "[":
                closers[openers.pop()] = at
        elif char == "}" and open_braces:
            while masked[openers[-1]] == "[":
                openers.pop()
            closers[openers.pop()] = at
            open_braces -= 1
    return closers


def _takes_keys(name: str) -> bool:
    return not (
        "@" in name
        or name.startswith(_NOT_CITING_PREFIXES)
        or name.endswith(_NOT_CITING_SUFFIXES)
        or name in _NOT_CITING
    )


def _gap(masked: str, at: int) -> int:
    gap = _GAP.match(masked, at)
    return gap.end() if gap else at


def _closer(masked: str, pairs: dict[int, int], at: int, opener: str) -> int | None:
    """The closer of the ``opener`` at ``at``, if there is one within MAX_ARGUMENT."""
    if not masked.startswith(opener, at):
        return None
    closer = pairs.get(at)
    return closer if closer is not None and closer - at <= MAX_ARGUMENT else None


def _notes(masked: str, pairs: dict[int, int], at: int, most: int) -> int | None:
    """Past up to ``most`` ``[..]`` notes (and the gaps around them); None when one is unclosed."""
    at = _gap(masked, at)
    for _ in range(most):
        if not masked.startswith("[", at):
            break
        closer = _closer(masked, pairs, at, "[")
        if closer is None:
            return None
        at = _gap(masked, closer + 1)
    return at


def _item(masked: str, pairs: dict[int, int], at: int, volume: bool) -> tuple[int, int] | None:
    """One ``[..][..]{keys}`` (volcite: ``[..]{volume}[..]{key}``): the braces of its keys."""
    notes_end = _notes(masked, pairs, at, 1 if volume else 2)
    if notes_end is None:
        return None
    at = notes_end
    if volume:
        volume_end = _closer(masked, pairs, at, "{")
        after_volume = None if volume_end is None else _notes(masked, pairs, volume_end + 1, 1)
        if after_volume is None:
            return None
        at = after_volume
    closer = _closer(masked, pairs, at, "{")
    return None if closer is None else (at, closer)


def _key_groups(masked: str, pairs: dict[int, int], name: str, at: int) -> list[tuple[int, int]]:
    """The braces holding the keys of the command whose arguments start at ``at``."""
    volume = "volcite" in name.lower()
    if not name.endswith(("cites", "citetexts")):
        if masked.startswith("{", at) and not volume:  # the common \cite{keys}, without a detour
            closer = _closer(masked, pairs, at, "{")
            return [] if closer is None else [(at, closer)]
        angle = _ANGLE_NOTE.match(masked, at)
        item = _item(masked, pairs, angle.end() if angle else at, volume)
        return [item] if item else []
    at = _gap(masked, at)
    for _ in range(2):
        note = _PARENS_NOTE.match(masked, at)
        if not note:
            break
        at = _gap(masked, note.end())
    groups: list[tuple[int, int]] = []
    for _ in range(MAX_ITEMS):
        item = _item(masked, pairs, at, volume)
        if item is None:
            break
        groups.append(item)
        at = item[1] + 1
    return groups


def _cite(walk: _Walk, source: SourceText, masked: str, pairs: dict[int, int], found: re.Match[str]) -> None:
    name, at = found["cite"], _gap(masked, found.end())
    groups = _key_groups(masked, pairs, name, at)
    if any("#" in masked[start:end] for start, end in groups):  # a macro body: #1 is no key
        return
    nocite = name == "nocite"
    keys: list[tuple[int, int]] = []
    for start, end in groups:
        if "{" in masked[start + 1 : end]:
            continue
        for piece in _PIECE.finditer(masked, start + 1, end):
            key = piece.group().strip()
            if nocite and key == "*":
                walk.cites_all = True
            elif key != "*" and _KEY.fullmatch(key):
                key_start = piece.start() + len(piece.group()) - len(piece.group().lstrip())
                keys.append((key_start, key_start + len(key)))
    command = found.start("cite") - 1
    if not keys or _DEFINING.search(masked, max(0, command - 60), command):
        return
    walk.groups += 1
    walk.citations.extend(
        Citation(file=source.path, span=source.span(start, end), group=walk.groups, key=source.text[start:end],
                 nocite=nocite)
        for start, end in keys
    )


def _include(walk: _Walk, masked: str, pairs: dict[int, int], found: re.Match[str], folder: str, depth: int) -> None:
    name = found["include"]
    first = _braced(masked, pairs, found.end())
    if name == "input" and first is None:
        bare = _BARE_NAME.match(masked, _gap(masked, found.end()))
        first = (bare.group(), bare.end()) if bare else None
    if first is None or not _usable(first[0]):
        return
    if name in ("input", "include", "subfile"):
        path = _resolve(folder, first[0])
        _follow(walk, path, os.path.dirname(path) if name == "subfile" else folder, depth)
        return
    second = _braced(masked, pairs, first[1])
    if second is None or not _usable(second[0]):
        return
    base = os.path.normpath(os.path.join(folder if name.startswith("sub") else walk.main_folder, first[0]))
    _follow(walk, _resolve(base, second[0]), base, depth)


def _braced(masked: str, pairs: dict[int, int], at: int) -> tuple[str, int] | None:
    """A ``{name}`` argument: its trimmed text and where it ends."""
    at = _gap(masked, at)
    closer = _closer(masked, pairs, at, "{")
    if closer is None or closer - at > MAX_NAME:
        return None
    return masked[at + 1 : closer].strip().strip('"'), closer + 1


def _usable(name: str) -> bool:
    """A file name that is written out: one holding a macro or a parameter cannot be resolved."""
    return bool(name) and not any(char in name for char in "\\#{}")


def _resolve(folder: str, name: str) -> str:
    if not os.path.splitext(name)[1]:
        name += ".tex"
    return os.path.normpath(os.path.join(folder, name))


def _follow(walk: _Walk, path: str, folder: str, depth: int) -> None:
    if path in walk.stack or path in walk.missing or depth >= MAX_DEPTH or walk.opened >= MAX_INCLUSIONS:
        return
    source = walk.sources.get(path)
    if source is None:
        loaded = walk.load(path)
        if loaded is None:
            walk.opened += 1
            walk.missing[path] = None
            return
        source = walk.sources[path] = _as_path(loaded, path)
    _walk_file(walk, source, path, folder, depth + 1)


def _as_path(source: SourceText, path: str) -> SourceText:
    """The loaded file under the path it was included as, so citations and ``sources`` agree."""
    return source if source.path == path else SourceText(path, source.text, source.encoding, source.bom)
