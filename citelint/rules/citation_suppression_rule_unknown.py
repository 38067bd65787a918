"""A suppression on a citation's line that names a rule citelint does not have.

What it does:
    Reports each entry of a ``citelint: ignore[...]`` comment standing for a
    citation in the manuscript (on the citation's own line, or alone on the
    line above it) that is neither a rule's code, the start of some rules'
    codes (``CL4``), nor a rule's name, with the closest code or name when
    there is one. Directives on references and entries are CL003's.

Why it matters:
    A misspelt suppression hides nothing: the citation finding it was meant to
    silence is still reported, or the comment stays as a false promise that
    the citation was reviewed. ruff reports unknown codes in ``noqa`` comments
    for the same reason.

Example:
    Failing: ``as shown before \\cite{smith2010} % citelint: ignore[citation-withut-entry]``
    Passing: ``as shown before \\cite{smith2010} % citelint: ignore[citation-without-entry]``

Fix safety:
    No fix: which rule was meant is the author's call; the message names the
    closest rule.

Options:
    None.
"""

from __future__ import annotations

from collections.abc import Iterator

from citelint.citations.resolve import Document
from citelint.model import Diagnostic
from citelint.rule_codes import names_no_rule, unknown_rule_message
from citelint.rules._rule import Context

CODE = "CL004"
NAME = "citation-suppression-rule-unknown"
SEVERITY = "warning"
FIXABLE = False
NEEDS_RECORD = False
SCOPE = "citations"
SUMMARY = "A suppression on a citation's line naming a rule code or name that does not exist."
OPTIONS = None


def check_citations(document: Document, context: Context) -> Iterator[Diagnostic]:
    for file, directive in document.directives:
        for written in directive.codes:
            if names_no_rule(written):
                yield Diagnostic(field="citation", message=unknown_rule_message(written), span=directive.span,
                                 found=written, file=file)
