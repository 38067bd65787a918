"""citelint audit: many manuscripts on a process pool and on a Dask cluster, rows in the order given."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citelint.app.audit import COLUMNS, check_manuscript, manuscripts
from citelint.app.cli import main
from citelint.index.build import build
from tests.index.conftest import work, write_public_data
from tests.index.test_check import printed

WORKS = [work(n) for n in range(40)]


@pytest.fixture(scope="module")
def papers(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """An index of 40 works, and a folder of 5 manuscripts of 4 references each, one page range broken in each."""
    root = tmp_path_factory.mktemp("audit")
    write_public_data(root / "crossref", WORKS)
    build([str(root / "crossref")], root / "index")
    folder = root / "papers"
    folder.mkdir()
    for paper in range(5):
        cited = WORKS[paper * 4:paper * 4 + 4]
        lines = [printed(record) for record in cited]
        lines[2] = printed(cited[2], page=cited[2]["page"].replace("-", ""))
        (folder / f"paper{paper}.txt").write_text("\n\n".join(lines) + "\n")
    submission = folder / "submission"  # a folder is one manuscript with its bibliography
    submission.mkdir()
    (submission / "refs.bib").write_text(
        "@article{a, author={Okafor, Ann}, title={" + WORKS[0]["title"][0] + "}, journal={Water Resources Research},"
        " year={2007}, volume={1}, pages={100--109}}\n")
    return root / "index", folder


def rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_a_folder_of_manuscripts(papers: tuple[Path, Path]) -> None:
    _, folder = papers
    assert [Path(item).name for item in manuscripts([str(folder)])] == [
        "paper0.txt", "paper1.txt", "paper2.txt", "paper3.txt", "paper4.txt", "submission"]


def test_audit_on_a_process_pool(tmp_path: Path, papers: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    index, folder = papers
    out = tmp_path / "findings.jsonl"
    status = main(["audit", str(folder), "--index", str(index), "--out", str(out), "--workers", "2"])
    summary = capsys.readouterr().out
    assert status == 1
    found = rows(out)
    assert all(list(row) == list(COLUMNS) for row in found)
    assert [Path(row["manuscript"]).name for row in found] == sorted(Path(row["manuscript"]).name for row in found)
    broken = [row for row in found if row["code"] == "CL101"]
    assert [(Path(row["file"]).name, row["line"], row["doi"]) for row in broken] == [
        (f"paper{paper}.txt", 5, WORKS[paper * 4 + 2]["DOI"]) for paper in range(5)]
    assert {row["code"] for row in found if Path(row["manuscript"]).name == "submission"} >= {"CL203"}  # the year
    assert "audited 6 manuscripts (21 references: 21 matched)" in summary
    # The same findings as citelint check gives each manuscript alone, in the same order.
    alone = [row for item in manuscripts([str(folder)]) for row in check_manuscript(item, str(index)).rows]
    assert alone == found


def test_audit_writes_parquet(tmp_path: Path, papers: tuple[Path, Path]) -> None:
    import pyarrow.parquet as pq

    index, folder = papers
    main(["audit", str(folder / "paper1.txt"), str(folder / "paper3.txt"), "--index", str(index),
          "--out", str(tmp_path / "findings.parquet"), "--workers", "1", "-q"])
    table = pq.read_table(tmp_path / "findings.parquet")
    assert table.column_names == list(COLUMNS)
    assert [Path(name).name for name in table.column("manuscript").to_pylist()][:1] == ["paper1.txt"]
    assert "CL101" in table.column("code").to_pylist()


def test_audit_on_a_dask_cluster(tmp_path: Path, papers: tuple[Path, Path]) -> None:
    from dask.distributed import LocalCluster

    index, folder = papers
    local = tmp_path / "local.jsonl"
    main(["audit", str(folder), "--index", str(index), "--out", str(local), "--workers", "2", "-q"])
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        out = tmp_path / "dask.jsonl"
        status = main(["audit", str(folder), "--index", str(index), "--out", str(out),
                       "--scheduler", cluster.scheduler_address, "-q"])
    assert status == 1
    assert rows(out) == rows(local)  # the same rows, in the same order


def test_audit_errors(tmp_path: Path, papers: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    index, folder = papers
    out = tmp_path / "out.jsonl"
    assert main(["audit", str(folder / "paper0.txt"), "--index", str(tmp_path), "--out", str(out)]) == 2
    assert main(["audit", str(tmp_path / "missing.txt"), str(folder / "paper0.txt"), "--index", str(index),
                 "--out", str(out), "--workers", "1"]) == 2
    err = capsys.readouterr().err
    assert "not a finished citelint index" in err and "missing.txt" in err and "Traceback" not in err
    assert {Path(row["manuscript"]).name for row in rows(out)} == {"paper0.txt"}  # the others are still checked
    assert main(["audit", str(folder / "paper0.txt"), "--index", str(index), "--out",
                 str(tmp_path / "no" / "such" / "out.jsonl")]) == 2
    assert "cannot write" in capsys.readouterr().err
