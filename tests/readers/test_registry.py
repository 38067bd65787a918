"""One registry of readers and of the kinds of reference they make: every format name refers to it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from citelint.app.errors import UsageError
from citelint.model import SourceText
from citelint.readers import EXTENSIONS, KINDS, READERS, linked_files, reader

READERS_FOLDER = Path(__file__).resolve().parents[2] / "citelint" / "readers"


def test_every_kind_a_reader_makes_is_in_the_table() -> None:
    written = {kind for path in READERS_FOLDER.glob("*.py")
               for kind in re.findall(r'\bkind="([a-z-]+)"', path.read_text(encoding="utf-8"))}
    assert written and written <= set(KINDS)
    assert set(READERS) <= set(KINDS) and set(EXTENSIONS.values()) <= set(READERS)


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(UsageError, match="unknown input format 'bibtexx'"):
        reader("bibtexx")
    with pytest.raises(UsageError):
        linked_files(SourceText("a.tex", ""), "tex", ".")


def test_linked_files_go_through_the_registry() -> None:
    assert linked_files(SourceText("doc/a.tex", "\\bibliography{refs}"), "latex", ".") == ["doc/refs.bib"]
    assert linked_files(SourceText("a.bib", "@article{x,}"), "bibtex", ".") == []
