"""Citations written out in a manuscript's body text: ``[12]`` and ``(Smith et al., 2010)``.

Between the start of the body and the reference list of a Markdown, Word or
plain-text manuscript it finds

- numbered citations in square brackets: ``[12]``, ``[1, 2]``, ``[1;2]``,
  ``[1–3, 7]``; a range gives every number in it, each spanning the range;
- parenthetical author-year citations: ``(Smith & Jones, 2010)``, ``(see
  van der Berg et al. 2010a, b, p. 5; cf. WHO, n.d.)``;
- narrative ones: ``Smith (2010)``, ``Smith et al.'s (2010, 2012)``,
  ``Smith, Jones, and Lee (in press)``;
- organisations as authors, in both forms: ``(World Health Organization
  [WHO], 2021)``, ``the Centers for Disease Control and Prevention (2020)``,
  ``National Institute of Mental Health (NIMH, 2020)``: two to twelve
  capitalised words or acronyms joined by of, for, and, on, the, in, &, de,
  du, des, der or für. The name is one of ``names``, without a leading "the"
  or the abbreviation. Any phrase of that shape reads as an organisation
  ("Garcia Marquez (1967)", "New York (2010)"), so such a name is worth
  reporting only when an entry confirms it.

What it finds is reported as an error ("cited but no entry", "year differs
from the list"), so it would rather miss an odd form than invent a
citation. It deliberately does not read: numbers in parentheses or
superscripts; brackets right after a word or a bracket (``x[1]``: an
index), Markdown links and footnotes, years or anything but plain positive
numbers in brackets (``[2010]``, ``[1.5]``); a parenthesis of which any
part is not names and years (``(Smith, 2010; unpublished)``), lists of
names without "and" or "&", author-year in square brackets, narrative
citations after an article ("the Smith (2010) model"; an organisation may
follow "the"), a narrative organisation not set off from the words before it
("In New York City (2010)" is not "New York City"), initials as a reference
prints them ("Philips, BL (2016)", "Smith JA (2010)"), and the authority
after an italic species name ("*Parus major* (Linnaeus, 1758)"). Words that
stand before years without being authors ("March 2010", "Table 2", "Windows
(2010)") are refused by a stoplist, also as an organisation's first word
("Phase III Trial"), which refuses the few surnames that are such words
("May", "Law") and common place names ("surveyed in Germany (2010)"); a
shorter one refuses what ends a phrase without naming an author ("Microsoft
Word", "Framingham Heart Study", "United States"). Code spans, fenced code
blocks, HTML comments, URLs and ``$math$`` are skipped.
"""

from __future__ import annotations

import functools
import heapq
import re
from collections.abc import Iterator

from citelint.citations import Citation
from citelint.citations.author_year import Build, author_year_groups
from citelint.citations.masking import MASK, mask_non_prose
from citelint.model import SourceText

_LONGEST_BRACKET = 100
_LONGEST_RANGE = 200  # "[1-500]" is no range of citations

_BRACKET = re.compile(rf"\[([^\[\]\n]{{1,{_LONGEST_BRACKET}}})\]")
_NUMBER = r"[1-9]\d{0,3}"
_DASH = r"[-‐‑‒–—]"
_ITEM = re.compile(rf"({_NUMBER})(?:\s*{_DASH}\s*({_NUMBER}))?")
_NUMBERS = re.compile(rf"\s*{_NUMBER}(?:\s*{_DASH}\s*{_NUMBER})?(?:\s*[,;]\s*{_NUMBER}(?:\s*{_DASH}\s*{_NUMBER})?)*\s*")
_BRACKET_DASH = re.compile(rf"[ \t]*{_DASH}[ \t]*\[")  # between the brackets of "[1]–[3]"
_NOT_BEFORE_BRACKET = frozenset("])\\^!")  # x[1], a[1][2], f(x)[1], \[, ^[footnote], ![image]
_NOT_AFTER_BRACKET = frozenset("([{")  # [1](link), [1][label], [1]{.class}


def prose_citations(source: SourceText, start: int, end: int) -> tuple[Citation, ...]:
    """The numbered and author-year citations printed in ``source.text[start:end]``, in text order."""
    text = source.text
    masked = text[:start] + mask_non_prose(text[start:end]) + text[end:]
    # Each finder gives its groups in text order, each with where it starts and how to build its citations.
    found = heapq.merge(_numbered(source, masked, start, end), author_year_groups(source, masked, start, end),
                        key=lambda group: group[0])
    return tuple(citation for number, (_, build) in enumerate(found) for citation in build(number))


def _numbered(source: SourceText, masked: str, start: int, end: int) -> Iterator[tuple[int, Build]]:
    brackets = list(_number_brackets(masked, start, end))
    index = 0
    while index < len(brackets):
        opening, closing, items = brackets[index]
        following = brackets[index + 1] if index + 1 < len(brackets) else None
        if following and len(items) == 1 == len(following[2]) and _BRACKET_DASH.fullmatch(
                masked, closing, following[0] + 1):
            # "[1]–[3]": a range written across two brackets, as IEEE prints it.
            (low, high, _, _), (next_low, next_high, _, _) = items[0], following[2][0]
            if low == high and next_low == next_high and low < next_low <= low + _LONGEST_RANGE:
                items = [(low, next_low, opening, following[1])]
                index += 1
        yield items[0][2], functools.partial(_numbered_citations, source, items)
        index += 1


def _number_brackets(masked: str, start: int, end: int) -> Iterator[tuple[int, int, list[tuple[int, int, int, int]]]]:
    """Each bracket of citation numbers: where it opens and closes, and its numbers and ranges."""
    for bracket in _BRACKET.finditer(masked, start, end):
        opening, closing = bracket.start(), bracket.end()
        before = masked[opening - 1] if opening > start else " "
        after = masked[closing] if closing < end else " "
        if before.isalnum() or before == MASK or before in _NOT_BEFORE_BRACKET or after in _NOT_AFTER_BRACKET:
            continue
        if after == ":" and _starts_line(masked, opening, start):  # "[1]: https://...", a link definition
            continue
        if not _NUMBERS.fullmatch(masked, bracket.start(1), bracket.end(1)):
            continue
        items = _bracket_items(masked, bracket.start(1), bracket.end(1))
        if items:
            yield opening, closing, items


def _starts_line(text: str, position: int, floor: int) -> bool:
    """Whether at most three spaces stand between the start of the line and ``position``."""
    lead = position
    while lead > floor and position - lead < 3 and text[lead - 1] == " ":
        lead -= 1
    return lead == floor or text[lead - 1] in "\r\n"


def _bracket_items(masked: str, start: int, end: int) -> list[tuple[int, int, int, int]]:
    """Each number or range of a bracket (low, high, start, end), or none when it is no citation (a year, a huge range)."""
    items = []
    for item in _ITEM.finditer(masked, start, end):
        low = int(item.group(1))
        high = int(item.group(2)) if item.group(2) else low
        if 1500 <= low <= 2100 or 1500 <= high <= 2100:
            return []
        if high < low or (item.group(2) and (high == low or high - low + 1 > _LONGEST_RANGE)):
            return []
        items.append((low, high, item.start(), item.end()))
    return items


def _numbered_citations(source: SourceText, items: list[tuple[int, int, int, int]], group: int) -> Iterator[Citation]:
    for low, high, start, end in items:
        span = source.span(start, end)
        for number in range(low, high + 1):
            yield Citation(file=source.path, span=span, group=group, number=number)
