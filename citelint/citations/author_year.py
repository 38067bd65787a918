"""Author-year citations in prose: ``(Smith & Jones, 2010)``, ``Smith et al. (2010)``, ``WHO (2021)``.

What they are read as, and what is deliberately not read, is told in ``citelint.citations.prose``.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Iterator

from citelint.citations import Citation
from citelint.citations.masking import BLANK_LINE, MASK
from citelint.citations.prose_words import (
    ARTICLES,
    CONNECTORS,
    INSIDE_NAMES,
    NOT_AUTHORS,
    NOT_ORGANISATION_ENDS,
    OPENERS,
    ORGANISATION_OPENERS,
)
from citelint.fields.patterns import YEAR
from citelint.model import SourceText

_LONGEST_PARENTHESIS = 300
_MOST_NAMES = 20  # a longer chain is not reported: its first name would be a guess
_MOST_YEARS = 20
_LONGEST_WORD = 60
_MOST_SPACE = 8  # between a narrative citation's names and its "("
_PARENTHESIS = re.compile(rf"\(([^()]{{1,{_LONGEST_PARENTHESIS}}})\)")
_PARTICLE = r"[vV]an|[vV]on|[dD]e|[dD]er|[dD]en|[dD]a|[dD]el|[dD]ella|[dD]i|[dD]u|[lL]e|[lL]a|[tT]en|[tT]er"
_JOINERS = "'’-‐‑"
_WORD = r"[^\W\d_]+(?:['’\-‐‑][^\W\d_]+)*"
_NAME = re.compile(rf"(?:(?:{_PARTICLE})\s+){{0,3}}({_WORD})(?![\w'’\-‐‑])")
# A word glued to something, or quoted ("‘Ponds’ (2010)" is a title, not Ponds' work).
_NOT_BEFORE_NAME = _JOINERS + MASK + "\"“‘"
_PARTICLE_BEFORE = re.compile(rf"(?<![\w'’\-‐‑])(?:{_PARTICLE})\s+\Z")
_ET_AL = re.compile(r",?\s+et\.?\s+al(?:\.|(?!\w))")
_ET_AL_BEFORE = re.compile(r",?\s+et\.?\s+al\.?\Z")
_AND = re.compile(r"\s*,?\s*(?:&|and(?=\s))\s*")
_AND_BEFORE = re.compile(r",?\s*(?:&|(?<!\w)and(?=\s))\s*\Z")
_COMMA = re.compile(r"\s*,\s*")
_COMMA_BEFORE = re.compile(r",\s*\Z")
# Years 1500-2100, a letter after one when an author has several that year
# (not "s": "2010s" is a decade), and the forms of a work without a year.
_YEAR = re.compile(rf"{YEAR}[a-rt-z]?(?!\w)|(?i:in\s+press|forthcoming)(?!\w)|(?i:n\.\s?d\.)")
_LETTER_YEAR = re.compile(r"\s*,\s*([a-rt-z])(?![\w.])")  # the "b" of "2010a, b"
_LEAD_IN = re.compile(
    r"(?:see\s+also|but\s+see|see|also|compare|for\s+example|for\s+instance|for\s+a\s+review,?\s+see"
    r"|e\.\s?g\.|cf\.|i\.\s?e\.|viz\.)(?:,|(?=\s))\s*",
    re.IGNORECASE,
)
_LOCATOR = re.compile(
    r"\s*(?:,\s*(?:pp?\.|pages?\b|chaps?\.|ch\.|chapters?\b|paras?\.|¶|§|sect?s?\.|sections?\b|tables?\b"
    r"|figs?\.|figures?\b|vol\.|col\.|nn?\.|notes?\b|ll?\.|lines?\b|appendix\b|app\.|emphasis\b|italics\b)"
    r"[^;]{0,40}|:\s*\d{1,5}(?:\s*[-‐–—]\s*\d{1,5})?)",
    re.IGNORECASE,
)

# A species in italics: "*Spheniscus magellanicus* (Forster, 1781)" names who described it, not a work cited.
_SPECIES_BEFORE = re.compile(r"[*_](?:[A-Z][a-z]+|[A-Z]\.)\s[a-z]+(?:\s[a-z]+)?[*_]\s*\Z")

# An organisation as author: "World Health Organization", "Centers for Disease Control and Prevention".
_MOST_ORGANISATION_WORDS = 12  # connectors included
_ORGANISATION_WORD = re.compile(rf"(?:{_WORD}|&)(?![\w'’\-‐‑])")
# APA's first citation of an organisation: "(World Health Organization [WHO], 2021)".
_ABBREVIATION = re.compile(r"\s*\[[A-Z][A-Za-z&]{1,15}\]")


_Years = list[tuple[int, int, str]]  # each year's start, end and text: "2010a"
Build = Callable[[int], Iterator[Citation]]  # a group's citations, given its number


@dataclasses.dataclass(frozen=True)
class _Names:
    spans: tuple[tuple[int, int], ...]  # each name as printed, particles included
    et_al: bool


def author_year_groups(source: SourceText, masked: str, start: int, end: int) -> Iterator[tuple[int, Build]]:
    for parenthesis in _PARENTHESIS.finditer(masked, start, end):
        inside_start, inside_end = parenthesis.start(1), parenthesis.end(1)
        link_target = parenthesis.start() > start and masked[parenthesis.start() - 1] == "]"  # [text](Smith,2010)
        if link_target or BLANK_LINE.search(masked, inside_start, inside_end):
            continue
        years = _years_to_end(masked, _skip_space(masked, inside_start, inside_end), inside_end)
        narrative = years is not None
        if years is not None:
            names = _narrative_names(masked, parenthesis.start(), start)
            cited = [(names, years)] if names is not None else []
        else:
            cited = _parenthetical(masked, inside_start, inside_end)
            if cited and _SPECIES_BEFORE.search(masked, max(start, parenthesis.start() - 80), parenthesis.start()):
                continue
            cited = _spelt_out(masked, parenthesis.start(), start, cited)
        if cited:
            yield cited[0][0].spans[0][0], functools.partial(_author_year_citations, source, cited, narrative)


def _author_year_citations(source: SourceText, cited: list[tuple[_Names, _Years]], narrative: bool,
                           group: int) -> Iterator[Citation]:
    for names, years in cited:
        printed = tuple(" ".join(source.text[name_start:name_end].split()) for name_start, name_end in names.spans)
        first = names.spans[0][0]
        for year_start, year_end, year in years:
            yield Citation(file=source.path, span=source.span(first, year_end), group=group, names=printed,
                           et_al=names.et_al, year=year, year_span=source.span(year_start, year_end),
                           narrative=narrative)


def _parenthetical(text: str, start: int, end: int) -> list[tuple[_Names, _Years]]:
    """Names and years of each ;-separated part, or nothing unless every part has them."""
    cited = []
    part_start = start
    while part_start <= end:
        semicolon = text.find(";", part_start, end)
        part_end = end if semicolon == -1 else semicolon
        found = _names_and_years(text, part_start, part_end)
        if found is None:
            return []
        cited.append(found)
        part_start = part_end + 1
    return cited


def _names_and_years(text: str, start: int, end: int) -> tuple[_Names, _Years] | None:
    position = _skip_space(text, start, end)
    for _ in range(2):  # "see, e.g.,"
        lead_in = _LEAD_IN.match(text, position, end)
        if lead_in:
            position = lead_in.end()
    # "Smith and Jones" before "Health and Safety Executive"; a double family name ("Arun Anoop et al.") last.
    for names_after in (_names_after, _organisation_after, _double_name_after):
        found = names_after(text, position, end)
        if found is None:
            continue
        names, names_end = found
        names_end = _skip_space(text, names_end, end)
        if text.startswith(",", names_end, end):
            names_end = _skip_space(text, names_end + 1, end)
        years = _years_to_end(text, names_end, end)
        if years is not None:
            return names, years
    return None


def _double_name_after(text: str, start: int, end: int) -> tuple[_Names, int] | None:
    """Names whose first is a double family name: "Arun Anoop et al.", "García Márquez & Lee"."""
    first = _name_at(text, start, end)
    second = _name_at(text, _skip_space(text, first[1], end), end) if first else None
    if first is None or second is None or second[0] == first[1]:
        return None
    return _names_after(text, start, end, first=(first[0], second[1]))


def _names_after(text: str, start: int, end: int,
                 first: tuple[int, int] | None = None) -> tuple[_Names, int] | None:
    """"Smith", "Smith et al.", "Smith and Jones", "Smith, Jones, & Lee" from ``start``, and where they end."""
    first = first or _name_at(text, start, end)
    if first is None:
        return None
    spans = [first]
    position = first[1]
    while len(spans) <= _MOST_NAMES:
        et_al = _ET_AL.match(text, position, end)
        if et_al:
            return _Names(tuple(spans), True), et_al.end()
        conjunction = _AND.match(text, position, end)
        name = _name_at(text, conjunction.end(), end) if conjunction else None
        if name is not None:
            spans.append(name)
            return _Names(tuple(spans), False), name[1]
        comma = _COMMA.match(text, position, end)
        name = _name_at(text, comma.end(), end) if comma else None
        if name is None:
            break
        spans.append(name)
        position = name[1]
    if len(spans) > 1:  # "Paris, France, 2010": a list of authors ends in "and" or "&"
        return None
    return _Names(tuple(spans), False), position


def _name_at(text: str, start: int, end: int) -> tuple[int, int] | None:
    name = _NAME.match(text, start, end)
    if name is None or not _is_family_name(name.group(1)):
        return None
    return name.start(), name.end()


def _is_family_name(word: str) -> bool:
    """A capitalised word (or an acronym like "WHO") that is not one of the words that precede years."""
    return len(word) >= 2 and word[0].isupper() and word.casefold() not in NOT_AUTHORS


def _organisation_after(text: str, start: int, end: int) -> tuple[_Names, int] | None:
    """"World Health Organization", "World Health Organization [WHO]" from ``start``, and where it ends."""
    words: list[tuple[int, int]] = []
    position = start
    while len(words) <= _MOST_ORGANISATION_WORDS:
        word = _ORGANISATION_WORD.match(text, position, end)
        if word is None or not _in_organisation(word.group()):
            break
        words.append(word.span())
        position = _skip_space(text, word.end(), end)
        if position == word.end():
            break
    if words and text[words[0][0] : words[0][1]].casefold() == "the":
        words.pop(0)
    while words and text[words[-1][0] : words[-1][1]] in CONNECTORS:  # what follows is then no year: refused
        words.pop()
    name = _organisation_name(text, words)
    if name is None:
        return None
    abbreviation = _ABBREVIATION.match(text, name[1], end)
    return _Names((name,), False), abbreviation.end() if abbreviation else name[1]


def _in_organisation(word: str) -> bool:
    return word in CONNECTORS or (len(word) >= 2 and word[0].isupper())


def _organisation_name(text: str, words: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The span of the organisation's name these words print, or None when they are something else."""
    if not 2 <= len(words) <= _MOST_ORGANISATION_WORDS:
        return None
    printed = [text[word_start:word_end] for word_start, word_end in words]
    first, last = printed[0], printed[-1]
    if first in CONNECTORS or last in CONNECTORS:
        return None
    if first.casefold() in NOT_AUTHORS - ORGANISATION_OPENERS or last.casefold() in NOT_ORGANISATION_ENDS:
        return None  # "In March", "Phase III Trial", "Microsoft Word"
    if len(printed) == 2 and last.isupper() and len(last) <= 3 and not first.isupper():
        return None  # "Smith JA": a family name and initials
    return words[0][0], words[-1][1]


