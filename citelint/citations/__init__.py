"""Citations in a manuscript's text, to be checked against its reference list.

A reader turns the reference list into ``Reference`` records; the modules
here find what the text cites: LaTeX ``\\cite`` commands (``latex``), pandoc
``[@key]`` citations (``pandoc``), and citations written out in prose,
numbered ``[12]`` or author-year ``(Smith et al., 2010)`` (``prose``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from citelint.model import SourceText, Span


@dataclass(frozen=True)
class Citation:
    """One cited item as printed in the text.

    Exactly one of ``key``, ``number`` or ``names`` says what is cited. A
    citation command or bracket that cites several items gives one Citation
    per item, all with the same ``group``.
    """

    file: str  # the file the citation is printed in (a LaTeX \input may be another file)
    span: Span  # the key, the number (or range), or "Smith et al., 2010", as printed
    group: int  # citations of one command or bracket share it; groups increase in text order
    key: str | None = None  # \cite{key}, [@key]
    number: int | None = None  # [12]; "[3-5]" gives 3, 4 and 5, each spanning "3-5"
    names: tuple[str, ...] = ()  # written-out author-year: the family names as printed
    et_al: bool = False  # "Smith et al."
    year: str | None = None  # "2010a", as printed
    year_span: Span | None = None
    narrative: bool = False  # "Smith et al. (2010) showed": the names stand in the sentence
    nocite: bool = False  # \nocite, pandoc's nocite: listed without being cited in the text


@dataclass(frozen=True)
class Cited:
    """What one manuscript cites, across the files it includes."""

    citations: tuple[Citation, ...] = ()
    sources: Mapping[str, SourceText] = field(default_factory=dict)  # every file a citation is in, by path
    cites_all: bool = False  # \nocite{*}, nocite: "@*": every entry counts as cited
    missing: tuple[str, ...] = ()  # included files (\input, \include) that could not be read
