"""citelint check --index: the index is the metadata source, with no network, and the same rules run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citelint.app.cli import main
from citelint.index.build import build
from tests.index.conftest import work, write_public_data

WORKS = [work(n) for n in range(40)]


def printed(record: dict, page: str | None = None) -> str:
    authors = ", ".join(f"{a['family']}, {a['given'][0]}." for a in record["author"])
    return (f"{authors} ({record['issued']['date-parts'][0][0]}). {record['title'][0]}. "
            f"{record['container-title'][0]}, {record['volume']}(2), {page or record['page']}.")


@pytest.fixture
def index(tmp_path: Path) -> Path:
    write_public_data(tmp_path / "crossref", WORKS)
    build([str(tmp_path / "crossref")], tmp_path / "index")
    return tmp_path / "index"


def test_check_matches_through_the_index(tmp_path: Path, index: Path, capsys: pytest.CaptureFixture[str]) -> None:
    wrong_pages = WORKS[5]["page"].replace("-", "")  # the range lost its dash
    references = tmp_path / "references.txt"
    references.write_text(f"{printed(WORKS[3])}\n\n{printed(WORKS[5], page=wrong_pages)}\n\n"
                          "Nobody, N. (2001). A work in no index at all. Journal of Nothing, 1, 1-2.\n")
    status = main(["check", "--index", str(index), "--format", "json", str(references)])
    report = json.loads(capsys.readouterr().out)
    assert status == 1
    matches = [reference["match"] for reference in report["references"]]
    assert [match["doi"] for match in matches[:2]] == [WORKS[3]["DOI"], WORKS[5]["DOI"]]
    assert {match["source"] for match in matches[:2]} == {"index"}
    assert matches[2]["status"] == "not-found"
    codes = {finding["code"] for finding in report["references"][1]["findings"]}
    assert "CL101" in codes  # the page range that lost its dash, found against the indexed record
    assert {finding["code"] for finding in report["references"][0]["findings"]} == {"CL208"}  # DOI not printed


def test_check_looks_dois_up_in_the_index(tmp_path: Path, index: Path, capsys: pytest.CaptureFixture[str]) -> None:
    references = tmp_path / "references.txt"
    references.write_text(f"{printed(WORKS[8])} https://doi.org/{WORKS[8]['DOI']}\n")
    main(["check", "--index", str(index), "--format", "json", str(references)])
    match = json.loads(capsys.readouterr().out)["references"][0]["match"]
    assert (match["status"], match["via"], match["doi"]) == ("matched", "doi", WORKS[8]["DOI"])


def test_the_configuration_names_the_index(tmp_path: Path, index: Path, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "paper"
    project.mkdir()
    (project / "citelint.toml").write_text('index = "../index"\n')
    (project / "references.txt").write_text(printed(WORKS[11]) + "\n")
    monkeypatch.chdir(project)
    main(["check", "--format", "json", "references.txt"])
    match = json.loads(capsys.readouterr().out)["references"][0]["match"]
    assert (match["source"], match["doi"]) == ("index", WORKS[11]["DOI"])


def test_a_missing_index_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    references = tmp_path / "references.txt"
    references.write_text(printed(WORKS[1]) + "\n")
    assert main(["check", "--index", str(tmp_path / "nowhere"), str(references)]) == 2
    assert main(["check", "--index", str(tmp_path), "--snapshot", str(tmp_path), str(references)]) == 2
    err = capsys.readouterr().err
    assert "--index:" in err and "not a finished citelint index" in err and "choose one" in err
    assert "Traceback" not in err
