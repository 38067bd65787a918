"""Table-driven rule tests: one YAML file per rule in cases/, one runner.

Each case gives a printed reference (`text`, parsed by the text reader, or
`text` + `fields` to pin the parse), optionally the matched `record`
(Record fields) and its `confidence`, sibling references (`others`), overrides of
the match (`match`: status, reason, candidates, doi_status, doi_record...), inline
`suppressions` ({codes, until}), rule `options`, and the diagnostics expected, each as a subset of
{field, severity, found, expected, fix, applicability, message}
(`message` is a substring). `expect: []` is a passing case.
"""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path

import pytest
import yaml

from citelint.model import OFFLINE, Match, Reference, Suppression
from citelint.rules import RULES
from citelint.rules._rule import Context
from tests.helpers import make_record, make_reference, matched

CASES_DIR = Path(__file__).parent / "cases"
TODAY = datetime.date(2026, 11, 26)


def build_reference(spec: dict, index: int = 1) -> Reference:
    if "fields" in spec:
        fields = dict(spec["fields"])
        return make_reference(spec["text"], index=index, kind=spec.get("kind", "text"), **fields)
    from citelint.readers.refstring import parse_line

    return dataclasses.replace(parse_line(spec["text"]), index=index)


def load_cases():
    for path in sorted(CASES_DIR.glob("*.yml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        for number, case in enumerate(document["cases"], 1):
            yield pytest.param(document["rule"], case, id=f"{path.stem}-{number}-{case.get('name', '')}")


@pytest.mark.parametrize(("code", "case"), list(load_cases()))
def test_rule_case(code: str, case: dict) -> None:
    rule = RULES[code]
    others = [build_reference(spec, index) for index, spec in enumerate(case.get("others", []), 1)]
    reference = build_reference(case, index=len(others) + 1)
    match: Match = OFFLINE
    if "record" in case:
        match = matched(make_record(**case["record"]), confidence=case.get("confidence", 0.95))
    if "match" in case:  # the DOI lookup's outcome and the like: {doi_status, doi_record, status, ...}
        spec = dict(case["match"])
        if "doi_record" in spec:
            spec["doi_record"] = make_record(**spec["doi_record"])
        if "candidates" in spec:
            spec["candidates"] = tuple(make_record(**candidate) for candidate in spec["candidates"])
        match = dataclasses.replace(match, **spec)
    if "suppressions" in case:
        reference = dataclasses.replace(reference, suppressions=tuple(
            Suppression(codes=tuple(item["codes"]), span=reference.span, until=item.get("until"))
            for item in case["suppressions"]
        ))
    options = rule.OPTIONS
    if case.get("options"):
        options = dataclasses.replace(options, **case["options"])
    context = Context(options=options, references=[*others, reference], today=TODAY)
    diagnostics = list(rule.check(reference, match, context))
    expected = case.get("expect", [])
    assert len(diagnostics) == len(expected), diagnostics
    for diagnostic, want in zip(diagnostics, expected):
        for key, value in want.items():
            if key == "severity":
                assert (diagnostic.severity or rule.SEVERITY) == value
            elif key == "fix":
                assert diagnostic.fix is not None and diagnostic.fix.replacement == value
            elif key == "applicability":
                assert diagnostic.fix is not None and diagnostic.fix.applicability == value
            elif key == "message":
                assert value in diagnostic.message
            else:
                assert getattr(diagnostic, key) == value, (key, diagnostic)
