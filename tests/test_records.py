"""Crossref work messages to Records: every recorded sample, and the odd shapes deposits take."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citelint.match.records import headline_from_crossref, record_from_crossref
from citelint.model import Author, Update

SAMPLES = Path(__file__).resolve().parent.parent / "fixtures" / "crossref-samples"
SAMPLE_FILES = sorted(SAMPLES.glob("works/*.json")) + sorted(SAMPLES.glob("items/*.json"))


def test_the_recorded_samples_are_in_the_repository() -> None:
    assert len(SAMPLE_FILES) >= 40, f"{SAMPLES} is missing or incomplete"


def message(name: str) -> dict:
    path = next(p for p in SAMPLE_FILES if name in p.name)
    document = json.loads(path.read_text(encoding="utf-8"))
    return document.get("message", document) if "message-type" in document else document


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name[:60])
def test_every_sample_converts(path: Path) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    record = record_from_crossref(document["message"] if "message-type" in document else document)
    assert record.doi and record.doi == record.doi.lower()
    assert "<" not in record.title and "\n" not in record.title and "  " not in record.title


@pytest.mark.parametrize(("name", "field", "expected"), [
    ("icdcsw.2003", "year_issued", None),  # issued: [[null]]
    ("icdcsw.2003", "page", "877-882"),
    ("jclinpath", "years", (2020, 2021)),  # online 2020, print 2021
    ("jclinpath", "year_print", 2021),
    ("jclinpath", "year_online", 2020),
    ("fee.70021", "title", "The role of AI in ecology’s computational carbon footprint"),
    ("0147037x", "title", "Women in Ming China."),
    ("srep16696", "article_number", "16696"),
    ("srep16696", "short_containers", ("Sci Rep",)),
    ("neurobiolaging", "container", "Neurobiology of Aging"),
    ("ece3.2314", "relations", {"has-preprint": ("10.1101/014852",)}),
    ("biorxiv-preprint", "container", "bioRxiv"),  # preprints: the server, for want of a container title
    ("german_subtitle", "subtitle", "Operationstechnik, Indikationen, Ergebnisse und Limitationen"),
    ("french_subtitle", "subtitle", ""),
    ("physrevb", "article_number", "104436"),
])
def test_sample_fields(name: str, field: str, expected: object) -> None:
    record = record_from_crossref(message(name))
    value = getattr(record, field)
    assert (dict(value) if field == "relations" else value) == expected


def test_retraction_watch_updates() -> None:
    record = record_from_crossref(message("s0140-6736_97_11096-0"))
    assert record.updated_by == (
        Update(type="correction", doi="10.1016/s0140-6736(04)15715-2", date="2004-03-06",
               source="retraction-watch", label="Correction"),
        Update(type="retraction", doi="10.1016/s0140-6736(10)60175-4", date="2010-02-06",
               source="retraction-watch", label="Retraction"),
    )
    assert record.authors[0] == Author(family="Wakefield", given="AJ")
    notice = record_from_crossref(message("acsami.9b11759"))
    assert notice.update_to[0].type == "retraction" and notice.update_to[0].doi == "10.1021/am300292v"


@pytest.mark.parametrize(("work", "field", "expected"), [
    ({}, "doi", ""),
    ({"DOI": "10.1/ABC"}, "doi", "10.1/abc"),
    ({"title": []}, "title", ""),
    ({"title": "not a list"}, "title", ""),
    ({"title": [None, "  Second\n   title "]}, "title", "Second title"),
    ({"title": ["A &amp;amp; B <i>in</i> C"]}, "title", "A & B in C"),
    ({"author": [{"name": "WHO Consortium"}]}, "authors", (Author(organisation="WHO Consortium"),)),
    ({"author": [{"given": "Cher"}]}, "authors", (Author(family="Cher"),)),
    ({"author": ["Smith", {"sequence": "first"}, {"family": "Li", "given": "W"}]}, "authors",
     (Author(family="Li", given="W"),)),
    ({"issued": {"date-parts": [[None]]}}, "year_issued", None),
    ({"issued": {"date-parts": []}}, "year_issued", None),
    ({"issued": {"date-parts": [["2019", 3]]}}, "year_issued", 2019),
    ({"issued": None}, "year_issued", None),
    ({"published-print": {"date-parts": [[2001, 2, 3]]}}, "year_print", 2001),
    ({"volume": 12}, "volume", "12"),
    ({"volume": " 1\t2\u00a0\n"}, "volume", "1 2"),  # every kind of white space folded
    ({"title": ["<i>Title</i>\n   ."]}, "title", "Title."),
    ({"title": ["Line\nbreak\u2003and  runs"]}, "title", "Line break and runs"),
    ({"updated-by": [{"type": "retraction"}, "junk"]}, "updated_by", ()),
    ({"update-to": [{"DOI": "10.1/X", "type": "retraction", "updated": {"date-parts": [[2020, 1]]}}]},
     "update_to", (Update(type="retraction", doi="10.1/x", date="2020-01"),)),
    ({"relation": {"has-preprint": [{"id": "10.1101/1"}, {"no-id": 1}], "cites": []}}, "relations",
     {"has-preprint": ("10.1101/1",)}),
    ({"relation": []}, "relations", {}),
    ({"short-container-title": ["", "J. Foo"]}, "short_containers", ("J. Foo",)),
    ({"ISSN": ["1234-5678", None]}, "issns", ("1234-5678",)),
])
def test_defensive_conversion(work: dict, field: str, expected: object) -> None:
    value = getattr(record_from_crossref(work), field)
    assert (dict(value) if field == "relations" else value) == expected


HEADLINE_FIELDS = ("doi", "type", "title", "subtitle", "update_to")


@pytest.mark.parametrize("work", [
    *(pytest.param(json.loads(path.read_text(encoding="utf-8")), id=path.name[:60]) for path in SAMPLE_FILES),
    {}, {"DOI": " 10.1/ABC ", "type": 7, "title": [None, " A\n title "], "subtitle": "not a list"},
    {"title": ["Retracted: x"], "update-to": [{"DOI": "10.1/X", "type": "retraction"}, "junk"]},
])
def test_headline_is_the_records_identifying_fields(work: dict) -> None:
    """Matching rejects search candidates on their headline: it must say what the full Record says."""
    work = work.get("message", work) if "message-type" in work else work
    record, headline = record_from_crossref(work), headline_from_crossref(work)
    assert {name: getattr(headline, name) for name in HEADLINE_FIELDS} == {
        name: getattr(record, name) for name in HEADLINE_FIELDS}
