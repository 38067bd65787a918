"""An inline suppression that names a rule citelint does not have.

What it does:
    Reports each entry of a ``citelint: ignore[...]`` comment that is neither a
    rule's code, the start of some rules' codes (``CL2``), nor a rule's name,
    with the closest code or name when there is one.

Why it matters:
    A misspelt suppression hides nothing: the finding it was meant to silence
    is still reported, or, when the rule never fires, the comment stays as a
    false promise that something was reviewed. ruff reports unknown codes in
    ``noqa`` comments for the same reason.

Example:
    Failing: ``% citelint: ignore[page-seperator-lost] reason="a one-page report"``
    Passing: ``% citelint: ignore[page-separator-lost] reason="a one-page report"``

    A directive on a citation's line in the manuscript is CL004's.

Fix safety:
    No fix: the comment may lie outside the reference, and which rule was meant
    is the author's call; the message names the closest rule.

Options:
    None.
"""

from __future__ import annotations

from collections.abc import Iterator

from citelint.model import Diagnostic, Match, Reference
from citelint.rule_codes import names_no_rule, unknown_rule_message
from citelint.rules._rule import Context

CODE = "CL003"
NAME = "suppression-rule-unknown"
SEVERITY = "warning"
FIXABLE = False
NEEDS_RECORD = False
SCOPE = "reference"
SUMMARY = "An inline suppression naming a rule code or name that does not exist."
OPTIONS = None


def check(reference: Reference, match: Match, context: Context) -> Iterator[Diagnostic]:
    for suppression in reference.suppressions:
        for written in suppression.codes:
            if names_no_rule(written):
                yield Diagnostic(
                    field="format",
                    message=unknown_rule_message(written),
                    span=suppression.span,
                    found=written,
                )

