"""Reading a matched record's fields where they stand in the printed reference, whatever the split."""

from __future__ import annotations

import pytest

from citelint.match.alignment import align, prints_journal
from citelint.readers.refstring import parse_line
from tests.helpers import make_record

RECORD = make_record(
    "10.1/k", title="Clinical course of acute poisoning in the emergency room", authors=["Kobayashi, Masaru"],
    container="Nihon Kyukyu Igakukai Zasshi", short_containers=["JJAAM"], volume="11", issue="3",
    page="118-122", year_print=2000,
)
FIELDS = ("container", "year", "volume", "issue", "pages")


@pytest.mark.parametrize(("line", "expected"), [
    pytest.param("Kobayashi, Masaru. “Clinical Course of Acute Poisoning in the Emergency Room.” "
                 "Nihon Kyukyu Igakukai Zasshi 11.3 (2000): 118–122.",
                 ("Nihon Kyukyu Igakukai Zasshi", "2000", "11", "3", "118–122"), id="mla"),
    pytest.param("Kobayashi, M. Nihon Kyukyu Igakukai Zasshi 2000, 11, 118–122.",
                 ("Nihon Kyukyu Igakukai Zasshi", "2000", "11", None, "118–122"), id="acs"),
    pytest.param("M. Kobayashi, Nihon Kyukyu Igakukai Zasshi 11, 118 (2000).",
                 ("Nihon Kyukyu Igakukai Zasshi", "2000", "11", None, "118"), id="aip"),
    pytest.param("M. Kobayashi, Nihon Kyukyu Igakukai Zasshi 11 (2000) 118.",
                 ("Nihon Kyukyu Igakukai Zasshi", "2000", "11", None, "118"), id="elsevier"),
    pytest.param("M. Kobayashi, “Clinical course of acute poisoning in the emergency room,” Nihon Kyukyu "
                 "Igakukai Zasshi, vol. 11, no. 3, pp. 118–122, Mar. 2000.",
                 ("Nihon Kyukyu Igakukai Zasshi", "2000", "11", "3", "118–122"), id="ieee"),
    pytest.param("Kobayashi M. Clinical course of acute poisoning in the emergency room. JJAAM. "
                 "2000;11(3):118-22.", ("JJAAM", "2000", "11", "3", "118-22"), id="vancouver"),
    pytest.param("Kobayashi, M. Clinical course of acute poisoning. Nihon Kyukyu Igakukai Zasshi 11, 118–122 (2000).",
                 ("Nihon Kyukyu Igakukai Zasshi", "2000", "11", None, "118–122"), id="nature"),
    pytest.param("Kobayashi, Masaru. 2000. “Clinical Course.” Nihon Kyukyu Igakukai Zasshi 11 (3–4) (May 4): 118–122.",
                 ("Nihon Kyukyu Igakukai Zasshi", "2000", "11", "3–4", "118–122"), id="chicago-double-issue-and-date"),
    pytest.param("Kobayashi, M. (2000). Clinical course. Nihon Kyukyu Igakukai Zasshi, XI(3), 118–122.",
                 ("Nihon Kyukyu Igakukai Zasshi", "2000", "XI", "3", "118–122"), id="roman-volume"),
    # The planted error stays where the style prints it, for the rules to report.
    pytest.param("Kobayashi, M. Nihon Kyukyu Igakukai Zasshi 2000, 12, 118–122.",
                 ("Nihon Kyukyu Igakukai Zasshi", "2000", "12", None, "118–122"), id="acs-volume-wrong"),
    pytest.param("M. Kobayashi, Nihon Kyukyu Igakukai Zasshi 3 (2000) 118.",
                 ("Nihon Kyukyu Igakukai Zasshi", "2000", "3", None, "118"), id="elsevier-volume-is-the-issue"),
    pytest.param("M. Kobayashi, Nihon Kyukyu Igakukai Zasshi 11 (2001) 118.",
                 ("Nihon Kyukyu Igakukai Zasshi", "2001", "11", None, "118"), id="elsevier-year-wrong"),
    pytest.param("Kobayashi, Masaru. “Clinical Course.” Nihon Kyukyu Igakukai Zasshi 13.3 (2000): 118122.",
                 ("Nihon Kyukyu Igakukai Zasshi", "2000", "13", "3", "118122"), id="mla-volume-and-separator"),
])
def test_fields_are_read_where_the_record_says(line: str, expected: tuple) -> None:
    aligned = align(parse_line(line), RECORD)
    assert tuple(getattr(aligned, name) for name in FIELDS) == expected
    for name, value in zip(FIELDS, expected):
        if value is not None:
            assert aligned.printed(name) == value


