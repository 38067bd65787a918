"""Citations written out in prose: numbered brackets, author-year, and the prose that cites nothing."""

from __future__ import annotations

import pytest

from citelint.citations import Citation
from citelint.citations.prose import prose_citations
from citelint.model import SourceText
from tests.citations.hostile import PROSE


def cite(text: str, start: int = 0, end: int | None = None) -> tuple[Citation, ...]:
    source = SourceText("paper.md", text)
    citations = prose_citations(source, start, len(text) if end is None else end)
    for citation in citations:
        assert citation.file == "paper.md"
        assert source.span(citation.span.start, citation.span.end) == citation.span
        if citation.year_span is not None:
            year = text[citation.year_span.start : citation.year_span.end]
            assert citation.year is not None and citation.year.endswith(year)
    groups = [citation.group for citation in citations]
    assert groups == sorted(groups)
    return citations


def numbers(text: str) -> list[int | None]:
    return [citation.number for citation in cite(text)]


def author_year(text: str) -> list[tuple[tuple[str, ...], bool, str | None]]:
    return [(citation.names, citation.et_al, citation.year) for citation in cite(text)]


def printed(text: str) -> list[str]:
    return [text[citation.span.start : citation.span.end] for citation in cite(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("Ponds dry out [12].", [12]),
    ("Ponds dry out [1, 2].", [1, 2]),
    ("Ponds dry out [1;2].", [1, 2]),
    ("Ponds dry out [1-3].", [1, 2, 3]),
    ("Ponds dry out [1–3].", [1, 2, 3]),
    ("Ponds dry out [1—3].", [1, 2, 3]),
    ("Ponds dry out [1-3, 7].", [1, 2, 3, 7]),
    ("Ponds dry out [1,3–5].", [1, 3, 4, 5]),
    ("Ponds dry out [ 4 ].", [4]),
    ("Ponds dry out<sup>[4]</sup>.", [4]),
    ("Ponds [1]. Lakes [2]: rivers.", [1, 2]),
    ("Ponds dry out\n    [3]: indented four spaces, no link definition.", [3]),
    ("Linked [[3]](#ref-3).", [3]),
    ("Ponds [1-200].", list(range(1, 201))),
    ("A range across brackets [1]–[3], as IEEE prints it.", [1, 2, 3]),
    ("Spaced [4] - [6].", [4, 5, 6]),
    ("Backwards [3]–[1] is two citations.", [3, 1]),
])
def test_numbered(text: str, expected: list[int]) -> None:
    assert numbers(text) == expected


def test_a_range_across_brackets_is_one_group_spanning_both() -> None:
    citations = cite("See [1]–[3] and [4].")
    assert [(citation.number, citation.group) for citation in citations] == [(1, 0), (2, 0), (3, 0), (4, 1)]
    assert printed("See [1]–[3] and [4].")[:3] == ["[1]–[3]"] * 3


@pytest.mark.parametrize("text", [
    "x[1]", "a[1][2]", "f(x)[1]", "[2010]", "[1, 2010]", "[1](https://example.org)", "[1][ref]", "[1]{.class}",
    "[^1]", "^[1]", "![1](image.png)", "[ ]", "[x]", "[1.5]", "[-1]", "[0]", "[01]", "[1-201]", "[5-3]", "[3-3]",
    "[1 to 3]", "[see Fig. 1]", "[1a]", "[12345]", "`[1]`", "\n```\n[1]\n```\n", "<!-- [1] -->", "$x_[1]$",
    "https://example.org/a[1]", "\n[1]: https://example.org", "\n   [1]: https://example.org", "\\[1\\]", "[" + "1, " * 40 + "1]",
])
def test_not_numbered(text: str) -> None:
    assert cite("Ponds dry out " + text + " here.") == ()


def test_each_bracket_is_one_group_and_a_range_spans_its_text() -> None:
    text = "Seen [1–3, 7] and [2]."
    citations = cite(text)
    assert [(citation.number, citation.group, text[citation.span.start : citation.span.end])
            for citation in citations] == [(1, 0, "1–3"), (2, 0, "1–3"), (3, 0, "1–3"), (7, 0, "7"), (2, 1, "2")]
    assert all(citation.names == () and citation.year is None for citation in citations)


