"""The same work listed twice in one file.

What it does:
    Reports a reference that repeats an earlier one of the same file: the
    same DOI, the same published record (both confidently matched to it,
    however differently they are printed), or the same first author, year
    and (near-)identical title.
    The later reference is reported, naming the earlier. References are
    compared through keys, not pair by pair, so a bibliography of 100,000
    entries is checked in linear time: two titles are compared when they
    share the first author, the year and their opening, middle or closing
    words (a title that differs in all three places is no near-copy).
    Titles that differ
    in a number ("Part I" and "Part II", "2" and "3") are different works,
    so are references with different volumes, issues or first pages (a
    column that recurs under one title in every issue), and a chapter
    and the book it is in (a .bib chapter inherits the book's fields),
    and so are two clearly different titles under one DOI: one of them
    carries a wrong DOI, which the DOI rules report.

Why it matters:
    A duplicated entry splits the citations of one work between two numbers
    and tells reviewers the list was not checked.

Example:
    Failing: the line ``[7] Smith J (2010) A title. J Biol 31: 82-96.``
    after ``[2] Smith J (2010) A title. J Biol 31: 82-96.``
    Passing: ``[7] Smith J (2010) A title, part II. J Biol 31: 97-110.``

Fix safety:
    No fix: merging the two means renumbering the citations in the text.

Options:
    None.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from citelint.fields.normalize import doi_key, name_key, text_key
from citelint.fields.pages import page_key, parse_pages
from citelint.fields.patterns import YEAR_DIGITS
from citelint.model import Diagnostic, Match, Reference, ReferenceId
from citelint.rules._compare import confident
from citelint.rules._rule import Context

CODE = "CL106"
NAME = "duplicate-reference"
SEVERITY = "warning"
FIXABLE = False
NEEDS_RECORD = False
SCOPE = "reference"
SUMMARY = "The same work listed twice in one file (same DOI or record, or same author, year and title)."
OPTIONS = None

SIMILAR_TITLES = 95  # rapidfuzz ratio, 0..100
DIFFERENT_TITLES = 60  # rapidfuzz token-set ratio below which two titles are two works
_NUMBERS = re.compile(r"\b(?:\d+|[ivx]+)\b")
_PART = re.compile(r"\bpart\s+(\d+|[ivx]+)\b")


@dataclass(frozen=True)
class _Index:
    """The file's references by DOI and by (first author, year), in file order."""

    position: dict[ReferenceId, int]  # identity -> position in the file
    by_doi: dict[str, int]  # DOI key -> first position
    by_record: dict[str, int]  # DOI key of the confidently matched record -> first position
    # (first author, year, a run of title words) -> positions, in file order: the titles worth comparing.
    by_title_words: dict[tuple[str, str, str], list[int]]
    # Per position, computed once.
    title_words: dict[int, tuple[tuple[str, str, str], ...]]
    titles: dict[int, str]
    numbers: dict[int, list[str]]
    parts: dict[int, list[str]]


def check(reference: Reference, match: Match, context: Context) -> Iterator[Diagnostic]:
    index: _Index = context.prepared or prepare(context)
    position = index.position.get(reference.identity)
    if position is None:
        return
    earlier = _earlier_duplicate(reference, match, position, index, context.references)
    if earlier is None:
        return
    other, why = earlier
    label = f"reference {other.index}" + (f" {other.key}" if other.key else "")
    yield Diagnostic(
        field="duplicate",
        message=f"duplicate of {label} (line {other.span.line}): {why}",
        span=reference.span,
        found=reference.text,
    )


