"""The CSL-JSON and CSL-YAML readers: fields and their spans, export shapes, hostile input."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from citelint.app.config import Settings
from citelint.app.engine import check_references
from citelint.model import OFFLINE, REFERENCE_FIELDS, Reference, SourceText
from citelint.readers import InputFailure, load
from citelint.readers.csl import read_csl_json, read_csl_yaml
from tests.readers.checks import assert_damage_is_handled

CSL = Path(__file__).parents[2] / "fixtures" / "manuscripts" / "csl"
KESSLER_TITLE = ("Lifetime prevalence and age-of-onset distributions of DSM-IV disorders in the National "
                 "Comorbidity Survey Replication")

ZOTERO = {
    1: {"key": "http://zotero.org/users/local/Wz4Jq0S8/items/6D2ZKX8Q", "type": "article", "title": "Suicide",
        "container": "New England Journal of Medicine", "year": "2020", "volume": "382", "issue": "3",
        "pages": "266-274", "doi": "10.1056/NEJMra1902944", "url": "https://doi.org/10.1056/NEJMra1902944",
        "authors": [("Fazel", "Seena", ""), ("Runeson", "Bo", "")]},
    2: {"type": "article", "title": KESSLER_TITLE, "container": "Archives of General Psychiatry", "year": "2005",
        "volume": "62", "issue": "6", "pages": "593–-602", "doi": "10.1001/archpsyc.62.6.593",
        "authors": [("Kessler", "Ronald C.", ""), ("Berglund", "Patricia", "")]},
    3: {"key": "who2021", "type": "report", "title": "Suicide worldwide in 2019: global health estimates",
        "publisher": "World Health Organization", "year": "2021", "container": None,
        "authors": [("", "", "World Health Organization")]},
    4: {"key": "vanos2010", "title": "Gene–environment interactions in schizophrenia: review of epidemiological "
        "findings and future directions", "container": "Nature", "year": "2010", "volume": "468",
        "pages": "203–209", "doi": "10.1038/nature09563", "authors": [("van Os", "Jim", "")]},
}
PANDOC = {
    1: {"key": "fazel2020", "type": "article", "title": "Suicide", "container": "New England Journal of Medicine",
        "year": "2020", "volume": "382", "issue": "3", "pages": "266-274", "doi": "10.1056/NEJMra1902944",
        "authors": [("Fazel", "Seena", ""), ("Runeson", "Bo", "")]},
    2: {"key": "kessler2005", "title": KESSLER_TITLE, "container": "Archives of General Psychiatry",
        "year": "2105", "volume": "62", "pages": "593-602", "doi": "10.1001/archpsyc.62.6.593", "issue": None,
        "authors": [("Kessler", "Ronald C.", "")]},
}
# Printed otherwise than the value: the CSL type, a literal year, JSON escapes, a name's particle.
RAW_TYPES = {"article": "article-journal", "report": "report"}



def read_fixture(name: str) -> tuple[SourceText, list[Reference]]:
    source = load(str(CSL / name))
    return source, (read_csl_json if name.endswith(".json") else read_csl_yaml)(source)


def check_fields(references: list[Reference], expected: dict) -> None:
    assert [reference.index for reference in references] == list(expected)
    for reference in references:
        for name, value in expected[reference.index].items():
            if name == "authors":
                assert [(a.family, a.given, a.organisation) for a in reference.authors] == value
            else:
                assert getattr(reference, name) == value, (reference.index, name)


def decoded(printed: str, name: str, json_file: bool) -> str:
    if json_file and name != "authors":
        printed = json.loads(f'"{printed}"')
    return " ".join(printed.split())


@pytest.mark.parametrize(("name", "expected"), [("zotero.json", ZOTERO), ("pandoc.yaml", PANDOC)])
def test_fixture_fields_and_spans(name, expected):
    source, references = read_fixture(name)
    check_fields(references, expected)
    for reference in references:
        assert source.text[reference.span.start : reference.span.end] == reference.text
        assert reference.text.startswith(("{", "id:")) and reference.text.rstrip()[-1] in "}0123456789"
        for field in REFERENCE_FIELDS:
            value = getattr(reference, field) if field != "authors" else reference.authors
            span = reference.spans.get(field)
            if not value:
                assert span is None
                continue
            assert span is not None and span == source.span(span.start, span.end), (reference.index, field)
            if field == "authors":
                continue
            printed = decoded(source.text[span.start : span.end], field, name.endswith(".json"))
            assert printed == (RAW_TYPES[value] if field == "type" else value), (reference.index, field)
        for author in reference.authors:
            printed = decoded(source.text[author.span.start : author.span.end], "", name.endswith(".json"))
            assert printed == (author.organisation or author.family.split()[-1])


def test_suppression_in_a_yaml_comment():
    _, references = read_fixture("pandoc.yaml")
    assert [s.codes for s in references[1].suppressions] == [("CL209",)]
    assert references[0].suppressions == ()


@pytest.mark.parametrize(("name", "found"), [("zotero.json", [(2, "CL102")]), ("pandoc.yaml", [(2, "CL104")])])
def test_the_planted_error_is_reported_offline(name, found):
    _, references = read_fixture(name)
    results = check_references(references, [OFFLINE] * len(references), Settings(), today=datetime.date(2026, 11, 26))
    assert [(result.reference.index, finding.code) for result in results for finding in result.findings] == found


def test_json_escapes_are_decoded_and_spans_cover_them():
    text = '{"items": [{"id": 7, "title": "A \\"quoted\\" \\u2013 title", "page": 12, "issued": {"raw": "May 2019"}}]}'
    (reference,) = read_csl_json(SourceText("refs.json", text))
    assert (reference.key, reference.title, reference.pages, reference.year) == ("7", 'A "quoted" – title', "12", "2019")
    assert reference.printed("title") == 'A \\"quoted\\" \\u2013 title'
    assert reference.printed("pages") == "12"
    assert reference.printed("year") == "2019"


def test_yaml_quoting_and_blocks():
    text = ("- id: a\n  title: >-\n    Folded\n    title\n  container-title: 'It''s a journal'\n"
            "  issued: 2019-05-01\n  DOI: \"doi:10.1/x\"\n")
    (reference,) = read_csl_yaml(SourceText("refs.yaml", text))
    assert (reference.title, reference.container, reference.year, reference.doi) == (
        "Folded title", "It's a journal", "2019", "10.1/x")
    assert "title" not in reference.spans  # a folded block: no one stretch holds the value
    assert reference.printed("container") == "It''s a journal"
    assert reference.printed("year") == "2019"
    assert reference.printed("doi") == "10.1/x"


@pytest.mark.parametrize(
    ("reader", "text", "message"),
    [
        (read_csl_json, '[{"id": "a", "title": "Trunc', "refs.json:1: not valid JSON: Unterminated string"),
        (read_csl_json, '[\n{"id": "a"},\n]', "refs.json:3: not valid JSON"),
        (read_csl_json, '{"id": "a"}', "refs.json:1: not a CSL file: expected a list of items or 'items:'"),
        (read_csl_json, "[" * 100 + "]" * 100, "refs.json: not a CSL-JSON file: nested too deeply"),
        (read_csl_json, "[" * 100000 + "]" * 100000, "refs.json: not a CSL-JSON file: nested too deeply"),
        (read_csl_json, "\x7fELF\x02\x01", "refs.json:1: not valid JSON"),
        (read_csl_yaml, "references:\n- id: a\n  title: [unclosed\n", "refs.json:4: not valid YAML"),
        (read_csl_yaml, "title: Not a list\n", "refs.json:1: not a CSL file"),
        (read_csl_yaml, "- id: a\n  title: b\x01junk\n", "refs.json:2: not valid YAML: control characters are not allowed"),
        (read_csl_yaml, ("a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                        "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
                        "references: [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n"),
         "refs.json:1: not a CSL-YAML file: too many nested or aliased values"),
    ],
)
def test_hostile_input_gives_one_line(reader, text, message):
    with pytest.raises(InputFailure) as failure:
        reader(SourceText("refs.json", text))
    assert str(failure.value).startswith(message)
    assert "\n" not in str(failure.value)


@pytest.mark.parametrize(
    ("reader", "text"),
    [(read_csl_json, "[]"), (read_csl_json, '{"items": []}'), (read_csl_json, '[1, "x", null, []]'),
     (read_csl_yaml, ""), (read_csl_yaml, "references: []\n"), (read_csl_yaml, "- just text\n"),
     (read_csl_yaml, "- !!python/object/apply:os.system ['false']\n")],  # composed, never constructed
)
def test_no_items(reader, text):
    assert reader(SourceText("refs", text)) == []


def test_one_title_in_a_list_as_crossref_writes_it():
    text = '[{"title": ["Suicide"], "container-title": [], "container-title-short": ["N Engl J Med"]}]'
    (reference,) = read_csl_json(SourceText("refs.json", text))
    assert (reference.title, reference.printed("title"), reference.container) == ("Suicide", "Suicide", "N Engl J Med")


def test_odd_values_are_skipped_not_fatal():
    text = ('[{"title": ["one", "two"], "author": [{"family": 3}, "x", {"given": "Only"}, {"family": "Ok"}],'
            ' "issued": {"date-parts": [[]]}, "DOI": null, "volume": true}]')
    (reference,) = read_csl_json(SourceText("refs.json", text))
    assert (reference.title, reference.year, reference.doi, reference.volume) == (None, None, None, None)
    assert [(a.family, a.given) for a in reference.authors] == [("3", ""), ("Ok", "")]


def test_pure_python_yaml_reads_as_libyaml_does(monkeypatch):
    from citelint.readers import csl

    yaml = pytest.importorskip("yaml")
    _, fast = read_fixture("pandoc.yaml")
    monkeypatch.setattr(csl, "_yaml_loader", lambda: yaml.SafeLoader)
    _, slow = read_fixture("pandoc.yaml")
    assert slow == fast


@pytest.mark.parametrize("name", ["zotero.json", "pandoc.yaml"])
def test_damaged_files_give_references_or_one_line(name):
    reader = read_csl_json if name.endswith(".json") else read_csl_yaml
    assert_damage_is_handled((CSL / name).read_text(encoding="utf-8"), reader)


def test_yaml_comments_above_an_item_belong_to_it():
    text = ("references:\n# citelint: ignore[CL104]\n- id: a\n  author:\n  - family: X\n"
            "# citelint: ignore[CL101]\n- id: b\n  issued: [2019]\n\n")
    first, second = read_csl_yaml(SourceText("refs.yaml", text))
    assert ([s.codes for s in first.suppressions], [s.codes for s in second.suppressions]) == ([("CL104",)], [("CL101",)])
    assert (first.text, second.text) == ("id: a\n  author:\n  - family: X", "id: b\n  issued: [2019]")
