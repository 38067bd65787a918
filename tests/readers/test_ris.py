"""The RIS reader: fields and their spans, records, continuation lines, hostile input."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from citelint.app.config import Settings
from citelint.app.engine import check_references
from citelint.model import OFFLINE, REFERENCE_FIELDS, Reference, SourceText
from citelint.readers import load
from citelint.readers.ris import read_ris
from tests.readers.checks import assert_damage_is_handled

EXPORT = Path(__file__).parents[2] / "fixtures" / "manuscripts" / "ris" / "export.ris"

EXPECTED = {
    1: {"key": "fazel2020", "type": "article", "title": "Suicide", "container": "New England Journal of Medicine",
        "year": "2020", "volume": "382", "issue": "3", "pages": "266-274", "doi": "10.1056/NEJMra1902944",
        "url": "https://www.nejm.org/doi/10.1056/NEJMra1902944",
        "authors": [("Fazel", "Seena", ""), ("Runeson", "Bo", "")]},
    2: {"key": None, "type": "article", "container": "Archives of General Psychiatry", "year": "2005",
        "title": "Lifetime prevalence and age-of-onset distributions of DSM-IV disorders in the National "
                 "Comorbidity Survey Replication",
        "volume": "62", "issue": "6", "pages": "617-593", "doi": "10.1001/archpsyc.62.6.593",
        "authors": [("Kessler", "Ronald C.", ""), ("Berglund", "Patricia", ""), ("Demler", "Olga", ""),
                    ("Jin", "Robert", ""), ("Merikangas", "Kathleen R.", ""), ("Walters", "Ellen E.", "")]},
    3: {"key": None, "type": "book", "title": "Diagnostic and Statistical Manual of Mental Disorders",
        "container": None, "year": "2013", "edition": "5th", "publisher": "American Psychiatric Publishing",
        "doi": "10.1176/appi.books.9780890425596", "authors": [("", "", "American Psychiatric Association")]},
}
# Printed differently from the value: the DOI after its link, the year before "/01/16/".
PRINTED = {(3, "doi"): "10.1176/appi.books.9780890425596", (1, "year"): "2020", (1, "type"): "JOUR",
           (2, "type"): "JOUR", (3, "type"): "BOOK"}



def read(text: str) -> list[Reference]:
    return read_ris(SourceText("refs.ris", text))


@pytest.fixture(scope="module")
def export() -> tuple[SourceText, list[Reference]]:
    source = load(str(EXPORT))
    return source, read_ris(source)


def test_export_fields(export):
    _, references = export
    assert [reference.index for reference in references] == [1, 2, 3]
    for reference in references:
        for name, value in EXPECTED[reference.index].items():
            if name == "authors":
                value = [(a.family, a.given, a.organisation) for a in reference.authors]
                assert value == EXPECTED[reference.index]["authors"]
            else:
                assert getattr(reference, name) == value, (reference.index, name)


def test_every_field_has_its_printed_span(export):
    source, references = export
    for reference in references:
        for name in REFERENCE_FIELDS:
            value = getattr(reference, name) if name != "authors" else reference.authors
            span = reference.spans.get(name)
            if not value:
                assert span is None
                continue
            if name == "pages" and reference.index in (1, 2):
                assert span is None  # SP and EP on two lines: no one span holds the range
                continue
            assert span is not None, (reference.index, name)
            assert span == source.span(span.start, span.end)
            printed = source.text[span.start : span.end]
            assert reference.printed(name) == printed
            if name != "authors":
                assert " ".join(printed.split()) == PRINTED.get((reference.index, name), value)
        for author in reference.authors:
            printed = source.text[author.span.start : author.span.end]
            assert printed == (f"{author.family}, {author.given}" if author.family else author.organisation)


def test_record_spans_and_suppressions(export):
    _source, references = export
    assert [reference.span.line for reference in references] == [1, 18, 37]
    assert all(reference.text.startswith("TY  - ") and reference.text.endswith("ER  - ") for reference in references)
    assert references[1].suppressions[0].codes == ("CL209",)
    assert references[1].suppressions[0].reason == "checked by hand"


def test_the_planted_error_is_reported_offline(export):
    _, references = export
    results = check_references(references, [OFFLINE] * len(references), Settings(), today=datetime.date(2026, 11, 26))
    found = [(result.reference.index, finding.code) for result in results for finding in result.findings]
    assert found == [(2, "CL102")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("", [], id="empty"),
        pytest.param("Smith J. A title. J Biol 2010;1:1-2.\n", [], id="not-ris"),
        pytest.param("AU  - Smith, J\nER  - \n", [], id="tags-outside-records"),
        pytest.param("TY  - JOUR\nTI  - Unclosed\n", [("Unclosed", None)], id="no-er-at-end"),
        pytest.param("TY  - JOUR\nTI  - One\nTY  - JOUR\nTI  - Two\nER  - \n", [("One", None), ("Two", None)],
                     id="ty-closes-the-previous"),
        pytest.param("TY  - JOUR\r\nTI  - Wrapped\r\n  title\r\nSP  - e0123\r\nER  -\r\n", [("Wrapped title", "e0123")],
                     id="continuation-crlf"),
        pytest.param("TY - JOUR\nT1 - Loose spacing\nSP - 5-9\nER -\n", [("Loose spacing", "5-9")], id="one-space"),
        pytest.param("TY  - JOUR\nTI  - \nSP  - 12\nEP  - 12\nER  - \n", [(None, "12")], id="empty-title-same-pages"),
        pytest.param("\x00\x01TY  - \xff\nER  - \n", [], id="junk-before-the-tag"),
        pytest.param("TY  - \xff\x01\nTI  - \x00 \nER  - \n", [("\x00", None)], id="junk-values"),
    ],
)
def test_records(text, expected):
    assert [(reference.title, reference.pages) for reference in read(text)] == expected


def test_single_start_page_keeps_its_span():
    (reference,) = read("TY  - JOUR\nSP  - 617-593\nPY  - 2005/06/01/\nDO  - doi:10.1/x\nER  - \n")
    assert reference.printed("pages") == "617-593"
    assert reference.printed("year") == "2005"
    assert (reference.doi, reference.printed("doi")) == ("10.1/x", "10.1/x")


def test_names_without_comma_are_organisations_and_suffixes_drop():
    (reference,) = read("TY  - RPRT\nAU  - Smith, John, Jr.\nA1  - NASA\nER  - \n")
    assert [(a.family, a.given, a.organisation) for a in reference.authors] == [("Smith", "John", ""), ("", "", "NASA")]
    assert reference.type == "report"


def test_large_export_reads_in_linear_time():
    record = "TY  - JOUR\nAU  - Smith, J\nTI  - A title\nJO  - J Biol\nPY  - 2010\nSP  - 1\nEP  - 9\nER  - \n\n"
    assert len(read(record * 5000)) == 5000


def test_damaged_files_give_references_or_one_line():
    assert_damage_is_handled(EXPORT.read_text(encoding="utf-8"), read_ris)


def test_a_doi_link_in_ur_gives_the_doi_when_do_is_missing():
    (reference,) = read("TY  - JOUR\nUR  - https://doi.org/10.1056/NEJMra1902944\nER  - \n")
    assert (reference.doi, reference.printed("doi")) == ("10.1056/NEJMra1902944", "10.1056/NEJMra1902944")
    assert reference.url == "https://doi.org/10.1056/NEJMra1902944"


def test_authors_keep_their_order_when_au_and_a1_lines_mix():
    (reference,) = read("TY  - JOUR\nA1  - Smith, John\nAU  - Jones, Ann\nA1  - Lee, Kim\nER  - \n")
    assert [author.family for author in reference.authors] == ["Smith", "Jones", "Lee"]
