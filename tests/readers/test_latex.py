"""LaTeX manuscripts and .bbl files: items, decoded values, spans in the file, suppressions, links, hostile input."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citelint.model import OFFLINE, Reference, SourceText
from citelint.readers.latex import linked_files, read_latex
from tests.readers.checks import assert_spans_consistent

FIXTURES = Path(__file__).resolve().parent.parent.parent / "fixtures" / "manuscripts" / "latex"
FILES = ("thebibliography/paper.tex", "bbl/plainnat.bbl", "bbl/biblatex.bbl")


def load(name: str) -> SourceText:
    path = FIXTURES / name
    return SourceText(str(path), path.read_text(encoding="utf-8"))


def read(text: str) -> list[Reference]:
    return read_latex(SourceText("paper.tex", text))


@pytest.mark.parametrize("name", FILES)
def test_fixture_spans_slice_to_the_printed_fields(name: str) -> None:
    source = load(name)
    references = read_latex(source)
    assert references
    assert [reference.index for reference in references] == list(range(1, len(references) + 1))
    assert_spans_consistent(source, references)


@pytest.mark.parametrize("name", ("thebibliography/paper.tex", "bbl/biblatex.bbl"))
def test_fixture_fields_match_the_labels(name: str) -> None:
    gold = json.loads((FIXTURES / "gold.json").read_text(encoding="utf-8"))[name]
    references = read_latex(load(name))
    assert [reference.key for reference in references] == [item["key"] for item in gold]
    for reference, expected in zip(references, gold):
        found = {"authors": [author.organisation or author.family for author in reference.authors]}
        found.update({field: getattr(reference, field) for field in expected if field not in ("key", "authors")})
        assert found == {key: value for key, value in expected.items() if key != "key"}


def test_thebibliography_values_are_decoded_and_text_kept_as_printed() -> None:
    source = load("thebibliography/paper.tex")
    by_key = {reference.key: reference for reference in read_latex(source)}
    assert "commented" not in by_key and len(by_key) == 12  # the %\bibitem is a comment
    johnson = by_key["johnson2005"]
    assert johnson.kind == "latex" and johnson.et_al
    assert johnson.title.endswith("the north Islington crisis study")
    assert johnson.printed("title").endswith("the north {I}slington crisis study")
    assert johnson.doi == "10.1136/bmj.38519.678148.8F"
    assert johnson.printed("container") == "BMJ"  # inside \emph{...}
    repper = by_key["repper2011"]
    assert (repper.pages, repper.printed("pages")) == ("392\u2013411", "392--411")
    sjolie = by_key['sj{\\"o}lie2010']
    assert sjolie.authors[0].family == "Sj\u00f6lie"
    assert source.text[sjolie.authors[0].span.start : sjolie.authors[0].span.end] == 'Sj{\\"o}lie H'
    assert johnson.text.startswith("Johnson S, Nolan F") and johnson.text.endswith("{10.1136/bmj.38519.678148.8F}")


def test_trailing_directive_stays_with_its_item() -> None:
    text = ("\\begin{thebibliography}{9}\n\\bibitem{a} Smith J. Title. Nature 2001;1:8296. % citelint: ignore[CL101]\n"
            "\\bibitem{b} Jones K. Other. Cell 2002;3:4.\n\\end{thebibliography}\n")
    first, second = read(text)
    assert first.suppressions[0].codes == ("CL101",) and not second.suppressions
    assert first.text.endswith("8296.")


def test_suppression_comment_before_a_bibitem_applies_to_it() -> None:
    by_key = {reference.key: reference for reference in read_latex(load("thebibliography/paper.tex"))}
    (suppression,) = by_key["lloydevans2014"].suppressions
    assert suppression.codes == ("CL201",) and suppression.reason == "the preprint title, cited on purpose"
    assert not by_key["repper2011"].suppressions  # the comment stands after repper2011's text, before the next item


def test_planted_errors_are_reported_by_the_offline_rules() -> None:
    from citelint.app.config import Settings
    from citelint.app.engine import check_references

    found = set()
    for name in ("thebibliography/paper.tex", "bbl/biblatex.bbl"):
        source = load(name)
        references = read_latex(source)
        results = check_references(references, [OFFLINE] * len(references), Settings(), today=datetime.date(2026, 11, 26))
        for result in results:
            for finding in result.findings:
                found.add((name, result.reference.key, finding.code))
                assert source.text[finding.span.start : finding.span.end] in result.reference.text
    assert ("thebibliography/paper.tex", "murphy2012", "CL107") in found  # "ilnesses"
    assert ("thebibliography/paper.tex", "wheeler2015", "CL103") in found  # en dashes in the DOI
    assert ("thebibliography/paper.tex", "hasselberg2011", "CL101") in found  # 409413
    assert ("bbl/biblatex.bbl", "murphy2012", "CL107") not in found  # suppressed in the .bbl
    assert ("bbl/biblatex.bbl", "broken2020", "CL001") in found


@pytest.mark.parametrize(
    ("item", "field", "value", "printed"),
    [
        pytest.param(r"{\"U}ber J. {\"U}ber alles. Nature 2001;1:1--2.", "title", "Über alles", r'{\"U}ber alles', id="brace-balanced"),
        pytest.param(r"Smith J. A \textbf{bold} title. Nature 2001;1:1--2.", "title", "A bold title", r"A \textbf{bold} title", id="font-command"),
        pytest.param(r"Smith J. Title. Nature 2001;1:1--2. \url{https://doi.org/10.1000/a\_b}", "doi", "10.1000/a_b", r"10.1000/a\_b", id="url-escape"),
        pytest.param(r"Smith J. Title. J Appl \& Exp 2001;1:1--2.", "container", "J Appl & Exp", r"J Appl \& Exp", id="escaped-ampersand"),
        pytest.param("Smith J. Title. Nature 2001;1:1--2.%\n", "pages", "1\u20132", "1--2", id="trailing-comment"),
        pytest.param(r"Smith J. Title. Nature 2001;1:1\penalty0 --2.", "volume", "1", "1", id="penalty-number-dropped"),
    ],
)
def test_decoded_values_and_printed_spans(item: str, field: str, value: str, printed: str) -> None:
    text = f"\\begin{{thebibliography}}{{1}}\n\\bibitem{{k}} {item}\n\\end{{thebibliography}}\n"
    (reference,) = read(text)
    assert getattr(reference, field) == value
    assert reference.printed(field) == printed
    assert_spans_consistent(SourceText("paper.tex", text), [reference])


def test_labels_with_braces_and_several_environments() -> None:
    text = (
        "\\begin{thebibliography}{99}\n\\bibitem[{Smith et~al.(2001)}]{smith} Smith J. Title. Nature 2001;1:1--2.\n"
        "\\end{thebibliography}\nText.\n\\begin{thebibliography}{9}\n\\bibitem{jones}Jones K. Other. Cell 2002;3:4.\n"
        "\\end{thebibliography}\n"
    )
    references = read(text)
    assert [(r.key, r.index, r.year) for r in references] == [("smith", 1, "2001"), ("jones", 2, "2002")]


def test_biblatex_bbl_fields_names_and_spans() -> None:
    source = load("bbl/biblatex.bbl")
    by_key = {reference.key: reference for reference in read_latex(source)}
    sjolie = by_key["sjolie2010"]
    assert sjolie.kind == "biblatex" and sjolie.type == "article"
    assert sjolie.title == "Crisis resolution and home treatment: structure, process, and outcome -- a literature review"
    assert "title" not in sjolie.spans  # title and subtitle: no one span holds it
    assert (sjolie.pages, sjolie.printed("pages")) == ("881\u2013892", "881\\bibrangedash 892")
    assert [(a.family, a.given) for a in sjolie.authors] == [("Sjölie", "Hege"), ("Karlsson", "Bengt"), ("Kim", "Hesook Suzie")]
    assert source.text[sjolie.authors[0].span.start : sjolie.authors[0].span.end] == 'Sj\\"{o}lie'
    assert sjolie.publisher == "Wiley"
    murphy = by_key["murphy2012"]  # biblatex 2 positional name parts
    assert [(a.family, a.given) for a in murphy.authors][1] == ("Irving", "Claire B")
    assert murphy.article_number == "CD001087" and murphy.suppressions[0].codes == ("CL107",)
    who = by_key["who2019"]
    assert who.authors[0].organisation == "World Health Organization" and who.status == "in press"
    assert who.url == "https://www.who.int/publications/i/item/9789240036703" and who.type == "report"
    assert by_key["broken2020"].parse_problem


def test_linked_files_are_resolved_against_the_document() -> None:
    source = load("bibfile/paper.tex")
    folder = FIXTURES / "bibfile"
    assert linked_files(source) == [str(folder / "refs.bib"), str(folder / "extra" / "more.bib")]
    assert read_latex(source) == []
    text = "\\bibliography{a.bib, b}\n\\addbibresource[location=local]{../c.bib}\n% \\bibliography{d}\n\\bibliography{a}\n"
    assert linked_files(SourceText("doc/paper.tex", text)) == ["doc/a.bib", "doc/b.bib", "c.bib"]
    assert linked_files(SourceText("<stdin>", "\\bibliography{refs}")) == ["refs.bib"]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("\\begin{thebibliography}{9}\n\\bibitem{a} Smith J. Title. Nature 2001;1:1.\n", id="unclosed-environment"),
        pytest.param("\\begin{thebibliography}{9}\n\\bibitem{a Smith J. Title. Nature 2001;1:1.\n\\bibitem{b} Jones K. T. Cell 2002;2:2.\n\\end{thebibliography}", id="unclosed-key"),
        pytest.param("\\begin{thebibliography}{9}\n\\bibitem[{Smith(2001){a} Smith J. {{{Title. Nature 2001;1:1.\n\\end{thebibliography}", id="unbalanced-braces"),
        pytest.param("\\def\\a{\\a}\\a\n\\begin{thebibliography}{9}\n\\bibitem{a} \\a\\a{\\a} Smith J. 2001.\n\\end{thebibliography}", id="looping-macro"),
        pytest.param("\\begin{thebibliography}{9}\n\\bibitem{a}\n\\bibitem{b}%\n\\end{thebibliography}", id="empty-items"),
        pytest.param("\\begin{thebibliography}{9}\n\\bibitem{a} " + "Smith J, " * 1200 + "\n\\end{thebibliography}", id="10k-line"),
        pytest.param("\\begin{thebibliography}{9}\n" + "\\bibitem{a}{" * 3000 + "\n\\end{thebibliography}", id="many-open-items"),
        pytest.param("\\begin{thebibliography}{9}\n\\bibitem{a} \x01\x7f\ufffd\\\\\\{\\}%\x02 J. 2001;1:1.\n", id="binary-junk"),
        pytest.param("\\begin{thebibliography}{" + "{" * 5000 + "\n\\bibitem{a} X.", id="unclosed-label-width"),
        pytest.param("\\begin{thebibliography}{9}\n\\bibitem{a} X.\n" * 3000 + "\\end{thebibliography}", id="nested-environments"),
        pytest.param("\\entry{a}{article}{}\n" + "\\field{t}{{" * 3000 + "\n\\endentry", id="bbl-many-unclosed-fields"),
        pytest.param("\\entry{a}{article}{}\n\\field{title}{" + "{" * 5000 + "\n\\endentry\n\\entry{b}{book}{}\n", id="broken-bbl"),
        pytest.param("\\entry{a}{article}{}\\name{author}{1}{}{{{h}{family={" + "x" * 10000 + "\\endentry", id="bbl-unclosed-name"),
    ],
)
def test_hostile_input_gives_references_not_exceptions(text: str) -> None:
    source = SourceText("paper.tex", text)
    references = read_latex(source)
    assert_spans_consistent(source, references)
    assert all(reference.text.strip() for reference in references)


def test_broken_items_carry_a_parse_problem() -> None:
    references = read("\\begin{thebibliography}{9}\n\\bibitem{a}\n\\bibitem[x{b} Smith J. 2001.\n\\end{thebibliography}")
    assert [reference.parse_problem is not None for reference in references] == [True, True]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="\\{}[]%~-$ \nabJ.,;:0123456789\"'`^bibtemnd", max_size=300))
def test_arbitrary_latex_never_breaks_the_reader(body: str) -> None:
    text = "\\begin{thebibliography}{9}\n\\bibitem{a} " + body + "\n\\bibitem{b}" + body + "\n\\end{thebibliography}"
    source = SourceText("paper.tex", text)
    assert_spans_consistent(source, read_latex(source))