def test_a_journal_name_that_begins_like_a_month_is_no_date() -> None:
    record = make_record("10.1/m", title="La veritable politique", authors=["Tomba, Massimiliano"],
                         container="Actuel Marx", volume="47", issue="1", page="150", year_print=2010)
    aligned = align(parse_line("Tomba, Massimiliano. 2010. “La Véritable Politique.” Actuel Marx 47 (1): 150."),
                    record)
    assert (aligned.volume, aligned.issue, aligned.pages) == ("47", "1", "150")


def test_a_year_the_reader_took_for_an_issue_is_no_issue() -> None:
    record = make_record("10.1/j", title="The exploratory needle puncture", authors=["Skillern, R. H."],
                         container="Journal of the American Medical Association", volume="LIX", issue="12",
                         page="1136", year_print=1912)
    line = "R.H. SKILLERN, Journal of the American Medical Association LIX, 1136 (1912)."
    aligned = align(parse_line(line), record)
    assert (aligned.volume, aligned.issue, aligned.pages, aligned.year) == ("LIX", None, "1136", "1912")


def test_a_volume_numbered_as_a_year_is_no_year() -> None:
    """The reader's volume is the record's, and its number is the record's year too: the year printed before it
    (a year the rules report) stays the year."""
    record = make_record("10.1/y", title="A robust controller", authors=["Duan, X."],
                         container="Mathematical Problems in Engineering", volume="2015", page="1-12", year_print=2015)
    aligned = align(parse_line("Duan, X.; Song, S. Mathematical Problems in Engineering 2017, 2015, 1–12."), record)
    assert (aligned.year, aligned.volume, aligned.pages) == ("2017", "2015", "1–12")


def test_pages_deposited_with_a_broken_dash_start_at_their_first_number() -> None:
    record = make_record("10.1/b", title="Anesthesia in the aged", authors=["Bakhoum, W."],
                         container="Anesthesia & Analgesia", volume="36", issue="6", page="35???40", year_print=1957)
    aligned = align(parse_line("W. BAKHOUM, E.A. EL AISH, Anesthesia & Analgesia 36 (1957) 35???40."), record)
    assert (aligned.volume, aligned.issue) == ("36", None)
    assert aligned.pages is not None and aligned.pages.startswith("35")


def test_a_journals_the_ends_the_names_before_it() -> None:
    """"The" printed before the journal is the journal's, so the names end before it and are read by the record's."""
    record = make_record("10.1/q", title="On sums of squares", authors=["PALACIOS, ANGEL RODRÍGUEZ"],
                         container="The Quarterly Journal of Mathematics", volume="38", page="91-99", year_print=1987)
    aligned = align(parse_line("A.R. PALACIOA, The Quarterly Journal of Mathematics 38, 91 (1987)."), record)
    assert [author.family for author in aligned.authors] == ["PALACIOA"]
    assert aligned.container == "The Quarterly Journal of Mathematics"


def test_a_volume_deposited_with_its_number_is_read_whole() -> None:
    record = make_record("10.1/s", title="Folklore", authors=["Snigyrova, L. M."],
                         container="Science and Education a New Dimension", volume="VI(150)", issue="43",
                         page="53-55", year_print=2018)
    aligned = align(parse_line("L.M. Snigyrova, Science and Education a New Dimension VI(150), 53 (2018)."), record)
    assert (aligned.volume, aligned.issue, aligned.pages) == ("VI(150)", None, "53")


