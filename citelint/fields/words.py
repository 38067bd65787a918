"""The bundled English word list, and spelling suggestions from it.

The list (citelint/data/words.txt.gz, see its README) is loaded once, on
first use. Every word in it is known; only its common words (once per
million words or more) are offered as corrections.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

_LETTERS = "abcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True)
class WordList:
    known: frozenset[str]
    common_rank: dict[str, int]  # common word -> frequency rank, 0 the most frequent
    common_by_start: dict[tuple[str, int], tuple[str, ...]]  # (first letter, length) -> common words


@dataclass(frozen=True)
class Suggestion:
    word: str
    distance: int  # edits (insert, delete, substitute, swap of neighbours)
    rank: int  # frequency rank of the suggested word


@lru_cache(maxsize=1)
def word_list() -> WordList:
    data = resources.files("citelint").joinpath("data/words.txt.gz").read_bytes()
    header, _, body = gzip.decompress(data).decode("ascii").partition("\n")
    words = body.split()
    common = words[: int(header.removeprefix("#common="))]
    by_start: dict[tuple[str, int], list[str]] = {}
    for word in common:
        by_start.setdefault((word[0], len(word)), []).append(word)
    return WordList(
        known=frozenset(words),
        common_rank={word: rank for rank, word in enumerate(common)},
        common_by_start={key: tuple(group) for key, group in by_start.items()},
    )


def is_known(word: str) -> bool:
    return word.lower() in word_list().known


def is_common(word: str) -> bool:
    """Used once per million English words or more (Zipf frequency >= 3)."""
    return word.lower() in word_list().common_rank


# Affixes that science coins new words with: "covaries", "remobilization", "lungless".
_PREFIXES = (
    "anti", "auto", "bio", "cardio", "co", "counter", "cross", "cyto", "de", "dis", "down", "eco", "electro",
    "endo", "exo", "extra", "geo", "hydro", "hyper", "hypo", "immuno", "inter", "intra", "macro", "meta",
    "micro", "mid", "mini", "mis", "mono", "multi", "nano", "neuro", "non", "out", "over", "pan", "para",
    "photo", "poly", "post", "pre", "proto", "pseudo", "psycho", "quasi", "re", "self", "semi", "socio",
    "sub", "super", "tele", "thermo", "trans", "ultra", "un", "under", "up",
)
_SUFFIXES = (
    "ability", "able", "al", "ally", "ation", "ations", "ative", "ed", "er", "ers", "es", "ful", "hood",
    "ibility", "ible", "ic", "ical", "ing", "ise", "ised", "ism", "isms", "ist", "ists", "ities", "ity",
    "ization", "ize", "ized", "izes", "izing", "less", "like", "ly", "ment", "ments", "ness", "omic",
    "omics", "ous", "s", "ship", "ward", "wards", "wise",
)
_MIN_STEM = 4
_MIN_PRIVATIVE_STEM = 6  # "agranular", not "acount" (a typo of "account")


@lru_cache(maxsize=8192)
def is_derived(word: str) -> bool:
    """A lower-case word built from a known word with a common prefix or suffix ("covaries", "lungless"),
    or from a long known word with the privative "a-" ("agranular")."""
    known = word_list().known
    if word.startswith("a") and len(word) - 1 >= _MIN_PRIVATIVE_STEM and word[1:] in known:
        return True
    for prefix in _PREFIXES:
        rest = word[len(prefix) :]
        if word.startswith(prefix) and len(rest) >= _MIN_STEM and rest in known:
            return True
    for suffix in _SUFFIXES:
        stem = word[: -len(suffix)]
        if not word.endswith(suffix) or len(stem) < _MIN_STEM:
            continue
        if stem in known or stem + "e" in known or (stem.endswith("i") and stem[:-1] + "y" in known):
            return True
    return False


def compound_rank(word: str) -> int | None:
    """How common the rarer part is of the best split of a word into two common words ("backprop":
    back + prop), as a frequency rank; None when no split makes two common words."""
    common = word_list().common_rank
    ranks = [
        max(common[word[:cut]], common[word[cut:]])
        for cut in range(_MIN_STEM, len(word) - _MIN_STEM + 1)
        if word[:cut] in common and word[cut:] in common
    ]
    return min(ranks, default=None)


def plural_slip(word: str) -> Suggestion | None:
    """A known plural of a common word one edit away ("equivalances" for "equivalences", whose
    singular is common though the plural is not): one slip, ranked as its singular."""
    words = word_list()
    found = [
        Suggestion(candidate, 1, words.common_rank[stem])
        for candidate in _one_edit(word)
        if candidate.endswith("s") and candidate in words.known
        for stem in (candidate[:-1], candidate[:-2])
        if len(stem) >= _MIN_STEM and stem in words.common_rank
    ]
    return min(found, key=lambda suggestion: suggestion.rank, default=None)


def known_slip(word: str) -> Suggestion | None:
    """A known but uncommon long word one edit away ("aquifrs" for "aquifers", "sclable" for
    "scalable"): a likely slip, though less sure than one from a common word."""
    known = word_list().known
    found = sorted(candidate for candidate in _one_edit(word) if len(candidate) >= _MIN_KNOWN_SLIP and candidate in known)
    return Suggestion(found[0], 1, len(word_list().common_rank)) if len(found) == 1 else None


_MIN_KNOWN_SLIP = 7


def stutter(word: str) -> Suggestion | None:
    """A common word typed with one of its syllables twice ("estimatated" for "estimated"): one slip."""
    common = word_list().common_rank
    for size in (2, 3):
        for start in range(1, len(word) - 2 * size + 1):
            if word[start : start + size] == word[start + size : start + 2 * size]:
                candidate = word[: start + size] + word[start + 2 * size :]
                if candidate in common:
                    return Suggestion(candidate, 1, common[candidate])
    return None


@lru_cache(maxsize=8192)
def suggestions(word: str, max_distance: int = 2) -> tuple[Suggestion, ...]:
    """The closest common words to a lower-case word, most frequent first; none beyond ``max_distance``.

    One edit is searched exhaustively. Two edits only when one finds nothing,
    and only among words with the same first letter: typos there are rare,
    and the search stays fast.
    """
    words = word_list()
    found = {candidate: 1 for candidate in _one_edit(word) if candidate in words.common_rank and candidate != word}
    if not found and max_distance >= 2:
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        for length in range(len(word) - 2, len(word) + 3):
            choices = words.common_by_start.get((word[:1], length), ())
            for candidate, distance, _ in process.extract(
                word, choices, scorer=OSA.distance, score_cutoff=max_distance, limit=None
            ):
                found[candidate] = int(distance)
    ranked = (Suggestion(candidate, distance, words.common_rank[candidate]) for candidate, distance in found.items())
    return tuple(sorted(ranked, key=lambda suggestion: (suggestion.distance, suggestion.rank)))


def _one_edit(word: str) -> set[str]:
    splits = [(word[:cut], word[cut:]) for cut in range(len(word) + 1)]
    deletes = [head + tail[1:] for head, tail in splits if tail]
    swaps = [head + tail[1] + tail[0] + tail[2:] for head, tail in splits if len(tail) > 1]
    substitutions = [head + letter + tail[1:] for head, tail in splits if tail for letter in _LETTERS]
    inserts = [head + letter + tail for head, tail in splits for letter in _LETTERS]
    return set(deletes + swaps + substitutions + inserts)
