"""The rule registry: the one list of rules that the CLI, `rules`, `explain` and SARIF read."""

from __future__ import annotations

import importlib

from citelint.rules._rule import Context, RuleModule

# One line per rule module, in code order.
_MODULES = (
    "citelint.rules.reference_unparsable",
    "citelint.rules.suppression_expired",
    "citelint.rules.suppression_rule_unknown",
    "citelint.rules.citation_suppression_rule_unknown",
    "citelint.rules.page_separator_lost",
    "citelint.rules.page_range_malformed",
    "citelint.rules.doi_malformed",
    "citelint.rules.year_implausible",
    "citelint.rules.in_press_stale",
    "citelint.rules.duplicate_reference",
    "citelint.rules.title_misspelled",
    "citelint.rules.required_field_missing",
    "citelint.rules.pages_mismatch",
    "citelint.rules.record_not_found",
    "citelint.rules.record_ambiguous",
    "citelint.rules.retracted_work_cited",
    "citelint.rules.expression_of_concern",
    "citelint.rules.correction_published",
    "citelint.rules.in_press_now_published",
    "citelint.rules.preprint_has_published_version",
    "citelint.rules.reference_unverifiable",
    "citelint.rules.same_work_cited_twice",
    "citelint.rules.title_mismatch",
    "citelint.rules.year_mismatch",
    "citelint.rules.volume_mismatch",
    "citelint.rules.issue_mismatch",
    "citelint.rules.authors_mismatch",
    "citelint.rules.container_mismatch",
    "citelint.rules.doi_missing",
    "citelint.rules.doi_wrong_work",
    "citelint.rules.doi_unknown",
    "citelint.rules.citation_without_entry",
    "citelint.rules.entry_never_cited",
    "citelint.rules.duplicate_citation_key",
    "citelint.rules.citation_disagrees_with_entry",
    "citelint.rules.citation_out_of_order",
)

RULES: dict[str, RuleModule] = {}
for _name in _MODULES:
    _module = importlib.import_module(_name)
    RULES[_module.CODE] = _module  # type: ignore[assignment]
RULES = dict(sorted(RULES.items()))

__all__ = ["RULES", "Context", "RuleModule"]