def _years_to_end(text: str, start: int, end: int) -> _Years | None:
    """"2010a, b, 2011, p. 5" filling ``text[start:end]``: each year's span and text."""
    year = _YEAR.match(text, start, end)
    if year is None:
        return None
    years = [(year.start(), year.end(), year.group())]
    position = year.end()
    while len(years) < _MOST_YEARS:
        previous = years[-1][2]
        letter = _LETTER_YEAR.match(text, position, end)
        if letter and len(previous) == 5 and previous[:4].isdigit():
            years.append((letter.start(1), letter.end(1), previous[:4] + letter.group(1)))
            position = letter.end()
            continue
        comma = _COMMA.match(text, position, end)
        year = _YEAR.match(text, comma.end(), end) if comma else None
        if year is None:
            break
        years.append((year.start(), year.end(), year.group()))
        position = year.end()
    locator = _LOCATOR.match(text, position, end)
    if locator:
        position = locator.end()
    return years if _skip_space(text, position, end) == end else None


def _narrative_names(text: str, opening: int, floor: int) -> _Names | None:
    """Who a narrative citation cites: the people named before its "(", or an organisation whose name starts earlier."""
    persons = _names_before(text, opening, floor)
    organisation = _organisation_before(text, opening, floor)
    # "Disease Control and Prevention (2020)" is no "Prevention (2020)"; "Smith and Jones (2010)" are two people.
    if organisation is not None and (persons is None or organisation.spans[0][0] < persons.spans[0][0]):
        return organisation
    return persons


