"""Which citations a manuscript's text holds, by the reader that read it.

LaTeX gives ``\\cite`` keys (following ``\\input``); Markdown gives pandoc
keys and, above a written reference list, citations written out in prose;
a Word document or a plain-text manuscript gives the citations written out
above its list. Other readers read bibliographies, which cite nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from citelint import readers
from citelint.citations import Citation, Cited
from citelint.model import Reference, SourceText


def citations_of(source: SourceText, reader: str, references: Sequence[Reference],
                 load: Callable[[str], SourceText | None]) -> Cited | None:
    """What the manuscript cites; None for a file that is not a manuscript (a .bbl, a .bib)."""
    if not readers.reader(reader).manuscript or source.path.lower().endswith(".bbl"):
        return None
    if reader == "latex":
        from citelint.citations.latex import latex_citations

        return latex_citations(source, load)
    from citelint.citations.prose import prose_citations

    # The body ends at the line where the written list begins: its "[1]" labels are not citations.
    first = min((reference.span for reference in references), key=lambda span: span.start, default=None)
    body_end = source.line_bounds(first.line)[0] if first else len(source.text)
    written = prose_citations(source, 0, body_end) if references else ()
    if reader in ("docx", "text"):
        return Cited(citations=written, sources={source.path: source})
    from citelint.citations.pandoc import pandoc_citations

    pandoc = pandoc_citations(source, body_end)
    return Cited(citations=_merged(pandoc.citations, written), sources=pandoc.sources,
                 cites_all=pandoc.cites_all, missing=pandoc.missing)


def _merged(first: Sequence[Citation], second: Sequence[Citation]) -> tuple[Citation, ...]:
    """Two extractors' citations of one file in text order, their groups numbered afresh."""
    import dataclasses

    ordered = sorted([(citation, 0) for citation in first] + [(citation, 1) for citation in second],
                     key=lambda pair: pair[0].span.start)
    groups: dict[tuple[int, int], int] = {}
    return tuple(
        dataclasses.replace(citation, group=groups.setdefault((origin, citation.group), len(groups)))
        for citation, origin in ordered
    )
