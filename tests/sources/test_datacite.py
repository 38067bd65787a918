"""DataCite as the second source for DOIs Crossref does not know, against the fake DataCite."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from citelint.match.lookup import check_unknown_doi
from citelint.match.matching import match_reference
from citelint.match.records import record_from_crossref
from citelint.model import Match
from citelint.rules import doi_unknown
from citelint.rules._rule import Context
from citelint.sources import NotInCache, SourceUnavailable
from citelint.sources import cache as response_cache
from citelint.sources.cache import FILE_NAME
from citelint.sources.datacite import (
    CACHE_FILE,
    DEFAULT_URL,
    DataCiteSource,
    datacite_url,
    work_from_datacite,
)
from citelint.sources.limiter import Limiter
from citelint.sources.settings import SourceSettings
from tests.conftest import FAST
from tests.crossref_server import Fault
from tests.datacite_server import FakeDataCite
from tests.helpers import make_reference
from tests.sources.conftest import MAILTO, QUICK, MakeSource

ZENODO = "10.5281/zenodo.592536"
ARXIV = "10.48550/arXiv.1706.03762"
DRYAD = "10.5061/dryad.fixture01"
ARTICLE = "10.5194/fixture-2020-12"
UNKNOWN = "10.5281/zenodo.0000001"

MakeDataCite = Callable[..., DataCiteSource]


@pytest.fixture(scope="module")
def _datacite_server() -> Iterator[FakeDataCite]:
    with FakeDataCite() as server:
        yield server


@pytest.fixture
def datacite_server(_datacite_server: FakeDataCite) -> FakeDataCite:
    _datacite_server.reset()
    return _datacite_server


@pytest.fixture
def make_datacite(datacite_server: FakeDataCite, tmp_path: Path) -> MakeDataCite:
    def make(**overrides: Any) -> DataCiteSource:
        values: dict[str, Any] = {"cache_dir": tmp_path / "cache", "mailto": MAILTO}
        values.update(overrides)
        return DataCiteSource(SourceSettings(**values), url=datacite_server.url, limiter=Limiter(FAST), policy=QUICK)

    return make


# -- converting DataCite attributes --------------------------------------------------------


@pytest.mark.parametrize(
    ("doi", "expected"),
    [
        # A concept DOI (it "HasVersion"s) has no one year: its publicationYear is the latest version's.
        (ZENODO, {"type": "software", "title": "Matplotlib: Visualization with Python", "year_issued": None,
                  "authors": (("", "", "The Matplotlib Development Team"),), "publisher": "Zenodo",
                  "container": "", "relations": {"has-version": ("10.5281/zenodo.11201097",)}}),
        (ARXIV, {"type": "posted-content", "title": "Attention Is All You Need", "year_issued": 2017,
                 "publisher": "arXiv", "container": ""}),
        (DRYAD, {"type": "dataset", "subtitle": "hourly buoy records", "year_issued": 2021, "publisher": "Dryad",
                 "authors": (("Okonkwo", "Adaeze", ""), ("Lindqvist", "Per", ""),
                             ("", "", "Coastal Monitoring Network")),
                 "relations": {"is-cited-by": ("10.1234/ocean.2021.77",)}}),
        (ARTICLE, {"type": "journal-article", "container": "Journal of Cryosphere Surveys", "volume": "14",
                   "issue": "3", "page": "201-219", "authors": (("Moreau", "Claire", ""), ("Tanaka", "Hiroshi", ""))}),
        ("10.14454/fxws-0523", {"type": "other", "year_issued": 2021,
                                "authors": (("", "", "DataCite Metadata Working Group"),)}),
    ],
)
def test_datacite_attributes_become_the_record_crossref_would_give(
    make_datacite: MakeDataCite, doi: str, expected: dict[str, Any]
) -> None:
    work = make_datacite().work(doi)
    assert work is not None
    record = record_from_crossref(work)
    assert record.doi == doi.lower()
    for name, value in expected.items():
        if name == "authors":
            assert tuple((a.family, a.given, a.organisation) for a in record.authors) == value
        else:
            assert getattr(record, name) == value, name


@pytest.mark.parametrize(
    ("attributes", "title", "year", "authors"),
    [
        ({}, "", None, ()),
        ({"titles": "not a list", "creators": [None, 3, {"name": ""}], "publicationYear": True}, "", None, ()),
        ({"titles": [{"title": "Alt", "titleType": "AlternativeTitle"}, {"title": "  Main \n title "}],
          "publicationYear": "1999", "creators": [{"name": "Doe, Jane", "nameType": "Personal"}]},
         "Main title", 1999, (("Doe", "Jane"),)),
        # Without nameType a comma is no proof of a person: kept whole, never split wrongly.
        ({"creators": [{"name": "Museum of Zoology, Lund"}]}, "", None, (("", ""),)),
    ],
)
def test_odd_attributes_degrade_to_empty_values(
    attributes: dict[str, Any], title: str, year: int | None, authors: tuple[tuple[str, str], ...]
) -> None:
    record = record_from_crossref(work_from_datacite({"doi": "10.1/x", **attributes}))
    assert (record.title, record.year_issued) == (title, year)
    assert tuple((a.family, a.given) for a in record.authors) == authors


# -- the client ----------------------------------------------------------------------------


def test_a_known_doi_is_asked_politely_and_without_the_crossref_token(
    make_datacite: MakeDataCite, datacite_server: FakeDataCite
) -> None:
    assert make_datacite(plus_token="secret-token").work(ZENODO.upper()) is not None
    (seen,) = datacite_server.requests()
    assert seen.path == "/dois/" + ZENODO
    assert seen.query == {}
    assert f"mailto:{MAILTO}" in seen.headers["user-agent"]  # DataCite's "identified" tier
    assert seen.headers["accept"] == "application/vnd.api+json"
    assert "secret-token" not in str(seen.headers)


def test_an_unknown_doi_is_none_and_remembered(make_datacite: MakeDataCite, datacite_server: FakeDataCite) -> None:
    assert make_datacite().work(UNKNOWN) is None
    assert make_datacite().work(UNKNOWN) is None
    assert len(datacite_server.requests()) == 1


def test_a_second_run_is_answered_from_its_own_cache_file(
    make_datacite: MakeDataCite, datacite_server: FakeDataCite, tmp_path: Path
) -> None:
    first = make_datacite().work(ARXIV)
    assert make_datacite().work(ARXIV) == first
    assert len(datacite_server.requests()) == 1
    assert (tmp_path / "cache" / CACHE_FILE).exists()
    assert not (tmp_path / "cache" / FILE_NAME).exists()


def test_offline_answers_from_the_cache_only(make_datacite: MakeDataCite, datacite_server: FakeDataCite) -> None:
    make_datacite().work(DRYAD)
    make_datacite().work(UNKNOWN)
    datacite_server.reset()
    offline = make_datacite(offline=True)
    assert offline.work(DRYAD) is not None
    assert offline.work(UNKNOWN) is None
    with pytest.raises(NotInCache):
        offline.work(ZENODO)
    assert datacite_server.requests() == []


def test_cache_info_and_clear_reach_the_datacite_file(make_datacite: MakeDataCite, tmp_path: Path) -> None:
    make_datacite().work(ZENODO)
    settings = SourceSettings(cache_dir=tmp_path / "cache")
    assert "entries: 1" in response_cache.info(settings, CACHE_FILE)
    assert "removed" in response_cache.clear(settings, CACHE_FILE)
    assert not (tmp_path / "cache" / CACHE_FILE).exists()


@pytest.mark.parametrize(("overrides", "requests"), [({"use_cache": False}, 2), ({"refresh": True}, 2), ({}, 1)])
def test_no_cache_and_refresh_always_ask(
    make_datacite: MakeDataCite, datacite_server: FakeDataCite, overrides: dict[str, Any], requests: int
) -> None:
    make_datacite(**overrides).work(ZENODO)
    make_datacite(**overrides).work(ZENODO)
    assert len(datacite_server.requests()) == requests


def test_passing_server_errors_are_retried(make_datacite: MakeDataCite, datacite_server: FakeDataCite) -> None:
    datacite_server.inject(Fault.status_code(503), times=2)
    assert make_datacite().work(ZENODO) is not None
    assert len(datacite_server.requests()) == 3


@pytest.mark.parametrize(
    "fault", [Fault.status_code(500), Fault.delay(3.0), Fault.not_json(), Fault.reset(), Fault.status_code(403)]
)
def test_failures_raise_and_are_not_cached(
    make_datacite: MakeDataCite, datacite_server: FakeDataCite, fault: Fault
) -> None:
    datacite_server.inject(fault, times=-1)
    with pytest.raises(SourceUnavailable):
        make_datacite().work(ZENODO)
    datacite_server.reset()
    assert make_datacite().work(ZENODO) is not None


def test_a_document_without_a_record_is_a_failure(make_datacite: MakeDataCite, datacite_server: FakeDataCite) -> None:
    datacite_server.inject(Fault.status_code(200, body=b'{"data": []}'))
    with pytest.raises(SourceUnavailable):
        make_datacite(use_cache=False).work(ZENODO)


@pytest.mark.parametrize(
    ("environ", "url"),
    [({}, DEFAULT_URL), ({"CITELINT_DATACITE_URL": " http://127.0.0.1:9/ "}, "http://127.0.0.1:9"),
     ({"CITELINT_DATACITE_URL": ""}, DEFAULT_URL)],
)
def test_the_base_url_comes_from_the_environment(environ: dict[str, str], url: str) -> None:
    assert datacite_url(environ) == url


# -- a DOI Crossref does not know ----------------------------------------------------------

SOFTWARE = make_reference(
    "The Matplotlib Development Team (2024). Matplotlib: Visualization with Python. Zenodo. "
    "https://doi.org/10.5281/zenodo.592536",
    authors=["=The Matplotlib Development Team"], year="2024", title="Matplotlib: Visualization with Python",
    publisher="Zenodo", doi=ZENODO, type="software",
)
PREPRINT = make_reference(
    "Vaswani, A., Shazeer, N., et al. (2017). Attention is all you need. arXiv. doi:10.48550/arXiv.1706.03762",
    authors=["Vaswani, A.", "Shazeer, N."], et_al=True, year="2017", title="Attention is all you need",
    container="arXiv", doi=ARXIV,
)
WRONG_DOI = make_reference(
    "Smith, J. (2019). Deep learning for protein folding. Nature Methods, 16, 1-9. doi:10.5281/zenodo.592536",
    authors=["Smith, J."], year="2019", title="Deep learning for protein folding", container="Nature Methods",
    volume="16", pages="1-9", doi=ZENODO,
)
UNKNOWN_EVERYWHERE = make_reference(
    "Doe, J. (2020). Some data. Zenodo. doi:10.5281/zenodo.0000001",
    authors=["Doe, J."], year="2020", title="Some data", doi=UNKNOWN,
)
SEARCHED = Match(status="not-found", source="crossref", reason="no candidate found", doi_status="unknown")


def _cl210(reference: Any, match: Match) -> list[str]:
    context = Context(options=None, references=[reference], today=datetime.date(2026, 11, 26), matches=[match])
    return [diagnostic.message for diagnostic in doi_unknown.check(reference, match, context)]


@pytest.mark.parametrize("reference", [SOFTWARE, PREPRINT])
def test_a_doi_datacite_knows_matches_its_record(make_datacite: MakeDataCite, reference: Any) -> None:
    match = check_unknown_doi(reference, SEARCHED, make_datacite())
    assert (match.status, match.via, match.source, match.doi_status) == ("matched", "doi", "datacite", "same")
    assert match.record is not None and match.record.source == "datacite"
    assert match.record.doi == reference.doi.lower()
    assert match.confidence is not None and match.confidence >= 0.9


def test_a_doi_naming_another_work_at_datacite_is_other_work(make_datacite: MakeDataCite) -> None:
    match = check_unknown_doi(WRONG_DOI, SEARCHED, make_datacite())
    assert (match.status, match.reason, match.doi_status) == ("not-found", SEARCHED.reason, "other-work")
    assert match.doi_record is not None and match.doi_record.doi == ZENODO


@pytest.mark.parametrize(
    ("reference", "match", "fault", "overrides"),
    [
        (UNKNOWN_EVERYWHERE, SEARCHED, None, {}),  # DataCite does not know it either
        (SOFTWARE, Match(status="matched", doi_status="same"), None, {}),  # Crossref knew the DOI
        (SOFTWARE, Match(status="unchecked", reason="Crossref is down"), None, {}),
    ],
)
def test_otherwise_the_match_is_left_as_it_was(
    make_datacite: MakeDataCite, datacite_server: FakeDataCite, reference: Any, match: Match,
    fault: Fault | None, overrides: dict[str, Any],
) -> None:
    if fault is not None:
        datacite_server.inject(fault, times=-1)
    assert check_unknown_doi(reference, match, make_datacite(**overrides)) is match


def test_a_zenodo_software_doi_is_no_longer_reported_unknown(
    make_source: MakeSource, make_datacite: MakeDataCite
) -> None:
    from_crossref = match_reference(SOFTWARE, make_source())
    assert from_crossref.doi_status == "unknown"
    assert _cl210(SOFTWARE, from_crossref)
    assert _cl210(SOFTWARE, check_unknown_doi(SOFTWARE, from_crossref, make_datacite())) == []


@pytest.mark.parametrize(
    ("fault", "overrides"),
    [(Fault.status_code(502), {}), (None, {"offline": True})],  # DataCite failing; offline and not cached
)
def test_a_datacite_that_cannot_answer_leaves_the_doi_not_known_to_be_unknown(
    make_datacite: MakeDataCite, datacite_server: FakeDataCite, fault: Fault | None, overrides: dict[str, Any],
) -> None:
    if fault is not None:
        datacite_server.inject(fault, times=-1)
    match = check_unknown_doi(SOFTWARE, SEARCHED, make_datacite(**overrides))
    assert match.doi_status is None and match.status == ("offline" if overrides else "unchecked")
    assert "DataCite could not be asked" in (match.reason or "")