def _names_before(text: str, opening: int, floor: int) -> _Names | None:
    """The names of a narrative citation, printed right before its "(" at ``opening``."""
    end = _possessor_end(text, opening, floor)
    et_al = _ET_AL_BEFORE.search(text, max(floor, end - 16), end)
    if et_al:
        end = et_al.start()
    last = _name_ending_at(text, end, floor)
    if last is None:
        return None
    spans = [last]
    conjunction = None if et_al else _AND_BEFORE.search(text, max(floor, last[0] - 12), last[0])
    if conjunction:
        name = _name_ending_at(text, _space_before(text, conjunction.start(), floor), floor)
        while name is not None:
            if len(spans) > _MOST_NAMES:
                return None
            spans.insert(0, name)
            comma = _COMMA_BEFORE.search(text, max(floor, name[0] - 12), name[0])
            name = _name_ending_at(text, _space_before(text, comma.start(), floor), floor) if comma else None
    if _another_construction(text, spans[0][0], floor):
        return None
    first_start, first_end = spans[0]
    if text[first_start:first_end].isupper() and text.endswith(",", floor, _space_before(text, first_start, floor)):
        return None  # "Philips, BL (2016)": initials in a list of authors, as a reference prints them
    return _Names(tuple(spans), et_al is not None)