@pytest.mark.parametrize(("text", "expected"), [
    ("(Smith, 2010)", [(("Smith",), False, "2010")]),
    ("(Smith 2010)", [(("Smith",), False, "2010")]),
    ("(Smith & Jones, 2010)", [(("Smith", "Jones"), False, "2010")]),
    ("(Smith and Jones 2010)", [(("Smith", "Jones"), False, "2010")]),
    ("(Smith et al., 2010)", [(("Smith",), True, "2010")]),
    ("(Smith et al. 2010a)", [(("Smith",), True, "2010a")]),
    ("(Smith, 2010, 2011)", [(("Smith",), False, "2010"), (("Smith",), False, "2011")]),
    ("(Smith, 2010a, b)", [(("Smith",), False, "2010a"), (("Smith",), False, "2010b")]),
    ("(Smith, 2010; Jones, 2011)", [(("Smith",), False, "2010"), (("Jones",), False, "2011")]),
    ("(see Smith, 2010, p. 5)", [(("Smith",), False, "2010")]),
    ("(e.g., Smith 2010; cf. Lee, 2011)", [(("Smith",), False, "2010"), (("Lee",), False, "2011")]),
    ("(see, e.g., Smith, 2010; for a review, see Lee et al., 2011)",
     [(("Smith",), False, "2010"), (("Lee",), True, "2011")]),
    ("(Smith, Jones, & Lee, 2010)", [(("Smith", "Jones", "Lee"), False, "2010")]),
    ("(Smith, Jones and Lee 2010)", [(("Smith", "Jones", "Lee"), False, "2010")]),
    ("(van der Berg, 2010)", [(("van der Berg",), False, "2010")]),
    ("(De Vries & della Porta, 2010)", [(("De Vries", "della Porta"), False, "2010")]),
    ("(O'Brien 2010)", [(("O'Brien",), False, "2010")]),
    ("(D’Angelo 2010)", [(("D’Angelo",), False, "2010")]),
    ("(Müller-Lüdenscheidt 2010)", [(("Müller-Lüdenscheidt",), False, "2010")]),
    ("(Ødegaard & Çelik, 2010)", [(("Ødegaard", "Çelik"), False, "2010")]),
    ("(WHO, 2010)", [(("WHO",), False, "2010")]),
    ("(LeCun et al., 2015)", [(("LeCun",), True, "2015")]),
    ("(Le, 2012)", [(("Le",), False, "2012")]),
    ("(Smith, in press)", [(("Smith",), False, "in press")]),
    ("(Smith, In press)", [(("Smith",), False, "In press")]),
    ("(Smith, n.d.)", [(("Smith",), False, "n.d.")]),
    ("(Smith, forthcoming)", [(("Smith",), False, "forthcoming")]),
    ("(Smith, 2010: 45–47)", [(("Smith",), False, "2010")]),
    ("(Smith 2010, chap. 2)", [(("Smith",), False, "2010")]),
    ("(Smith, 2010, pp. 3–4)", [(("Smith",), False, "2010")]),
    ("(Smith, 2010, Table 2)", [(("Smith",), False, "2010")]),
    ("(Smith, 2010, emphasis added)", [(("Smith",), False, "2010")]),
    ("(Smith,\nJones, &\nLee, 2010)", [(("Smith", "Jones", "Lee"), False, "2010")]),
    ("Smith (2010)", [(("Smith",), False, "2010")]),
    ("Smith et al. (2010)", [(("Smith",), True, "2010")]),
    ("Smith and Jones (2010, p. 3)", [(("Smith", "Jones"), False, "2010")]),
    ("Smith's (2010)", [(("Smith",), False, "2010")]),
    ("Jones' (2010)", [(("Jones",), False, "2010")]),
    ("Smith et al.'s (2010)", [(("Smith",), True, "2010")]),
    ("Smith et al. (2010, 2012)", [(("Smith",), True, "2010"), (("Smith",), True, "2012")]),
    ("As Brown, Smith, and Jones (2010) showed", [(("Brown", "Smith", "Jones"), False, "2010")]),
    ("Following Smith & Jones (in press)", [(("Smith", "Jones"), False, "in press")]),
    ("as shown by van der Berg (2010a, b)", [(("van der Berg",), False, "2010a"), (("van der Berg",), False, "2010b")]),
    ("Smith\n(2010)", [(("Smith",), False, "2010")]),
    ("salt and Smith (2010)", [(("Smith",), False, "2010")]),
    ("as the work of Smith (2010) shows", [(("Smith",), False, "2010")]),
    ("Because of Smith (2010)", [(("Smith",), False, "2010")]),
    ("as WHO (2010) reports", [(("WHO",), False, "2010")]),
    ("in *Nature* (Smith, 2010)", [(("Smith",), False, "2010")]),
    ("((Smith, 2010))", [(("Smith",), False, "2010")]),
])
def test_author_year(text: str, expected: list) -> None:
    assert author_year("Ponds dry out " + text + ".") == expected


