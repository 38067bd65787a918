"""An entry of the reference list that the manuscript never cites.

What it does:
    Reports each entry that no citation of the manuscripts checked with it
    reaches: no ``\\cite``/``\\nocite`` or pandoc key, no number, no
    written-out author and year. ``\\nocite{*}`` and pandoc's ``nocite: "@*"``
    count every entry as cited. An entry is only judged by citations that
    could reach it: a keyed entry by key citations, a numbered list by
    number citations, a written list by written-out author-year citations
    the text plainly uses (see CL404). A .bib file is only judged when a manuscript
    naming it is checked in the same run, and then against every such
    manuscript (a shared .bib cited by a paper and its supplement). When most
    entries of a large file are uncited, the file is a shared library rather
    than a reference list: one finding says so instead of one per entry.

Why it matters:
    Most journals require every listed reference to be cited; in a numbered
    style an uncited item breaks the numbering by first citation. In a .bib
    file an uncited entry is harmless, hence the low severity.

Example:
    Failing: refs.bib holds ``@article{jones2009, ...}`` and paper.tex never
    cites ``jones2009``.
    Passing: paper.tex has ``\\citep{jones2009}``.

Fix safety:
    No fix: cite the entry or remove it.

Options:
    None.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from citelint.model import Diagnostic, Match, Reference, ReferenceId
from citelint.rules._citing import entry_label
from citelint.rules._rule import Context

CODE = "CL402"
NAME = "entry-never-cited"
SEVERITY = "info"
FIXABLE = False
NEEDS_RECORD = False
SCOPE = "entry"
SUMMARY = "An entry of the reference list that no citation in the manuscript reaches."
OPTIONS = None

LIBRARY_SIZE = 20  # a file with more uncited entries than this, and more than half uncited, is a library

def check(reference: Reference, match: Match, context: Context) -> Iterator[Diagnostic]:
    if not context.documents or any(document.cites_all for document in context.documents):
        return
    uncited: dict[ReferenceId, Reference] = context.prepared if context.prepared is not None else prepare(context)
    if reference.identity not in uncited:
        return
    citing = " or ".join(sorted({os.path.basename(document.path) for document in context.documents}))
    if len(uncited) > LIBRARY_SIZE and len(uncited) * 2 > len(context.references):
        if reference.identity == next(iter(uncited)):
            yield Diagnostic(
                field="citation",
                message=f"{len(uncited)} of {len(context.references)} entries are never cited in {citing}: "
                        "a shared library, so they are not listed one by one",
                span=reference.span,
            )
        return
    yield Diagnostic(field="citation", message=f"'{entry_label(reference)}' is never cited in {citing}",
                     span=reference.span, found=entry_label(reference))


def prepare(context: Context) -> dict[ReferenceId, Reference]:
    """The file's entries no citing document reaches, in file order, computed once per file."""
    cited: set[ReferenceId] = set().union(*(document.cited for document in context.documents))
    judged: set[ReferenceId] = set().union(*(document.judged for document in context.documents))
    keys: set[str] = set()
    uncited: dict[ReferenceId, Reference] = {}
    for reference in context.references:
        duplicate_key = reference.key is not None and reference.key in keys  # CL403 reports it
        if reference.key is not None:
            keys.add(reference.key)
        if reference.identity in judged and reference.identity not in cited and not duplicate_key:
            uncited[reference.identity] = reference
    return uncited
