"""The rule registry: every rule module, loaded from the table of codes and names in ``citelint.rule_codes``.

The CLI, `rules`, `explain` and SARIF read it; a new rule is a module here and a line in that table.
"""

from __future__ import annotations

import importlib
from typing import cast

from citelint.rule_codes import RULE_NAMES
from citelint.rules._rule import Context, RuleModule

RULES: dict[str, RuleModule] = {}
for _code, _name in RULE_NAMES.items():  # the table of codes and names lists every rule, in code order
    _module = importlib.import_module(f"citelint.rules.{_name.replace('-', '_')}")
    if (_module.CODE, _module.NAME) != (_code, _name):
        raise ImportError(f"{_module.__name__} is {_module.CODE} {_module.NAME}; citelint.rule_codes says {_code} {_name}")
    RULES[_code] = cast(RuleModule, _module)

__all__ = ["RULES", "Context", "RuleModule"]
