"""JSON report: every reference, clean or not, with its parse, match and findings.

This shape is a public interface: keys may be added, never renamed or dropped.

    {
      "citelint": "0.1.0",                      # version that wrote the report
      "summary": {
        "files": 2, "references": 12, "clean": 9, "with_findings": 3, "findings": 4,
        "by_severity": {"error": 1, "warning": 2, "info": 1},
        "by_rule": {"CL203": 1, ...},           # findings per rule code, in code order
        "match": {"matched": 9, "ambiguous": 1, "not-found": 1, "unchecked": 1, "offline": 0},
        "fixable": {"safe": 2, "unsafe": 1},    # findings with a fix, by applicability
        "errors": 0,                            # files that could not be read
        "looked_up": 11,                        # references whose record was asked for (not offline)
        "unchecked_causes": {"api.crossref.org unreachable (timeout)": 1}  # why lookups failed, each
                                                # cause once with how many references it struck
      },
      "references": [{
        "file": "paper/refs.txt", "line": 3, "end_line": 3, "index": 3,  # index: 1-based in its file
        "text": "the reference exactly as printed",
        "parsed": {
          "authors": [{"family": "Smith", "given": "J."}, {"organisation": "WHO"}],
          "year", "title", "container", "volume", "issue", "pages", "article_number",
          "doi", "url", "publisher", "edition", "type", "status", "key": str or null,
          "et_al": bool
        },
        "match": {
          "status": "matched|ambiguous|not-found|unchecked|offline",
          "doi": str or null, "confidence": 0..1 or null, "source": "crossref|snapshot|index" or null,
          "via": "doi|search" or null, "reason": str or null,
          "candidates": ["10.1234/a", ...]      # DOIs of the plausible records when ambiguous
        },
        "findings": [{
          "code": "CL203", "name": "pages-mismatch", "severity": "error|warning|info",
          "field": "pages", "message": "...", "found": str or null, "expected": str or null,
          "span": {"line", "column", "end_line", "end_column"},  # 1-based, end_column exclusive
          "evidence": str or null,              # e.g. the record's DOI link
          "fix": {"replacement": str, "applicability": "safe|unsafe",
                  "span": {...}} or null        # span: the text the replacement replaces
        }]
      }],
      "citation_findings": [{"file": "paper.tex", "code": "CL401", ...}],  # about citations in a
                                                # manuscript's text (no reference to attach to): a
                                                # finding as above, with the file it is in
      "errors": [{"file", "line": int or null, "message"}],   # files that could not be read
      "notices": [{"file", "line": int or null, "message"}]   # e.g. a file with no references
    }
"""

from __future__ import annotations

import json
from typing import Any

from citelint import __version__
from citelint.app.results import InputRemark, Report
from citelint.model import Finding, Match, Reference, Span
from citelint.report import json_escaped, summarize

_PARSED_FIELDS = (
    "year", "title", "container", "volume", "issue", "pages", "article_number",
    "doi", "url", "publisher", "edition", "type", "status", "key",
)


def render(report: Report) -> str:
    document = {
        "citelint": __version__,
        "summary": _summary(report),
        "references": [
            _reference(file.path, result.reference, result.match, result.findings)
            for file in report.files
            for result in file.references
        ],
        "citation_findings": [{"file": file.path, **_finding(finding)} for file in report.files for finding in file.findings],
        "errors": [_input_error(error) for error in report.errors],
        "notices": [_input_error(notice) for notice in report.notices],
    }
    return json_escaped(_dumps(document)) + "\n"


def _dumps(document: dict[str, Any]) -> str:
    """Indented at the top two levels, one reference per line below.

    json.dumps with ``indent`` falls back to the pure-Python encoder (about
    ten times slower); encoding each reference compactly keeps the C encoder
    for the bulk of a 10,000-reference report while the file stays readable
    and diffable reference by reference.
    """
    lines = ["{"]
    keys = list(document)
    for position, key in enumerate(keys):
        value = document[key]
        comma = "," if position < len(keys) - 1 else ""
        if isinstance(value, list) and value:
            items = ",\n".join(f"    {json.dumps(item, ensure_ascii=False)}" for item in value)
            lines.append(f"  {json.dumps(key)}: [\n{items}\n  ]{comma}")
        else:
            lines.append(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}{comma}")
    lines.append("}")
    return "\n".join(lines)


def _summary(report: Report) -> dict[str, Any]:
    summary = summarize(report)
    return {
        "files": summary.files,
        "references": summary.references,
        "clean": summary.clean,
        "with_findings": summary.with_findings,
        "findings": summary.findings,
        "citation_findings": summary.citation_findings,
        "by_severity": summary.by_severity,
        "by_rule": summary.by_rule,
        "match": summary.match,
        "fixable": summary.fixable,
        "errors": summary.errors,
        "looked_up": summary.looked_up,
        "unchecked_causes": summary.unchecked_causes,
    }


def _reference(path: str, reference: Reference, match: Match, findings: tuple[Finding, ...]) -> dict[str, Any]:
    return {
        "file": path,
        "line": reference.span.line,
        "end_line": reference.span.end_line,
        "index": reference.index,
        "text": reference.text,
        "parsed": _parsed(reference),
        "match": _match(match),
        "findings": [_finding(finding) for finding in findings],
    }


def _parsed(reference: Reference) -> dict[str, Any]:
    authors = [
        {"organisation": author.organisation} if author.is_organisation
        else {"family": author.family, "given": author.given}
        for author in reference.authors
    ]
    fields = {name: getattr(reference, name) for name in _PARSED_FIELDS}
    return {"authors": authors, **fields, "et_al": reference.et_al}


def _match(match: Match) -> dict[str, Any]:
    return {
        "status": match.status,
        "doi": match.record.doi if match.record else None,
        "confidence": match.confidence,
        "source": match.source,
        "via": match.via,
        "reason": match.reason,
        "candidates": [candidate.doi for candidate in match.candidates],
    }


def _finding(finding: Finding) -> dict[str, Any]:
    fix = None
    if finding.fix is not None:
        fix = {
            "replacement": finding.fix.replacement,
            "applicability": finding.fix.applicability,
            "span": _span(finding.fix.span or finding.span),
        }
    return {
        "code": finding.code,
        "name": finding.name,
        "severity": finding.severity,
        "field": finding.field,
        "message": finding.message,
        "found": finding.found,
        "expected": finding.expected,
        "span": _span(finding.span),
        "evidence": finding.evidence,
        "fix": fix,
    }


def _span(span: Span) -> dict[str, int]:
    return {"line": span.line, "column": span.column, "end_line": span.end_line, "end_column": span.end_column}


def _input_error(error: InputRemark) -> dict[str, Any]:
    return {"file": error.path, "line": error.line, "message": error.message}
