"""Citations against the list, end to end: each manuscript of fixtures/citations against what it plants.

The fixtures' README lists the planted errors; these tests keep the two true.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citelint.app.cli import main

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CITATIONS = FIXTURES / "citations"


def citation_report(capsys, *paths: Path, extra: tuple[str, ...] = ()) -> dict:
    main(["check", "--offline", "--no-cache", "--select", "CL4", "--format", "json", *extra, *map(str, paths)])
    return json.loads(capsys.readouterr().out)


def findings(report: dict) -> list[tuple[str, str, int, str]]:
    """(file name, code, line, found) of every CL4 finding, about citations or entries."""
    found = [(Path(item["file"]).name, item["code"], item["span"]["line"], item["found"])
             for item in report["citation_findings"]]
    found += [(Path(reference["file"]).name, item["code"], item["span"]["line"], item["found"])
              for reference in report["references"] for item in reference["findings"]]
    return sorted(found)


@pytest.mark.parametrize(("manuscript", "expected"), [
    ("latex/paper.tex", [
        ("methods.tex", "CL401", 3, "fazel2020"),
        ("paper.tex", "CL401", 7, "gilard2013"),
        ("refs.bib", "CL402", 50, "davidson2006"),
        ("refs.bib", "CL403", 43, "repper2011"),
    ]),
    ("thebibliography/paper.tex", [
        ("paper.tex", "CL402", 17, "mead2001"),
        ("paper.tex", "CL405", 6, "'jacobson2012' (item 6)"),
    ]),
    ("markdown/paper.md", [
        ("paper.md", "CL401", 18, "kesler2005"),
        ("refs.json", "CL402", 24, "mead2001"),
    ]),
    ("text/manuscript.txt", [
        ("manuscript.txt", "CL401", 5, "Solomon, 2004"),
        ("manuscript.txt", "CL404", 3, "2011"),
    ]),
    ("written/paper.md", [
        ("paper.md", "CL401", 7, "Solomon, 2004"),
        ("paper.md", "CL402", 24, "Salzer, 2002"),
        ("paper.md", "CL404", 4, "2011"),
        ("paper.md", "CL404", 8, "Kesler"),
    ]),
])
def test_each_manuscript_reports_what_it_plants(capsys, manuscript: str, expected: list) -> None:
    assert findings(citation_report(capsys, CITATIONS / manuscript)) == expected


def test_numbered_citations_in_a_word_document(capsys) -> None:
    report = citation_report(capsys, FIXTURES / "manuscripts" / "docx" / "numbered.docx")
    assert findings(report) == [
        ("numbered.docx", "CL401", 3, "[9]"),
        ("numbered.docx", "CL402", 12, "[8]"),
        ("numbered.docx", "CL405", 3, "[5]"),
    ]


def test_a_bib_checked_alone_is_not_judged_for_citations(capsys) -> None:
    report = citation_report(capsys, CITATIONS / "latex" / "refs.bib")
    assert findings(report) == [("refs.bib", "CL403", 43, "repper2011")]


def test_a_citation_is_suppressed_on_its_line(tmp_path, capsys) -> None:
    (tmp_path / "refs.bib").write_text("@article{a, title={T}, year={2010}}\n", encoding="utf-8")
    (tmp_path / "paper.tex").write_text(
        "\\cite{a} \\cite{b} % citelint: ignore[CL401] reason=\"added later\"\n\\cite{c}\n"
        "% citelint: ignore[CL4]\n\\cite{d}\n\\bibliography{refs}\n",
        encoding="utf-8")
    report = citation_report(capsys, tmp_path / "paper.tex")
    assert findings(report) == [("paper.tex", "CL401", 2, "c")]


def test_a_missing_bibliography_leaves_citations_unjudged(tmp_path, capsys) -> None:
    (tmp_path / "paper.tex").write_text("\\cite{a}\n\\bibliography{gone}\n", encoding="utf-8")
    report = citation_report(capsys, tmp_path / "paper.tex")
    assert findings(report) == []
    assert any("gone.bib" in notice["file"] for notice in report["notices"])


def test_citation_findings_fail_the_run(tmp_path) -> None:
    (tmp_path / "refs.bib").write_text("@article{a, title={T}, year={2010}}\n", encoding="utf-8")
    (tmp_path / "paper.tex").write_text("\\cite{b}\n\\bibliography{refs}\n", encoding="utf-8")
    assert main(["check", "--offline", "--no-cache", "--select", "CL401", "--format", "json",
                 str(tmp_path / "paper.tex")]) == 1
    assert main(["check", "--offline", "--no-cache", "--select", "CL401", "--ignore", "CL401", "--format", "json",
                 str(tmp_path / "paper.tex")]) == 0


def test_an_included_file_checked_in_its_own_right_is_reported_once(capsys, monkeypatch) -> None:
    monkeypatch.chdir(CITATIONS)
    report = citation_report(capsys, Path("./latex"))
    methods = [item for item in report["citation_findings"] if item["file"].endswith("methods.tex")]
    assert len(methods) == 1


def test_entries_no_manuscript_cites_are_not_looked_up(capsys, crossref_server) -> None:
    bibfile = FIXTURES / "manuscripts" / "latex" / "bibfile"
    main(["check", "--crossref-url", crossref_server.url, "--no-cache", "--format", "json", str(bibfile / "paper.tex")])
    report = json.loads(capsys.readouterr().out)
    uncited = [reference for reference in report["references"] if reference["parsed"]["key"] == "johnson2005"]
    assert [finding["code"] for finding in uncited[0]["findings"]] == ["CL402"]
    assert uncited[0]["match"]["reason"] == "never cited, so never printed: not looked up"
    asked = [f"{seen.path} {seen.query}".lower() for seen in crossref_server.requests()]
    assert len(asked) >= 2 and not any("johnson" in item or "bmj.38519" in item for item in asked)


def test_per_file_ignores_apply_to_the_file_a_citation_is_in(tmp_path, capsys, monkeypatch) -> None:
    (tmp_path / "sections").mkdir()
    (tmp_path / "refs.bib").write_text("@article{a, title={T}, year={2010}}\n", encoding="utf-8")
    (tmp_path / "sections" / "old.tex").write_text("\\cite{gone}\n", encoding="utf-8")
    (tmp_path / "paper.tex").write_text("\\cite{a}\\cite{b}\n\\input{sections/old}\n\\bibliography{refs}\n",
                                        encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.citelint]\nper-file-ignores = {"sections/*" = ["CL4"]}\n',
                                             encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    report = citation_report(capsys, Path("paper.tex"))
    assert findings(report) == [("paper.tex", "CL401", 1, "b")]


def test_a_quarto_chapter_uses_its_projects_bibliography(tmp_path, capsys, monkeypatch) -> None:
    (tmp_path / ".git").mkdir()  # the project is a repository: the folder being checked, above the current folder
    (tmp_path / "_quarto.yml").write_text("project:\n  type: book\nbibliography: references.bib\n", encoding="utf-8")
    (tmp_path / "references.bib").write_text("@article{a, title={T}, year={2010}}\n", encoding="utf-8")
    (tmp_path / "chapters").mkdir()
    (tmp_path / "chapters" / "intro.qmd").write_text("# Intro\n\nAs shown [@a; @b].\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path / "chapters")
    report = citation_report(capsys, Path("intro.qmd"))
    assert findings(report) == [("intro.qmd", "CL401", 3, "b")]


HOSTILE_MANUSCRIPTS = {
    "includes-itself.tex": "\\input{includes-itself}\\cite{a}\\bibliography{refs}\n",
    "include-loop.tex": "\\input{loop-b}\\cite{a}\\bibliography{refs}\n",
    "macro-loop.tex": "\\def\\a{\\a}\\a\\newcommand{\\c}[1]{\\cite{#1}}\\c{a}\\cite{a}\\bibliography{refs}\n",
    "unclosed.tex": "\\cite{a" + " b" * 100_000 + "\n\\bibliography{refs}\n",
    "many-cites.tex": "\\cite{a," * 50_000 + "}\n\\bibliography{refs}\n",
    "binary-include.tex": "\\input{binary}\\cite{a}\\bibliography{refs}\n",
    "brackets.md": "---\nbibliography: refs.bib\n---\n" + "[@" * 200_000 + "\n",
    "parentheses.md": "Text (Smith, 2010) " + "(" * 100_000 + "\n\n## References\n\nSmith, J. (2010). Ponds. J Biol, 1, 1-2.\n",
}


@pytest.mark.parametrize("name", sorted(HOSTILE_MANUSCRIPTS))
def test_hostile_manuscripts_give_a_report_not_a_traceback(tmp_path, capsys, name: str) -> None:
    (tmp_path / "refs.bib").write_text("@article{a, title={T}, year={2010}}\n", encoding="utf-8")
    (tmp_path / "loop-b.tex").write_text("\\input{include-loop}\\cite{b}\n", encoding="utf-8")
    (tmp_path / "binary.tex").write_bytes(bytes(range(256)) * 40)
    (tmp_path / name).write_text(HOSTILE_MANUSCRIPTS[name], encoding="utf-8")
    code = main(["check", "--offline", "--no-cache", "--select", "CL4", "--format", "json", str(tmp_path / name)])
    report = json.loads(capsys.readouterr().out)
    assert code in (0, 1)
    assert report["summary"]["files"] >= 1


def test_unsafe_fixes_correct_a_mistyped_key_and_nothing_else(tmp_path, capsys) -> None:
    for path in (CITATIONS / "latex").rglob("*"):
        if path.is_file():
            target = tmp_path / path.relative_to(CITATIONS / "latex")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    before = (tmp_path / "paper.tex").read_text(encoding="utf-8")
    main(["check", "--offline", "--no-cache", "--select", "CL4", "--fix", "--unsafe-fixes", "--format", "json",
          str(tmp_path / "paper.tex")])
    report = json.loads(capsys.readouterr().out)
    after = (tmp_path / "paper.tex").read_text(encoding="utf-8")
    assert after == before.replace("\\citet{gilard2013}", "\\citet{gillard2013}")
    assert [item["found"] for item in report["citation_findings"]] == ["fazel2020"]  # no key is close: left
    main(["check", "--offline", "--no-cache", "--select", "CL4", "--format", "json", str(tmp_path / "paper.tex")])
    assert not any(item["file"].endswith("paper.tex") for item in json.loads(capsys.readouterr().out)["citation_findings"])


def test_a_bare_numbered_list_is_no_manuscript(tmp_path, capsys) -> None:
    (tmp_path / "refs.txt").write_text(
        "References\n\n[1] Smith J. Ponds. J Biol. 2010;1:1-2.\n[2] Jones K. Lakes. J Biol. 2011;2:3-4.\n", encoding="utf-8")
    assert findings(citation_report(capsys, tmp_path / "refs.txt")) == []


def test_an_arxiv_paper_is_checked_against_its_compiled_bbl(tmp_path, capsys) -> None:
    (tmp_path / "p.tex").write_text("See \\cite{a,b} and \\cite{zz}.\n\\bibliography{refs}\n", encoding="utf-8")
    (tmp_path / "p.bbl").write_text("\\begin{thebibliography}{2}\n\\bibitem{a} Smith J. Ponds. J Biol. 2010;1:1-2.\n"
                                    "\\bibitem{b} Jones K. Lakes. J Biol. 2011;2:3-4.\n\\end{thebibliography}\n",
                                    encoding="utf-8")
    assert findings(citation_report(capsys, tmp_path / "p.tex")) == [("p.tex", "CL401", 1, "zz")]


def test_an_empty_bibliography_answers_no_citation(tmp_path, capsys) -> None:
    (tmp_path / "empty.bib").write_text("", encoding="utf-8")
    (tmp_path / "p.tex").write_text("\\cite{a}\\bibliography{empty}\n", encoding="utf-8")
    assert findings(citation_report(capsys, tmp_path / "p.tex")) == [("p.tex", "CL401", 1, "a")]


def test_a_missing_bibliography_is_said(tmp_path, capsys) -> None:
    (tmp_path / "refs.bib").write_text("@article{a, title={T}, year={2010}}\n", encoding="utf-8")
    (tmp_path / "p.md").write_text("---\nbibliography: [refs.bib, gone.json]\n---\n\nSee [@a; @b].\n", encoding="utf-8")
    report = citation_report(capsys, tmp_path / "p.md")
    assert findings(report) == []
    assert any("citations not checked" in notice["message"] for notice in report["notices"])


def test_changed_since_reports_only_citations_on_changed_lines(tmp_path, capsys, monkeypatch) -> None:
    import subprocess

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    (tmp_path / "sec").mkdir()
    (tmp_path / "refs.bib").write_text("@article{a, title={T}, year={2010}}\n", encoding="utf-8")
    (tmp_path / "sec" / "methods.tex").write_text("\\cite{old1}\n", encoding="utf-8")
    (tmp_path / "paper.tex").write_text("\\cite{a}\\cite{old2}\n\\input{sec/methods}\n\\bibliography{refs}\n",
                                        encoding="utf-8")
    git("init", "-q")
    git("-c", "user.email=a@b.c", "-c", "user.name=a", "add", ".")
    git("-c", "user.email=a@b.c", "-c", "user.name=a", "commit", "-qm", "x")
    (tmp_path / "paper.tex").write_text("\\cite{a}\\cite{old2}\n\\input{sec/methods}\n\\cite{new}\n"
                                        "\\bibliography{refs}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    report = citation_report(capsys, Path("paper.tex"), extra=("--changed-since", "HEAD"))
    assert [item for item in findings(report) if item[1] == "CL401"] == [("paper.tex", "CL401", 3, "new")]


def test_a_thebibliography_kept_in_an_input_file_is_the_list(tmp_path, capsys) -> None:
    (tmp_path / "main.tex").write_text("See \\cite{a} and \\cite{zz}.\n\\input{biblio}\n", encoding="utf-8")
    (tmp_path / "biblio.tex").write_text("\\begin{thebibliography}{1}\n\\bibitem{a} Smith J. Ponds. J Biol. "
                                         "2010;1:1-2.\n\\end{thebibliography}\n", encoding="utf-8")
    assert findings(citation_report(capsys, tmp_path / "main.tex")) == [("main.tex", "CL401", 1, "zz")]
