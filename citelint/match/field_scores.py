"""How well each field of a record agrees with the printed reference: one score per field.

A score is 1.0 for agreement, lower for weaker agreement, negative for a difference, and None when
there is nothing to compare; ``matching`` weighs the scores into its decision.
"""

from __future__ import annotations

import re
from functools import lru_cache

from citelint.fields.normalize import name_key, text_key
from citelint.fields.patterns import SESSION_NUMBER
from citelint.match.printed import NON_DIGITS, Printed, first_page, leading
from citelint.match.records import Headline
from citelint.model import Author, Record

# A field the reader did not find, whose recorded value is nowhere in the printed text either:
# weak evidence against (the reference may simply omit it), not counted in the denominator.
NOT_PRINTED = -0.2
_NO_LOCATION = -0.3

_RETRACTED_PREFIX = re.compile(r"^(?:retracted(?: article)?)\s+")
# Title similarity when a word differs outright: a weak agreement, never support on its own.
_ONE_WORD_APART = 0.75
TITLE_NUMBER = re.compile(r"^(?:\d+|[ivx]{1,5})$")
MINOR_WORDS = frozenset({"of", "the", "and", "in", "for", "on", "a", "an", "de", "la", "und", "der", "fur"})
_EVENT = re.compile(
    r"\b(?:proceedings|proc|conference|conf|symposium|workshop|congress|meeting|annual|international)\b"
)


def title_score(printed: Printed, record: Record | Headline) -> float | None:
    key = (record.title, record.subtitle)
    if key not in printed.title_scores:
        printed.title_scores[key] = _score_title(printed, record)
    return printed.title_scores[key]


def _score_title(printed: Printed, record: Record | Headline) -> float | None:
    variants = _record_titles(record.title, record.subtitle)
    if not variants:
        return None
    similarity = 0.0
    if printed.title:
        similarity = max(_title_similarity(printed.title, variant) for variant in variants)
    if similarity < 0.9:
        # The reader may have cut the title wrongly: look for the record's title in the whole text.
        for variant in variants:
            words = variant.split()
            if len(words) < 4:  # too short to look for approximately: only as a whole phrase
                found = 0.9 if f" {variant} " in f" {printed.text} " else 0.0
            elif set(_title_numbers(variant)) <= printed.words:
                found = _partial_similarity(variant, printed.text)
                if found > _ONE_WORD_APART and _unmatched_words(variant, printed.words):
                    found = min(found, _ONE_WORD_APART)
            else:
                found = 0.0
            similarity = max(similarity, found)
    if not printed.title and similarity < 0.7:
        return None  # no printed title to contradict the record's
    # 0.9 and above is agreement (typos included), 0.7 neutral, 0.5 and below a different title.
    # A score of 0 or less vetoes the record whatever its value, so a similarity below 0.7 need not be exact.
    return max(-1.0, min(1.0, (similarity - 0.7) / 0.2))


def _partial_similarity(needle: str, text: str) -> float:
    """rapidfuzz's partial_ratio / 100 where that is 0.7 or more, else 0: below, a title differs however far.

    No part of the text has more in common with the needle than the whole text, so with L their
    longest common subsequence and n the shorter length, partial_ratio is at most 2L / (n + L):
    a bound ten times cheaper than the alignment, that rules out most candidates.
    """
    from rapidfuzz import fuzz
    from rapidfuzz.distance import LCSseq

    if 13 * LCSseq.similarity(needle, text) < 7 * min(len(needle), len(text)):  # 2L / (n + L) < 0.7
        return 0.0
    return fuzz.partial_ratio(needle, text, score_cutoff=70) / 100


@lru_cache(maxsize=65536)
def _record_titles(title: str, subtitle: str) -> tuple[str, ...]:
    """The titles the work may be cited under: as deposited, with its subtitle, without one."""
    key = _RETRACTED_PREFIX.sub("", text_key(title))
    if not key:
        return ()
    variants = [key]
    if subtitle:
        variants.append(f"{key} {text_key(subtitle)}")
    main, colon, _ = title.partition(":")
    if colon and len(text_key(main).split()) >= 3:  # a subtitle deposited in the title
        variants.append(_RETRACTED_PREFIX.sub("", text_key(main)))
    numbered = SESSION_NUMBER.match(title)
    if numbered and len(text_key(title[numbered.end():]).split()) >= 3:
        variants.append(text_key(title[numbered.end():]))
    return tuple(variants)