@pytest.mark.parametrize("text", [
    "In March 2010 we counted ponds.",
    "A sample (n = 2010) of ponds.",
    "A difference (p < 0.05) in ponds.",
    "Ponds were counted (Table 2, 2010).",
    "Ponds dried (COVID-19 pandemic, 2020).",
    "Ponds were mapped (version 2.1, 2019).",
    "Ponds were mapped in Windows (2010).",
    "Ponds were mapped in March (2010).",
    "Ponds are listed in Table 2 (2010).",
    "Ponds were mapped (2010).",
    "Ponds were mapped (1).",
    "Ponds were mapped (Smith).",
    "Ponds were mapped (May 2010).",
    "Ponds were mapped (Spring 2010).",
    "Ponds were mapped (NeurIPS 2019).",
    "Ponds were mapped (USD, 2010).",
    "Ponds were surveyed in Germany (2010).",
    "Ponds were mapped (In 2010, most dried).",
    "Ponds were mapped (Paris, France, 2010).",
    "Ponds were mapped (Smith, 2010; unpublished).",
    "Ponds were mapped (Smith, 2010;).",
    "Ponds were mapped (Smith, J., 2010).",
    "Ponds were mapped (Smith 2010s).",
    "Ponds were mapped (Smith, 2010-2011).",
    "Ponds were mapped (Smith, 1490).",
    "Ponds were mapped (smith, 2010).",
    "Ponds were mapped (S, 2010).",
    "Ponds were mapped (Smith2010).",
    "The Smith (2010) model maps ponds.",
    "The film ‘Ponds’ (1995) maps ponds.",
    "Ponds appear in the Olympics (2012).",
    "SPSS and Python (2010) map ponds.",
    "Ponds appear in Microsoft Word (2010).",
    "Ponds hold *Spheniscus magellanicus* (Forster, 1781).",
    "Ponds hold _S. magellanicus_ (Forster 1781).",
    "Mohler, RL, et al (1997) Ponds.",
    "Boettiger, C, Philips, BL (2016) Ponds.",
    "Ponds were fixed (RFC 2008).",
    "Smith JA (2010) maps ponds.",
    "Smith, J. (2010). Ponds.",
    "Ponds, as et al. (2010) say.",
    "Ponds [see](Smith, 2010).",
    "Ponds `(Smith, 2010)` and `Smith (2010)`.",
    "Ponds\n```\n(Smith, 2010)\n```\n",
    "Ponds <!-- (Smith, 2010) -->.",
    "Ponds $f(Smith, 2010)$ and $$ Smith (2010) $$.",
    "Ponds at https://example.org/Smith_(2010).",
    "Ponds (Smith,\n\nJones, 2010).",
    "Ponds. Smith\n\n(2010).",
    "In New York City (2010) ponds dried.",
    "Since New York City (2010) ponds dried.",
    "Ponds were counted (Phase III Trial, 2010).",
    "Ponds were counted in the Phase III Trial (2010).",
    "Ponds were counted (Spring Semester, 2010).",
    "Ponds were counted (Summer Olympics 2012).",
    "Ponds were counted in the Framingham Heart Study (1948).",
    "Ponds were counted in the United States (2010).",
    "Ponds were counted (World Health Organization, 2010; unpublished).",
    "Ponds were counted (World Health Organization and, 2010).",
    "Ponds were counted (of Health Department, 2010).",
    "Ponds were counted in this Random Forest (2001).",
    "Ponds were counted (“World Health Organization”, 2010).",
    "Ponds were counted by “World Health Organization” (2010).",
    "Smith JA (2010) counts ponds.",
    "Ponds were counted (" + "Health " * 13 + "Organization, 2010).",
    "Ponds were counted by " + "Health " * 13 + "Organization (2010).",
])
def test_no_citation(text: str) -> None:
    assert cite(text) == ()