def _possessor_end(text: str, opening: int, floor: int) -> int:
    """Where the name ends that stands before ``opening``, but for white space and a possessive "'s"."""
    end = _space_before(text, opening, floor)
    if text.endswith(("'s", "’s"), floor, end):
        return end - 2
    if text.endswith(("s'", "s’"), floor, end):
        return end - 1
    return end


def _organisation_before(text: str, opening: int, floor: int) -> _Names | None:
    """An organisation's name filling the words right before a narrative citation's "(" at ``opening``."""
    words: list[tuple[int, int]] = []
    position = _possessor_end(text, opening, floor)
    while len(words) <= _MOST_ORGANISATION_WORDS + 2:  # room for "As the"
        glued_ampersand = position > floor and text[position - 1] == "&"
        word_start = position - 1 if glued_ampersand else _word_start(text, position, floor)
        if word_start == position or not _in_organisation(text[word_start:position]):
            break
        words.insert(0, (word_start, position))
        position = _space_before(text, word_start, floor)
        if position == word_start:
            break
    else:
        return None  # too long to tell where the name starts
    if not words:
        return None
    glued_to = text[words[0][0] - 1] if words[0][0] > floor else " "
    if glued_to.isalnum() or glued_to in _NOT_BEFORE_NAME:
        return None
    words = _without_lead_in(text, words)
    name = _organisation_name(text, words)
    if name is None or _word_before(text, name[0], floor)[1].casefold() in ARTICLES - {"the"}:
        return None  # "this Random Forest (2001)"
    return _Names((name,), False)


