"""Journal-title equivalence: is a printed container the record's journal?

Journals are printed in full ("The British Journal of Psychiatry"), as
ISO 4 / NLM abbreviations ("Br J Psychiatry", "J. Am. Chem. Soc."), as
acronyms ("JAMA") or as the record's short title. An abbreviation keeps the
order of the significant words and drops articles, prepositions and
conjunctions; each abbreviated word is its full word's first letter followed
by some of its later letters ("Natl" for "National", "Soc" for "Society").
Equivalence is generous on purpose: a different journal is only reported
when no reading makes the two names the same.
"""

from __future__ import annotations

import re
from functools import lru_cache

from citelint.fields.normalize import strip_markup, text_key
from citelint.fields.variants import same_word
from citelint.model import Record

# Words ISO 4 omits (English, French, German, Spanish, Italian, Portuguese).
STOP_WORDS = frozenset({
    "the", "of", "and", "for", "in", "on", "at", "to", "a", "an", "by", "with", "from",
    "de", "des", "du", "la", "le", "les", "et", "en", "der", "die", "das", "und", "fur", "für",
    "y", "el", "los", "las", "del", "di", "e", "da", "do", "dos", "per",
})
# A regional or edition qualifier NLM appends to a title: "U S A", "Am", "B".
_QUALIFIERS = frozenset({"usa", "uk", "am", "br", "engl"})
_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
# "Title: subtitle", "Title - subtitle", "Title. Subtitle" (a full word before the dot).
_SUBTITLE = re.compile(r"\s*(?::|\s[-–—]\s|(?<=[a-z]{5})\.\s+(?=[A-Z]))\s*")
# An abbreviation drops at least this many letters ("Soc" for "Society"):
# "Cell" is not an abbreviation of "Cells".
_MIN_DROPPED = 2


def same_journal(printed: str, record: Record) -> bool:
    """Whether `printed` plausibly names the record's journal (full, abbreviated or short title)."""
    return any(same_title(printed, name) for name in (record.container, *record.short_containers) if name)


@lru_cache(maxsize=8192)
def same_title(printed: str, name: str) -> bool:
    """Whether two journal titles name the same journal, either one possibly abbreviated."""
    printed_words, printed_subtitle = _words(printed)
    name_words, name_subtitle = _words(name)
    printed_content, name_content = _content(printed_words), _content(name_words)
    if not printed_content or not name_content:
        return True  # nothing to compare: never a finding
    return (
        "".join(printed_content) == "".join(name_content)  # "Psycho-Oncology" = "Psychooncology"
        or _abbreviates(printed_words, name_content, _content(name_subtitle))
        # The dot after a long abbreviation is no subtitle's: "Inf. Process. Manag."
        or (bool(printed_subtitle) and _abbreviates(printed_words + printed_subtitle, name_content, ()))
        or _abbreviates(name_words, printed_content, _content(printed_subtitle))
        or _acronym(printed_content, name_content)
        or _acronym(name_content, printed_content)
    )


def _words(title: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The words of the title proper, and of its subtitle (which may go unprinted)."""
    parts = _SUBTITLE.split(_BRACKETED.sub(" ", strip_markup(title)), maxsplit=1)
    main, subtitle = parts[0], parts[1] if len(parts) > 1 else ""
    return tuple(map(_spelling, text_key(main).split())), tuple(map(_spelling, text_key(subtitle).split()))


def _content(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(word for word in words if word not in STOP_WORDS)


def _spelling(word: str) -> str:
    """British and American spellings on common ground ("paediatric" -> "pediatric")."""
    return word.replace("ae", "e").replace("oe", "e")


def _abbreviates(short: tuple[str, ...], full: tuple[str, ...], optional: tuple[str, ...]) -> bool:
    """Whether the words of `short` abbreviate, in order, every word of `full`, then some of `optional`.

    A stop word in `short` is either left out of `full` or itself an
    abbreviation: "The." is "Theory" in "J. Econ. The.".
    """

    def walk(at: int, word: int) -> bool:
        if word == len(full):
            return _trailing(short[at:], optional)
        if at == len(short):
            return False
        if short[at] in STOP_WORDS and walk(at + 1, word):
            return True
        return _abbreviates_word(short[at], full[word]) and walk(at + 1, word + 1)

    return walk(0, 0)


def _trailing(rest: tuple[str, ...], optional: tuple[str, ...]) -> bool:
    """Whether what is printed after the title proper is some of its subtitle, then qualifiers ("U S A")."""
    rest = _content(rest)
    for word in optional:
        if rest and _abbreviates_word(rest[0], word):
            rest = rest[1:]
    return all(len(word) == 1 or word in _QUALIFIERS for word in rest)


def _abbreviates_word(short: str, full: str) -> bool:
    if short == full or same_word(short, full):
        return True
    if short[0] != full[0] or len(full) - len(short) < _MIN_DROPPED:
        return False
    letters = iter(full[1:])
    return all(letter in letters for letter in short[1:])


def _acronym(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """"JAMA" for "Journal of the American Medical Association"; "PNAS" for "Proc Natl Acad Sci USA"."""
    if len(short) != 1 or len(full) < 2 or len(short[0]) < 3:
        return False
    return "".join(word[0] for word in full).startswith(short[0])