def _title_similarity(printed: str, recorded: str) -> float:
    from rapidfuzz import fuzz

    if printed.startswith(recorded + " ") and len(recorded.split()) >= 4:
        # A subtitle printed but not deposited. Not the other way round: "X: a survey" is not "X".
        return 0.9
    similarity = fuzz.ratio(printed, recorded) / 100
    # Each cap is checked only where it could lower the similarity: most candidates are far apart.
    if similarity > 0.6 and sorted(_title_numbers(printed)) != sorted(_title_numbers(recorded)):
        similarity = 0.6  # "Part II" is another work than "Part I"
    if similarity > _ONE_WORD_APART and (_unmatched_words(printed, frozenset(recorded.split()))
                                         or _unmatched_words(recorded, frozenset(printed.split()))):
        similarity = _ONE_WORD_APART
    return similarity


def _unmatched_words(title: str, other_words: frozenset[str]) -> bool:
    """Whether a word of the title is in the other text neither as is nor as a typo of one of its words.

    A typo leaves a word recognisable; a different word ("in rats" for "in mice") usually
    names a different work by the same group, however similar the two titles are overall.
    """
    from rapidfuzz import fuzz, process

    content_words = other_words - MINOR_WORDS  # "sand" is no typo of "and"
    for word in title.split():
        if word in other_words or word in MINOR_WORDS or word.isdigit():
            continue
        if process.extractOne(word, content_words, scorer=fuzz.ratio, score_cutoff=75) is None:
            return True
    return False


@lru_cache(maxsize=65536)
def _title_numbers(title: str) -> tuple[str, ...]:
    return tuple(word for word in title.split() if TITLE_NUMBER.match(word))


def author_score(printed: Printed, record: Record) -> float | None:
    recorded = [_author_keys(author) for author in record.authors[:4]]
    authors = printed.reference.authors
    if not recorded:
        # An anonymous work cited without authors: weak agreement, one of the fields that place it.
        return 0.5 if not authors and record.type == "journal-article" else None
    if not authors:
        first = {key for key in recorded[0] if len(key) >= 3}
        if not first:
            return None
        return 1.0 if first & printed.name_keys else NOT_PRINTED
    keys = _author_keys(authors[0])
    if keys and _same_person(keys, recorded[0]):
        return 1.0
    if _first_author_in_text(printed, recorded[0]):
        return 1.0  # the reader split the names wrongly ("W. BAKHOUM" read as an author "W")
    if not keys:
        return None
    if any(_same_person(keys, other) for other in recorded[1:4]):
        return 0.5  # authors listed in another order, or a group author first
    return -1.0


def _first_author_in_text(printed: Printed, first: frozenset[str]) -> bool:
    """Whether the record's first author's family name is printed first among the text's names.

    Only for a reference whose fields were guessed from punctuation: the reader may have split its
    authors wrongly, while its words are as printed.
    """
    from citelint.rules._compare import fields_guessed

    if not fields_guessed(printed.reference):
        return False
    names = [key for key in first if len(key) >= 3]
    if not names:
        return False
    others = {key for author in printed.reference.authors[:1] for key in _author_keys(author)}
    words = printed.text.split()
    positions = [index for index, word in enumerate(words) if name_key(word) in names]
    return bool(positions) and not any(name_key(word) in others and len(word) >= 3 for word in words[:positions[0]])


@lru_cache(maxsize=65536)
def _author_keys(author: Author) -> frozenset[str]:
    """The keys a family name may be printed under (particles, compounds, a depositor's given/family swap)."""
    from citelint.fields.names import family_keys, swapped

    if author.organisation:
        return frozenset({name_key(author.organisation)}) - {""}
    return family_keys(author) | family_keys(swapped(author))


def _same_person(printed: frozenset[str], recorded: frozenset[str]) -> bool:
    """Same family name, or a typo of it (one the rules will report)."""
    from rapidfuzz import fuzz

    if printed & recorded:
        return True
    # One letter wrong in a five-letter name ("Payme" for Payne) is a ratio of 80.
    return any(len(a) >= 4 and fuzz.ratio(a, b) >= (80 if min(len(a), len(b)) >= 5 else 85)
               for a in printed for b in recorded)


_TITLE_WORD_LENGTH = 6  # shorter words are often journal abbreviations ("Trans", "Chem") or names


def another_title_printed(printed: Printed, record: Record) -> bool:
    """Whether the text holds a title the record's fields do not explain: words that are not its
    journal's, its authors' or numbers. A reference without a title (ACS, AIP) leaves none.
    """
    explained = set()
    for name in (record.container, *record.short_containers):
        explained.update(text_key(name).split())
    for author in record.authors:
        explained.update(text_key(f"{author.given} {author.family} {author.organisation}").split())
    unexplained = {word for word in printed.words
                   if len(word) >= _TITLE_WORD_LENGTH and not word.isdigit() and word not in explained}
    return len(unexplained) >= 2