def _without_lead_in(text: str, words: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The words after a sentence's opening and the article: "As the", "Following", "The", "in"."""
    printed = [text[word_start:word_end] for word_start, word_end in words]
    opening = printed[0] if printed else ""
    before_article = len(printed) > 1 and printed[1] == "the" and opening.casefold() in OPENERS | NOT_AUTHORS
    skip = 1 if before_article or opening == "The" or opening.casefold() in OPENERS - NOT_AUTHORS else 0
    while skip < len(printed) and printed[skip] in CONNECTORS:
        skip += 1
    return words[skip:]


def _spelt_out(text: str, opening: int, floor: int, cited: list[tuple[_Names, _Years]]) -> list[tuple[_Names, _Years]]:
    """"World Health Organization (WHO, 2021)", APA's narrative first citation, cites the organisation, not "WHO"."""
    if len(cited) != 1 or cited[0][0].et_al or len(cited[0][0].spans) != 1:
        return cited
    abbreviation_start, abbreviation_end = cited[0][0].spans[0]
    abbreviation = text[abbreviation_start:abbreviation_end]
    if not abbreviation.isupper() or _skip_space(text, opening + 1, abbreviation_start) != abbreviation_start:
        return cited
    organisation = _organisation_before(text, opening, floor)
    if organisation is None or text[organisation.spans[0][0]] != abbreviation[0]:
        return cited
    return [(organisation, cited[0][1])]


def _name_ending_at(text: str, end: int, floor: int) -> tuple[int, int] | None:
    """A family name, with its particles, that ends at ``end`` and is a whole word."""
    start = _word_start(text, end, floor)
    if start == end or (start > floor and (text[start - 1].isalnum() or text[start - 1] in _NOT_BEFORE_NAME)):
        return None
    if not _is_family_name(text[start:end]):
        return None
    for _ in range(3):  # "van der Berg"
        particle = _PARTICLE_BEFORE.search(text, max(floor, start - 12), start)
        if particle is None:
            break
        start = particle.start()
    return start, end


def _word_start(text: str, end: int, floor: int) -> int:
    """Where the run of letters (with inner hyphens and apostrophes) ending at ``end`` starts."""
    start = end
    lowest = max(floor, end - _LONGEST_WORD)
    while start > lowest:
        character = text[start - 1]
        inner_joiner = (character in _JOINERS and start < end and start - 2 >= floor
                        and text[start].isalpha() and text[start - 2].isalpha())
        if not (character.isalpha() or inner_joiner):
            break
        start -= 1
    return start


def _space_before(text: str, end: int, floor: int) -> int:
    """The start of the white space (at most one line break) that ends at ``end``."""
    start = end
    while start > max(floor, end - _MOST_SPACE) and text[start - 1].isspace():
        start -= 1
    return start if text.count("\n", start, end) <= 1 else end


def _another_construction(text: str, names_start: int, floor: int) -> bool:
    """Whether the word before the names makes them something else: "the Smith (2010) model", "New York (2010)"."""
    start, word = _word_before(text, names_start, floor)
    if word.casefold() in ARTICLES:
        return True
    if word.casefold() in INSIDE_NAMES:  # "the work of Smith (2010)", but "Department of Health (2007)"
        word = _word_before(text, start, floor)[1]
    return bool(word) and word[0].isupper() and word.casefold() not in OPENERS


def _word_before(text: str, position: int, floor: int) -> tuple[int, str]:
    """The word that ends, but for white space, at ``position``, and where it starts; "" when none does."""
    end = _space_before(text, position, floor)
    start = _word_start(text, end, floor)
    return start, text[start:end]


def _skip_space(text: str, position: int, end: int) -> int:
    while position < end and text[position].isspace():
        position += 1
    return position
