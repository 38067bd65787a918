"""What the citation rules share: how they name a citation and an entry."""

from __future__ import annotations

import os

from citelint.citations import Citation
from citelint.citations.resolve import list_number
from citelint.model import Reference


def cited_as(citation: Citation) -> str:
    """The citation as a reader would recognise it: a key, "[12]", or "Smith et al., 2010"."""
    if citation.key is not None:
        return citation.key
    if citation.number is not None:
        return f"[{citation.number}]"
    names = " & ".join(citation.names) if len(citation.names) < 3 else f"{citation.names[0]} et al."
    if citation.et_al and len(citation.names) < 3:
        names += " et al."
    return f"{names}, {citation.year}" if citation.year else names


def entry_place(entry: Reference, document_path: str) -> str:
    """Where an entry is: "line 12", or "refs.bib line 12" when it is not in the manuscript itself."""
    if os.path.realpath(entry.file) == os.path.realpath(document_path):
        return f"line {entry.span.line}"
    return f"{os.path.basename(entry.file)} line {entry.span.line}"


def entry_label(entry: Reference) -> str:
    """An entry as the text cites it: its key, or its first author and year."""
    if entry.key:
        number = list_number(entry)
        return f"[{number}]" if number is not None else entry.key
    first = entry.authors[0] if entry.authors else None
    name = (first.organisation or first.family) if first else "?"
    more = " et al." if len(entry.authors) > 2 or entry.et_al else (f" & {entry.authors[1].family}" if len(entry.authors) == 2 else "")
    return f"{name}{more}, {entry.year or entry.status or 'n.d.'}"