def year_score(printed: Printed, record: Record) -> float | None:
    years = record.years
    if not years:
        return None
    if printed.year is None:
        if printed.reference.year is not None:
            return None
        if any(str(year) in printed.numbers for year in years):
            return 1.0
        if any(str(year + step) in printed.numbers for year in years for step in (-1, 1)):
            return 0.5
        return -1.0 if printed.years else NOT_PRINTED
    distance = min(abs(printed.year - year) for year in years)
    return {0: 1.0, 1: 0.5}.get(distance, -1.0)


def volume_score(printed: Printed, record: Record) -> float | None:
    recorded = leading(record.volume)
    if not recorded:
        return None
    if not printed.volume:
        if printed.reference.volume is not None:
            return None
        if recorded in printed.numbers:
            return 1.0 if len(recorded) >= 2 else None  # a one-digit number is too common to count
        return -0.5 if printed.other_numbers else NOT_PRINTED  # it prints another volume
    return 1.0 if printed.volume == recorded else -0.5


def pages_score(printed: Printed, record: Record) -> float | None:
    recorded_first = first_page(record.page)
    recorded = {value for value in (recorded_first, record.article_number.strip().lower()) if value}
    if not recorded:
        if record.volume:
            return None
        # A printed volume and pages fit a journal version better than a record that has none
        # (a preprint, a conference version); weak, as deposits often omit them.
        printed_location = printed.volume or printed.first_page or (
            printed.reference.pages is None and printed.reference.volume is None and len(printed.other_numbers) >= 2)
        return _NO_LOCATION if printed_location else None
    if not printed.first_page and not printed.article_number:
        if printed.reference.pages is not None:
            return None
        if any(_digits(value) in printed.numbers for value in recorded if len(_digits(value)) >= 2):
            return 1.0
        if record.page and _digits(record.page) in printed.numbers:
            return 1.0  # "8296" printed for 82-96
        return -0.5 if printed.numbers_besides_volume else NOT_PRINTED  # it prints other pages
    printed_values = {value for value in (printed.first_page, printed.article_number) if value}
    if printed_values & recorded or {_digits(v) for v in printed_values} & {_digits(v) for v in recorded} - {""}:
        return 1.0
    if record.page and printed.pages_digits and printed.pages_digits == NON_DIGITS.sub("", record.page):
        return 1.0  # "8296" printed for 82-96: the separator was lost
    return -0.5


def container_score(printed: Printed, record: Record) -> float | None:
    from rapidfuzz import fuzz

    recorded = [text_key(name) for name in (record.container, *record.short_containers) if name]
    recorded = [name for name in recorded if name]
    if not recorded:
        return None
    if not printed.container:
        if printed.reference.container is not None:
            return None
        if any(len(name) >= 5 and f" {name} " in f" {printed.text} " for name in recorded):
            return 1.0
        return NOT_PRINTED
    from citelint.fields.journals import same_journal

    best = max(fuzz.ratio(printed.container, name) / 100 for name in recorded)
    if best >= 0.85 or any(_abbreviates(printed.container, name) for name in recorded):
        return 1.0
    if same_journal(printed.reference.container or "", record):
        return 1.0
    if any(len(name.split()) >= 2 and printed.container.endswith(" " + name) for name in recorded):
        return 1.0  # the reader ran the preceding fields into the container
    if _EVENT.search(printed.container) or any(_EVENT.search(name) for name in recorded):
        # Proceedings are named in many ways ("Proceedings of the IEEE Conference on X" and
        # "2016 IEEE Conference on X (CVPR)"): their significant words must mostly agree.
        overlap = max(_word_overlap(printed.container, name) for name in recorded)
        return 1.0 if overlap >= 0.6 else 0.0
    # Weak: the printed name may be an abbreviation no rule here recognises.
    return -0.3


def _word_overlap(first: str, second: str) -> float:
    """Jaccard overlap of the significant words of two names."""
    def significant(name: str) -> set[str]:
        return {word for word in name.split() if word not in MINOR_WORDS and not word.isdigit()
                and not _EVENT.fullmatch(word)}

    a, b = significant(first), significant(second)
    return len(a & b) / len(a | b) if a and b else 0.0


def _abbreviates(short: str, full: str) -> bool:
    """"j clin pathol" abbreviates "journal of clinical pathology": each word a subsequence of its match."""
    short_words = [word for word in short.split() if word not in MINOR_WORDS]
    full_words = [word for word in full.split() if word not in MINOR_WORDS]
    if not short_words or len(short_words) != len(full_words):
        return False
    return all(_is_subsequence(s, f) for s, f in zip(short_words, full_words))


def _is_subsequence(short: str, full: str) -> bool:
    if not short or short[0] != full[0]:
        return False
    remaining = iter(full)
    return all(char in remaining for char in short)


def _digits(value: str) -> str:
    return NON_DIGITS.sub("", value).lstrip("0")
