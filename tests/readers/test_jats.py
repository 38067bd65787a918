"""The JATS reader: tagged and free-text citations, spans over entities and markup, hostile XML."""

from __future__ import annotations

import datetime
import html
import re
from pathlib import Path

import pytest

from citelint.app.config import Settings
from citelint.app.engine import check_references
from citelint.model import OFFLINE, REFERENCE_FIELDS, Reference, SourceText
from citelint.readers import InputFailure, load
from citelint.readers.jats import read_jats
from tests.readers.checks import assert_damage_is_handled

ARTICLE = Path(__file__).parents[2] / "fixtures" / "manuscripts" / "jats" / "article.xml"
KESSLER_TITLE = ("Lifetime prevalence and age-of-onset distributions of DSM-IV disorders in the National "
                 "Comorbidity Survey Replication")

EXPECTED = {
    1: {"key": "ref1", "kind": "jats", "type": "article", "title": "Suicide", "container": "N Engl J Med",
        "year": "2020", "volume": "382", "issue": "3", "pages": "266-274", "doi": "10.1056/NEJMra1902944",
        "et_al": False, "authors": [("Fazel", "S", ""), ("Runeson", "B", "")]},
    2: {"key": "ref2", "kind": "jats", "title": KESSLER_TITLE, "container": "Arch Gen Psychiatry", "year": "2005",
        "volume": "62", "issue": "6", "pages": "617–593", "doi": "10.1001/archpsyc.62.6.593", "et_al": True,
        "authors": [("Kessler", "RC", ""), ("Berglund", "P", ""), ("Demler", "O", "")]},
    3: {"key": "ref3", "kind": "jats-text", "title": "Suicide worldwide in 2019: global health estimates",
        "year": "2021", "publisher": "World Health Organization", "doi": None,
        "authors": [("", "", "World Health Organization")]},
    4: {"key": "ref4", "kind": "jats-text", "title": "The environment and schizophrenia", "container": "Nature",
        "year": "2010", "volume": "468", "issue": "7321", "pages": "203–12", "doi": "10.1038/nature09565",
        "authors": [("van Os", "J", ""), ("Kenis", "G", ""), ("Rutten", "BPF", "")]},
    5: {"key": "ref5", "type": "book", "title": "Diagnostic and Statistical Manual of Mental Disorders",
        "container": None, "edition": "5th", "publisher": "American Psychiatric Publishing", "year": "2013",
        "authors": [("", "", "American Psychiatric Association")]},
    6: {"key": "ref6", "title": "Suicide & self-harm: the state of the art", "container": "Lancet", "year": "2009",
        "pages": "1372-1381", "doi": "10.1016/S0140-6736(09)60372-X",
        "authors": [("Hawton", "K", ""), ("van Heeringen", "K", "")]},
}
_TAG = re.compile(r"<[^>]*>")



def read(text: str) -> list[Reference]:
    return read_jats(SourceText("paper.xml", text))


def as_text(raw: str) -> str:
    """What an XML fragment reads as: tags dropped, entities decoded, white space folded."""
    return " ".join(html.unescape(_TAG.sub(" ", raw)).split())


def wrap(citations: str) -> str:
    return f'<article><back><ref-list>{citations}</ref-list></back></article>'


@pytest.fixture(scope="module")
def article() -> tuple[SourceText, list[Reference]]:
    source = load(str(ARTICLE))
    return source, read_jats(source)


def test_article_fields(article):
    _, references = article
    assert [reference.index for reference in references] == list(EXPECTED)
    for reference in references:
        for name, value in EXPECTED[reference.index].items():
            if name == "authors":
                assert [(a.family, a.given, a.organisation) for a in reference.authors] == value
            else:
                assert getattr(reference, name) == value, (reference.index, name)


def test_every_field_has_its_printed_span(article):
    source, references = article
    for reference in references:
        assert source.text[reference.span.start : reference.span.end] == reference.text
        assert reference.text.startswith("<ref id=") and reference.text.endswith("</ref>")
        for name in REFERENCE_FIELDS:
            value = getattr(reference, name) if name != "authors" else reference.authors
            span = reference.spans.get(name)
            if not value or name == "type":
                continue
            if name == "pages" and reference.kind == "jats" and reference.index != 4:
                assert span is None  # <fpage> and <lpage>: no one stretch of the file holds the range
                continue
            assert span is not None and span == source.span(span.start, span.end), (reference.index, name)
            if name != "authors":
                assert as_text(source.text[span.start : span.end]) == value, (reference.index, name)
        for author in reference.authors:
            printed = as_text(source.text[author.span.start : author.span.end])
            assert printed in (author.organisation, author.family, f"{author.family} {author.given}")


def test_an_entity_is_decoded_and_its_span_covers_it(article):
    _, references = article
    assert references[5].printed("title") == "Suicide &amp; self-harm: the <italic>state</italic> of the art"
    assert references[3].printed("pages") == "203&ndash;12"  # named in the JATS DTD, read as HTML's
    assert references[5].printed("doi") == "10.1016/S0140-6736(09)60372-X"  # after its https://doi.org/


def test_suppression_comment_in_the_ref(article):
    _, references = article
    assert [s.codes for s in references[2].suppressions] == [("CL301",)]


def test_the_planted_error_is_reported_offline(article):
    _, references = article
    results = check_references(references, [OFFLINE] * len(references), Settings(), today=datetime.date(2026, 11, 26))
    assert [(result.reference.index, finding.code) for result in results for finding in result.findings] == [(2, "CL102")]


