"""Cases the YAML tables cannot express: Match.doi_status (CL209, CL210), author spans, .bib delimiters."""

from __future__ import annotations

import dataclasses
import datetime

import pytest

from citelint.model import Author, Fix, Match, SourceText
from citelint.rules import RULES
from citelint.rules._compare import around, blank_links, field_break, local_span
from citelint.rules._rule import Context
from tests.helpers import make_record, make_reference, matched

TEXT = "Smith J. Title. J Chem. 2010;2:1-9. doi:10.1234/jc.2011.7"
REFERENCE = make_reference(TEXT, doi="10.1234/jc.2011.7")
OTHER = make_record("10.1234/jc.2011.7", title="Another <i>work</i>", authors=["Jones, Anna", "Brown, P"],
                    year_print=2011)
RIGHT = make_record("10.1234/jc.2010.2", title="Title")


def run(code: str, match: Match) -> list:
    context = Context(options=None, references=[REFERENCE], today=datetime.date(2026, 11, 26))
    return list(RULES[code].check(REFERENCE, match, context))


@pytest.mark.parametrize(("match", "expected", "fix", "applicability"), [
    (dataclasses.replace(matched(RIGHT), doi_status="other-work", doi_record=OTHER),
     "10.1234/jc.2010.2", "10.1234/jc.2010.2", "safe"),
    (dataclasses.replace(matched(RIGHT, confidence=0.8), doi_status="other-work", doi_record=OTHER),
     "10.1234/jc.2010.2", "10.1234/jc.2010.2", "unsafe"),
    (Match(status="not-found", doi_status="other-work", doi_record=OTHER), None, None, None),
])
def test_doi_wrong_work(match: Match, expected: str | None, fix: str | None, applicability: str | None) -> None:
    [diagnostic] = run("CL209", match)
    assert "belongs to another work: 'Another work', Jones et al., 2011" in diagnostic.message
    assert diagnostic.found == "10.1234/jc.2011.7"
    assert diagnostic.expected == expected
    assert (diagnostic.fix and diagnostic.fix.replacement) == fix
    assert (diagnostic.fix and diagnostic.fix.applicability) == applicability
    assert TEXT[diagnostic.span.start:diagnostic.span.end] == "10.1234/jc.2011.7"


@pytest.mark.parametrize("status", [None, "same", "unknown"])
def test_doi_wrong_work_only_for_other_work(status: str | None) -> None:
    assert run("CL209", dataclasses.replace(matched(RIGHT), doi_status=status)) == []


def test_doi_unknown_unmatched() -> None:
    [diagnostic] = run("CL210", Match(status="not-found", doi_status="unknown"))
    assert diagnostic.severity is None and RULES["CL210"].SEVERITY == "warning"
    assert "known to neither Crossref nor DataCite" in diagnostic.message
    assert diagnostic.expected is None and diagnostic.fix is None


def test_doi_unknown_matched_suggests_the_record_doi() -> None:
    [diagnostic] = run("CL210", dataclasses.replace(matched(RIGHT), doi_status="unknown"))
    assert diagnostic.expected == "10.1234/jc.2010.2"
    assert diagnostic.fix is not None and diagnostic.fix.applicability == "unsafe"


@pytest.mark.parametrize("status", [None, "same", "other-work"])
def test_doi_unknown_only_for_unknown(status: str | None) -> None:
    assert run("CL210", dataclasses.replace(matched(RIGHT), doi_status=status)) == []


def test_author_fixes_edit_the_author_in_place() -> None:
    text = "Smiht, J. A., & Hayward, M. (2010). Title. J Chem, 2, 1-9."
    source = SourceText("refs.txt", text)
    authors = (Author("Smiht", "J. A.", span=source.span(0, 12)), Author("Hayward", "M.", span=source.span(16, 27)))
    reference = dataclasses.replace(make_reference(text), authors=authors)
    record = make_record(authors=["Smith, John A.", "Hayward, Mark L."])
    context = Context(options=None, references=[reference], today=datetime.date(2026, 11, 26))
    typo, initials = RULES["CL206"].check(reference, matched(record), context)
    assert typo.span == authors[0].span and initials.span == authors[1].span
    assert applied(text, typo.fix).startswith("Smith, J. A., & Hayward, M. (2010)")
    assert applied(text, initials.fix).startswith("Smiht, J. A., & Hayward, M. L. (2010)")
    assert typo.fix is not None and typo.fix.applicability == "unsafe"


