"""citelint index build and info: every input shape, resume, --update, and hostile inputs."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from citelint.app.cli import main
from citelint.index import IndexFailure
from citelint.index.build import STATE, build
from citelint.sources.index import IndexSource
from tests.index.conftest import work, write_jsonl, write_public_data


def test_builds_from_a_public_data_file_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_public_data(tmp_path / "crossref", [work(n) for n in range(35)])
    assert main(["index", "build", str(tmp_path / "crossref"), "--out", str(tmp_path / "index")]) == 0
    assert "indexed 35 works from 4 files" in capsys.readouterr().err
    source = IndexSource(tmp_path / "index")
    assert len(source) == 35
    found = source.work("https://doi.org/10.5555/TEST.7")
    assert found is not None and found["title"] == work(7)["title"]
    assert source.work("10.5555/absent") is None


def test_stores_only_what_citelint_reads(tmp_path: Path) -> None:
    build([str(write_jsonl(tmp_path / "works.jsonl", [work(1)]))], tmp_path / "index")
    stored = IndexSource(tmp_path / "index").work("10.5555/test.1")
    assert stored is not None
    assert "reference" not in stored and "affiliation" not in stored["author"][0]
    assert stored["author"][0]["family"] == work(1)["author"][0]["family"]
    assert stored["page"] == work(1)["page"] and stored["ISSN"] == work(1)["ISSN"]


def test_builds_from_json_lines_and_a_snapshot_folder(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "a.jsonl", [work(1), {"message": work(2)}])
    (tmp_path / "snapshot").mkdir()
    (tmp_path / "snapshot" / "one.json").write_text(json.dumps({"message-type": "work", "message": work(3)}))
    (tmp_path / "snapshot" / "list.json").write_text(json.dumps([work(4), work(5)]))
    outcome = build([str(tmp_path / "a.jsonl"), str(tmp_path / "snapshot")], tmp_path / "index")
    assert (outcome.records, outcome.files) == (5, 3)
    source = IndexSource(tmp_path / "index")
    assert all(source.work(f"10.5555/test.{n}") for n in range(1, 6))


def test_search_ranks_the_printed_work_first(tmp_path: Path) -> None:
    works = [work(n) for n in range(60)]
    build([str(write_jsonl(tmp_path / "works.jsonl", works))], tmp_path / "index")
    source = IndexSource(tmp_path / "index")
    target = works[17]
    printed = (f"{target['author'][0]['family']}, A. ({target['issued']['date-parts'][0][0]}). {target['title'][0]}. "
               f"{target['container-title'][0]}, {target['volume']}(2), {target['page']}.")
    found = source.search(printed, rows=5)
    assert found[0]["DOI"] == target["DOI"]
    assert found[0]["score"] > found[1]["score"]
    assert source.search("the of and") == []


def test_accents_and_case_do_not_matter(tmp_path: Path) -> None:
    build([str(write_jsonl(tmp_path / "w.jsonl", [work(3), work(4, title=["Über die Gründe"])]))], tmp_path / "ix")
    source = IndexSource(tmp_path / "ix")
    assert source.search("MULLER uber die grunde")[0]["DOI"] == "10.5555/test.4"


def test_a_word_the_analyzer_splits_is_searched_as_its_parts(tmp_path: Path) -> None:
    title = "Alpha2,3-sialyltransferase in rat liver"
    build([str(write_jsonl(tmp_path / "w.jsonl", [work(1), work(2, title=[title])]))], tmp_path / "ix")
    found = IndexSource(tmp_path / "ix").search("α2,3-sialyltransferase Alpha2,3-sialyltransferase rat_liver")
    assert found[0]["DOI"] == "10.5555/test.2"


def test_exact_keys(tmp_path: Path) -> None:
    from citelint.index.store import author_key, issn_key, journal_key

    target = work(9)
    build([str(write_jsonl(tmp_path / "w.jsonl", [work(n) for n in range(20)]))], tmp_path / "ix")
    source = IndexSource(tmp_path / "ix")
    first_page = target["page"].split("-")[0]
    for key in (issn_key("12340001", target["volume"], first_page),
                journal_key(target["container-title"][0].upper(), target["volume"], target["page"]),
                author_key(target["container-title"][0], 1999, target["author"][0]["family"])):
        assert [found["DOI"] for found in source.by_key(key)] == [target["DOI"]]


def test_info(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    build([str(write_jsonl(tmp_path / "w.jsonl", [work(1), work(2)]))], tmp_path / "ix")
    assert main(["index", "info", str(tmp_path / "ix")]) == 0
    out = capsys.readouterr().out
    assert "records:  2" in out and "size:" in out and "built:" in out and "w.jsonl (1 files, 2 works" in out


def test_update_replaces_older_records_and_adds_new_ones(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    build([str(write_jsonl(tmp_path / "old.jsonl", [work(1), work(2)]))], tmp_path / "ix")
    newer = [work(2, title=["A corrected title"], volume="99"), work(3)]
    assert main(["index", "build", str(write_jsonl(tmp_path / "new.jsonl", newer)), "--out", str(tmp_path / "ix")]) == 2
    assert "--update" in capsys.readouterr().err  # an index is never built over by accident
    outcome = build([str(tmp_path / "new.jsonl")], tmp_path / "ix", update=True)
    assert outcome.records == 3
    source = IndexSource(tmp_path / "ix")
    updated = source.work("10.5555/test.2")
    assert updated is not None and updated["title"] == ["A corrected title"] and updated["volume"] == "99"
    assert [found["DOI"] for found in source.search("A corrected title")][:1] == ["10.5555/test.2"]
    metadata = json.loads((tmp_path / "ix" / "citelint-index.json").read_text())
    assert [len(source["inputs"]) for source in metadata["sources"]] == [1, 1]


def test_an_interrupted_build_continues_where_it_stopped(tmp_path: Path) -> None:
    files = write_public_data(tmp_path / "crossref", [work(n) for n in range(40)])
    calls = 0

    def interrupt_in_the_third_file(done: int, total: int) -> None:
        nonlocal calls
        calls += 1
        if calls == 3:  # progress is reported once per finished file here (files of 10 works)
            raise KeyboardInterrupt

    notices: list[str] = []
    with pytest.raises(KeyboardInterrupt):
        build([str(tmp_path / "crossref")], tmp_path / "ix", progress=interrupt_in_the_third_file,
              notice=notices.append)
    assert (tmp_path / "ix" / STATE).is_file()
    assert "the same command continues the build" in notices[-1]
    outcome = build([str(tmp_path / "crossref")], tmp_path / "ix")
    assert (outcome.resumed, outcome.files, outcome.records) == (3, len(files) - 3, 40)
    assert not (tmp_path / "ix" / STATE).exists()


def test_a_damaged_file_stops_the_build_and_the_rebuild_continues(tmp_path: Path) -> None:
    write_public_data(tmp_path / "crossref", [work(n) for n in range(30)])
    damaged = tmp_path / "crossref" / "0001.json.gz"
    good = damaged.read_bytes()
    damaged.write_bytes(good[: len(good) // 2])
    with pytest.raises(IndexFailure, match="0001.json.gz: cannot read"):
        build([str(tmp_path / "crossref")], tmp_path / "ix")
    damaged.write_bytes(good)
    outcome = build([str(tmp_path / "crossref")], tmp_path / "ix")
    assert (outcome.resumed, outcome.records) == (1, 30)


@pytest.mark.parametrize(("name", "content", "message"), [
    ("junk.jsonl", '{"DOI": "10.1/a"}\n{"DOI": \n', "junk.jsonl:2: invalid JSON"),
    ("junk.json", '[\n{"DOI": "10.1/a"},\n nonsense]', "junk.json:3: invalid JSON"),
    ("number.jsonl", "42\n", "number.jsonl:1: expected a Crossref work, found int"),
    ("binary.json.gz", "not gzip at all", "binary.json.gz: cannot read"),
])
def test_hostile_inputs_are_one_line_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           name: str, content: str, message: str) -> None:
    (tmp_path / name).write_text(content, encoding="utf-8")
    assert main(["index", "build", str(tmp_path / name), "--out", str(tmp_path / "ix")]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_works_without_a_doi_are_skipped_with_their_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_jsonl(tmp_path / "w.jsonl", [work(1), {"title": ["No DOI"]}, work(2, DOI="  ")])
    assert main(["index", "build", str(path), "--out", str(tmp_path / "ix")]) == 0
    err = capsys.readouterr().err
    assert "w.jsonl:2: work without a DOI, skipped" in err and "w.jsonl:3: work without a DOI" in err
    assert len(IndexSource(tmp_path / "ix")) == 1


def test_refuses_what_is_not_an_index(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a.txt").write_text("mine")
    path = write_jsonl(tmp_path / "w.jsonl", [work(1)])
    assert main(["index", "build", str(path), "--out", str(tmp_path / "notes")]) == 2
    assert main(["index", "info", str(tmp_path / "notes")]) == 2
    assert main(["index", "build", str(tmp_path / "absent.jsonl"), "--out", str(tmp_path / "ix")]) == 2
    assert main(["index", "build", str(path), "--out", str(tmp_path / "ix2"), "--update"]) == 2
    err = capsys.readouterr().err
    assert "not empty and holds no index" in err and "not a citelint index" in err
    assert "no such file" in err and "no index to update" in err and "Traceback" not in err
    with gzip.open(tmp_path / "empty.json.gz", "wt") as handle:
        handle.write('{"items": []}')
    assert build([str(tmp_path / "empty.json.gz")], tmp_path / "ix3").records == 0
