"""Runs the rules over references and their matches, and decides what is reported.

One decision function (``is_enabled``) holds select / ignore / per-file
ignores: the longest matching prefix wins, and on a tie ignore wins, as in
flake8 and ruff. Inline suppressions are applied after the rules ran, so an
expired suppression can be reported by its own rule.
"""

from __future__ import annotations

import datetime
import fnmatch
from collections.abc import Sequence
from pathlib import Path

from citelint.config import Settings
from citelint.model import Diagnostic, Finding, Match, Reference
from citelint.results import ReferenceResult
from citelint.rules import RULES, Context, RuleModule
from citelint.suppression import suppresses


def _longest_prefix(code: str, prefixes: Sequence[str]) -> int:
    return max((len(prefix) for prefix in prefixes if code.startswith(prefix)), default=-1)


def is_enabled(code: str, select: Sequence[str], ignore: Sequence[str]) -> bool:
    selected = _longest_prefix(code, select)
    return selected >= 0 and selected > _longest_prefix(code, ignore)


def file_ignores(settings: Settings, path: str) -> tuple[str, ...]:
    """Codes ignored for one file by per-file-ignores (globs relative to the config's folder)."""
    if not settings.per_file_ignores:
        return ()
    candidates = {path.replace("\\", "/")}
    if settings.path is not None:
        try:
            candidates.add(Path(path).resolve().relative_to(settings.path.parent.resolve()).as_posix())
        except ValueError:
            pass
    ignored: list[str] = []
    for glob, codes in settings.per_file_ignores.items():
        if any(fnmatch.fnmatch(candidate, glob) or fnmatch.fnmatch(Path(candidate).name, glob) for candidate in candidates):
            ignored.extend(codes)
    return tuple(ignored)


def _active_suppressions(reference: Reference, today: datetime.date):
    for suppression in reference.suppressions:
        if suppression.until is None:
            yield suppression
            continue
        try:
            if datetime.date.fromisoformat(suppression.until) >= today:
                yield suppression
        except ValueError:
            continue


def _stamp(rule: RuleModule, diagnostic: Diagnostic, settings: Settings) -> Finding:
    configured = max((prefix for prefix in settings.severity if rule.CODE.startswith(prefix)), key=len, default=None)
    severity = (settings.severity[configured] if configured else None) or diagnostic.severity or rule.SEVERITY
    return Finding(
        code=rule.CODE,
        name=rule.NAME,
        severity=severity,  # type: ignore[arg-type]
        field=diagnostic.field,
        message=diagnostic.message,
        span=diagnostic.span,
        found=diagnostic.found,
        expected=diagnostic.expected,
        fix=diagnostic.fix,
        evidence=diagnostic.evidence,
    )


def check_references(
    references: Sequence[Reference],
    matches: Sequence[Match],
    settings: Settings,
    *,
    today: datetime.date,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] = (),
) -> tuple[ReferenceResult, ...]:
    """Findings for the references of one file, in reference order."""
    if not references:
        return ()
    selected = tuple(select) if select else settings.select
    ignored = (*settings.ignore, *ignore, *file_ignores(settings, references[0].file))
    rules = [rule for code, rule in RULES.items() if is_enabled(code, selected, ignored)]
    contexts = {
        rule.CODE: Context(
            options=settings.rule_options.get(rule.CODE, rule.OPTIONS), references=references, today=today, matches=matches
        )
        for rule in rules
    }
    without_record = [(rule, contexts[rule.CODE]) for rule in rules if not rule.NEEDS_RECORD]
    with_record = [(rule, contexts[rule.CODE]) for rule in rules]
    results = []
    for reference, match in zip(references, matches):
        matched = match.status == "matched" and match.record is not None
        suppressions = list(_active_suppressions(reference, today)) if reference.suppressions else []
        findings = []
        for rule, context in with_record if matched else without_record:
            if suppressions and any(suppresses(suppression, rule.CODE) for suppression in suppressions):
                continue
            for diagnostic in rule.check(reference, match, context):
                findings.append(_stamp(rule, diagnostic, settings))
        findings.sort(key=lambda finding: (finding.span.start, finding.code))
        results.append(ReferenceResult(reference=reference, match=match, findings=tuple(findings)))
    return tuple(results)
