"""Markdown and pandoc manuscripts: the References section, items, markup, spans, suppressions, front matter."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citelint.model import OFFLINE, Reference, SourceText
from citelint.readers.markdown import linked_files, read_markdown
from tests.readers.checks import assert_spans_consistent

FIXTURES = Path(__file__).resolve().parent.parent.parent / "fixtures" / "manuscripts" / "markdown"
FILES = ("paper.md", "paper.qmd")
A = "Smith J, Jones K. Peer support in crisis teams. Br J Psychiatry 2019;214:1-5."
B = "Fazel S, Wolf A. Prediction of suicide. Lancet Psychiatry 2020;31:82-96."


def load(name: str) -> SourceText:
    path = FIXTURES / name
    return SourceText(str(path), path.read_text(encoding="utf-8"))


def read(text: str) -> list[Reference]:
    return read_markdown(SourceText("paper.md", text))


@pytest.mark.parametrize("name", FILES)
def test_fixture_spans_and_fields(name: str) -> None:
    source = load(name)
    references = read_markdown(source)
    assert_spans_consistent(source, references)
    gold = json.loads((FIXTURES / "gold.json").read_text(encoding="utf-8"))[name]
    assert [reference.key for reference in references] == [item["key"] for item in gold]
    for reference, expected in zip(references, gold):
        found = {"authors": [author.organisation or author.family for author in reference.authors]}
        found.update({field: getattr(reference, field) for field in expected if field not in ("key", "authors")})
        assert found == {key: value for key, value in expected.items() if key != "key"}


def test_markup_is_kept_in_the_text_and_left_out_of_values() -> None:
    by_key = {reference.key: reference for reference in read_markdown(load("paper.md"))}
    johnson = by_key["1."]
    assert johnson.kind == "markdown"
    assert johnson.text.startswith("Johnson S, Nolan F")  # the list marker is not part of it
    assert "*BMJ*" in johnson.text and johnson.container == "BMJ" and johnson.printed("container") == "BMJ"
    assert johnson.doi == "10.1136/bmj.38519.678148.8F"
    qmd = read_markdown(load("paper.qmd"))
    assert qmd[0].container == "International Journal of Mental Health Nursing" and qmd[0].volume == "27"
    assert qmd[2].doi == "10.1038/s41398-019-0428-3"  # inside [link](url)


def test_suppression_comments_apply_to_the_item_below() -> None:
    by_key = {reference.key: reference for reference in read_markdown(load("paper.md"))}
    assert by_key["3."].suppressions[0].codes == ("CL201",) and not by_key["2."].suppressions
    assert read_markdown(load("paper.qmd"))[1].suppressions[0].codes == ("CL103",)
    (reference,) = read(f"# References\n\n- {A} <!-- citelint: ignore[CL101] -->\n")
    assert reference.suppressions[0].codes == ("CL101",) and not reference.text.endswith("-->")


def test_planted_errors_are_reported_by_the_offline_rules() -> None:
    from citelint.app.config import Settings
    from citelint.app.engine import check_references

    references = read_markdown(load("paper.md"))
    results = check_references(references, [OFFLINE] * len(references), Settings(), today=datetime.date(2026, 11, 26))
    found = {(result.reference.key, finding.code) for result in results for finding in result.findings}
    assert {("4.", "CL107"), ("5.", "CL103"), ("6.", "CL101")} <= found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(f"# Paper\n\nText.\n\n## References\n\n- {A}\n- {B}\n", [A, B], id="atx-bullets"),
        pytest.param(f"References\n==========\n\n{A}\n\n{B}\n", [A, B], id="setext-paragraphs"),
        pytest.param(f"## 7. References {{#refs .unnumbered}}\n\n1) {A}\n2) {B}\n", [A, B], id="numbered-attributes"),
        pytest.param(f"# Literature cited\n\n* {A}\n\n# Appendix\n\n* {B}\n", [A], id="ends-at-same-level"),
        pytest.param(f"## Bibliography\n\n### Articles\n\n- {A}\n\n# Next\n\n- {B}\n", [A], id="subheading-inside"),
        pytest.param(f"# Intro\n\n- {A}\n", [], id="no-references-heading"),
        pytest.param(f"Text.\n\n**References**\n\n1. {A}\n\n#### Notes\n\n1. {B}\n", [A], id="bold-line-heading"),
        pytest.param(f"```\n# References\n- {A}\n```\n", [], id="heading-in-code-block"),
        pytest.param(f"# References\n{A}\n{B}\n", [A, B], id="one-a-line"),
        pytest.param(f"# References\n{A[:30]}  \n{A[31:]}\n", [A[:30], A[31:]], id="hard-break"),
        pytest.param("# References\nSmith J, Jones K. Peer support in\nJones K. crisis teams. Br J Psychiatry 2019;214:1-5.\n",
                     ["Smith J, Jones K. Peer support in\nJones K. crisis teams. Br J Psychiatry 2019;214:1-5."], id="wrapped-paragraph"),
        pytest.param(f"# References\n\n<!--\n{B}\n-->\n{A}\n", [A], id="comment-block"),
        pytest.param(f"# References\n\n[1] {A}\n\n\\[2\\] {B}\n", [A, B], id="bracketed-labels"),
        pytest.param(f"# References\n\n::: {{#refs}}\n{A}\n\n{B}\n:::\n", [A, B], id="pandoc-div"),
        pytest.param(f'# References\n\n<a id="1">[1]</a>\n{A}\n\n<a id="2">[2]</a> {B}\n', [A, B], id="html-anchor-labels"),
        pytest.param("# References\n\n- Smith J, Jones K. Peer support in crisis teams.\n  Br J Psychiatry 2019;214:1-5.\n",
                     ["Smith J, Jones K. Peer support in crisis teams.\n  Br J Psychiatry 2019;214:1-5."], id="wrapped-item"),
    ],
)
def test_reference_section_and_items(text: str, expected: list[str]) -> None:
    references = read(text)
    assert [reference.text for reference in references] == expected
    if "<a id" in text:
        assert [reference.key for reference in references] == ["[1]", "[2]"]
    assert_spans_consistent(SourceText("paper.md", text), references)


@pytest.mark.parametrize(
    ("item", "field", "value", "printed"),
    [
        pytest.param("Smith J. A *very* good title. Nature 2001;1:1-2.", "title", "A very good title", "A *very* good title", id="emphasis"),
        pytest.param("Smith J. Title. Nature 2001;1:1-2. doi:10.1000/a_b_c", "doi", "10.1000/a_b_c", "10.1000/a_b_c", id="underscores-in-doi"),
        pytest.param("Smith J. Title. Nature 2001;1:1-2. <https://doi.org/10.1000/x1>", "doi", "10.1000/x1", "10.1000/x1", id="autolink"),
        pytest.param("Smith J. Title \\*with\\* stars. Nature 2001;1:1-2.", "title", "Title *with* stars", "Title \\*with\\* stars", id="escapes"),
        pytest.param("Smith J. Title. J Appl &amp; Exp 2001;1:1-2.", "container", "J Appl & Exp", "J Appl &amp; Exp", id="entity"),
        pytest.param("Smith J. Title. __Nature__ 2001;1:1-2.", "container", "Nature", "Nature", id="strong"),
    ],
)
def test_values_without_markup_and_printed_spans(item: str, field: str, value: str, printed: str) -> None:
    text = f"# References\n\n- {item}\n"
    (reference,) = read(text)
    assert getattr(reference, field) == value
    assert reference.printed(field) == printed
    assert_spans_consistent(SourceText("paper.md", text), [reference])


def test_linked_files_from_front_matter() -> None:
    folder = FIXTURES
    assert linked_files(load("paper.qmd")) == [str(folder / "refs.bib"), str(folder / "data" / "extra.json")]
    assert linked_files(load("paper.md")) == []
    assert linked_files(SourceText("doc/a.Rmd", "---\nbibliography: refs.yaml\n---\n")) == ["doc/refs.yaml"]
    assert linked_files(SourceText("a.md", "---\nbibliography: refs.bib\n")) == []  # unclosed: not front matter
    assert linked_files(SourceText("a.md", "---\nbibliography: [a.bib\n---\n")) == []  # not YAML
    assert linked_files(SourceText("a.md", "---\n- a\n- b\n...\n")) == []
    assert linked_files(SourceText("a.md", "---\nbibliography: !expr x\n---\n")) == []
    flow = "---\ntitle: x # y\nbibliography: [\"a b.bib\", 'c.json']  # both\n---\n"
    assert linked_files(SourceText("a.md", flow)) == ["a b.bib", "c.json"]
    block = "---\nbibliography:\n- a.bib\n- 'b.yml' # CSL YAML\nnested:\n  bibliography: no.bib\n---\n"
    assert linked_files(SourceText("a.md", block)) == ["a.bib", "b.yml"]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(f"---\ntitle: x\n\n# References\n\n- {A}\n", id="unclosed-front-matter"),
        pytest.param("# References\n\n- " + "Smith J, " * 1200 + "\n", id="10k-line"),
        pytest.param("# References\n\n- x" + "<!-- " * 2500 + "\n", id="10k-comment-openers"),
        pytest.param("# References\n\n" + "*_[" * 3400 + "\n", id="10k-markup"),
        pytest.param("# References\n\n- [" + "x" * 10000 + "](" + "y" * 10000 + "\n", id="unclosed-link"),
        pytest.param("# References\n\n" + "- \n" * 3000, id="empty-items"),
        pytest.param("# References\n\n- \x01\x7f\ufffd<!-- J. 2001;1:1.\n", id="binary-junk"),
        pytest.param("---\n" + "a: &a [*a, *a]\n" * 50 + "---\n# References\n\n- x\n", id="yaml-aliases"),
    ],
)
def test_hostile_input_gives_references_not_exceptions(text: str) -> None:
    source = SourceText("paper.md", text)
    assert_spans_consistent(source, read_markdown(source))
    linked_files(source)


def test_unclosed_front_matter_is_read_as_text() -> None:
    (reference,) = read(f"---\ntitle: x\n\n# References\n\n- {A}\n")
    assert reference.text == A


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="*_[]()<>!-#`\\&;: \nabJ.,0123456789/", max_size=300))
def test_arbitrary_markdown_never_breaks_the_reader(body: str) -> None:
    text = "# References\n\n- " + body + "\n- " + body + "\n"
    source = SourceText("paper.md", text)
    assert_spans_consistent(source, read_markdown(source))


@pytest.mark.parametrize("opening", ["````", "~~~~", "```` markdown"])
def test_an_example_block_is_closed_only_by_a_fence_as_long_as_its_own(opening: str) -> None:
    # CommonMark: a shorter fence inside is part of the example, and so is the list after it.
    fence = opening.split()[0]
    text = (f"# How to write references\n\n{opening}\nA code block opens with\n```\n## References\n\n"
            "1. Smith J (2010) A made-up example. J Biol 3: 1-9.\n"
            f"{fence}\n\n## References\n\n1. Lee K (2011) The real entry. Nature 4: 5-6.\n")
    assert [reference.text for reference in read(text)] == ["Lee K (2011) The real entry. Nature 4: 5-6."]
