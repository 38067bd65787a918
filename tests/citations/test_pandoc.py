"""Pandoc citations in Markdown: what is cited, in which group, and what is not a citation."""

from __future__ import annotations

import pytest

from citelint.citations import Cited
from citelint.citations.pandoc import pandoc_citations
from citelint.model import SourceText
from tests.citations.hostile import PANDOC


def cite(text: str, end: int | None = None) -> Cited:
    cited = pandoc_citations(SourceText("paper.md", text), end)
    for citation in cited.citations:
        assert text[citation.span.start : citation.span.end] == citation.key
    return cited


def keys(text: str) -> list[tuple[str | None, int]]:
    return [(citation.key, citation.group) for citation in cite(text).citations]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Blah [see @doe99, pp. 33-35; also @smith04, chap. 1].", [("doe99", 0), ("smith04", 0)]),
        ("Blah blah [@doe99; @smith2000; @smith2004].", [("doe99", 0), ("smith2000", 0), ("smith2004", 0)]),
        ("[@doe99] then [-@doe99].", [("doe99", 0), ("doe99", 1)]),
        ("@doe99 says so.", [("doe99", 0)]),
        ("(see @doe99) and @smith04.", [("doe99", 0), ("smith04", 1)]),
        ("@doe99 [p. 33] says so, as does @smith04.", [("doe99", 0), ("smith04", 1)]),
        ("@doe99 [@smith04] together.", [("doe99", 0), ("smith04", 0)]),
        ("@doe99 [p. 33; @smith04] together.", [("doe99", 0), ("smith04", 0)]),
        ("@doe99\n[@smith04] across one line break.", [("doe99", 0), ("smith04", 0)]),
        ("@doe99\n\n[@smith04] across a paragraph.", [("doe99", 0), ("smith04", 1)]),
        ("[p. 33; @smith04] is no citation bracket.", [("smith04", 0)]),
        ("[@doe99; see the text] is no citation bracket.", [("doe99", 0)]),
        ("[see\n@doe99] across a line.", [("doe99", 0)]),
        ("End of sentence @doe99. Colon @smith04: dash @lee-.", [("doe99", 0), ("smith04", 1), ("lee", 2)]),
        ("@Foo_bar.baz. and @Foo_bar--baz", [("Foo_bar.baz", 0), ("Foo_bar", 1)]),
        ("@1657:huygens and @_under", [("1657:huygens", 0), ("_under", 1)]),
        ("@Müller2000 wrote.", [("Müller2000", 0)]),
        ("[@{https://example.com/bib?name=foobar&date=2000}, p. 33]", [("https://example.com/bib?name=foobar&date=2000", 0)]),
        ("@{Foo_bar.baz.} keeps its period.", [("Foo_bar.baz.", 0)]),
        ("@http://zotero.org/users/1/items/A1B2 as a key.", [("http://zotero.org/users/1/items/A1B2", 0)]),
        ("[@a](http://x.org) is still read as a citation.", [("a", 0)]),
        ("[see [@a]] inner bracket.", [("a", 0)]),
        ("Note^[see @a] and footnote[^1].\n\n[^1]: As @b shows.", [("a", 0), ("b", 1)]),
        ("- item @a\n- item [@b; @c]", [("a", 0), ("b", 1), ("c", 1)]),
        ("| @a | [@b] |\n|---|---|", [("a", 0), ("b", 1)]),
        ("<span>@a</span>", [("a", 0)]),
        ("Text\r\n\r\n[@a;\r\n@b]\r\n", [("a", 0), ("b", 0)]),
        ("", []),
        ("no citations here", []),
    ],
)
def test_citations(text: str, expected: list[tuple[str, int]]) -> None:
    assert keys(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "mail a@b.org or first.last@x.org",
        "escaped \\@doe99",
        "`@doe99` and ``code ` @doe99`` and ```x @doe99```",
        "```\n@doe99\n```",
        "```{r}\n# @doe99\n```",
        "~~~~ python\n@doe99\n~~~\nstill code\n~~~~",
        "  ```\n  @doe99\n  ```",
        "Paragraph.\n\n    @doe99 indented code\n\n        more @smith04",
        "<!-- @doe99 -->",
        "<!--\n```\n@doe99\n-->",
        "$@doe99$ and $$\n@doe99\n$$",
        "<https://example.com/@doe99> and https://mastodon.social/@doe99 and www.x.org/@doe99",
        "[link](./files/@doe99.pdf)",
        "<a href='x' data-key='@doe99'>text</a>",
        "[@doe99]: https://example.com",
        "@fig:plot @tbl:one @sec:intro @eq:e1 @lst:code @Fig:plot",
        "@fig-plot @tbl-one @sec-intro @eq-e1 @lst-code @thm-a @lem-a @cor-a @prp-a @cnj-a @def-a",
        "@exm-a @exr-a @sol-a @rem-a @alg-a @nte-a @wrn-a @imp-a @tip-a @cau-a @Fig-plot",
        "[@fig-a; @tbl-b]",
        "(@good) An example.\n\nAs @good shows.",
        "word@doe99 and word-@doe99",
        "@* and @ alone and @. and @{} and @{a b}",
    ],
)
def test_not_citations(text: str) -> None:
    found = keys(text)
    assert "doe99" not in [key for key, _ in found]
    assert all(key not in {"smith04", "good"} and not key.lower().startswith(("fig", "tbl")) for key, _ in found if key)


