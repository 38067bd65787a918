"""A reference's printed fields in the form the matcher compares them in, and its search query."""

from __future__ import annotations

import re
from functools import cached_property

from citelint.fields.normalize import decode_latex, name_key, text_key
from citelint.fields.patterns import DOI_PREFIX, YEAR_DIGITS
from citelint.model import Reference
from citelint.readers import LATEX_KINDS

_URL = re.compile(rf"(?:https?://|www\.)\S+|\bdoi:\s*\S+|\b{DOI_PREFIX}\S+", re.IGNORECASE)
_LABEL = re.compile(r"^\s*(?:\[\w+\]|\(\d+\)|\d+\.)\s*")
_NUMBER = re.compile(r"\d+")
_DASHES = re.compile(r"\s*[-\u2010-\u2015\u2212]+\s*")
NON_DIGITS = re.compile(r"\D")
_VOLUME = re.compile(r"\s*([A-Za-z]?\d+[A-Za-z]?|[A-Za-z]+)")
_PAGE_ABBREVIATION = re.compile(r"^\s*pp?\.?\s*", re.IGNORECASE)


def search_query(reference: Reference) -> str:
    """The printed reference without DOIs, URLs and its list label: what a bibliographic search wants.

    A .bib entry's source is field names and LaTeX ("Rei{\\ss}"): its decoded fields are sent instead;
    a LaTeX reference (``\\bibitem``) is decoded, braces dropped."""
    if reference.kind == "bibtex" and not reference.parse_problem:
        names = [author.family or author.organisation for author in reference.authors[:3]]
        fields = (reference.title, reference.container, reference.year, reference.volume, reference.pages)
        query = " ".join(" ".join(value for value in (*names, *fields) if value).split())
        if query:
            return query
    text = reference.text
    if reference.kind in LATEX_KINDS:
        text = decode_latex(text)
    text = _LABEL.sub("", _URL.sub(" ", text))
    return " ".join(text.split())


class Printed:
    """A reference's fields in comparison form, computed once for all its candidates."""

    def __init__(self, reference: Reference) -> None:
        self.reference = reference
        self.title = text_key(reference.title) if reference.title else ""
        self.container = text_key(reference.container) if reference.container else ""
        self.year = _int_year(reference.year)
        self.volume = leading(reference.volume)
        self.first_page = first_page(reference.pages)
        self.article_number = (reference.article_number or "").strip().lower()
        self.pages_digits = NON_DIGITS.sub("", reference.pages or "")
        # Search results repeat titles (a preprint and its article, reprints): each is scored once.
        self.title_scores: dict[tuple[str, str], float | None] = {}

    @cached_property
    def query(self) -> str:
        return search_query(self.reference)

    @cached_property
    def text(self) -> str:
        return text_key(self.query)

    @cached_property
    def numbers(self) -> frozenset[str]:
        return frozenset(number.lstrip("0") for number in _NUMBER.findall(self.text))

    @cached_property
    def years(self) -> frozenset[str]:
        return frozenset(number for number in self.numbers if len(number) == 4 and 1800 <= int(number) <= 2100)

    @cached_property
    def other_numbers(self) -> frozenset[str]:
        """The numbers of the text that cannot be years: volume, issue, pages."""
        return self.numbers - self.years

    @cached_property
    def numbers_besides_volume(self) -> frozenset[str]:
        """The numbers standing alone that are neither years nor the volume and issue the reader found: pages,
        if any ("1st", "5G" and "H2O" hold none)."""
        placed = {number.lstrip("0") for value in (self.reference.volume, self.reference.issue)
                  for number in _NUMBER.findall(value or "")}
        alone = {word.lstrip("0") for word in self.text.split() if word.isdigit()}
        return (self.other_numbers & alone) - placed

    @cached_property
    def words(self) -> frozenset[str]:
        return frozenset(self.text.split())

    @cached_property
    def name_keys(self) -> frozenset[str]:
        return frozenset(name_key(word) for word in self.text.split())


def _int_year(year: str | None) -> int | None:
    found = YEAR_DIGITS.search(year or "")
    return int(found.group()) if found else None


def leading(value: str | None) -> str:
    """The volume as a comparable token: "12(3)" and "12 " are volume 12."""
    found = _VOLUME.match(value or "")
    return found.group(1).lower().lstrip("0") if found else ""


def first_page(pages: str | None) -> str:
    text = _PAGE_ABBREVIATION.sub("", pages or "")
    first = _DASHES.split(text.strip(), maxsplit=1)[0]
    return first.split(",")[0].strip().lower()
