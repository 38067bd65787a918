"""Reporters: one module per output format, and what they share.

Each format module has ``render(report) -> str``; the terminal reporter
(``citelint.report.rich``) also prints to a Rich console. Rich is imported
there only, so importing this package stays cheap.
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import get_args

from citelint.app.results import Report
from citelint.model import SEVERITIES, MatchStatus, Reference

FORMATS = ("rich", "concise", "json", "github", "sarif", "markdown")
MATCH_STATUSES: tuple[str, ...] = get_args(MatchStatus)

# Terminal escape sequences (CSI, OSC, and two-character escapes) in user data.
_ESCAPE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-_])")
_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# What json.dumps(ensure_ascii=False) leaves raw although it can restyle or reorder a terminal or a viewer.
_RAW_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029" + "".join(sorted(_BIDI_CONTROLS)) + "]")


def json_escaped(text: str) -> str:
    """Serialised JSON with DEL, C1 controls, line separators and bidirectional controls as \\uXXXX escapes.

    They can occur only inside strings, so the parsed values are unchanged:
    the JSON and SARIF readers see the same data, a person reading the file
    sees no reordered or restyled text.
    """
    return _RAW_IN_JSON.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def render(format_name: str, report: Report) -> str:
    """The report as text in one of FORMATS."""
    if format_name not in FORMATS:
        raise ValueError(f"unknown report format {format_name!r}")
    module = importlib.import_module(f"citelint.report.{format_name}")
    if format_name == "rich":
        return module.render_text(report)
    return module.render(report)


@dataclass(frozen=True)
class Summary:
    files: int
    references: int
    clean: int  # references without findings
    with_findings: int
    findings: int  # about references, and about files' citations
    citation_findings: int  # of those, the findings about citations in a manuscript's text
    by_severity: dict[str, int]  # every severity, in SEVERITIES order
    by_rule: dict[str, int]  # code -> count, in code order
    rule_names: dict[str, str]  # code -> name, for the codes in by_rule
    match: dict[str, int]  # every match status, in MATCH_STATUSES order
    fixable: dict[str, int]  # "safe" / "unsafe" -> findings with such a fix
    errors: int  # files that could not be read
    looked_up: int  # references whose record was asked for (all but the offline ones)
    unchecked_causes: dict[str, int]  # why lookups failed (URLs left out), most frequent first


def summarize(report: Report) -> Summary:
    results = [result for file in report.files for result in file.references]
    about_text = [finding for file in report.files for finding in file.findings]
    findings = [finding for result in results for finding in result.findings] + about_text
    severities = Counter(finding.severity for finding in findings)
    rules = Counter(finding.code for finding in findings)
    statuses: Counter[str] = Counter(result.match.status for result in results)
    fixes = Counter(finding.fix.applicability for finding in findings if finding.fix)
    with_findings = sum(1 for result in results if result.findings)
    return Summary(
        files=len(report.files),
        references=len(results),
        clean=len(results) - with_findings,
        with_findings=with_findings,
        findings=len(findings),
        citation_findings=len(about_text),
        by_severity={severity: severities[severity] for severity in SEVERITIES},
        by_rule=dict(sorted(rules.items())),
        rule_names={finding.code: finding.name for finding in sorted(findings, key=lambda f: f.code)},
        match={status: statuses[status] for status in MATCH_STATUSES},
        fixable={"safe": fixes["safe"], "unsafe": fixes["unsafe"]},
        errors=len(report.errors),
        looked_up=len(results) - statuses["offline"],
        unchecked_causes=dict(Counter(cause(reason) for _, _, reason in unchecked(report)).most_common()),
    )


_LOOKUP_FAILED = re.compile(r"^lookup failed(?: unexpectedly)?:\s*", re.IGNORECASE)
_PATH_PREFIX = re.compile(r"^/\S*:\s+")  # the request's path, "/works/10.1234/x: "
_URLS = re.compile(r"\s*(?:with url:\s*[^\s)]+|\b(?:https?|file)://[^\s)]+)")
_CAUSED_BY = re.compile(r"\s*\(Caused by .*?(?=\s\(gave up|$)")  # urllib3's nested repr, cut short anyway


def cause(reason: str) -> str:
    """Why a lookup failed, said once for every reference it struck.

    A failure's text may name the path or URL of whichever request met it
    (another reference's); without them the same outage reads the same for all.
    """
    text = _CAUSED_BY.sub("", _URLS.sub("", _PATH_PREFIX.sub("", _LOOKUP_FAILED.sub("", printable(reason)))))
    return re.sub(r"\s+([,;:)])", r"\1", text).strip(" ,;:") or "the lookup failed"


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """``1 finding``, ``2 findings``; info is its own plural."""
    return f"{count} {noun if count == 1 or noun == 'info' else nouns or noun + 's'}"


def lookup_line(summary: Summary) -> str:
    """What happened to the references: read, looked up, and what the lookups found."""
    parts = [f"{plural(summary.references, 'reference')} read"]
    if summary.looked_up:
        parts.append(f"{summary.looked_up} looked up")
        found = {"matched": "matched", "ambiguous": "ambiguous", "not-found": "not found",
                 "unchecked": "not checked"}
        parts += [f"{summary.match[status]} {label}" for status, label in found.items() if summary.match[status]]
    if summary.match["offline"]:
        parts.append(f"{summary.match['offline']} not looked up (offline)")
    return ", ".join(parts)


def unchecked_lines(summary: Summary) -> list[str]:
    """The references no lookup could check, and why: the most frequent cause, said once."""
    if not summary.unchecked_causes:
        return []
    (reason, count), *others = summary.unchecked_causes.items()
    total = count + sum(other for _, other in others)
    line = f"{plural(total, 'reference')} not checked against a record: {reason}"
    if others:
        line += f" ({total - count} of them for {plural(len(others), 'other cause')}: --format json lists them)"
    return [line]



def unchecked(report: Report) -> list[tuple[str, Reference, str]]:
    """(file, reference, reason) for each reference whose lookup failed: every format lists them."""
    return [
        (file.path, result.reference, result.match.reason or "the lookup failed")
        for file in report.files
        for result in file.references
        if result.match.status == "unchecked"
    ]


def printable_with_offsets(text: str) -> tuple[str, list[int]]:
    """User text made safe to show, and where each original offset landed in it.

    Terminal escape sequences and invisible format characters (bidi
    overrides, soft hyphens) are dropped; control characters and runs of
    whitespace become one space, so a reference always shows on flowing lines
    and can neither restyle the terminal nor fake another line of output.
    ``offsets[i]`` is the position in the result of original character ``i``
    (``offsets[len(text)]`` is the result's length).
    """
    if text.isprintable() and "  " not in text and not text.startswith(" "):
        return text, list(range(len(text) + 1))  # the common case: nothing to change
    out: list[str] = []
    offsets = [0] * (len(text) + 1)
    index = 0
    while index < len(text):
        escape = _ESCAPE.match(text, index) if text[index] == "\x1b" else None
        if escape:
            for position in range(index, escape.end()):
                offsets[position] = len(out)
            index = escape.end()
            continue
        char = text[index]
        offsets[index] = len(out)
        category = unicodedata.category(char)
        if char.isspace() or category in ("Cc", "Zl", "Zp"):
            if out and out[-1] != " ":
                out.append(" ")
        elif category != "Cf":
            out.append(char)
        index += 1
    offsets[len(text)] = len(out)
    return "".join(out), offsets


def without_escapes(text: str) -> str:
    """User text without terminal escape sequences, control characters (but tab,
    CR and LF) or bidirectional overrides: what can restyle or reorder a log."""
    text = _ESCAPE.sub("", text)
    return "".join(
        char for char in text
        if char in "\t\r\n" or not (unicodedata.category(char) == "Cc" or char in _BIDI_CONTROLS)
    )


def printable(text: str) -> str:
    return printable_with_offsets(text)[0].strip()