@pytest.mark.parametrize(("text", "value", "fixed"), [
    ("  year = {2013a},", "{2013a}", "  year = {2012a},"),
    ('  year = "2013",', '"2013"', '  year = "2012",'),
    ("  year = 2013,", "2013", "  year = 2012,"),
    ("\n  year = {2013},", "{2013}", "\n  year = {2012},"),
])
def test_year_fix_keeps_the_bib_style(text: str, value: str, fixed: str) -> None:
    reference = make_reference(text, kind="bibtex", year=value)
    reference = dataclasses.replace(reference, year=value.strip('{}"'))
    context = Context(options=None, references=[reference], today=datetime.date(2026, 11, 26))
    [diagnostic] = RULES["CL203"].check(reference, matched(make_record(year_print=2012)), context)
    assert applied(text, diagnostic.fix) == fixed
    assert diagnostic.fix is not None and diagnostic.fix.applicability == "safe"


def test_volume_fix_replaces_inside_braces() -> None:
    text = "  volume = {II},"
    reference = dataclasses.replace(make_reference(text, kind="bibtex", volume="{II}"), volume="II")
    context = Context(options=None, references=[reference], today=datetime.date(2026, 11, 26))
    [diagnostic] = RULES["CL204"].check(reference, matched(make_record(volume="12")), context)
    assert applied(text, diagnostic.fix) == "  volume = {12},"
    assert diagnostic.fix is not None and diagnostic.fix.applicability == "unsafe"


def applied(text: str, fix: Fix | None) -> str:
    """The text with the fix applied, after checking the fix's span agrees with its offsets."""
    assert fix is not None and fix.span is not None
    assert (fix.span.line, fix.span.column) == SourceText("x", text).position(fix.span.start)
    return text[:fix.span.start] + fix.replacement + text[fix.span.end:]


@pytest.mark.parametrize(("between", "expected"), [
    (". ", True), (",” ", True), ("’, ", True), ("; ", True), (" ", False), (": ", False), (", ", False),
    ("-", False), ("'", True),
])
def test_field_break(between: str, expected: bool) -> None:
    assert field_break(between) is expected


def test_blank_links_keeps_offsets() -> None:
    text = "Tkaczyk D. Title. doi:10.1045/november2015-tkaczyk https://example.org/a-b x"
    blanked = blank_links(text)
    assert len(blanked) == len(text)
    assert blanked.lower().count("tkaczyk") == 1 and "example" not in blanked
    assert blanked.endswith(" x") and blanked.startswith("Tkaczyk D. Title. doi:")


def test_local_span_and_around() -> None:
    reference = make_reference("Smith J. A title. J Chem. 2010.", title="A title")
    assert local_span(reference, "title") == (9, 16)
    assert around(reference, "title") == ("Smith J. ", ". J Chem. 2010.")
    assert local_span(reference, "container") is None and around(reference, "container") is None



@pytest.mark.parametrize(("line", "record"), [
    ("Crawford, Jarret T., and Lee Jussim. “Why Crawford and Pilanski Did Not Replicate Lindner and Nosek.” "
     "Political Psychology 35.6 (2013): 857–862.",
     make_record("10.1/c", title="Why Crawford and Pilanski did not replicate Lindner and Nosek",
                 authors=["Crawford, Jarret T.", "Jussim, Lee", "Pilanski, Jane M."], container="Political Psychology",
                 volume="35", issue="6", page="857-862", year_print=2013)),
    ("Ho, Tse-Lok, and Mary Fieser. “N-(Triphenylphosphonio)amines.” Fieser and Fieser’s Reagents for Organic "
     "Synthesis 12 (2006): 1–2.",
     make_record("10.1/f", title="N-(Triphenylphosphonio)amines", authors=["Ho, Tse-Lok", "Fieser, Mary",
                 "Fieser, Louis"], container="Fieser and Fieser's Reagents for Organic Synthesis", volume="12",
                 page="1-2", year_print=2006)),
])
def test_a_name_in_the_title_or_journal_prints_no_author(line: str, record) -> None:
    """Where the matcher located the title or journal, the names end: a co-author named only there is left out."""
    from citelint.app.engine import aligned
    from citelint.match.alignment import locate
    from citelint.readers.refstring import parse_line

    reference = parse_line(line)
    match = dataclasses.replace(matched(record), alignment=locate(reference, record))
    context = Context(options=None, references=[reference], today=datetime.date(2026, 11, 26))
    found = list(RULES["CL206"].check(aligned(reference, match), match, context))
    assert [diagnostic.expected for diagnostic in found] == [record.authors[2].family]
