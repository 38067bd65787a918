"""A numbered reference cited for the first time out of the list's order.

What it does:
    In a list numbered by order of first citation (Vancouver, IEEE, AMA,
    Nature...), the first citations in the text run 1, 2, 3... This rule
    finds the fewest references whose first citation breaks that run (the
    others form the longest increasing sequence) and reports each at its
    first citation, naming the reference cited before it. References cited
    together (``[3-5]``, ``\\cite{a,b}``) count as cited at once.
    It applies where the numbering is the manuscript's own: numbers written
    in the text, and ``\\bibitem`` lists written in a .tex file (a list
    BibTeX or biber sorts is in order by construction). A list in
    alphabetical order, or one whose first citations are mostly out of
    order, is numbered another way, and nothing is reported.

Why it matters:
    Journals with numbered styles require numbering by first citation; an
    item added or moved during revision and not renumbered is a common
    reason for a manuscript to be returned.

Example:
    Failing: the text cites ``[1]``, ``[2]``, ``[4]``, then ``[3]``, in a
    list in order of citation.
    Passing: the text cites ``[1]``, ``[2]``, ``[3]``, then ``[4]``.

Fix safety:
    No fix: renumbering changes every later citation and the list.

Options:
    None.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterator

from citelint.citations import Citation
from citelint.citations.resolve import Document
from citelint.fields.normalize import name_key
from citelint.model import Diagnostic, Reference
from citelint.rules._rule import Context

CODE = "CL405"
NAME = "citation-out-of-order"
SEVERITY = "warning"
FIXABLE = False
NEEDS_RECORD = False
SCOPE = "citations"
SUMMARY = "A numbered reference first cited out of order, in a list numbered by first citation."
OPTIONS = None

IN_ORDER_SHARE = 0.7  # below this share of first citations in order, the list is not in citation order
ALPHABETICAL_SHARE = 0.9  # of neighbouring entries in name order, for a list sorted by author


def check_citations(document: Document, context: Context) -> Iterator[Diagnostic]:
    firsts = _first_citations(document)
    if len(firsts) < 3 or _alphabetical(document):
        return
    positions = [position for position, _, _ in firsts]
    kept = _longest_increasing(positions)
    if len(kept) < IN_ORDER_SHARE * len(firsts):
        return
    for index, (position, label, citation) in enumerate(firsts):
        if index in kept:
            continue
        before = [(other, other_label) for other, other_label, _ in firsts[:index] if other > position]
        after = [(other, other_label) for other, other_label, _ in firsts[index + 1 :] if other < position]
        if before:
            relation = f"after {max(before)[1]}"
        else:
            relation = f"before {min(after)[1]}"
        yield Diagnostic(
            field="citation",
            message=f"{label} is first cited here, {relation}, in a list numbered by order of first citation",
            span=citation.span,
            found=label,
            file=citation.file,
        )


def _numbering(document: Document, citation: Citation, entry: Reference) -> tuple[int, str] | None:
    """The entry's place in the list and how to name it, when the manuscript keeps the numbering."""
    if citation.number is not None and document.numbered:
        return citation.number, f"[{citation.number}]"
    if citation.key is not None and entry.kind == "latex" and not entry.file.lower().endswith(".bbl"):
        return entry.index, f"'{citation.key}' (item {entry.index})"
    return None


def _first_citations(document: Document) -> list[tuple[int, str, Citation]]:
    """(place in the list, name, citation) of each entry's first citation, in text order."""
    seen: set[int] = set()
    firsts: list[tuple[int, str, Citation]] = []
    group: list[tuple[int, str, Citation]] = []
    group_number = None
    for item in document.resolved:
        citation, entry = item.citation, item.entry
        if entry is None or citation.nocite:
            continue
        numbering = _numbering(document, citation, entry)
        if numbering is None:
            continue
        if citation.group != group_number:
            firsts.extend(sorted(group, key=lambda found: found[0]))
            group, group_number = [], citation.group
        if numbering[0] not in seen:
            seen.add(numbering[0])
            group.append((numbering[0], numbering[1], citation))
    firsts.extend(sorted(group, key=lambda found: found[0]))
    return firsts


def _alphabetical(document: Document) -> bool:
    names = [name_key(entry.authors[0].organisation or entry.authors[0].family)
             for entry in document.entries if entry.authors]
    pairs = list(itertools.pairwise(names))
    return len(pairs) >= 3 and sum(1 for a, b in pairs if a <= b) >= ALPHABETICAL_SHARE * len(pairs)


def _longest_increasing(values: list[int]) -> set[int]:
    """Indexes of one longest strictly increasing subsequence (patience sorting, n log n)."""
    tails: list[int] = []  # tails[k]: the smallest last value of an increasing run of length k + 1
    tail_index: list[int] = []
    previous = [-1] * len(values)
    for index, value in enumerate(values):
        length = bisect.bisect_left(tails, value)
        if length == len(tails):
            tails.append(value)
            tail_index.append(index)
        else:
            tails[length] = value
            tail_index[length] = index
        previous[index] = tail_index[length - 1] if length else -1
    kept: set[int] = set()
    index = tail_index[-1] if tail_index else -1
    while index >= 0:
        kept.add(index)
        index = previous[index]
    return kept
