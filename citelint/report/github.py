"""GitHub Actions workflow commands: one annotation per finding, input errors and notices.

    ::error file=refs.txt,line=3,col=40,endLine=3,endColumn=45,title=citelint CL203::CL203 pages differ (45-67 → 45-76)

Values are escaped as @actions/core does: the message with ``escapeData``
(``%`` ``\\r`` ``\\n``), properties with ``escapeProperty`` (also ``:`` and
``,``). A reference's text therefore cannot end the command early or start
a new one on another line; terminal escape sequences and bidirectional
overrides are dropped so it cannot restyle or reorder the log either.
"""

from __future__ import annotations

from citelint.app.results import InputRemark, Report
from citelint.model import Finding, Reference
from citelint.report import unchecked, without_escapes

_COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
_WORST_FIRST = ("error", "warning", "notice")
# GitHub shows at most this many annotations of each kind for one step and drops the rest.
PER_STEP_LIMIT = 10


def render(report: Report) -> str:
    """Annotations worst first; past GitHub's per-step limit, one note says how many more the log holds."""
    commands: list[tuple[str, str]] = [
        (_COMMANDS[finding.severity], _command(_COMMANDS[finding.severity], _finding_properties(file.path, finding),
                                               _message(finding)))
        for file in report.files
        for finding in (*file.findings, *(finding for result in file.references for finding in result.findings))
    ]
    commands += [("error", _command("error", _input_properties(error), error.message)) for error in report.errors]
    commands += [
        ("warning", _command("warning", _reference_properties(path, reference, "unchecked"),
                             f"not checked against its record: {reason}"))
        for path, reference, reason in unchecked(report)
    ]
    commands += [("notice", _command("notice", _input_properties(notice), notice.message)) for notice in report.notices]
    lines = []
    for kind in _WORST_FIRST:
        of_kind = [line for name, line in commands if name == kind]
        if len(of_kind) > PER_STEP_LIMIT:
            dropped = len(of_kind) - PER_STEP_LIMIT + 1
            of_kind = of_kind[: PER_STEP_LIMIT - 1] + [_command(kind, {"title": "citelint"}, (
                f"{dropped} more {kind} annotations not shown: GitHub shows {PER_STEP_LIMIT} of each kind "
                "per step; the log and the job summary list every finding"))]
        lines += of_kind
    return "".join(line + "\n" for line in lines)


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def _command(name: str, properties: dict[str, str], message: str) -> str:
    listed = ",".join(f"{key}={escape_property(without_escapes(value))}" for key, value in properties.items())
    return f"::{name} {listed}::{escape_data(without_escapes(message))}"


def _finding_properties(path: str, finding: Finding) -> dict[str, str]:
    span = finding.span
    return {
        "file": path,
        "line": str(span.line),
        "col": str(span.column),
        "endLine": str(span.end_line),
        "endColumn": str(span.end_column),
        "title": f"citelint {finding.code}",
    }


def _reference_properties(path: str, reference: Reference, title: str) -> dict[str, str]:
    return {
        "file": path,
        "line": str(reference.span.line),
        "endLine": str(reference.span.end_line),
        "title": f"citelint {title}",
    }


def _input_properties(error: InputRemark) -> dict[str, str]:
    properties = {"file": error.path}
    if error.line:
        properties["line"] = str(error.line)
    properties["title"] = "citelint"
    return properties


def _message(finding: Finding) -> str:
    if finding.found is not None and finding.expected is not None:
        values = f" ({finding.found} → {finding.expected})"
    elif finding.expected is not None:
        values = f" (expected {finding.expected})"
    elif finding.found is not None:
        values = f" (found {finding.found})"
    else:
        values = ""
    return f"{finding.code} {finding.message}{values}"
