from __future__ import annotations

import dataclasses
import json
from functools import lru_cache
from pathlib import Path

import jsonschema
import pytest

from citelint.app.results import FileResult, ReferenceResult, Report
from citelint.model import SourceText
from citelint.report import sarif
from tests.report.sample import REPORT, RULES

SCHEMA_PATH = Path(__file__).parents[2] / "fixtures" / "sarif-schema-2.1.0.json"


@lru_cache(maxsize=1)
def _validator() -> jsonschema.Draft4Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema)


def _assert_valid(log: dict) -> None:
    errors = sorted(_validator().iter_errors(log), key=lambda error: list(error.path))
    assert not errors, [f"{list(error.path)}: {error.message}" for error in errors]


def test_sample_is_valid_sarif() -> None:
    _assert_valid(json.loads(sarif.render(REPORT, rules=RULES)))


def test_registry_rules_are_valid_sarif() -> None:
    log = json.loads(sarif.render(REPORT))
    _assert_valid(log)
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == sorted(rule["id"] for rule in rules)
    assert all(rule["fullDescription"]["text"] and rule["help"]["text"] for rule in rules)


def test_empty_report_is_valid_sarif() -> None:
    log = json.loads(sarif.render(Report(files=()), rules=RULES))
    _assert_valid(log)
    assert log["runs"][0]["results"] == []
    assert log["runs"][0]["invocations"] == [{"executionSuccessful": True}]


def test_results_point_at_their_rules() -> None:
    run = json.loads(sarif.render(REPORT, rules=RULES))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    levels = {"error": "error", "warning": "warning", "info": "note"}
    findings = [f for file in REPORT.files for f in (*file.findings, *(f for r in file.references for f in r.findings))]
    assert len(run["results"]) == len(findings)
    for result, finding in zip(run["results"], findings):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == finding.code
        assert result["level"] == levels[finding.severity]


def test_rule_descriptor() -> None:
    rule = json.loads(sarif.render(REPORT, rules=RULES))["runs"][0]["tool"]["driver"]["rules"][3]
    assert rule["id"] == "CL203"
    assert rule["shortDescription"] == {"text": "Pages that differ from the published record."}
    assert rule["fullDescription"] == {"text": "Compares the printed page range with the record's."}
    assert rule["helpUri"] == "https://github.com/citelint/citelint/blob/main/docs/rules.md#cl203"
    assert rule["defaultConfiguration"] == {"level": "error"}


def test_a_citation_finding_points_into_the_manuscript() -> None:
    result = json.loads(sarif.render(REPORT, rules=RULES))["runs"][0]["results"][0]
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "paper/paper.tex"}
    assert location["region"]["snippet"] == {"text": "gren2018"}
    assert result["ruleId"] == "CL401"


def test_region_fix_and_snippet() -> None:
    result = json.loads(sarif.render(REPORT, rules=RULES))["runs"][0]["results"][1]
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "paper/refs.txt"}
    assert location["region"] == {"startLine": 1, "startColumn": 92, "endLine": 1, "endColumn": 97,
                                  "snippet": {"text": "45-67"}}
    replacement = result["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert replacement["deletedRegion"]["snippet"] == {"text": "45-67"}
    assert replacement["insertedContent"] == {"text": "45-76"}
    assert result["fixes"][0]["properties"] == {"applicability": "safe"}


def _moved_down(report: Report, lines: int) -> Report:
    """The same report with `lines` new lines inserted at the top of every file."""
    files = []
    for file in report.files:
        text = "\n" * lines + file.text
        source = SourceText(file.path, text)

        def shift(span, source=source):
            return source.span(span.start + lines, span.end + lines)

        results = []
        for result in file.references:
            reference = dataclasses.replace(
                result.reference, span=shift(result.reference.span),
                spans={name: shift(span) for name, span in result.reference.spans.items()})
            findings = tuple(dataclasses.replace(finding, span=shift(finding.span)) for finding in result.findings)
            results.append(ReferenceResult(reference, result.match, findings))
        about_text = tuple(dataclasses.replace(finding, span=shift(finding.span)) for finding in file.findings)
        files.append(FileResult(file.path, text, tuple(results), about_text))
    return Report(files=tuple(files))


def test_fingerprints_ignore_line_numbers() -> None:
    def fingerprints(report: Report) -> list[str]:
        run = json.loads(sarif.render(report, rules=RULES))["runs"][0]
        return [result["partialFingerprints"][sarif.FINGERPRINT_KEY] for result in run["results"]]

    before, after = fingerprints(REPORT), fingerprints(_moved_down(REPORT, 3))
    assert before == after
    assert len(set(before)) == len(before)
    moved = json.loads(sarif.render(_moved_down(REPORT, 3), rules=RULES))["runs"][0]["results"]
    assert moved[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 5
    assert moved[1]["locations"][0]["physicalLocation"]["region"]["startLine"] == 4


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        ("refs.txt", "refs.txt"),
        ("./paper/refs.txt", "paper/refs.txt"),
        ("paper\\refs.txt", "paper/refs.txt"),
        ("my paper/refs #1.bib", "my%20paper/refs%20%231.bib"),
        ("a:b.txt", "a%3Ab.txt"),
        ("/home/me/refs.txt", "file:///home/me/refs.txt"),
        ("C:\\papers\\refs.txt", "file:///C:/papers/refs.txt"),
        ("-", "-"),
    ],
)
def test_artifact_uri(path: str, uri: str) -> None:
    assert sarif.artifact_uri(path) == uri


def test_input_errors_and_unchecked_references_are_notifications() -> None:
    invocation = json.loads(sarif.render(REPORT, rules=RULES))["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    notifications = invocation["toolExecutionNotifications"]
    assert [notification["level"] for notification in notifications] == ["error", "error", "note", "warning", "warning"]
    assert "not checked against its record" in notifications[-1]["message"]["text"]