def test_escaped_bracket_leaves_an_in_text_citation() -> None:
    assert keys("\\[@doe99\\] and [@smith04]") == [("doe99", 0), ("smith04", 1)]


def test_unclosed_fence_is_text_as_pandoc_reads_it() -> None:
    assert keys("```\n@doe99 never closed") == [("doe99", 0)]


def test_unclosed_comment_is_text() -> None:
    assert keys("<!-- never closed @doe99") == [("doe99", 0)]


def test_list_continuation_is_not_code() -> None:
    assert keys("- item\n\n  continued by @doe99\n\n1. item\n\n   continued by @smith04") == [
        ("doe99", 0),
        ("smith04", 1),
    ]


def test_mixed_cross_reference_bracket_keeps_the_citation() -> None:
    assert keys("[@fig:a; @doe99] and [@tbl-b] then @smith04") == [("doe99", 0), ("smith04", 1)]


def test_spans() -> None:
    text = "Intro.\n\nSee [-@doe99, p. 3; @{http://x.org/a?b}] and @lee."
    cited = cite(text)
    assert [(c.key, c.span.line, c.span.column, c.span.end_column) for c in cited.citations] == [
        ("doe99", 3, 8, 13),
        ("http://x.org/a?b", 3, 23, 39),
        ("lee", 3, 47, 50),
    ]
    assert cited.sources == {"paper.md": cited.sources["paper.md"]}
    assert cited.sources["paper.md"].text == text
    assert cited.missing == ()
    assert all(c.file == "paper.md" and not c.nocite for c in cited.citations)


def test_end_stops_the_body() -> None:
    text = "Body [@doe99].\n\n# References\n\n@smith04 in the list"
    assert [c.key for c in cite(text, text.index("# References")).citations] == ["doe99"]


@pytest.mark.parametrize(
    ("front", "expected", "cites_all"),
    [
        ("nocite: |\n  @item1, @item2\n", ["item1", "item2"], False),
        ("nocite: >-\n  @item1\n  [@item2; @fig-x]\n", ["item1", "item2"], False),
        ("nocite: \"@item1, @item2\"\n", ["item1", "item2"], False),
        ("nocite: '@*'\n", [], True),
        ("nocite: |\n  @*\n", [], True),
        ("nocite:\n  - \"@item1\"\n  - '@{item.2.}'\n", ["item1", "item.2."], False),
        ("nocite:\n- \"@item1\"\ntitle: \"@notcited\"\n", ["item1"], False),
        ("title: \"By @notcited\"\nauthor: a@b.org\n", [], False),
        ("nocite: |\n  @item1\nabstract: |\n  See @notcited.\n", ["item1"], False),
    ],
)
def test_nocite(front: str, expected: list[str], cites_all: bool) -> None:
    text = f"---\n{front}---\n\nBody @doe99.\n"
    cited = cite(text)
    nocited = [c for c in cited.citations if c.nocite]
    assert [c.key for c in nocited] == expected
    assert all(c.group == 0 for c in nocited)
    assert [(c.key, c.group) for c in cited.citations if not c.nocite] == [("doe99", 1 if expected else 0)]
    assert cited.cites_all is cites_all


def test_front_matter_closed_by_dots_and_unclosed() -> None:
    assert [c.key for c in cite("---\nnocite: '@a'\n...\n@b").citations] == ["a", "b"]
    assert keys("---\ntitle: x\n\n@b") == [("b", 0)]
    assert keys("Text\n---\nnocite: '@a'\n---\n") == [("a", 0)]




@pytest.mark.parametrize("text", PANDOC, ids=range(len(PANDOC)))
def test_hostile_input_is_read(text: str) -> None:
    # Its speed is measured by bench/hostile_citations.py; here it must simply come back.
    assert isinstance(cite(text), Cited)


def test_hostile_results() -> None:
    assert keys("[@" * 1000) == []
    assert keys("@" + "a" * 100_000)[0][0] == "a" * 100_000
    assert keys("[" * 1000 + "@a" + "]" * 1000) == [("a", 0)]
