"""The rule registry: the one list of rules that the CLI, `rules`, `explain` and SARIF read."""

from __future__ import annotations

import importlib

from citelint.rules._rule import Context, RuleModule

# One line per rule module, in code order.
_MODULES = (
    "citelint.rules.reference_unparsable",
    "citelint.rules.suppression_expired",
    "citelint.rules.record_not_found",
    "citelint.rules.record_ambiguous",
)

RULES: dict[str, RuleModule] = {}
for _name in _MODULES:
    _module = importlib.import_module(_name)
    RULES[_module.CODE] = _module  # type: ignore[assignment]
RULES = dict(sorted(RULES.items()))

__all__ = ["RULES", "Context", "RuleModule"]
