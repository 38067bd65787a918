"""Input files to references: decoding, refusing what is not a manuscript, choosing the reader."""

from __future__ import annotations

import codecs
import importlib
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from citelint.app.errors import UsageError
from citelint.app.results import InputError
from citelint.model import Reference, SourceText

# A manuscript's list is kilobytes; a lab's shared .bib of 100,000 entries is 25-50 MB. Beyond, it is no list.
MAX_BYTES = 64 * 1024 * 1024
# The largest shared library is some tens of thousands of entries; past this a file is no list (a
# Word document of a million one-line paragraphs), and reading on would cost minutes and gigabytes.
MAX_REFERENCES = 100_000
EXTENSIONS = {  # the format of a file named by its extension
    ".bib": "bibtex",
    ".txt": "text", ".text": "text", ".refs": "text",
    ".tex": "latex", ".ltx": "latex", ".bbl": "latex",
    ".md": "markdown", ".markdown": "markdown", ".qmd": "markdown", ".rmd": "markdown",
    ".ris": "ris", ".json": "csl-json", ".yaml": "csl-yaml", ".yml": "csl-yaml", ".xml": "jats", ".nxml": "jats",
    ".docx": "docx",
}

@dataclass(frozen=True)
class Reader:
    """How one input format is read: a function imported when first used, so that --version stays instant."""

    module: str
    function: str
    takes_bytes: bool = False  # a zip archive (.docx): read from its bytes, its text found inside
    manuscript: bool = False  # a manuscript's text: its citations are read too
    links: str | None = None  # the module's function naming the bibliography files a manuscript reads


# The one list of input formats, keyed by the name --input-format and Reference.kind use.
READERS = {
    "bibtex": Reader("citelint.readers.bibtex", "read_bibtex"),
    "csl-json": Reader("citelint.readers.csl", "read_csl_json"),
    "csl-yaml": Reader("citelint.readers.csl", "read_csl_yaml"),
    "docx": Reader("citelint.readers.docx", "read_docx", takes_bytes=True, manuscript=True),
    "jats": Reader("citelint.readers.jats", "read_jats"),
    "latex": Reader("citelint.readers.latex", "read_latex", manuscript=True, links="linked_files"),
    "markdown": Reader("citelint.readers.markdown", "read_markdown", manuscript=True, links="linked_files"),
    "ris": Reader("citelint.readers.ris", "read_ris"),
    "text": Reader("citelint.readers.text", "read_text", manuscript=True),
}
INPUT_FORMATS = tuple(READERS)  # what --input-format accepts


@dataclass(frozen=True)
class Kind:
    """How a reference of one kind (``Reference.kind``) is written in its file."""

    latex: bool = False  # its text is LaTeX: page ranges are written "--" and specials are escaped
    keyed: bool = False  # a manuscript cites it by its key (\cite{key}, [@key])
    # Its fields come from delimiters in the source (BibTeX's braces, RIS tags, JSON strings, XML
    # elements), so a field's edge is never misplaced; the others' are guessed from punctuation.
    delimited: bool = False
    syntax: str = ""  # the characters the format would read as syntax inside a value


# Every kind of reference: each input format's, and those some formats hold inside.
KINDS = {
    "bibtex": Kind(latex=True, keyed=True, delimited=True),
    "biblatex": Kind(latex=True, delimited=True),  # an entry biber wrote to a .bbl (read by the latex reader)
    "csl-json": Kind(keyed=True, delimited=True, syntax='"\\'),
    "csl-yaml": Kind(keyed=True, delimited=True, syntax="\"'\\:#"),
    "docx": Kind(),
    "docx-csl": Kind(delimited=True),  # a citation manager's CSL-JSON field in a Word document
    "jats": Kind(delimited=True, syntax="&<>"),
    "jats-text": Kind(syntax="&<>"),  # a JATS reference written out as text (<mixed-citation>)
    "latex": Kind(latex=True, keyed=True),
    "markdown": Kind(),
    "ris": Kind(delimited=True),
    "text": Kind(),
}
LATEX_KINDS = frozenset(name for name, kind in KINDS.items() if kind.latex)
KEYED_KINDS = frozenset(name for name, kind in KINDS.items() if kind.keyed)
DELIMITED_KINDS = frozenset(name for name, kind in KINDS.items() if kind.delimited)
# Read when named or linked, skipped by a folder search: most such files are no reference list.
ONLY_WHEN_NAMED = frozenset({".json", ".yaml", ".yml", ".xml", ".nxml"})
# Folders of generated or vendored files, never a manuscript's own references (hidden folders too).
SKIPPED_DIRS = frozenset({"node_modules", "__pycache__", "venv", "site-packages", "_build", "build", "dist",
                          "vendor", "third_party", "_site"})
