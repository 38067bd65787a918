"""The printed authors read by the record's names, where the reader split them wrongly.

A text reader splits an author list by its commas, and Chicago's or MLA's
"Costa, Maria Da Salete Gurgel, Renato De Carvalho Batista, and Rodrigo
Gurgel-Gonçalves" (the first author inverted, the others not) defeats it: it
reads "Costa" alone and "Gurgel, Maria Da Salete". Once a record is matched,
its authors say where each name stands: each family name is looked for, in
order, and the words around it must be that person's given names or
initials. Only when every printed word is explained so is the reading used;
a record author not printed is left out (the omission is for the rules to
report), and a family name printed with a typo is taken where it stands
between the others, for the rules to report too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from citelint.fields.normalize import fold_accents
from citelint.model import Author, Record, Reference
from citelint.rules._compare import sub_span

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*\.?")
# Words between names that belong to nobody: "and", "&" (not a word here), "et al.", "others".
_JOINERS = frozenset({"and", "et", "al", "al.", "others", "with", "und", "y", "e"})
_MARKUP = re.compile(r"<[^<>]{1,20}>")  # a tag left in the printed text ("<b>")
_TYPO = 80  # rapidfuzz ratio at which a printed word is a misspelling of a family name
_LONGEST_INITIALS = 3


@dataclass(frozen=True)
class _Word:
    start: int
    end: int
    text: str
    key: str  # folded, lower case, without a trailing full stop


def aligned_authors(reference: Reference, record: Record, end: int | None) -> tuple[Author, ...] | None:
    """The printed authors as the record's names explain them, or None when they do not all.

    ``end`` is where the authors end (the title or journal the record located), if known.
    """
    span = reference.spans.get("authors")
    people = [author for author in record.authors if not author.is_organisation and author.family]
    if span is None or not people or len(people) != len(record.authors):
        return None
    base = reference.span.start
    start, stop = span.start - base, span.end - base
    if end is not None and end > start:
        stop = end  # the reader may have ended the authors early ("Silva, J. L. e;") or late
    segment = _MARKUP.sub(lambda tag: " " * len(tag.group()), reference.text[start:stop])
    words = [_Word(start + found.start(), start + found.end(), found.group(), _key(found.group()))
             for found in _WORD.finditer(segment)]
    words = [word for word in words if not (word.key in _JOINERS and word.text.islower())]
    if not words:
        return None
    families = _families(words, people)
    if families is None:
        return None
    return _with_given_names(reference, words, people, families)


def _key(word: str) -> str:
    return fold_accents(word).lower().rstrip(".").replace("’", "'")


def _family_words(person: Author) -> list[str]:
    return [_key(part) for part in re.split(r"[\s\-‐]+", person.family) if part]


def _families(words: Sequence[_Word], people: Sequence[Author]) -> list[tuple[int, int, int]] | None:
    """(person, first word, end word) of each family name printed, in the record's order."""
    from rapidfuzz import fuzz

    found: list[tuple[int, int, int]] = []
    cursor = 0
    keys = [word.key for word in words]
    for index, person in enumerate(people):
        family = _family_words(person)
        size = len(family)
        # A word right after the last person found may be their given name ("Baig, Imran" when
        # an "Imran" is a later author): it is not taken for another's family name.
        taken = cursor if found and cursor < len(words) and _is_given(words[cursor], people[found[-1][0]]) else None
        at = next((i for i in range(cursor, len(words) - size + 1)
                   if keys[i:i + size] == family and i != taken), None)
        if at is None and len("".join(family)) >= 4:
            # A misspelt family name: words near it that are nobody's given name.
            wanted = " ".join(family)
            at = next((i for i in range(cursor, len(words) - size + 1)
                       if fuzz.ratio(" ".join(keys[i:i + size]), wanted) >= _TYPO
                       and not _given_of_anyone(words[i], people) and i != taken), None)
        if at is None:
            continue  # not printed: an omission, or past "et al."
        found.append((index, at, at + size))
        cursor = at + size
    return found or None


def _given_of_anyone(word: _Word, people: Sequence[Author]) -> bool:
    return any(_is_given(word, person) for person in people)


def _is_given(word: _Word, person: Author) -> bool:
    """Whether the word is one of the person's given names, or their initials."""
    given = [_key(part) for part in re.split(r"[\s.\-‐]+", person.given) if part]
    if word.key in given:
        return True
    letters = word.text.rstrip(".").replace(".", "").replace("-", "")
    if not letters or len(letters) > _LONGEST_INITIALS or not (letters.isupper() or word.text.endswith(".")):
        return False
    initials = {part[0] for part in given} | {char.lower() for part in re.split(r"[\s.\-‐]+", person.given)
                                              if part.isupper() for char in part}
    return all(char.lower() in initials for char in letters)


def _with_given_names(reference: Reference, words: Sequence[_Word], people: Sequence[Author],
                      families: Sequence[tuple[int, int, int]]) -> tuple[Author, ...] | None:
    """Each located person with the given-name words around their family name; None if a word is nobody's."""
    given: dict[int, list[_Word]] = {index: [] for index, _, _ in families}
    previous: int | None = None  # the person whose family name came last
    cursor = 0
    given_first = False  # whether the last person's given names stood before the family name
    for index, first, end in families:
        gap = list(words[cursor:first])
        split = _split(gap, people[previous] if previous is not None else None, people[index], given_first)
        if split is None:
            return None
        if previous is not None:
            given[previous].extend(gap[:split])
        given[index].extend(gap[split:])
        given_first = split < len(gap)
        previous, cursor = index, end
    tail = list(words[cursor:])
    if tail and (previous is None or not all(_is_given(word, people[previous]) for word in tail)):
        return None
    if previous is not None:
        given[previous].extend(tail)
    authors = []
    base = reference.span.start
    for index, first, end in families:
        own = sorted(given[index], key=lambda word: word.start)
        family = reference.text[words[first].start:words[end - 1].end].rstrip(".")
        if len(family) <= _LONGEST_INITIALS and family.isupper() and not own:
            return None
        start = min([words[first].start, *(word.start for word in own)])
        stop = max([words[first].start + len(family), *(word.end for word in own)])
        sides = ([word for word in own if word.start < words[first].start],
                 [word for word in own if word.start > words[first].start])
        printed = " ".join(reference.text[side[0].start:side[-1].end].strip(" ,;") for side in sides if side)
        authors.append(Author(family=family, given=printed,
                              span=sub_span(reference, base + start, base + stop)))
    return tuple(authors)


def _split(gap: Sequence[_Word], before: Author | None, after: Author, given_first: bool) -> int | None:
    """Where the words between two family names pass from the earlier person's given names to the later's.

    As the earlier person's names were printed ("Given Family" or "Family, Given"), unless only the
    first author is inverted, as in Chicago's "Costa, Maria, Renato Batista".
    """
    if before is None:
        order: Sequence[int] = (0,)
    elif given_first:
        order = range(len(gap) + 1)
    else:
        order = range(len(gap), -1, -1)
    for split in order:
        if all(_is_given(word, before) for word in gap[:split]) if before is not None else True:
            if all(_is_given(word, after) for word in gap[split:]):
                return split
    return None
