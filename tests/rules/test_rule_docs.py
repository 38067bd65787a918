"""Every rule follows the contract: constants, documentation sections, and a table of cases."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from citelint.app.docs import section
from citelint.model import FINDING_FIELDS, SEVERITIES
from citelint.rules import RULES
from citelint.rules._rule import DOC_SECTIONS, SCOPES

CASES = Path(__file__).parent / "cases"


@pytest.mark.parametrize("code", list(RULES))
def test_rule_contract(code: str):
    rule = RULES[code]
    assert re.fullmatch(r"CL[0-4]\d\d", rule.CODE) and rule.CODE == code
    assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.NAME)
    assert rule.SEVERITY in SEVERITIES
    assert isinstance(rule.FIXABLE, bool) and isinstance(rule.NEEDS_RECORD, bool)
    assert rule.SCOPE in SCOPES  # declared: the engine chooses by it, never by a code prefix
    assert callable(getattr(rule, "check_citations" if rule.SCOPE == "citations" else "check", None))
    assert rule.SUMMARY and len(rule.SUMMARY) < 120
    for heading in DOC_SECTIONS:
        assert section(rule, heading), f"{code} lacks the section {heading!r}"
    assert "Failing" in section(rule, "Example") and "Passing" in section(rule, "Example")


@pytest.mark.parametrize("code", list(RULES))
def test_every_rule_has_failing_and_passing_cases(code: str):
    document = yaml.safe_load((CASES / f"{code}.yml").read_text(encoding="utf-8"))
    expectations = [case.get("expect", []) for case in document["cases"]]
    assert any(expectations) and any(not expect for expect in expectations)
    for expect in expectations:
        for finding in expect:
            assert finding.get("field", "format") in FINDING_FIELDS