WHO = ("World Health Organization",)


@pytest.mark.parametrize(("text", "expected"), [
    ("(World Health Organization, 2021)", [(WHO, False, "2021")]),
    ("(World Health Organization 2021)", [(WHO, False, "2021")]),
    ("(World Health Organization [WHO], 2021)", [(WHO, False, "2021")]),
    ("(see the World Health Organization, 2021, p. 4)", [(WHO, False, "2021")]),
    ("(WHO, 2021)", [(("WHO",), False, "2021")]),
    ("(Fazel & Runeson, 2020; World Health Organization, 2021)",
     [(("Fazel", "Runeson"), False, "2020"), (WHO, False, "2021")]),
    ("(National Institute for Health and Care Excellence, 2019)",
     [(("National Institute for Health and Care Excellence",), False, "2019")]),
    ("(Department of Health, 2007)", [(("Department of Health",), False, "2007")]),
    ("(American Psychiatric Association, 2013)", [(("American Psychiatric Association",), False, "2013")]),
    ("(Centers for Disease Control and Prevention [CDC], 2020)",
     [(("Centers for Disease Control and Prevention",), False, "2020")]),
    ("(Office for National Statistics, 2021)", [(("Office for National Statistics",), False, "2021")]),
    ("(Health and Safety Executive, 2019)", [(("Health and Safety Executive",), False, "2019")]),
    ("(Department for the Economy, 2019)", [(("Department for the Economy",), False, "2019")]),
    ("(Robert Koch-Institut, 2020a, b)",
     [(("Robert Koch-Institut",), False, "2020a"), (("Robert Koch-Institut",), False, "2020b")]),
    ("(Bundesministerium für Gesundheit, 2020)", [(("Bundesministerium für Gesundheit",), False, "2020")]),
    ("(Institut National de la Santé, 2020)", []),  # "la" is no connector: refused, not guessed at
    ("(Cancer Research UK, 2019)", [(("Cancer Research UK",), False, "2019")]),
    ("(UK Health Security Agency, 2022)", [(("UK Health Security Agency",), False, "2022")]),
    ("(King’s Fund, 2019)", [(("King’s Fund",), False, "2019")]),
    ("(Garcia Marquez, 1967)", [(("Garcia Marquez",), False, "1967")]),
    ("(World Health\nOrganization, 2021)", [(WHO, False, "2021")]),
    ("the World Health Organization (2021) estimates", [(WHO, False, "2021")]),
    ("The World Health Organization (2021) estimates", [(WHO, False, "2021")]),
    ("As the World Health Organization (2021) estimates", [(WHO, False, "2021")]),
    ("According to the World Health Organization (2021, p. 3)", [(WHO, False, "2021")]),
    ("Following World Health Organization (2021)", [(WHO, False, "2021")]),
    ("American Psychiatric Association (2013)", [(("American Psychiatric Association",), False, "2013")]),
    ("guidance from the Department of Health (2007)", [(("Department of Health",), False, "2007")]),
    ("Centers for Disease Control and Prevention (2020)",
     [(("Centers for Disease Control and Prevention",), False, "2020")]),
    ("World Health Organization's (2021)", [(WHO, False, "2021")]),
    ("World Health Organization (WHO, 2021)", [(WHO, False, "2021")]),
    ("National Institute of Mental Health (NIMH, 2020a, b)",
     [(("National Institute of Mental Health",), False, "2020a"),
      (("National Institute of Mental Health",), False, "2020b")]),
    ("Smith Foundation (WHO, 2021)", [(("WHO",), False, "2021")]),  # not its abbreviation
    ("Smith & Nephew Foundation (2019)", [(("Smith & Nephew Foundation",), False, "2019")]),
    ("Food and Drug Administration (2019)", [(("Food and Drug Administration",), False, "2019")]),
    ("Smith and Jones (2010)", [(("Smith", "Jones"), False, "2010")]),  # a person's reading comes first
    ("Garcia Marquez (1967)", [(("Garcia Marquez",), False, "1967")]),
])
def test_organisation_authors(text: str, expected: list) -> None:
    assert author_year("Ponds dry out " + text + ".") == expected


