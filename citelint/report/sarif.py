"""SARIF 2.1.0 log: the rules from the registry, one result per finding.

For GitHub code scanning and other SARIF viewers. Locations use relative
paths with forward slashes and columns counted in Unicode code points
(``columnKind``). Each result carries a ``partialFingerprints`` entry built
from its rule, file, field, printed value and the normalised text of its
reference, not from line numbers, so a finding keeps its identity when
lines above it move. Files that could not be read are tool notifications.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from citelint import __version__
from citelint.app.baseline import fingerprint as content_fingerprint
from citelint.app.baseline import text_fingerprint
from citelint.app.docs import documentation, section
from citelint.app.results import FileResult, InputNotice, InputRemark, Report
from citelint.model import Finding, Span
from citelint.report import json_escaped, unchecked
from citelint.rules import RULES, RuleModule

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/citelint/citelint"
RULES_DOC_URI = "https://github.com/citelint/citelint/blob/main/docs/rules.md"
FINGERPRINT_KEY = "citelint/v1"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}
_DRIVE = re.compile(r"[A-Za-z]:/")


def render(report: Report, rules: Mapping[str, RuleModule] = RULES) -> str:
    """The report as a SARIF log; ``rules`` is the registry the driver describes."""
    ordered = sorted(rules)
    index = {code: position for position, code in enumerate(ordered)}
    results = []
    for file in report.files:
        results += [_result(file, finding, index, text_fingerprint(finding)) for finding in file.findings]
        results += [
            _result(file, finding, index, content_fingerprint(result.reference, finding))
            for result in file.references
            for finding in result.findings
        ]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "citelint",
                "version": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [_rule(rules[code]) for code in ordered],
            }
        },
        "invocations": [_invocation(report)],
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json_escaped(json.dumps(log, indent=2, ensure_ascii=False)) + "\n"


def help_uri(code: str) -> str:
    return f"{RULES_DOC_URI}#{code.lower()}"


def _rule(rule: RuleModule) -> dict[str, Any]:
    return {
        "id": rule.CODE,
        "name": rule.NAME,
        "shortDescription": {"text": rule.SUMMARY},
        "fullDescription": {"text": section(rule, "What it does") or rule.SUMMARY},
        "help": {"text": documentation(rule)},
        "helpUri": help_uri(rule.CODE),
        "defaultConfiguration": {"level": _LEVELS[rule.SEVERITY]},
    }


def _result(file: FileResult, finding: Finding, index: Mapping[str, int], content: str) -> dict[str, Any]:
    uri = artifact_uri(file.path)
    result: dict[str, Any] = {"ruleId": finding.code}
    if finding.code in index:
        result["ruleIndex"] = index[finding.code]
    result["level"] = _LEVELS[finding.severity]
    result["message"] = {"text": _message(finding)}
    result["locations"] = [
        {"physicalLocation": {"artifactLocation": {"uri": uri}, "region": _region(file.text, finding.span)}}
    ]
    result["partialFingerprints"] = {FINGERPRINT_KEY: fingerprint(uri, content)}
    if finding.fix is not None:
        span = finding.fix.span or finding.span
        result["fixes"] = [
            {
                "description": {"text": f"Replace with {finding.fix.replacement!r} ({finding.fix.applicability})"},
                "artifactChanges": [
                    {
                        "artifactLocation": {"uri": uri},
                        "replacements": [
                            {
                                "deletedRegion": _region(file.text, span),
                                "insertedContent": {"text": finding.fix.replacement},
                            }
                        ],
                    }
                ],
                "properties": {"applicability": finding.fix.applicability},
            }
        ]
    return result


def _message(finding: Finding) -> str:
    parts = [finding.message]
    if finding.found is not None and finding.expected is not None:
        parts.append(f"Found: {finding.found}. Expected: {finding.expected}.")
    elif finding.expected is not None:
        parts.append(f"Expected: {finding.expected}.")
    if finding.evidence:
        parts.append(f"Evidence: {finding.evidence}")
    return "\n".join(parts)


def _region(text: str, span: Span) -> dict[str, Any]:
    return {
        "startLine": span.line,
        "startColumn": span.column,
        "endLine": span.end_line,
        "endColumn": span.end_column,
        "snippet": {"text": text[span.start : span.end]},
    }


def _invocation(report: Report) -> dict[str, Any]:
    notifications = [_notification(error, "error") for error in report.errors]
    notifications += [_notification(notice, "note") for notice in report.notices]
    notifications += [
        _notification(InputNotice(path, reference.span.line, f"reference {reference.index} not checked against its record: {reason}"), "warning")
        for path, reference, reason in unchecked(report)
    ]
    invocation: dict[str, Any] = {"executionSuccessful": not report.errors}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return invocation


def _notification(error: InputRemark, level: str) -> dict[str, Any]:
    location: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(error.path)}}
    if error.line:
        location["region"] = {"startLine": error.line}
    return {"level": level, "message": {"text": error.message}, "locations": [{"physicalLocation": location}]}


def artifact_uri(path: str) -> str:
    """A relative path as a URI reference with forward slashes; an absolute one as a file: URI."""
    posix = path.replace("\\", "/")
    if posix.startswith("/"):
        return "file://" + quote(posix, safe="/")
    if _DRIVE.match(posix):
        return "file:///" + quote(posix, safe="/:")
    while posix.startswith("./"):
        posix = posix[2:]
    return quote(posix, safe="/")


def fingerprint(uri: str, content: str) -> str:
    """The baseline's content fingerprint, tied to the file: stable when lines move."""
    return hashlib.sha256(f"{uri}\x1f{content}".encode()).hexdigest()[:32]
