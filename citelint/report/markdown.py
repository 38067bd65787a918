"""Markdown report for ``$GITHUB_STEP_SUMMARY`` and pull-request comments.

Counts first, then one table per file with findings. Every cell holding
user data is escaped: Markdown punctuation is backslash-escaped, HTML
special characters become entities, and line breaks and control characters
become spaces, so a reference can neither break the table nor inject markup.
"""

from __future__ import annotations

import html
import re

from citelint.app.results import FileResult, InputRemark, Report
from citelint.model import Finding
from citelint.report import Summary, printable, summarize, unchecked_lines

# Punctuation with a meaning inside a line of Markdown (CommonMark and GitHub's
# tables and strikethrough); what matters only at the start of a line cannot
# occur there, as user text always follows a "|", a heading or a list marker.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()|~])")
_STATUS_LABELS = {
    "matched": "matched",
    "ambiguous": "ambiguous",
    "not-found": "not found",
    "unchecked": "unchecked",
    "offline": "offline",
}


def render(report: Report) -> str:
    summary = summarize(report)
    lines = ["## citelint", "", *_counts(summary), ""]
    for file in report.files:
        if file.findings or any(result.findings for result in file.references):
            lines += _file_table(file)
    lines += _input_problems("Files that could not be read", report.errors)
    lines += _input_problems("Notes", report.notices)
    return "\n".join(lines).rstrip("\n") + "\n"


def cell(text: str) -> str:
    """User text as the content of one table cell."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", printable(text))
    return html.escape(escaped, quote=False)


def _counts(summary: Summary) -> list[str]:
    files = "file" if summary.files == 1 else "files"
    lines = [
        (f"**{summary.references} references** in {summary.files} {files}: "
         f"{summary.clean} without findings, {summary.with_findings} with findings"
         + (f"; {summary.citation_findings} {'finding' if summary.citation_findings == 1 else 'findings'} "
            "about citations." if summary.citation_findings else ".")),
        "",
        "| Findings | Count |",
        "|---|---:|",
        *(f"| {severity} | {count} |" for severity, count in summary.by_severity.items()),
        f"| **total** | **{summary.findings}** |",
    ]
    if summary.by_rule:
        lines += ["", "| Rule | Name | Count |", "|---|---|---:|"]
        lines += [f"| {code} | {cell(summary.rule_names[code])} | {count} |" for code, count in summary.by_rule.items()]
    statuses = ", ".join(f"{_STATUS_LABELS[status]} {count}" for status, count in summary.match.items() if count)
    if statuses:
        lines += ["", f"Published records: {statuses}."]
    if summary.unchecked_causes:
        lines += ["", *(f"- {cell(line)}." for line in unchecked_lines(summary))]
    return lines


def _file_table(file: FileResult) -> list[str]:
    lines = [f"### {cell(file.path)}", "", "| Line | Code | Severity | Message | Found → expected |", "|---:|---|---|---|---|"]
    findings = [*file.findings, *(finding for result in file.references for finding in result.findings)]
    for finding in findings:
        lines.append(
            f"| {finding.span.line} | {finding.code} | {finding.severity} "
            f"| {cell(finding.message)} | {_values(finding)} |"
        )
    return [*lines, ""]


def _values(finding: Finding) -> str:
    found = cell(finding.found) if finding.found is not None else ""
    expected = cell(finding.expected) if finding.expected is not None else ""
    if found and expected:
        return f"{found} → {expected}"
    if expected:
        return f"→ {expected}"
    return found


def _input_problems(title: str, problems: tuple[InputRemark, ...]) -> list[str]:
    if not problems:
        return []
    return [f"### {title}", "", *(f"- {cell(str(problem))}" for problem in problems), ""]