def test_an_acronym_names_its_journal() -> None:
    record = make_record("10.1/b", title="E.C.G. booklet", authors=["East, T."], container="BMJ", volume="2",
                         page="1312", year_print=1953)
    assert prints_journal(parse_line("T. East, BMJ 2 (1953) 1312."), record)


def test_a_journal_read_as_a_title_is_no_title() -> None:
    aligned = align(parse_line("M. Kobayashi, Nihon Kyukyu Igakukai Zasshi 11 (2000) 118."), RECORD)
    assert aligned.title is None and "title" not in aligned.spans


def test_the_records_title_is_found_where_the_reader_missed_it() -> None:
    line = ("Kobayashi, Masaru, and Jir&ocirc; Watanabe. “Clinical Course of Acute Poisoning in the Emergency "
            "Room.” Nihon Kyukyu Igakukai Zasshi 11.3 (2000): 118–122.")
    assert align(parse_line(line), RECORD).title == "Clinical Course of Acute Poisoning in the Emergency Room"


def test_the_short_title_names_the_journal_too() -> None:
    assert prints_journal(parse_line("Kobayashi M. JJAAM. 2000;11:118-22."), RECORD)
    assert not prints_journal(parse_line("Kobayashi M. J Emerg Med. 2000;11:118-22."), RECORD)


def test_structured_fields_are_left_as_written() -> None:
    from tests.helpers import make_reference

    reference = make_reference("Kobayashi 2000", kind="bibtex", volume="3", container="Zasshi")
    assert align(reference, RECORD) is reference


AUTHORS_RECORD = make_record(
    "10.1/a", title="Predicting geographic distributions of Phacellodomus species",
    authors=["Costa, Maria Da Salete Gurgel", "Batista, Renato De Carvalho", "Gurgel-Gonçalves, Rodrigo"],
    container="Acta Scientiarum. Biological Sciences", volume="36", issue="3", page="299", year_print=2014,
)


def _names(line: str) -> list[tuple[str, str]]:
    return [(author.family, author.given) for author in align(parse_line(line), AUTHORS_RECORD).authors]


def test_authors_are_read_by_the_records_names() -> None:
    line = ("Costa, Maria Da Salete Gurgel, Renato De Carvalho Batista, and Rodrigo Gurgel-Gonçalves. "
            "“Predicting Geographic Distributions of Phacellodomus Species.” Acta Scientiarum. Biological "
            "Sciences 36.3 (2014): 299.")
    assert _names(line) == [("Costa", "Maria Da Salete Gurgel"), ("Batista", "Renato De Carvalho"),
                            ("Gurgel-Gonçalves", "Rodrigo")]
    aligned = align(parse_line(line), AUTHORS_RECORD)
    assert [aligned.text[a.span.start:a.span.end] for a in aligned.authors][0] == "Costa, Maria Da Salete Gurgel"


def test_an_omitted_or_misspelt_author_stays_for_the_rules() -> None:
    dropped = ("M.D.S.G. Costa and R. Gurgel-Gonçalves, Acta Scientiarum. Biological Sciences 36, 299 (2014).")
    assert _names(dropped) == [("Costa", "M.D.S.G."), ("Gurgel-Gonçalves", "R.")]
    misspelt = ("M.D.S.G. Costa, R.D.C. Batizta, and R. Gurgel-Gonçalves, Acta Scientiarum. Biological "
                "Sciences 36, 299 (2014).")
    assert _names(misspelt)[1] == ("Batizta", "R.D.C.")


def test_authors_the_record_does_not_explain_keep_the_readers_split() -> None:
    line = "M.D.S.G. Costa, K. Weber, Acta Scientiarum. Biological Sciences 36, 299 (2014)."
    assert _names(line) == [(a.family, a.given) for a in parse_line(line).authors]
