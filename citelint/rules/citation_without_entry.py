"""A citation in the text that no entry of the reference list answers.

What it does:
    Reports each cited key (``\\cite{smith2010}``, ``[@smith2010]``,
    ``\\nocite{...}``) that no entry of the manuscript's reference list
    has: its own ``thebibliography`` or References section and the .bib,
    CSL-JSON or CSL-YAML files it names. In a numbered list it reports a
    number cited beyond the list (``[15]`` when the list ends at 12); in an
    author-year list, a written-out citation (``(Tanaka, 2010)``) whose first
    author no entry has. A key that differs from an entry's only slightly is
    offered as the likely one.
    Manuscripts that name no list (a chapter compiled from another file) are
    not checked. Written-out citations are only checked where the text
    plainly cites that way (see ``citelint explain CL404``).

Why it matters:
    LaTeX prints "[?]" and pandoc the bare key; a numbered citation beyond
    the list, or an author nobody can find in it, sends the reader nowhere.

Example:
    Failing: ``as shown by \\cite{smith2010}`` when refs.bib has only
    ``@article{smith2011, ...}``.
    Passing: ``as shown by \\cite{smith2011}``.

Fix safety:
    Unsafe: a key one slip away from an entry's key is replaced by it (the
    "did you mean" key); the entry meant may instead be missing from the
    list. Numbers and author-year citations get no fix.

Options:
    None.
"""

from __future__ import annotations

from collections.abc import Iterator

from citelint.citations.resolve import Document
from citelint.model import Diagnostic, Fix
from citelint.rules._citing import cited_as
from citelint.rules._rule import Context

CODE = "CL401"
NAME = "citation-without-entry"
SEVERITY = "error"
FIXABLE = True
NEEDS_RECORD = False
SCOPE = "citations"
SUMMARY = "A key, number or author cited in the text that no entry of the reference list has."
OPTIONS = None


def check_citations(document: Document, context: Context) -> Iterator[Diagnostic]:
    for item in document.resolved:
        citation = item.citation
        if item.entry is not None or item.differs in ("year", "authors"):  # CL404 reports those
            continue
        expected = item.nearest.key if item.nearest is not None else None
        if citation.key is not None:
            message = f"'{citation.key}' is {'listed by nocite' if citation.nocite else 'cited'} but no entry has this key"
            if expected:
                message += f" (did you mean '{expected}'?)"
        elif citation.number is not None:
            message = f"[{citation.number}] is cited but the list has no reference {citation.number}"
        else:
            message = f"'{cited_as(citation)}' is cited but no entry of the list has this first author and year"
            if item.candidates:
                years = ", ".join(sorted(entry.year or entry.status or "n.d." for entry in item.candidates))
                message += f" (it has {citation.names[0]} {years})"
        fix = Fix(expected, "unsafe") if expected is not None and citation.key is not None else None
        yield Diagnostic(field="citation", message=message, span=citation.span, found=cited_as(citation),
                         expected=expected, fix=fix, file=citation.file)
