"""LaTeX citation commands: keys, groups, nocite, what is not read, spans, includes, hostile input."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest

from citelint.citations import Cited
from citelint.citations.latex import (
    MAX_DEPTH,
    MAX_INCLUSIONS,
    MAX_ITEMS,
    latex_citations,
)
from citelint.model import SourceText


def nothing(path: str) -> SourceText | None:
    return None


def cite(text: str) -> Cited:
    return latex_citations(SourceText("paper.tex", text), nothing)


def triples(cited: Cited) -> list[tuple[str | None, int, bool]]:
    return [(citation.key, citation.group, citation.nocite) for citation in cited.citations]


def assert_exact_spans(cited: Cited) -> None:
    for citation in cited.citations:
        source = cited.sources[citation.file]
        assert source.text[citation.span.start : citation.span.end] == citation.key
        assert source.span(citation.span.start, citation.span.end) == citation.span


CASES = [
    # the commands
    (r"\cite{a}", [("a", 1, False)]),
    (r"\cite{a,b}", [("a", 1, False), ("b", 1, False)]),
    ("\\cite{ a ,\n b }", [("a", 1, False), ("b", 1, False)]),
    (r"\cite{a,,b,}", [("a", 1, False), ("b", 1, False)]),
    (r"\cite{} \cite{ , }", []),
    (r"\cite*{a}", [("a", 1, False)]),
    (r"\citep[p.~5]{a}", [("a", 1, False)]),
    (r"\citep[see][p.~5]{a}", [("a", 1, False)]),
    (r"\citet*{a} \Citet{b} \Citep{c} \citealp{d} \Citealp{e} \citealt{f}",
     [("a", 1, False), ("b", 2, False), ("c", 3, False), ("d", 4, False), ("e", 5, False), ("f", 6, False)]),
    (r"\citeauthor{a} \citeyear{b} \citeyearpar{c} \citenum{d}",
     [("a", 1, False), ("b", 2, False), ("c", 3, False), ("d", 4, False)]),
    (r"\parencite{a} \textcite{b} \autocite{c} \footcite{d} \footcitetext{e} \smartcite{f} \supercite{g}",
     [("a", 1, False), ("b", 2, False), ("c", 3, False), ("d", 4, False), ("e", 5, False), ("f", 6, False),
      ("g", 7, False)]),
    (r"\fullcite{a} \citetitle{b} \citeurl{c} \citedate{d} \Textcite{e} \Parencite{f} \Autocite{g}",
     [("a", 1, False), ("b", 2, False), ("c", 3, False), ("d", 4, False), ("e", 5, False), ("f", 6, False),
      ("g", 7, False)]),
    (r"\citeA{a} \citeNP{b} \citeyearNP{c}", [("a", 1, False), ("b", 2, False), ("c", 3, False)]),
    (r"\cite<e.g.,>[p.~3]{a}", [("a", 1, False)]),
    (r"\parencite[{[3]}][see {x}]{a}", [("a", 1, False)]),
    (r"\autocite[][]{a}", [("a", 1, False)]),
    ("\\cite [p.~3]\n  {a}", [("a", 1, False)]),
    ("\\cite\n\n{a}", []),  # a blank line ends the command
    ("\\cite% why\n{a,% first\n b}", [("a", 1, False), ("b", 1, False)]),
    (r"\cite{Smith:2010-x_y.z/1}", [("Smith:2010-x_y.z/1", 1, False)]),
    # nocite
    (r"\nocite{a,b}", [("a", 1, True), ("b", 1, True)]),
    (r"\nocite{*}", []),
    (r"\nocite{*, a} \cite{*}", [("a", 1, True)]),
    # multicite: one group per command
    (r"\cites{a}{b}", [("a", 1, False), ("b", 1, False)]),
    (r"\parencites(pre)(post)[x]{a}[y][z]{b,c} \cite{d}",
     [("a", 1, False), ("b", 1, False), ("c", 1, False), ("d", 2, False)]),
    (r"\textcites{a}[p.~2]{b} and text", [("a", 1, False), ("b", 1, False)]),
    (r"\volcite[see]{2}[45]{a} \volcites{3}{b}{4}[5]{c}", [("a", 1, False), ("b", 2, False), ("c", 2, False)]),
    # order and nesting
    (r"\cite{a} \citep{b,c} \nocite{d}", [("a", 1, False), ("b", 2, False), ("c", 2, False), ("d", 3, True)]),
    (r"\cite[see \citealp{x}]{y}", [("y", 1, False), ("x", 2, False)]),
    # not citing commands, and definitions
    (r"\citestyle{plain} \setcitestyle{authoryear} \citeindextrue \citeindexfalse \bibliographystyle{plain}", []),
    (r"\DeclareCiteCommand{\cite}{\usebibmacro{prenote}}{x}{y}", []),
    (r"\newcommand{\mycite}[1]{\cite{#1}} \renewcommand*{\citefoo}{a} \def\citebar{b} \let\cite=\citep", []),
    (r"\renewcommand\citeleft{(} \citetext{see} \newcites{ltex}{Other} \defcitealias{a}{Paper I}", []),
    (r"\def\x#1{\citep{#1}} \def\y{\citep{#1,b}} \newcommand{\z}[1]{\citep[#1]{c}}", [("c", 1, False)]),
    (r"\newcommand{\me}{\cite{a}}", [("a", 1, False)]),  # a body without parameters: taken as written
    (r"\ifciteseen{a}{b} \AtEveryCitekey{c} \citenumfont{d} \multicitedelim{e} \cite@internal{f}", []),
    # keys that are not written out
    (r"\cite{\mykey, b}", [("b", 1, False)]),
    (r"\cite{a b} \cite{{a}}", []),
    (r"\citep[p.~5 {a}", []),
    # what is not read
    (r"% \cite{a}", []),
    (r"\% \cite{a}", [("a", 1, False)]),
    ("\\\\% \\cite{a}", []),  # a line break, then a comment
    (r"\\cite{a} \\\cite{b}", [("b", 1, False)]),
    (r"\verb|\cite{a}| \verb*+\cite{b}+ \cite{c}", [("c", 1, False)]),
    (r"\lstinline{\cite{a}} \lstinline[language=TeX]!\cite{b}! \mintinline{latex}|\cite{c}| \cite{d}",
     [("d", 1, False)]),
    ("\\verb|\\cite{a}\n\\cite{b}", [("b", 1, False)]),  # \verb ends with its line
    ("\\begin{verbatim}\n\\cite{a}\n\\end{verbatim}\\cite{b}", [("b", 1, False)]),
    ("\\begin{lstlisting}\\cite{a}\\end{lstlisting}\\begin{minted}{tex}\\cite{b}\\end{minted}", []),
    ("\\begin{comment}\n\\cite{a}\n\\end{comment}\n\\begin{filecontents*}{x.bib}\\cite{b}\\end{filecontents*}", []),
    ("\\begin{Verbatim}[numbers=left]\n\\cite{a}\n\\end{Verbatim} % \\end{verbatim}\n\\cite{b}", [("b", 1, False)]),
    ("\\begin{thebibliography}{9}\n\\bibitem{a} See \\cite{b}.\n\\end{thebibliography}\\cite{c}", [("c", 1, False)]),
    ("\\cite{a}\n\\end{document}\n\\cite{b}", [("a", 1, False)]),
    (r"\url{http://example.org/%7Ename} \cite{a} \href{http://x.org/a%20b}{\cite{b}}",
     [("a", 1, False), ("b", 2, False)]),
    # the preamble is read: its \nocite counts, its definitions do not
    ("\\documentclass{article}\n\\newcommand{\\pc}[1]{\\parencite{#1}}\n\\nocite{a}\n\\begin{document}\\pc{b}\\cite{c}",
     [("a", 1, True), ("c", 2, False)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_citations(text: str, expected: list[tuple[str, int, bool]]) -> None:
    cited = cite(text)
    assert triples(cited) == expected
    assert_exact_spans(cited)
    assert cited.missing == ()


@pytest.mark.parametrize(("text", "cites_all"), [(r"\nocite{*}", True), (r"\nocite{ * ,a}", True),
                                                 (r"\cite{*}", False), (r"% \nocite{*}", False)])
def test_nocite_star_cites_everything(text: str, cites_all: bool) -> None:
    assert cite(text).cites_all is cites_all


def test_spans_are_the_printed_keys_with_lines_and_columns() -> None:
    text = "Intro \\citep[p.~5]{smith2010,\n   jones99}.\r\nAnd \\cites{a}[2]{ b }"
    cited = cite(text)
    spans = [(c.key, c.span.start, c.span.line, c.span.column, c.span.end_line, c.span.end_column)
             for c in cited.citations]
    assert spans == [
        ("smith2010", 19, 1, 20, 1, 29),
        ("jones99", 33, 2, 4, 2, 11),
        ("a", 55, 3, 12, 3, 13),
        ("b", 62, 3, 19, 3, 20),
    ]
    assert all(c.file == "paper.tex" for c in cited.citations)
    assert dict(cited.sources) == {"paper.tex": cited.sources["paper.tex"]}


# Includes ------------------------------------------------------------------------------------------------------


def write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def counting_loader(loads: list[str]) -> Callable[[str], SourceText | None]:
    def load(path: str) -> SourceText | None:
        loads.append(path)
        try:
            return SourceText(path, Path(path).read_text(encoding="utf-8"))
        except OSError:
            return None

    return load


def cite_files(folder: Path, files: dict[str, str], loads: list[str] | None = None) -> Cited:
    write(folder, files)
    main = str(folder / "main.tex")
    return latex_citations(SourceText(main, files["main.tex"]), counting_loader([] if loads is None else loads))


def located(cited: Cited, folder: Path) -> list[tuple[str | None, int, str]]:
    return [(c.key, c.group, str(Path(c.file).relative_to(folder))) for c in cited.citations]


def test_included_citations_come_where_the_file_is_included(tmp_path: Path) -> None:
    cited = cite_files(tmp_path, {
        "main.tex": "\\cite{a}\n\\input{chapters/one}\n\\cite{z}\n\\include{two}\n\\input three\n\\end{document}",
        "chapters/one.tex": "\\citep{b, c}\n\\input{chapters/nested.tex}",
        "chapters/nested.tex": "\\nocite{d}",
        "two.tex": "% \\cite{no}\n\\textcite{e}",
        "three.tex": "\\cite{f}",
    })
    assert located(cited, tmp_path) == [
        ("a", 1, "main.tex"), ("b", 2, "chapters/one.tex"), ("c", 2, "chapters/one.tex"),
        ("d", 3, "chapters/nested.tex"), ("z", 4, "main.tex"), ("e", 5, "two.tex"), ("f", 6, "three.tex"),
    ]
    assert [c.nocite for c in cited.citations] == [False, False, False, True, False, False, False]
    assert sorted(str(Path(path).relative_to(tmp_path)) for path in cited.sources) == [
        "chapters/nested.tex", "chapters/one.tex", "main.tex", "three.tex", "two.tex",
    ]
    assert cited.missing == ()
    assert_exact_spans(cited)


def test_subfile_and_import_resolve_against_their_own_folders(tmp_path: Path) -> None:
    cited = cite_files(tmp_path, {
        "main.tex": "\\subfile{parts/four}\\import{dir/}{six}\\subimport*{parts/}{eight}",
        "parts/four.tex": "\\documentclass[../main]{subfiles}\\begin{document}\\cite{a}\\input{five}\\end{document}"
                          "\\cite{never}",
        "parts/five.tex": "\\cite{b}",
        "dir/six.tex": "\\cite{c}\\subimport{inner}{seven}\\input{nine}",
        "dir/inner/seven.tex": "\\cite{d}",
        "dir/nine.tex": "\\cite{e}",
        "parts/eight.tex": "\\cite{f}",
    })
    assert located(cited, tmp_path) == [
        ("a", 1, "parts/four.tex"), ("b", 2, "parts/five.tex"), ("c", 3, "dir/six.tex"),
        ("d", 4, "dir/inner/seven.tex"), ("e", 5, "dir/nine.tex"), ("f", 6, "parts/eight.tex"),
    ]


def test_missing_and_unresolvable_includes(tmp_path: Path) -> None:
    loads: list[str] = []
    cited = cite_files(tmp_path, {
        "main.tex": "\\input{gone}\\input{gone}\\include{also/gone.tex}\\input{\\dir/x}\\input{#1}"
                    "\\includegraphics{fig}\\input{main.bbl}\\cite{a}",
    }, loads)
    assert cited.missing == (str(tmp_path / "gone.tex"), str(tmp_path / "also" / "gone.tex"),
                             str(tmp_path / "main.bbl"))
    assert len(loads) == 3
    assert triples(cited) == [("a", 1, False)]


def test_a_file_included_twice_is_walked_twice_and_loaded_once(tmp_path: Path) -> None:
    loads: list[str] = []
    cited = cite_files(tmp_path, {"main.tex": "\\input{x}\\cite{a}\\input{x}", "x.tex": "\\cite{b}"}, loads)
    assert triples(cited) == [("b", 1, False), ("a", 2, False), ("b", 3, False)]
    assert loads == [str(tmp_path / "x.tex")]


def test_the_bibliography_file_gives_no_citations(tmp_path: Path) -> None:
    cited = cite_files(tmp_path, {
        "main.tex": "\\cite{a}\\input{main.bbl}",
        "main.bbl": "\\begin{thebibliography}{1}\\bibitem{a} A. Author, see \\cite{b}.\\end{thebibliography}",
    })
    assert triples(cited) == [("a", 1, False)]


def test_cycles_are_skipped(tmp_path: Path) -> None:
    loads: list[str] = []
    cited = cite_files(tmp_path, {
        "main.tex": "\\cite{a}\\input{b}\\input{./main}",
        "b.tex": "\\cite{b}\\input{b}\\input{c}",
        "c.tex": "\\cite{c}\\input{main}\\input{b}",
    }, loads)
    assert triples(cited) == [("a", 1, False), ("b", 2, False), ("c", 3, False)]
    assert cited.missing == ()
    assert len(loads) == 2


def test_include_depth_is_bounded(tmp_path: Path) -> None:
    files = {"main.tex": "\\input{f1}"} | {f"f{n}.tex": f"\\cite{{k{n}}}\\input{{f{n + 1}}}" for n in range(1, 40)}
    loads: list[str] = []
    cited = cite_files(tmp_path, files, loads)
    assert len(loads) == MAX_DEPTH
    assert [c.key for c in cited.citations] == [f"k{n}" for n in range(1, MAX_DEPTH + 1)]


def test_repeated_inclusion_is_bounded(tmp_path: Path) -> None:
    # Each level includes the next twice: 2**15 walks without a bound.
    files = {"main.tex": "\\input{f1}"} | {f"f{n}.tex": f"\\cite{{k{n}}}\\input{{f{n + 1}}}\\input{{f{n + 1}}}"
                                           for n in range(1, 16)}
    loads: list[str] = []
    cited = cite_files(tmp_path, files, loads)
    assert len(cited.citations) < MAX_INCLUSIONS
    assert len(loads) == 16


# Hostile input -------------------------------------------------------------------------------------------------


HOSTILE = [
    ("\\def\\a{\\a}\\a \\cite{x}", [("x", 1, False)]),
    ("\\cite{" * 100_000, []),
    ("\\cite{a," * 125_000, []),  # 1 MB, nothing closed
    ("\\cite{a," * 20_000 + "}", [("a", 1, False)]),  # only the last one closes
    ("\\cite{a," * 20_000 + "}" * 20_000, [("a", 1, False)]),  # the others are too long to be key groups
    ("\\cite[" * 20_000 + "]" * 20_000 + "{a}", []),
    ("{" * 50_000 + "\\cite{a}" + "}" * 50_000, [("a", 1, False)]),
    ("\\cites" + "{a}" * 100_000, [("a", 1, False)] * MAX_ITEMS),
    ("\\cites" + "[" * 50_000, []),
    ("\\" * 200_001 + "cite{a}", [("a", 1, False)]),
    ("\\" * 200_000 + "cite{a}", []),
    ("\\verb|" * 50_000, []),
    ("\\verb" * 50_000, []),
    ("\\begin{verbatim}" * 50_000 + "\\cite{a}", []),
    ("\\url{" * 50_000 + "\\cite{a}", [("a", 1, False)]),
    ("%" * 200_000, []),
    ("\\cite" + " " * 200_000 + "{a}", [("a", 1, False)]),  # TeX skips spaces before an argument
    ("\\input{" * 50_000, []),
    ("\\citeauthor" * 50_000, []),
    ("\\citeeeeeeeeeeeeeeeeeeeeeeeeeeeee" * 30_000, []),
    ("\\" + "a" * 200_000 + "cite{a}", [("a", 1, False)]),  # a (long) control word with "cite" in it
]


@pytest.mark.parametrize(("text", "expected"), HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_input_is_read_quickly(text: str, expected: list[tuple[str, int, bool]]) -> None:
    cited = cite(text)
    assert triples(cited) == expected
    assert_exact_spans(cited)


def test_binary_like_input() -> None:
    generator = random.Random(7)
    noise = bytes(generator.randrange(256) for _ in range(200_000)).decode("latin-1")
    text = noise[:100_000] + "\n\\cite{real}\n" + noise[100_000:]
    cited = cite(text)
    assert_exact_spans(cited)
    assert all(c.key and " " not in c.key for c in cited.citations)


def test_input_loops_and_floods_stay_bounded(tmp_path: Path) -> None:
    loads: list[str] = []
    cited = cite_files(tmp_path, {"main.tex": "\\input{gone}" * 20_000 + "\\input{main}" * 1000}, loads)
    assert cited.missing == (str(tmp_path / "gone.tex"),)
    assert loads == [str(tmp_path / "gone.tex")]


def test_loads_are_bounded_when_every_include_is_missing(tmp_path: Path) -> None:
    loads: list[str] = []
    text = "".join(f"\\input{{gone{n}}}" for n in range(5000)) + "\\cite{a}"
    cited = cite_files(tmp_path, {"main.tex": text}, loads)
    assert len(loads) == len(cited.missing) == MAX_INCLUSIONS - 1  # the main file counts too
    assert triples(cited) == [("a", 1, False)]