_BIB_ENTRY = re.compile(r"^\s*@[A-Za-z]+\s*[{(]", re.MULTILINE)
# A character as UTF-8 writes it that a file of another encoding does not hold by chance: two bytes
# (accented letters), punctuation and symbols (E2: dashes, quotes), or four bytes. Other three-byte
# sequences are left out: in Windows-1252 they are an accented letter before two symbols ("é––").
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|\xe2[\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
# UTF-32 LE first: its BOM begins with UTF-16 LE's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class InputFailure(Exception):
    def __init__(self, error: InputError) -> None:
        super().__init__(str(error))
        self.error = error


def _refuse_huge(path: str, data: bytes) -> None:
    if len(data) > MAX_BYTES:
        message = f"file too large (over {MAX_BYTES // 1048576} MB); a reference list is far smaller"
        raise InputFailure(InputError(path, None, message))


def decode(path: str, data: bytes) -> SourceText:
    """Bytes to text: a BOM decides; else UTF-8; else Windows-1252, then Latin-1 (which cannot fail).

    A file that is partly UTF-8 and partly another encoding is refused, naming its first line
    that is not UTF-8: no single decoding reads it right.
    """
    _refuse_huge(path, data)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            try:
                return SourceText(path, body.decode(encoding), encoding, bom)
            except UnicodeDecodeError as error:
                line = body[: error.start].decode(encoding, "replace").count("\n") + 1
                raise InputFailure(InputError(path, line, f"not valid {encoding} despite its byte-order mark")) from None
    if b"\0" in data:  # anywhere: a reference list never holds one (UTF-16/32 were decoded above)
        line = data[: data.index(b"\0")].count(b"\n") + 1
        raise InputFailure(InputError(path, line, "binary file (NUL byte), not a reference list"))
    try:
        return SourceText(path, data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as error:
        if _UTF8_SEQUENCE.search(data):
            # Read as cp1252, its UTF-8 lines would turn to mojibake and then to false title findings.
            line = data[: error.start].count(b"\n") + 1
            raise InputFailure(InputError(path, line, "mixes UTF-8 with another encoding (this line is not UTF-8); "
                                                      "save the file as UTF-8")) from None
    try:
        return SourceText(path, data.decode("cp1252"), "cp1252")
    except UnicodeDecodeError:
        return SourceText(path, data.decode("latin-1"), "latin-1")


def load(path: str) -> SourceText:
    """Read one file ("-" for standard input)."""
    return decode("<stdin>" if path == "-" else path, load_bytes(path))


def load_bytes(path: str) -> bytes:
    """A file's bytes ("-": standard input's), refused beyond MAX_BYTES (the .docx reader takes bytes)."""
    if path == "-":
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        _refuse_huge("<stdin>", data)
        return data
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except IsADirectoryError:
        raise InputFailure(InputError(path, None, "is a directory")) from None
    except OSError as error:
        raise InputFailure(InputError(path, None, f"cannot read: {error.strerror or error}")) from None
    _refuse_huge(path, data)
    return data


def reader_name(path: str, source: SourceText) -> str:
    """The reader for a file: by extension, else by content (BibTeX entries or a plain list)."""
    name = EXTENSIONS.get(Path(path).suffix.lower())
    if name:
        return name
    return "bibtex" if _BIB_ENTRY.search(source.text[:65536]) else "text"


def reader(name: str) -> Reader:
    """The reader of a format, refusing a name that is none."""
    try:
        return READERS[name]
    except KeyError:
        raise UsageError(f"unknown input format {name!r}: expected one of {', '.join(INPUT_FORMATS)}") from None


def _function(name: str) -> Callable[..., object]:
    found = reader(name)
    return cast("Callable[..., object]", getattr(importlib.import_module(found.module), found.function))


def read(source: SourceText, name: str) -> list[Reference]:
    """The references of a decoded file, read as format ``name``."""
    if reader(name).takes_bytes:
        raise UsageError(f"{source.path}: the {name} reader reads a file, not decoded text")
    references = cast("list[Reference]", _function(name)(source))
    refuse_too_many(source.path, len(references))
    return references


def read_input(path: str, forced: str | None = None) -> tuple[SourceText, str, list[Reference]]:
    """A file (``-``: standard input) read as ``forced``, else as its extension, else as its content says.

    Returns the decoded text, the format it was read as and its references.
    """
    name = forced or EXTENSIONS.get(Path(path).suffix.lower())
    if name is not None and reader(name).takes_bytes:
        read_bytes = cast("Callable[[str, bytes], tuple[SourceText, list[Reference]]]", _function(name))
        source, references = read_bytes("<stdin>" if path == "-" else path, load_bytes(path))
        return source, name, references
    source = load(path)
    name = name or reader_name(path, source)
    return source, name, read(source, name)


def refuse_too_many(path: str, count: int) -> None:
    if count > MAX_REFERENCES:
        raise InputFailure(InputError(path, None, f"more than {MAX_REFERENCES:,} references in one file ({count:,}); "
                                                  "a reference list is far shorter: split it"))


def linked_files(source: SourceText, name: str, within: str) -> list[str]:
    """Bibliography files a manuscript names (\\bibliography{...}, pandoc's bibliography:), to be read too.

    ``within`` is the folder being checked: a Quarto project file is looked for no higher.
    """
    found = reader(name)
    if found.links is None:
        return []
    links = cast("Callable[[SourceText, str], list[str]]", getattr(importlib.import_module(found.module), found.links))
    return links(source, within)


def discover(paths: list[str]) -> Iterator[str | InputError]:
    """The files to check: files as given, folders searched for supported files."""
    for path in paths:
        if path == "-":
            yield path
            continue
        candidate = Path(path)
        if candidate.is_dir():
            for found in sorted(candidate.rglob("*")):
                relative = found.relative_to(candidate).parts
                if any(part.startswith(".") or part in SKIPPED_DIRS for part in relative[:-1]):
                    continue
                suffix = found.suffix.lower()
                if found.is_file() and suffix in EXTENSIONS and suffix not in ONLY_WHEN_NAMED and not found.name.startswith("."):
                    yield str(found)
        elif candidate.exists():
            yield path
        else:
            yield InputError(path, None, "no such file or directory")