@pytest.mark.parametrize(("text", "name"), [
    ("Ponds were mapped (New York, 2010).", "New York"),
    ("Ponds appear in New York (2010).", "New York"),
    ("Toy Story (1995) maps ponds.", "Toy Story"),
])
def test_a_capitalised_phrase_reads_as_an_organisation_that_resolving_must_confirm(text: str, name: str) -> None:
    assert [citation.names for citation in cite(text)] == [(name,)]


def test_an_organisation_spans_its_name_abbreviation_and_year() -> None:
    text = "Ponds (World Health Organization [WHO], 2021; CDC, 2020), as the Department of Health (2007) and World Health Organization (WHO, 2019) say."
    assert printed(text) == [
        "World Health Organization [WHO], 2021", "CDC, 2020", "Department of Health (2007",
        "World Health Organization (WHO, 2019",
    ]
    assert [citation.group for citation in cite(text)] == [0, 0, 1, 2]


def test_money_is_not_math() -> None:
    assert author_year("It cost $5 and $10 (Smith, 2010).") == [(("Smith",), False, "2010")]


def test_spans_run_from_the_first_name_to_the_year() -> None:
    text = "As Smith et al. (2010, 2012) and (see Lee & Park, 2011a, b, p. 5; WHO, n.d.) found."
    assert printed(text) == [
        "Smith et al. (2010", "Smith et al. (2010, 2012",
        "Lee & Park, 2011a", "Lee & Park, 2011a, b", "WHO, n.d.",
    ]
    citations = cite(text)
    assert [text[c.year_span.start : c.year_span.end] for c in citations if c.year_span] == [
        "2010", "2012", "2011a", "b", "n.d."]
    assert [citation.group for citation in citations] == [0, 0, 1, 1, 1]


def test_groups_follow_text_order_across_forms() -> None:
    text = "First [2], then Smith (2010), then (Lee, 2011; Park, 2012) and [1-2]."
    assert [(c.group, c.number, c.names) for c in cite(text)] == [
        (0, 2, ()), (1, None, ("Smith",)), (2, None, ("Lee",)), (2, None, ("Park",)),
        (3, 1, ()), (3, 2, ()),
    ]


def test_only_the_body_is_read_and_spans_are_offsets_into_the_file() -> None:
    text = "Title [9]\nBody (Smith, 2010) [1].\n\nReferences\n[1] Smith J (2010) Ponds.\n"
    start = text.index("Body")
    end = text.index("References")
    citations = cite(text, start, end)
    assert [(c.names, c.number) for c in citations] == [(("Smith",), None), ((), 1)]
    assert citations[0].span.line == 2 and citations[0].span.column == 7
    assert text[citations[1].span.start : citations[1].span.end] == "1"


def test_unicode_and_crlf_lines() -> None:
    text = "Line one.\r\nAs Ødegaard (2010) says [3].\r\n"
    citations = cite(text)
    assert [(c.names, c.number, c.span.line) for c in citations] == [(("Ødegaard",), None, 2), ((), 3, 2)]


def test_a_long_chain_of_names_is_not_guessed_at() -> None:
    chain = ", ".join(["Smith"] * 30) + ", and Jones"
    assert cite(f"As {chain} (2010) showed.") == ()
    assert cite(f"Ponds ({chain}, 2010).") == ()
    short = ", ".join(["Smith"] * 5) + ", and Jones"
    assert author_year(f"As {short} (2010) showed.") == [(("Smith",) * 5 + ("Jones",), False, "2010")]


@pytest.mark.parametrize("text", PROSE, ids=range(len(PROSE)))
def test_hostile_input_is_read(text: str) -> None:
    # Its speed is measured by bench/hostile_citations.py; here it must simply come back.
    assert isinstance(prose_citations(SourceText("paper.md", text), 0, len(text)), tuple)


def test_a_double_family_name_does_not_lose_its_parenthesis() -> None:
    assert author_year("A related approach (see Öztürk & Nguyen, 2012; Arun Anoop et al., 2023; Keller et al., 2022).") == [
        (("Öztürk", "Nguyen"), False, "2012"), (("Arun Anoop",), True, "2023"), (("Keller",), True, "2022")]
