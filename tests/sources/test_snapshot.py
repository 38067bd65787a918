"""The local snapshot source: every file shape it reads, lookups, search, and its errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citelint.sources.snapshot import SnapshotSource


def work(doi: str, title: str, family: str = "Smith", year: int = 2010, journal: str = "Journal of Tests") -> dict:
    return {"DOI": doi, "type": "journal-article", "title": [title], "container-title": [journal],
            "author": [{"given": "Ann", "family": family}], "issued": {"date-parts": [[year]]}}


ALPHA = work("10.1/ALPHA", "Sediment transport in braided rivers", "Okafor", 2011, "Water Resources Research")
BETA = work("10.1/beta", "Sediment budgets of glaciated catchments", "Virtanen", 2015, "Journal of Hydrology")
GAMMA = work("10.1/gamma", "Attention and working memory in children", "Nakamura", 2019, "Cognitive Science")


@pytest.mark.parametrize(("name", "content"), [
    ("single.json", json.dumps(ALPHA)),
    ("response.json", json.dumps({"status": "ok", "message-type": "work", "message": ALPHA})),
    ("list.json", json.dumps([ALPHA, BETA])),
    ("worklist.json", json.dumps({"status": "ok", "message-type": "work-list", "message": {"items": [ALPHA, BETA]}})),
    ("lines.jsonl", json.dumps(ALPHA) + "\n\n" + json.dumps({"message": BETA}) + "\n"),
])
def test_reads_every_file_shape(tmp_path: Path, name: str, content: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    source = SnapshotSource(path)
    assert source.work("10.1/alpha")["title"] == ALPHA["title"]


def test_reads_a_folder_recursively(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.json").write_text(json.dumps(ALPHA), encoding="utf-8")
    (tmp_path / "two.jsonl").write_text(json.dumps(BETA) + "\n" + json.dumps(GAMMA), encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a snapshot", encoding="utf-8")
    assert len(SnapshotSource(tmp_path)) == 3


@pytest.fixture
def source(tmp_path: Path) -> SnapshotSource:
    path = tmp_path / "snapshot.jsonl"
    path.write_text("\n".join(json.dumps(w) for w in (ALPHA, BETA, GAMMA)), encoding="utf-8")
    return SnapshotSource(path)


@pytest.mark.parametrize(("doi", "expected"), [
    ("10.1/alpha", "10.1/ALPHA"),
    ("10.1/Alpha", "10.1/ALPHA"),
    ("https://doi.org/10.1/alpha", "10.1/ALPHA"),
    ("doi:10.1/BETA.", "10.1/beta"),
    ("10.1/unknown", None),
])
def test_work_by_doi(source: SnapshotSource, doi: str, expected: str | None) -> None:
    found = source.work(doi)
    assert (found["DOI"] if found else None) == expected


@pytest.mark.parametrize(("query", "best"), [
    ("Okafor, A. (2011). Sediment transport in braided rivers. Water Resources Research, 47, 1-10.", "10.1/ALPHA"),
    ("Virtanen A. Sediment budgets of glaciated catchments. J Hydrol. 2015;12:3-9.", "10.1/beta"),
    ("Nakamura A (2019) Attention and workng memory in children. Cogn Sci", "10.1/gamma"),  # with a typo
])
def test_search_ranks_the_right_work_first(source: SnapshotSource, query: str, best: str) -> None:
    results = source.search(query, rows=2)
    assert results[0]["DOI"] == best
    assert len(results) <= 2 and "score" in results[0]


def test_search_without_shared_words_is_empty(source: SnapshotSource) -> None:
    assert source.search("the of and in", rows=10) == []


def test_source_identity(source: SnapshotSource) -> None:
    assert source.name == "snapshot" and source.concurrency == 4


@pytest.mark.parametrize(("name", "content", "message"), [
    ("bad.jsonl", json.dumps(ALPHA) + "\n{oops\n", "bad.jsonl:2: invalid JSON"),
    ("bad.json", '[\n{"DOI": "10.1/a"},\n{oops}\n]', "bad.json:3: invalid JSON"),
    ("nodoi.jsonl", json.dumps(ALPHA) + "\n" + json.dumps({"title": ["x"]}), "nodoi.jsonl:2: work without a DOI"),
    ("scalar.json", "42", "scalar.json: expected a Crossref work"),
    ("items.json", json.dumps([ALPHA, "x"]), "items.json (item 2): expected a Crossref work"),
    ("error.json", json.dumps({"status": "failed", "message-type": "validation-failure", "message": []}),
     "error.json: a Crossref validation-failure response, not works"),
])
def test_errors_name_file_and_line(tmp_path: Path, name: str, content: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=r"^.*" + message.replace("(", r"\(").replace(")", r"\)")) as raised:
        SnapshotSource(path)
    assert "\n" not in str(raised.value)


def test_unreadable_snapshot(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="cannot read snapshot"):
        SnapshotSource(tmp_path / "missing.json")


def test_reads_the_recorded_crossref_samples() -> None:
    samples = Path(__file__).resolve().parents[2] / "fixtures" / "crossref-samples"
    works = SnapshotSource(samples / "works")
    assert works.work("10.1016/S0140-6736(97)11096-0")["DOI"] == "10.1016/s0140-6736(97)11096-0"
    lists = SnapshotSource(samples / "lists")
    best = lists.search("He K, Zhang X, Ren S, Sun J. Deep residual learning for image recognition. CVPR 2016", 3)
    assert "10.1109/cvpr.2016.90" in [work["DOI"] for work in best]