def _earlier_duplicate(
    reference: Reference, match: Match, position: int, index: _Index, references: Sequence[Reference]
) -> tuple[Reference, str] | None:
    if reference.doi:
        first = index.by_doi.get(doi_key(reference.doi))
        if first is not None and first < position and not _different_titles(reference, references[first]):
            return references[first], "same DOI"
    record_doi = _confident_record(match)
    if record_doi is not None:
        first = index.by_record.get(record_doi)
        if first is not None and first < position:
            return references[first], f"both are the published work {record_doi}"
    keys = index.title_words.get(position)
    if keys is None:
        return None
    earlier = sorted({candidate for key in keys for candidate in index.by_title_words[key] if candidate < position})
    if not earlier:
        return None
    from rapidfuzz import fuzz

    title = index.titles[position]
    for candidate in earlier:
        other = references[candidate]
        other_title = index.titles[candidate]
        if index.numbers[position] != index.numbers[candidate] or index.parts[position] != index.parts[candidate]:
            continue
        if _located_apart(reference, other):
            continue
        if reference.doi and other.doi and doi_key(reference.doi) != doi_key(other.doi):
            continue  # two DOIs: two works, however alike their titles
        if fuzz.ratio(title, other_title) >= SIMILAR_TITLES:
            return other, "same first author, year and title"
    return None


def _parts(reference: Reference) -> list[str]:
    """"Part II" wherever the reader put it (title, container): parts of a series are different works."""
    return _PART.findall(reference.text.lower())


def _located_apart(reference: Reference, other: Reference) -> bool:
    """Different volumes, issues or first pages, where both print them, or a chapter beside its book:
    two works, or too unsure to say one."""
    if reference.volume and other.volume and reference.volume != other.volume:
        return True
    if reference.issue and other.issue and reference.issue != other.issue:
        return True
    if {reference.type, other.type} == {"chapter", "book"}:
        return True
    first, second = parse_pages(reference.pages or ""), parse_pages(other.pages or "")
    return first is not None and second is not None and page_key(first.first) != page_key(second.first)


def _different_titles(reference: Reference, other: Reference) -> bool:
    """Two clearly different titles under one DOI: a DOI copied to the wrong work, not a duplicate."""
    if not reference.title or not other.title:
        return False
    from rapidfuzz import fuzz

    return fuzz.token_set_ratio(text_key(reference.title), text_key(other.title)) < DIFFERENT_TITLES


def _title_words(author_year: tuple[str, str], title: str) -> tuple[tuple[str, str, str], ...]:
    """Keys a near-copy of the title shares: a near-copy (one or two typos) keeps the words of
    at least one of its opening, middle or closing pair."""
    words = title.split()
    middle = len(words) // 2
    runs = {" ".join(words[:2]), " ".join(words[max(0, middle - 1) : middle + 1]), " ".join(words[-2:])}
    return tuple((*author_year, run) for run in sorted(runs))


def _author_year(reference: Reference) -> tuple[str, str] | None:
    if not reference.authors or not reference.year:
        return None
    first = reference.authors[0]
    family = name_key(first.organisation or first.family)
    year = YEAR_DIGITS.search(reference.year)
    if not family or year is None:
        return None
    return family, year[0]


def _confident_record(match: Match) -> str | None:
    # A looser match may have picked the same record for two works.
    if match.status != "matched" or match.record is None or not confident(match):
        return None
    return doi_key(match.record.doi)


def prepare(context: Context) -> _Index:
    """The file's index, built once: every reference of the file asks."""
    references, matches = context.references, context.matches
    position: dict[ReferenceId, int] = {}
    by_doi: dict[str, int] = {}
    by_record: dict[str, int] = {}
    if len(matches) == len(references):
        for number, match in enumerate(matches):
            record_doi = _confident_record(match)
            if record_doi is not None:
                by_record.setdefault(record_doi, number)
    by_title_words: dict[tuple[str, str, str], list[int]] = {}
    title_words: dict[int, tuple[tuple[str, str, str], ...]] = {}
    titles: dict[int, str] = {}
    numbers: dict[int, list[str]] = {}
    parts: dict[int, list[str]] = {}
    for number, reference in enumerate(references):
        position[reference.identity] = number
        if reference.doi:
            by_doi.setdefault(doi_key(reference.doi), number)
        author_year = _author_year(reference)
        if author_year is not None and reference.title:
            titles[number] = text_key(reference.title)
            title_words[number] = _title_words(author_year, titles[number])
            for key in title_words[number]:
                by_title_words.setdefault(key, []).append(number)
            numbers[number] = _NUMBERS.findall(titles[number])
            parts[number] = _parts(reference)
    return _Index(position, by_doi, by_record, by_title_words, title_words, titles, numbers, parts)
