"""Runs the rules over references and their matches, and decides what is reported.

One decision function (``is_enabled``) holds select / ignore / per-file
ignores: the longest matching prefix wins, and on a tie ignore wins, as in
flake8 and ruff. Inline suppressions are applied after the rules ran, so an
expired suppression can be reported by its own rule.

A rule may name rules that supersede it (``SUPERSEDED_BY``): its finding on a
reference is dropped when one of those rules, enabled by the selection, found
something on the same reference. Rules never call each other, so ignoring one
rule never silences another's finding.
"""

from __future__ import annotations

import datetime
import fnmatch
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from pathlib import Path

from citelint.app.config import Settings
from citelint.app.results import ReferenceResult
from citelint.citations.resolve import Document
from citelint.model import (
    Diagnostic,
    Finding,
    Match,
    Reference,
    ReferenceId,
    SourceText,
    Suppression,
)
from citelint.readers.suppression import directives_at_line, suppresses
from citelint.rules import RULES, Context, RuleModule
from citelint.rules._rule import ManuscriptRule, ReferenceRule, is_manuscript_rule, is_reference_rule, prepared


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


def _active_suppressions(suppressions: Sequence[Suppression], today: datetime.date):
    for suppression in suppressions:
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
    documents: Sequence[Document] = (),
    citation_rules_only: AbstractSet[ReferenceId] = frozenset(),
) -> tuple[ReferenceResult, ...]:
    """Findings for the references of one file, in reference order.

    ``documents`` are the manuscripts whose citations reach these references;
    references whose identity is in ``citation_rules_only`` (entries no manuscript
    prints) get the rules of scope "entry" (about being cited) only.
    """
    if not references:
        return ()
    rules: list[ReferenceRule] = [rule for rule in _enabled(settings, references[0].file, select, ignore)
                                  if is_reference_rule(rule)]
    contexts = {
        rule.CODE: prepared(rule, Context(
            options=settings.rule_options.get(rule.CODE, rule.OPTIONS), references=references, today=today,
            matches=matches, documents=documents,
        ))
        for rule in rules
    }
    without_record = [(rule, contexts[rule.CODE]) for rule in rules if not rule.NEEDS_RECORD]
    with_record = [(rule, contexts[rule.CODE]) for rule in rules]
    about_citations = [(rule, contexts[rule.CODE]) for rule in rules if rule.SCOPE == "entry"]
    results = []
    for reference, match in zip(references, matches):
        matched = match.status == "matched" and match.record is not None
        suppressions = list(_active_suppressions(reference.suppressions, today)) if reference.suppressions else []
        findings: list[Finding] = []
        if reference.identity in citation_rules_only:
            applied = about_citations
        else:
            applied = with_record if matched else without_record
        found: dict[str, list[Diagnostic]] = {}
        compared = reference
        if matched:
            compared = aligned(reference, match)
        for rule, context in applied:
            # A rule comparing with the record sees the reference aligned with it; other rules, which
            # may look a reference up among the file's by identity, see it as read.
            subject = compared if rule.SCOPE == "record" else reference
            diagnostics = list(rule.check(subject, match, context))
            if diagnostics:
                found[rule.CODE] = diagnostics
        for rule, _ in applied:
            if rule.CODE not in found or any(code in found for code in getattr(rule, "SUPERSEDED_BY", ())):
                continue
            if suppressions and any(suppresses(suppression, rule.CODE) for suppression in suppressions):
                continue
            findings.extend(_stamp(rule, diagnostic, settings) for diagnostic in found[rule.CODE])
        findings.sort(key=lambda finding: (finding.span.start, finding.code))
        results.append(ReferenceResult(reference=reference, match=match, findings=tuple(findings)))
    return tuple(results)


def aligned(reference: Reference, match: Match) -> Reference:
    """The reference as the comparisons (CL2xx) read it: each field where the matched record's stands.

    Where the fields stand was located with the decision; it is used when it was located in this
    reference's own text (references that share a match may print it otherwise)."""
    from citelint.match.alignment import align, apply_alignment

    assert match.record is not None
    located = match.alignment
    if located is not None and located.text == reference.text:
        return apply_alignment(reference, located, match.record)
    return align(reference, match.record)


def check_document(
    document: Document,
    settings: Settings,
    sources: Mapping[str, SourceText],
    *,
    today: datetime.date,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] = (),
) -> dict[str, list[Finding]]:
    """Findings of the citation rules for one manuscript, by the file each citation is in.

    A citation is suppressed by a directive on its own line, or alone on the
    line above (``% citelint: ignore[CL401]`` in LaTeX, ``<!-- ... -->`` in Markdown).
    """
    found: dict[str, list[Finding]] = {}
    enabled_in: dict[str, set[str]] = {}  # per file: per-file-ignores apply where the citation is
    manuscript_rules: list[ManuscriptRule] = [rule for rule in _enabled(settings, document.path, select, ignore)
                                              if is_manuscript_rule(rule)]
    for rule in manuscript_rules:
        context = Context(options=settings.rule_options.get(rule.CODE, rule.OPTIONS), references=document.entries,
                          today=today, documents=(document,))
        for diagnostic in rule.check_citations(document, context):
            path = diagnostic.file or document.path
            if path not in enabled_in:
                enabled_in[path] = {other.CODE for other in _enabled(settings, path, select, ignore)}
            if rule.CODE not in enabled_in[path]:
                continue
            source = sources.get(path)
            if source is not None and _suppressed_on_line(source, diagnostic.span.line, rule.CODE, today):
                continue
            found.setdefault(path, []).append(_stamp(rule, diagnostic, settings))
    for findings in found.values():
        findings.sort(key=lambda finding: (finding.span.start, finding.code))
    return found


def _enabled(settings: Settings, path: str, select: Sequence[str] | None, ignore: Sequence[str]) -> list[RuleModule]:
    selected = tuple(select) if select else settings.select
    ignored = (*settings.ignore, *ignore, *file_ignores(settings, path))
    return [rule for code, rule in RULES.items() if is_enabled(code, selected, ignored)]


def _suppressed_on_line(source: SourceText, line: int, code: str, today: datetime.date) -> bool:
    """Whether a directive on the citation's line, or alone on the line above it, covers the code."""
    directives = directives_at_line(source, line)
    return any(suppresses(directive, code) for directive in _active_suppressions(directives, today))