def test_offsets_are_characters_after_multibyte_text():
    text = wrap('<!-- Ünïcödé 😀 --><ref id="b1"><element-citation publication-type="journal">'
                '<person-group><name><surname>Müller</surname><given-names>J</given-names></name></person-group>'
                '<article-title>Über 😀 alles</article-title><source>Zeitschrift</source><year>2010</year>'
                '<fpage>1</fpage></element-citation></ref>')
    (reference,) = read(text)
    assert (reference.printed("title"), reference.printed("pages"), reference.printed("year")) == ("Über 😀 alles", "1", "2010")
    assert reference.authors[0].span is not None
    assert text[reference.authors[0].span.start : reference.authors[0].span.end] == "Müller"


def test_old_nlm_citation_with_names_in_the_citation():
    text = wrap('<ref id="r"><citation citation-type="book"><name><surname>Knuth</surname><given-names>DE</given-names>'
                '</name><chapter-title>Sorting</chapter-title><source>The Art of Computer Programming</source>'
                '<year>in press</year><publisher-name>Addison-Wesley</publisher-name></citation></ref>')
    (reference,) = read(text)
    assert (reference.type, reference.title, reference.container, reference.year, reference.status) == (
        "chapter", "Sorting", "The Art of Computer Programming", None, "in press")
    assert reference.printed("status") == "in press"
    assert reference.spans.get("authors") is None and reference.authors[0].family == "Knuth"


@pytest.mark.parametrize(
    ("citation", "expected"),
    [
        ("", ("no citation in the <ref>", None)),
        ("<mixed-citation>  </mixed-citation>", ("empty citation", None)),
        (('<mixed-citation publication-type="journal"><source>J Biol</source> <fpage>12</fpage>&#x2013;'
         "<lpage></lpage></mixed-citation>"), (None, "12")),
        (("<element-citation><string-name>Smith JA</string-name><string-name>Doe, Jane</string-name>"
         "<string-name>Jane Roe</string-name><source>Book</source></element-citation>"), (None, None)),
    ],
)
def test_odd_citations(citation, expected):
    (reference,) = read(wrap(f'<ref id="x">{citation}</ref>'))
    assert (reference.parse_problem, reference.pages) == expected
    if "string-name" in citation:
        assert [(a.family, a.given) for a in reference.authors] == [("Smith", "JA"), ("Doe", "Jane"), ("Roe", "Jane")]


def test_the_label_is_the_key_when_the_ref_has_no_id():
    (reference,) = read(wrap("<ref><label>[12]</label><mixed-citation>Smith J. A title. J Biol. 2010;3:1-9."
                             "</mixed-citation></ref>"))
    assert (reference.key, reference.title, reference.pages) == ("[12]", "A title", "1-9")


def test_a_file_without_references():
    assert read("<article><body><p>No references.</p></body></article>") == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("<article><ref-list><ref></article>", "paper.xml:1: not well-formed XML: mismatched tag"),
        ("<article>\n<ref-list><ref id='a'><mixed-citation>Trunc", "paper.xml:2: not well-formed XML"),
        ("\x00\x01binary", "paper.xml:1: not well-formed XML"),
        ("", "paper.xml:1: not well-formed XML: no element found"),
        (('<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n <!ENTITY lol2 "&lol;&lol;&lol;&lol;">\n]>\n'
         "<lolz>&lol2;</lolz>"), "paper.xml:3: entity declarations are not accepted"),
        ('<!DOCTYPE a [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><a>&xxe;</a>', "paper.xml:1: entity declarations"),
        ("<article><ref>&nbsp;</ref></article>", "paper.xml:1: not well-formed XML: undefined entity"),
        ("<ref>" + "<i>" * 200 + "</i>" * 200 + "</ref>", "paper.xml:1: elements nested more than 100 deep"),
    ],
)
def test_hostile_xml_gives_one_line(text, message):
    with pytest.raises(InputFailure) as failure:
        read(text)
    assert str(failure.value).startswith(message)
    assert "\n" not in str(failure.value)


def test_the_declared_encoding_does_not_matter_once_decoded():
    text = '<?xml version="1.0" encoding="ISO-8859-1"?><ref-list><ref><mixed-citation>Café</mixed-citation></ref></ref-list>'
    (reference,) = read(text)
    assert reference.parse_problem == "no year or title found"


def test_many_references_read_fast():
    ref = ('<ref id="b{0}"><element-citation publication-type="journal"><person-group><name><surname>Smith</surname>'
           "<given-names>J</given-names></name></person-group><article-title>A title</article-title>"
           "<source>J Biol</source><year>2010</year><volume>3</volume><fpage>1</fpage><lpage>9</lpage>"
           "</element-citation></ref>\n")
    assert len(read(wrap("".join(ref.format(number) for number in range(1000))))) == 1000


def test_damaged_files_give_references_or_one_line():
    assert_damage_is_handled(ARTICLE.read_text(encoding="utf-8"), read_jats)


@pytest.mark.parametrize(("names", "et_al"), [
    ("<string-name><surname>Müller</surname> <given-names>K</given-names></string-name>, et al. ", True),
    ("<person-group><name><surname>Müller</surname></name>, et al</person-group>. ", True),
    ("<person-group><name><surname>Müller</surname></name><etal/></person-group>. ", True),
    ("<string-name><surname>Müller</surname> <given-names>K</given-names></string-name>. ", False),
])
def test_et_al_printed_as_text_counts(names, et_al):
    (reference,) = read(f'<ref id="r1"><mixed-citation publication-type="journal">{names}'
                        "<article-title>Notes on et al. in titles</article-title>. "
                        "<source>J Biol</source>. 2010;<volume>3</volume>:<fpage>1</fpage>.</mixed-citation></ref>")
    assert reference.et_al is et_al
