"""Remembered match decisions: a warm rerun reuses the matcher's decision, and only while it may."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citelint.app.cli import main
from citelint.match import alignment, decisions, matching
from citelint.match.decisions import decode, encode
from citelint.model import Alignment, Match
from tests.crossref_server import FakeCrossref
from tests.helpers import make_record, make_reference

REFERENCES = (
    "Boulkedid R, Abdoul H, Loustau M, Sibony O, Alberti C (2011) Using and Reporting the Delphi Method for "
    "Selecting Healthcare Quality Indicators: A Systematic Review. PLoS ONE 6: e20476.\n\n"
    "Nobody N (2019) A work that no record describes at all. Journal of Nothing 3: 1-9.\n"
)


def test_a_match_survives_encoding() -> None:
    record = make_record("10.1234/a", title="A title", authors=["Smith, J"],
                         updated_by=[{"type": "retraction", "doi": "10.1234/r", "date": "2020-01-01"}],
                         relations={"has-preprint": ["10.1101/x"]})
    match = Match(status="ambiguous", record=record, confidence=0.9, source="crossref", candidates=(record, record),
                  via="search", reason="two fit", doi_status="other-work", doi_record=record)
    assert decode(json.loads(json.dumps(encode(match)))) == match
    located = Match(status="matched", record=record, alignment=Alignment("Smith J. A title. J Tests 3: 1-9.",
                                                                          (("volume", 28, 29),), (9, 16), (18, 25)))
    assert decode(json.loads(json.dumps(encode(located)))) == located


def run(tmp_path: Path, url: str, *extra: str) -> dict:
    references = tmp_path / "references.txt"
    references.write_text(REFERENCES, encoding="utf-8")
    output = tmp_path / "out.json"
    main(["check", "--crossref-url", url, "--cache-dir", str(tmp_path / "cache"), "--mailto", "me@example.org",
          "--format", "json", "--output", str(output), "-q", *extra, str(references)])
    return json.loads(output.read_text(encoding="utf-8"))


@pytest.fixture
def decided(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts the matcher was asked to decide about."""
    asked: list[str] = []
    real = matching.match_reference

    def counting(reference, source):  # type: ignore[no-untyped-def]
        asked.append(reference.text)
        return real(reference, source)

    monkeypatch.setattr(matching, "match_reference", counting)
    return asked


def test_a_warm_rerun_reuses_every_decision(tmp_path: Path, crossref_server: FakeCrossref, decided: list[str]) -> None:
    first = run(tmp_path, crossref_server.url)
    assert len(decided) == 2
    assert [reference["match"]["status"] for reference in first["references"]] == ["matched", "not-found"]
    asked = len(crossref_server.requests())
    second = run(tmp_path, crossref_server.url)
    assert len(decided) == 2  # nothing decided again
    assert len(crossref_server.requests()) == asked  # nor asked
    assert second["references"] == first["references"]


def test_a_warm_rerun_reads_each_field_where_the_decision_located_it(
        tmp_path: Path, crossref_server: FakeCrossref, monkeypatch: pytest.MonkeyPatch) -> None:
    first = run(tmp_path, crossref_server.url)
    located: list[str] = []
    real = alignment.locate
    monkeypatch.setattr(alignment, "locate", lambda reference, record: located.append(reference.text) or real(
        reference, record))
    assert run(tmp_path, crossref_server.url)["references"] == first["references"]
    assert located == []  # where the record's fields stand was kept with the decision


def test_references_sharing_a_match_are_each_read_in_their_own_text() -> None:
    from citelint.app.engine import aligned
    from citelint.model import SourceText
    from citelint.readers import read

    record = make_record("10.1234/a", title="Ponds and their drying out", authors=["Smith, J"], container="J Biol",
                         volume="31", issue="4", page="82-96", year_print=2011)
    source = SourceText("refs.txt", "Smith J (2011) Ponds and their drying out. J Biol 31(4): 82-96.\n\n"
                                    "Smith J. Ponds and their drying out. J Biol 2011; 31(4): 82-96.\n")
    first, second = read(source, "text")
    shared = Match(status="matched", record=record, confidence=1.0, source="crossref",
                   alignment=alignment.locate(first, record))
    assert aligned(first, shared) == alignment.align(first, record)
    assert (aligned(second, shared).year, aligned(second, shared).container) == ("2011", "J Biol")


def test_refresh_and_a_new_matcher_decide_again(tmp_path: Path, crossref_server: FakeCrossref, decided: list[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    run(tmp_path, crossref_server.url)
    run(tmp_path, crossref_server.url, "--refresh")
    assert len(decided) == 4
    monkeypatch.setattr(decisions, "code_version", lambda: "another matcher")
    run(tmp_path, crossref_server.url)
    assert len(decided) == 6


def test_only_settled_outcomes_are_remembered(tmp_path: Path) -> None:
    from citelint.sources.settings import SourceSettings

    store = decisions.open_decisions(SourceSettings(cache_dir=tmp_path / "cache"))
    assert store is not None
    reference = make_reference("Smith J (2010) A title. J Biol 3: 1-9.", title="A title")
    for status in ("unchecked", "offline"):
        store.keep(reference, Match(status=status, reason="the source was down"))  # type: ignore[arg-type]
        assert store.recall(reference) is None
    store.keep(reference, Match(status="not-found", reason="no candidate"))
    assert store.recall(reference) == Match(status="not-found", reason="no candidate")
    assert decisions.open_decisions(SourceSettings(cache_dir=tmp_path / "cache", refresh=True)) is None
    assert decisions.open_decisions(SourceSettings(cache_dir=tmp_path / "cache", use_cache=False)) is None
