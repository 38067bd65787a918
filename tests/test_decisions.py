"""Remembered match decisions: a warm rerun reuses the matcher's decision, and only while it may."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citelint import decisions, matching
from citelint.cli import main
from citelint.decisions import decode, encode
from citelint.model import Match
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
