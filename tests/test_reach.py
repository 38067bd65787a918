"""Only the candidates that could be accepted are aligned, and the matches stay what full weighing gives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citelint.match import matching
from citelint.match.printed import Printed
from citelint.match.reach import best_fit, reachable
from citelint.match.records import record_from_crossref
from citelint.model import SourceText
from citelint.readers import read

STYLES = Path(__file__).resolve().parent.parent / "fixtures" / "styles"


def _text_reference(line: str):
    return read(SourceText("refs.txt", line), "text")[0]


def _work(doi: str, volume: str, page: str, year: int, family: str = "Smirnov") -> dict:
    return {"DOI": doi, "type": "journal-article", "title": ["Dopamine and the hot brain"],
            "container-title": ["Neuroscience"], "author": [{"family": family, "given": "M. S."}],
            "issued": {"date-parts": [[year]]}, "volume": volume, "page": page}


def test_reachable_fields_are_those_whose_value_is_printed() -> None:
    printed = Printed(_text_reference("Smirnov, M. S.; Kiyatkin, E. A. Neuroscience 2010, 165, 500–514."))
    assert reachable(printed, record_from_crossref(_work("10.1/a", "165", "500-514", 2010))) == {
        "container", "year", "volume", "pages"}
    assert reachable(printed, record_from_crossref(_work("10.1/b", "99", "1200-1210", 1987))) == {"container"}
    assert reachable(printed, record_from_crossref(_work("10.1/c", "16", "5001", 2011))) == {"container", "year"}


def test_a_lost_page_separator_is_reachable() -> None:
    printed = Printed(_text_reference("Smirnov, M. S. Neuroscience 2010, 165, 500514."))
    assert "pages" in reachable(printed, record_from_crossref(_work("10.1/a", "165", "500-514", 2010)))


class _Source:
    name = "fake"
    concurrency = 1

    def __init__(self, works: list[dict]) -> None:
        self.works = works

    def work(self, doi: str) -> dict | None:
        return None

    def search(self, query: str, rows: int = 10) -> list[dict]:
        return self.works[:rows]


def test_a_search_aligns_only_candidates_that_could_be_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    from citelint.match import alignment

    aligned: list[str] = []
    align_fields = alignment.align_fields
    monkeypatch.setattr(alignment, "align_fields", lambda reference, record: aligned.append(record.doi)
                        or align_fields(reference, record))
    right = _work("10.1/right", "165", "500-514", 2010)
    others = [_work(f"10.1/other{n}", str(20 + n), f"{1000 + 40 * n}-{1010 + 40 * n}", 1990 + n, "Petrov")
              for n in range(9)]
    reference = _text_reference("Smirnov, M. S.; Kiyatkin, E. A. Neuroscience 2010, 165, 500–514.")
    found = matching.match_reference(reference, _Source([*others, right]))
    assert found.status == "matched" and found.record is not None and found.record.doi == "10.1/right"
    assert aligned == ["10.1/right"]


def test_nothing_accepted_weighs_every_candidate_to_say_why() -> None:
    others = [_work(f"10.1/other{n}", str(20 + n), f"{1000 + 40 * n}-{1010 + 40 * n}", 1990 + n, "Petrov")
              for n in range(3)]
    reference = _text_reference("Smirnov, M. S.; Kiyatkin, E. A. Neuroscience 2010, 165, 500–514.")
    found = matching.match_reference(reference, _Source(others))
    assert found.status == "not-found"
    assert found.reason is not None and found.reason.count("agrees:") == 3 and "fit -1" not in found.reason


@pytest.mark.parametrize("style", ["american-chemical-society", "american-institute-of-physics", "apa"])
def test_the_bound_is_never_below_the_fit_of_an_accepted_candidate(style: str) -> None:
    """Every record of the benchmark against the first references of a style: none that full weighing
    accepts is one the bound would have left unaligned."""
    lines = (STYLES / f"{style}.clean.txt").read_text(encoding="utf-8").splitlines()[:15]
    truth = {row["doi"].lower() for row in json.loads((STYLES / f"{style}.clean.truth.json").read_text())
             if row["line"] <= len(lines)}
    works = [json.loads(line) for line in (STYLES / "records.jsonl").read_text(encoding="utf-8").splitlines()]
    records = [record_from_crossref(work) for number, work in enumerate(works)
               if number < 150 or work["DOI"].lower() in truth]  # the cited works, and others
    accepted = 0
    for line in lines:
        printed = Printed(_text_reference(line))
        for record in records:
            if matching._veto(printed, record):
                continue
            as_read = matching._scores_as_read(printed, record)
            judged = matching._judge(printed, matching._located_scores(printed, record, as_read))
            if judged.fit >= matching.ACCEPT:
                accepted += 1
                assert best_fit(as_read, reachable(printed, record), matching._fit) + 1e-9 >= matching.ACCEPT
    assert accepted >= 12
