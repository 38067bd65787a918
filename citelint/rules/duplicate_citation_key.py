"""Two entries under one citation key.

What it does:
    Reports an entry whose key an earlier entry already has: in the same
    .bib, CSL-JSON or ``thebibliography`` list, or in an earlier file of
    the same manuscript's bibliography (``\\bibliography{a,b}``, pandoc's
    ``bibliography: [a.bib, b.json]``). Keys are compared exactly, as biber
    and pandoc compare them. Printed labels of text lists ("[3]" twice)
    are not keys and are left to the numbering.

Why it matters:
    A citation can reach only one of the two: BibTeX keeps the first and
    warns "Repeated entry", biber warns "Duplicate entry key", pandoc takes
    one silently, so the other work is never cited and the one printed may
    not be the one meant.

Example:
    Failing: ``@article{smith2010, title={Ponds}}`` after
    ``@article{smith2010, title={Lakes}}`` in one .bib.
    Passing: ``@article{smith2010b, title={Ponds}}``.

Fix safety:
    No fix: which citations mean which work is for the author to say.

Options:
    None.
"""

from __future__ import annotations

from collections.abc import Iterator

from citelint.model import Diagnostic, Match, Reference
from citelint.readers import KEYED_KINDS
from citelint.rules._citing import entry_place
from citelint.rules._rule import Context

CODE = "CL403"
NAME = "duplicate-citation-key"
SEVERITY = "error"
FIXABLE = False
NEEDS_RECORD = False
SCOPE = "entry"
SUMMARY = "An entry whose citation key an earlier entry of the same bibliography already has."
OPTIONS = None


def check(reference: Reference, match: Match, context: Context) -> Iterator[Diagnostic]:
    if reference.key is None or reference.kind not in KEYED_KINDS:
        return
    first_with_key: dict[str, Reference] = context.prepared if context.prepared is not None else prepare(context)
    first = first_with_key.get(reference.key)
    if first is None or first.identity == reference.identity:
        return
    yield Diagnostic(
        field="citation",
        message=f"the key '{reference.key}' is also the key of the entry at {entry_place(first, reference.file)}; "
                "a citation reaches only one of them",
        span=reference.span,
        found=reference.key,
    )


def prepare(context: Context) -> dict[str, Reference]:
    """The first entry of each key: in this file, or before it in a bibliography that includes it."""
    first: dict[str, Reference] = {}
    for document in context.documents:
        for entry in document.entries:
            if entry.key is not None and entry.kind in KEYED_KINDS:
                first.setdefault(entry.key, entry)
    for entry in context.references:
        if entry.key is not None:
            first.setdefault(entry.key, entry)
    return first
