"""Concise report: one line a finding, as ruff and compilers print them, then a short summary.

    paper/refs.txt:1:92: CL203 pages-mismatch page range differs from the published record (45-67 → 45-76) [*]

``[*]`` marks a finding with a safe fix (``--fix`` applies it). Lines are
never wrapped and carry no trailing spaces, so ``grep``, ``sort``, ``tail``
and an editor's error list read them as they are. User text goes through
``printable``: it cannot break a line or restyle the terminal.
"""

from __future__ import annotations

from citelint.app.results import Report
from citelint.model import Finding
from citelint.report import Summary, lookup_line, plural, printable, summarize, unchecked_lines

_VALUE_SHOWN = 60  # longest found / expected value added to a message


def render(report: Report, *, quiet: bool = False) -> str:
    """Every finding on its own line, file by file; with ``quiet``, no summary."""
    lines = [
        finding_line(file.path, finding)
        for file in report.files
        for finding in sorted(
            (*file.findings, *(finding for result in file.references for finding in result.findings)),
            key=lambda finding: (finding.span.start, finding.code),
        )
    ]
    if not quiet:
        lines += [f"note: {printable(str(notice))}" for notice in report.notices]
        lines += summary_lines(summarize(report))
    return "".join(line + "\n" for line in lines)


def finding_line(path: str, finding: Finding) -> str:
    span = finding.span
    fixable = " [*]" if finding.fix is not None and finding.fix.applicability == "safe" else ""
    return (f"{printable(path)}:{span.line}:{span.column}: {finding.code} {finding.name} "
            f"{printable(finding.message)}{_values(finding)}{fixable}")


def _values(finding: Finding) -> str:
    """The printed and expected values, when short and not already in the message."""
    found = printable(finding.found) if finding.found is not None else ""
    expected = printable(finding.expected) if finding.expected is not None else ""
    if len(found) > _VALUE_SHOWN or len(expected) > _VALUE_SHOWN:
        return ""
    if found and expected and not (found in finding.message and expected in finding.message):
        return f" ({found} → {expected})"
    return ""


def summary_lines(summary: Summary) -> list[str]:
    """ruff's closing lines: how many findings, how many fixable, and what could not be checked."""
    if summary.findings:
        severities = ", ".join(plural(count, severity) for severity, count in summary.by_severity.items() if count)
        lines = [f"Found {plural(summary.findings, 'finding')} ({severities}) "
                 f"in {plural(summary.files, 'file')}; {lookup_line(summary)}."]
    else:
        lines = [f"No findings in {plural(summary.files, 'file')}; {lookup_line(summary)}."]
    safe, unsafe = summary.fixable["safe"], summary.fixable["unsafe"]
    if safe:
        more = f" ({unsafe} more with --unsafe-fixes)" if unsafe else ""
        lines.append(f"[*] {safe} fixable with --fix{more}.")
    elif unsafe:
        lines.append(f"{plural(unsafe, 'fix', 'fixes')} available with --fix --unsafe-fixes.")
    lines += [f"{line}." for line in unchecked_lines(summary)]
    return lines
