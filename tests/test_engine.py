from __future__ import annotations

import datetime

import pytest

from citelint.app.config import Settings
from citelint.app.engine import check_references, file_ignores, is_enabled
from citelint.model import OFFLINE, Match, Suppression
from tests.helpers import make_reference

TODAY = datetime.date(2026, 11, 26)


@pytest.mark.parametrize(
    ("code", "select", "ignore", "enabled"),
    [
        ("CL101", ["CL"], [], True),
        ("CL101", ["CL"], ["CL1"], False),
        ("CL101", ["CL"], ["CL101"], False),
        ("CL101", ["CL101"], ["CL1"], True),  # longer prefix wins
        ("CL101", ["CL1"], ["CL1"], False),  # tie: ignore wins
        ("CL201", ["CL1"], [], False),
        ("CL201", ["CL2", "CL1"], ["CL20"], False),
        ("CL201", ["CL201"], ["CL20"], True),
        ("CL001", [], [], False),
    ],
)
def test_is_enabled(code, select, ignore, enabled):
    assert is_enabled(code, select, ignore) is enabled


def _unparsable(**kwargs):
    from dataclasses import replace

    return replace(make_reference("garbage line"), parse_problem="no year or title found", **kwargs)


def test_findings_are_stamped_with_code_name_and_severity():
    (result,) = check_references([_unparsable()], [OFFLINE], Settings(), today=TODAY)
    (finding,) = result.findings
    assert (finding.code, finding.name, finding.severity, finding.field) == ("CL001", "reference-unparsable", "warning", "format")


def test_configured_severity_overrides_the_default():
    (result,) = check_references([_unparsable()], [OFFLINE], Settings(severity={"CL001": "error"}), today=TODAY)
    assert result.findings[0].severity == "error"


def test_cli_select_replaces_configured_select_and_ignore_extends():
    references, matches = [_unparsable()], [OFFLINE]
    assert check_references(references, matches, Settings(), today=TODAY, ignore=["CL0"])[0].findings == ()
    assert check_references(references, matches, Settings(), today=TODAY, select=["CL3"])[0].findings == ()


@pytest.mark.parametrize(
    ("until", "suppressed", "expired_reported"),
    [(None, True, False), ("2030-01-01", True, False), ("2026-11-26", True, False), ("2025-01-01", False, True)],
)
def test_inline_suppression_and_its_expiry(until, suppressed, expired_reported):
    reference = _unparsable()
    suppression = Suppression(codes=("CL001",), span=reference.span, reason="known", until=until)
    from dataclasses import replace

    (result,) = check_references([replace(reference, suppressions=(suppression,))], [OFFLINE], Settings(), today=TODAY)
    codes = [finding.code for finding in result.findings]
    assert ("CL001" not in codes) is suppressed
    assert ("CL002" in codes) is expired_reported


def test_per_file_ignores_match_globs():
    settings = Settings(per_file_ignores={"old/*.bib": ("CL0",), "*.txt": ("CL3",)})
    assert file_ignores(settings, "old/a.bib") == ("CL0",)
    assert file_ignores(settings, "new/refs.txt") == ("CL3",)
    assert file_ignores(settings, "new/a.bib") == ()


def test_rules_that_need_a_record_do_not_run_without_one():
    from citelint.rules import RULES

    needing = [code for code, rule in RULES.items() if rule.NEEDS_RECORD]
    reference = make_reference("Smith, J (2010) A title. Journal, 3: 1-2.", authors=["Smith, J"], year="2010",
                               title="A title", container="Journal", volume="3", pages="1-2")
    for match in (OFFLINE, Match(status="not-found"), Match(status="unchecked")):
        (result,) = check_references([reference], [match], Settings(select=tuple(needing) or ("XX",)), today=TODAY)
        assert result.findings == ()
