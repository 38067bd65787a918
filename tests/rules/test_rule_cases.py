"""Table-driven rule tests: one YAML file per rule in cases/, one runner.

Each case gives a printed reference (`text`, parsed by the text reader, or
`text` + `fields` to pin the parse), optionally the matched `record`
(Record fields) and its `confidence`, sibling references (`others`), overrides of
the match (`match`: status, reason, candidates, doi_status, doi_record...), inline
`suppressions` ({codes, until}), rule `options`, and the diagnostics expected, each as a subset of
{field, severity, found, expected, fix, applicability, message, text}
(`message` is a substring; `text` is what the span covers). `expect: []` is a passing case.

A citation case gives a `manuscript` (its `form`: latex, the default, markdown
or prose) and the `entries` of its reference list; a citation rule is run on
the resolved document, a reference rule on every entry with the document as
the citing one.
"""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path

import pytest
import yaml

from citelint.citations.resolve import Document
from citelint.model import OFFLINE, Match, Reference, SourceText, Suppression
from citelint.rules import RULES
from citelint.rules._rule import Context, is_manuscript_rule
from tests.helpers import make_record, make_reference, matched

CASES_DIR = Path(__file__).parent / "cases"
TODAY = datetime.date(2026, 11, 26)


def build_reference(spec: dict, index: int = 1) -> Reference:
    if "fields" in spec:
        fields = dict(spec["fields"])
        reference = make_reference(spec["text"], index=index, kind=spec.get("kind", "text"), **fields)
    else:
        from citelint.readers.refstring import parse_line

        reference = dataclasses.replace(parse_line(spec["text"]), index=index)
    pinned = {name: spec[name] for name in ("key", "kind", "file") if name in spec}
    return dataclasses.replace(reference, **pinned) if pinned else reference


def build_document(case: dict) -> Document:
    """A manuscript case: its text (LaTeX, Markdown or prose) and the entries of its list."""
    from citelint.citations import Cited
    from citelint.citations.latex import latex_citations
    from citelint.citations.pandoc import pandoc_citations
    from citelint.citations.prose import prose_citations
    from citelint.citations.resolve import resolve

    form = case.get("form", "latex")
    source = SourceText(f"paper.{ {'latex': 'tex', 'markdown': 'md', 'prose': 'md'}[form]}", case["manuscript"])
    if form == "latex":
        cited = latex_citations(source, lambda path: None)
    elif form == "markdown":
        cited = pandoc_citations(source)
    else:
        cited = Cited(prose_citations(source, 0, len(source.text)), {source.path: source})
    entries = [build_reference(spec, index) for index, spec in enumerate(case.get("entries", []), 1)]
    return resolve(source.path, cited, entries)


def check_document_case(rule, case: dict) -> list:
    document = build_document(case)
    if is_manuscript_rule(rule):
        context = Context(options=rule.OPTIONS, references=document.entries, today=TODAY, documents=(document,))
        return list(rule.check_citations(document, context))
    context = Context(options=rule.OPTIONS, references=document.entries, today=TODAY, documents=(document,))
    return [diagnostic for entry in document.entries for diagnostic in rule.check(entry, OFFLINE, context)]


def load_cases():
    for path in sorted(CASES_DIR.glob("*.yml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        for number, case in enumerate(document["cases"], 1):
            yield pytest.param(document["rule"], case, id=f"{path.stem}-{number}-{case.get('name', '')}")


@pytest.mark.parametrize(("code", "case"), list(load_cases()))
def test_rule_case(code: str, case: dict) -> None:
    rule = RULES[code]
    if "manuscript" in case:
        assert_expected(rule, check_document_case(rule, case), case.get("expect", []), case["manuscript"])
        return
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
    assert_expected(rule, list(rule.check(reference, match, context)), case.get("expect", []))


def assert_expected(rule, diagnostics: list, expected: list, manuscript: str = "") -> None:
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
            elif key == "text":
                assert manuscript[diagnostic.span.start : diagnostic.span.end] == value
            else:
                assert getattr(diagnostic, key) == value, (key, diagnostic)
