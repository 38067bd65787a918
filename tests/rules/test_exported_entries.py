"""Entries as real exports and style examples write them, read by the BibTeX or text reader and
checked by every offline rule: what the real-bibliography corpus (bench/real_bibliographies.py)
showed must stay silent, and what must still be reported."""

from __future__ import annotations

import datetime

import pytest

from citelint.model import OFFLINE, SourceText
from citelint.readers.bibtex import read_bibtex
from citelint.readers.refstring import parse_line
from citelint.rules import RULES
from citelint.rules._rule import Context, is_reference_rule, prepared

TODAY = datetime.date(2026, 11, 26)


def codes(text: str) -> list[tuple[str, str]]:
    """(key, code) of every finding of the offline rules on a .bib text."""
    references = read_bibtex(SourceText("refs.bib", text))
    found = []
    for rule in RULES.values():
        if rule.NEEDS_RECORD or not is_reference_rule(rule):
            continue
        context = prepared(rule, Context(options=rule.OPTIONS, references=references, today=TODAY,
                                         matches=[OFFLINE] * len(references)))
        found += [(reference.key or "", rule.CODE) for reference in references
                  for _ in rule.check(reference, OFFLINE, context)]
    return found


@pytest.mark.parametrize(("name", "entry"), [
    ("biblatex date before the common era", "@book{b, author = {Anonymous}, title = {The Pnakotic Manuscript},"
                                            " publisher = {Miskatonic}, date = {-3000~}}"),
    ("apacite in press", "@article{ex5, author = {Zuckerman, M. and Kieffer, S. C.}, year = {\\BIP},"
                         " title = {Race Differences in Face-ism}, journal = {J Pers Soc Psychol}}"),
    ("apacite no date", "@book{ex20, author = {O'Keeffe, Elton}, year = {\\bibnodate}, title = {Egoism},"
                        " publisher = {Online Originals}}"),
    ("shortDOI", "@article{s, author = {Sacchett, C.}, title = {Calling a Squirrel a Squirrel},"
                 " journal = {Cognitive Neuropsychology}, volume = {9}, pages = {73--86}, year = {1992},"
                 " doi = {d4vb59}}"),
    ("entry commented out above its new version", "%@article{c,\n%  title = {Old},\n%}\n"
                                                  "@article{c, author = {KS}, title = {New}, journal = {The Post},"
                                                  " date = {2019-01-15}, url = {https://wapo.st/2HDToGJ}}"),
])
def test_silent(name: str, entry: str) -> None:
    assert codes(entry) == []


def test_a_tag_glued_to_a_doi_is_reported_and_left_out_of_the_doi() -> None:
    entry = ("@article{t, author = {Smith, J.}, title = {Gene therapy}, journal = {Nat Med}, volume = {16},"
             " pages = {100--105}, year = {2010}, doi = {10.1038/nm.2234 [doi]}}")
    assert codes(entry) == [("t", "CL103")]
    assert read_bibtex(SourceText("refs.bib", entry))[0].doi == "10.1038/nm.2234"


@pytest.mark.parametrize(("line", "doi"), [
    ("Smith J (2010) Gene therapy. Nat Med 16: 100-105. doi:10.1038/nm.2234[doi]", "10.1038/nm.2234"),
    ("A. Author, Lattice QCD. Phys. Rev. D 94, 074073 (2016). doi:10.1103/PhysRevD.94.074073[arXiv:1606.01234]",
     "10.1103/PhysRevD.94.074073"),
    ("Vogin B (1998) Polariton lasers. Phys Rev B 57: 1234. doi:10.1103/PhysRevB.57.1234.URL http://example.org",
     "10.1103/PhysRevB.57.1234"),
])
def test_the_text_reader_ends_a_doi_before_a_glued_token(line: str, doi: str) -> None:
    assert parse_line(line).doi == doi


@pytest.mark.parametrize(("line", "authors", "et_al"), [
    ("B. VOGIN, A. KAVOKIN. Polariton lasers. Phys. Rev. B 57, 1234 (1998).", [("VOGIN", "B."), ("KAVOKIN", "A.")], False),
    ("J. DOE. THE ART OF WAR. Penguin, 2001.", [("DOE", "J.")], False),
    ("Kavokin et al, Microcavities. Oxford University Press, 2007.", [("Kavokin", "")], True),
    ("A. Kavokin et al, Microcavities. Oxford University Press, 2007.", [("Kavokin", "A.")], True),
])
def test_capitals_and_et_al_do_not_make_the_first_author(line: str, authors: list, et_al: bool) -> None:
    """'B. VOGIN' was read as the author "B", and 'Kavokin et al' left no author at all."""
    reference = parse_line(line)
    assert ([(author.family, author.given) for author in reference.authors], reference.et_al) == (authors, et_al)
