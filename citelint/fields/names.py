"""Author-name comparison: family-name keys and initials.

A family name is printed in many ways that all name the same person:
accents or LaTeX accents, hyphens or spaces in compound names ("Liptzin
Shear", "Liptzin-Shear", just "Shear"), particles kept with the family or
the given name ("van der Berg, J." / "Berg, J. van der"), and upper case.
Given names reduce to their initials: "Mark L." = "M. L." = "ML" = "M.-L.".
Where family names stand in a printed text is the check on a reader's
split of an author list.
"""

from __future__ import annotations

import re
from functools import lru_cache

from citelint.fields.normalize import decode_latex, fold_accents, name_key, text_key
from citelint.model import Author

PARTICLES = frozenset({
    "van", "von", "der", "den", "de", "del", "della", "dello", "di", "da", "das", "dos", "du",
    "la", "le", "lo", "ter", "ten", "af", "al", "el", "bin", "ibn", "y", "e", "zu", "vander", "vanden",
})
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
# German and Scandinavian letters as written without them: "Müller" is also "Mueller".
_TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue",
                                  "ø": "oe", "Ø": "Oe", "å": "aa", "Å": "Aa"})
# Names shorter than this are too short to tell a typo from another name ("Li" / "Lu").
_SHORTEST_TYPO = 4
# Names up to this long allow one slip of the keyboard, longer ones two.
_SHORT_NAME = 7
_VOWEL = re.compile(r"[aeiouyAEIOUY]")
_GIVEN_TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
# Vancouver prints initials as one upper-case run ("ML", "TGMF"); longer
# upper-case tokens with a vowel are names in capitals ("MARK").
_LONGEST_INITIALS_RUN = 3


def family_keys(author: Author) -> frozenset[str]:
    """Every key under which this person's family name may be printed."""
    return _family_keys(author.family, author.given)


@lru_cache(maxsize=65536)
def _family_keys(family: str, given: str) -> frozenset[str]:
    words = text_key(family).split()
    keys = {name_key(family), name_key(family.translate(_TRANSLITERATION))}
    core = words
    while len(core) > 1 and core[0] in PARTICLES:
        core = core[1:]
    keys.add("".join(core))
    if len(core) > 1:  # compound surname: either part may be printed alone
        keys.update(part for part in core if len(part) >= 3)
    given_particles: list[str] = []
    for word in reversed(text_key(given).split()):
        if word not in PARTICLES:
            break
        given_particles.insert(0, word)
    if given_particles:
        keys.add("".join(given_particles + words))
    keys.discard("")
    return frozenset(keys)


def same_family(printed: Author, record: Author) -> bool:
    """Whether the printed family name is the record's, allowing a depositor's given/family swap."""
    keys = family_keys(printed)
    return bool(keys & family_keys(record)) or bool(keys & family_keys(swapped(record)))


def misspelt_family(printed: Author, record: Author) -> bool:
    """Whether the printed family name is a slip of the keyboard for the record's (one or two letters off)."""
    from rapidfuzz.distance import DamerauLevenshtein

    typed = name_key(printed.family)
    if typed in family_keys(record) | family_keys(swapped(record)):
        return False
    right = name_key(record.family)
    allowed = 1 if len(right) <= _SHORT_NAME else 2
    return min(len(typed), len(right)) >= _SHORTEST_TYPO and DamerauLevenshtein.distance(typed, right) <= allowed


def swapped(author: Author) -> Author:
    return Author(family=author.given, given=author.family, span=author.span)


def given_tokens(given: str) -> list[str]:
    """The name tokens of a given name, without particles and suffixes ("Jr", "III")."""
    tokens = _GIVEN_TOKEN.findall(fold_accents(decode_latex(given)))
    return [
        token for token in tokens
        if not (token.islower() and token in PARTICLES) and token.lower() not in _SUFFIXES
    ]


def initials(given: str, *, hyphenated_parts: bool = True) -> str:
    """Upper-case initials of a given name: "Mark L." -> "ML", "M.-L." -> "ML", "ML" -> "ML".

    With ``hyphenated_parts=False`` a hyphenated name gives one initial
    ("Jean-Pierre" -> "J"), as many styles abbreviate it.
    """
    if not hyphenated_parts:
        given = re.sub(r"(?<=\w)-\w+", "", given)
    letters: list[str] = []
    for token in given_tokens(given):
        if token.isupper() and (len(token) <= _LONGEST_INITIALS_RUN or not _VOWEL.search(token)):
            letters.extend(token)
        else:
            letters.append(token[0].upper())
    return "".join(letters)


def record_initials(given: str) -> frozenset[str]:
    """The initials a record's given name may rightly be printed as.

    Citation software (citeproc, reference managers) reads initials deposited packed ("DL",
    "JP Lyra") as one name and prints its first letter ("D.", "J. L."): that is the record's
    spelling printed faithfully, not a wrong initial.
    """
    packed = "".join(token[0].upper() for token in given_tokens(given))
    return frozenset({initials(given), initials(given, hyphenated_parts=False), packed}) - {""}


def has_full_name(given: str) -> bool:
    """Whether the given name is printed as a name ("Mark L.") rather than initials only.

    A vowel-less token ("Ml", a mangled "ML") is not a name.
    """
    return any(
        len(token) > 1 and not token.isupper() and _VOWEL.search(token) for token in given_tokens(given)
    )


def display(author: Author) -> str:
    if author.is_organisation:
        return author.organisation
    return f"{author.family}, {author.given}" if author.given else author.family


# The longest family name in words as a text prints it ("van der Berg").
_FAMILY_WORDS = 3


def name_places(text: str) -> dict[str, list[int]]:
    """Where each run of one to three words starts in `text`, keyed as family names are ("vanderberg")."""
    words = text_key(text).split()
    places: dict[str, list[int]] = {}
    for start in range(len(words)):
        for end in range(start + 1, min(start + _FAMILY_WORDS, len(words)) + 1):
            places.setdefault("".join(words[start:end]), []).append(start)
    return places


def printed_at(places: dict[str, list[int]], person: Author) -> list[int]:
    """The word positions at which the person's family name is printed."""
    return sorted({at for key in family_keys(person) for at in places.get(key, ())})


def printed_in_order(places: dict[str, list[int]], people: list[Author]) -> bool:
    """Whether every person's family name is printed, in the people's order."""
    cursor = -1
    for person in people:
        later = [at for at in printed_at(places, person) if at > cursor]
        if not later:
            return False
        cursor = later[0]
    return True


def not_printed(places: dict[str, list[int]], people: list[Author]) -> set[int]:
    """The indices of the people whose family name is not printed (two Xus need two printed "Xu"s)."""
    used: set[int] = set()
    missing = set()
    for index, person in enumerate(people):
        free = [at for at in printed_at(places, person) if at not in used]
        if free:
            used.add(free[0])
        else:
            missing.add(index)
    return missing


def mixed_up(printed: Author, person: Author, people: list[Author]) -> bool:
    """Whether a printed author holds pieces of other names: a reader's wrong split.

    "Akira Visser, Priya Peters" read as one author (family "Akira Visser",
    given "Priya Peters") holds Visser's given name and Peters's family name.
    """
    family_words = set(text_key(printed.family).split())
    words = family_words | set(text_key(printed.given).split())
    others = {key for other in people if other is not person for key in family_keys(other)}
    own = family_keys(person)
    given_names = {word for word in text_key(person.given).split() if len(word) > 1}
    return bool((words & others) - own) or bool((family_words & given_names) - own)
