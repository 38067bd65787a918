"""A title word that looks misspelled.

What it does:
    Without a matched record, reports a title word that is not in the
    bundled English word list (some 300,000 words, see citelint/data) but is
    one slip from a common word: one edit ("Implmentation" for
    "Implementation"; "equivalances" for the plural of a common word), or
    a syllable typed twice ("Estimatated"). A lower-case word one edit from
    exactly one known long word that is not common ("aquifrs" for
    "aquifers") is reported as info only. Words that are usually right
    although unknown are left alone: proper nouns (capitalised words inside
    a sentence-case title), acronyms and symbols (capitals inside the word,
    digits, Greek letters: "mRNA", "IL-6", "β-catenin"), species names (the
    word after a rare capitalised genus or an abbreviated one, "E. coli";
    Latin endings such as "-ii", "-ae"), words two or more edits from any
    common word (domain terms: "vicariant", "speciose"; names: "Calayan"),
    words made of a known word and a
    common prefix or suffix ("covaries", "lungless", "agranular"), of two
    common words each at least as common as the word it would be a slip of
    ("backprop", not "knowedge" or "proflies"), or of a letter and a common
    word (software names: "igraph", but not "hhealthy"), a name opening the
    title before a colon ("taxadb: ..."), words without vowels ("pfcrt"),
    short words (under five letters), non-English titles, titles where more
    than a third of the words are unknown (technical vocabulary), and words
    in the ``allow`` option. When a record was matched, the record-based title rule compares
    titles instead and this rule says nothing.

Why it matters:
    A misspelled title is copied from reference to reference, and it makes
    the work harder to find by search.

Example:
    Failing: ``Smith J (2010) An implmentation of the method. J Biol 31: 82-96.``
    Passing: ``Smith J (2010) An implementation of the method. J Biol 31: 82-96.``

Fix safety:
    Unsafe: the suggestion is the nearest common word, which a rare correct
    word can also be close to. Severity is warning when the word is one edit
    from exactly one common word and is printed in lower case or is long
    (eight letters or more: "Implmentation" in a title-case title); info
    when it is close to several words, or short and capitalised (the first
    word, or any word of a title-case title, could be a name).

Options:
    allow: words never reported (case-insensitive), e.g. ``["Wnt", "thermoplasmonic"]``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from citelint.fields.words import compound_rank, is_derived, known_slip, plural_slip, stutter, suggestions, word_list
from citelint.model import Diagnostic, Fix, Match, Reference, Span
from citelint.rules._rule import Context

CODE = "CL107"
NAME = "title-misspelled"
SEVERITY = "warning"
FIXABLE = True
NEEDS_RECORD = False
SCOPE = "reference"
SUMMARY = "A title word missing from the English word list and one or two edits from a common word."


@dataclass(frozen=True)
class Options:
    allow: tuple[str, ...] = ()


OPTIONS = Options()

MIN_LENGTH = 5
LONG_WORD = 8  # letters: a capitalised word this long one slip from one common word is a typo, not a name
MAX_UNKNOWN_SHARE = 1 / 3  # more unknown words than this (and than one): technical or not English, do not guess
_TOKEN = re.compile(r"\S+")
_LETTER_RUN = re.compile(rf"[A-Za-z]{{{MIN_LENGTH},}}")
_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
_POSSESSIVE = re.compile(r"['\u2019]s$")
_VOWELS = re.compile(r"[aeiouy]")
_LATIN_ENDINGS = ("ae", "ii", "orum", "arum")
_GENUS_ABBREVIATION = re.compile(r"^\(?[A-Z][a-z]?\.$")
# Function words of other languages that English titles do not use.
_FOREIGN = frozenset({
    "der", "die", "das", "und", "für", "mit", "von", "zur", "zum", "eine", "einer", "eines", "auf", "über",
    "bei", "nach", "les", "une", "pour", "dans", "sur", "avec", "aux", "du", "et", "est", "des", "los",
    "las", "una", "por", "para", "con", "del", "y", "el", "en", "sobre", "entre", "como", "il", "della",
    "delle", "degli", "di", "nella", "nelle", "per", "gli", "het", "een", "van", "voor", "naar", "uma",
    "não", "os", "em", "da", "dos", "och", "på", "av", "som",
})


@dataclass(frozen=True)
class _Word:
    text: str  # as printed, without surrounding punctuation
    start: int  # offset in the title
    capitalised: bool
    first: bool  # the title's first word, capitalised in every style
    after_genus: bool  # follows a rare capitalised word or "E.": a species epithet
    names_something: bool  # the one word before a colon that opens the title ("sarsop: ...")


def check(reference: Reference, match: Match, context: Context) -> Iterator[Diagnostic]:
    title = reference.title
    if match.record is not None or not title:
        return
    known = word_list().known
    # Most titles have no unknown word: settle them with one scan before any closer look.
    runs = _LETTER_RUN.findall(title)
    unknown = sum(run.lower() not in known for run in runs)
    if not unknown or unknown > max(1.0, MAX_UNKNOWN_SHARE * len(runs)):
        return
    if _mostly_capitals(title) or _not_english(title):
        return
    words = _words(title)
    lowers = [word.text.lower() for word in words]
    allowed = {word.lower() for word in context.options.allow}
    title_case = _title_case(words)
    for word, lower in zip(words, lowers):
        if lower in known or len(lower) < MIN_LENGTH or lower in allowed or word.after_genus or word.names_something:
            continue
        if _latin(lower, known) or not _VOWELS.search(lower) or is_derived(lower):
            continue
        if word.capitalised and not word.first and not title_case:
            continue  # a capital inside a sentence-case title marks a proper noun
        yield from _report(reference, title, word, lower, sure=not word.capitalised)


def _swapped(word: str, other: str) -> bool:
    """Whether two neighbouring letters of one word swapped make the other."""
    differ = [at for at, (mine, theirs) in enumerate(zip(word, other)) if mine != theirs]
    return (
        len(word) == len(other)
        and len(differ) == 2
        and differ[1] == differ[0] + 1
        and word[differ[0]] == other[differ[1]]
        and word[differ[1]] == other[differ[0]]
    )


def _report(reference: Reference, title: str, word: _Word, lower: str, *, sure: bool) -> Iterator[Diagnostic]:
    # One slip from a common word, or nothing: two edits away, a rare word is as often a term of art.
    found = tuple(suggestion for suggestion in suggestions(lower) if suggestion.distance == 1)
    uncommon = False  # the only word one slip away is known but not common: info at most
    if not found and not word.capitalised:
        # In lower case only: a capitalised word near a plural or a rare word is as often a name ("Computas").
        slip = stutter(lower) or plural_slip(lower)
        if slip is None:
            slip = known_slip(lower)
            uncommon = slip is not None
        found = (slip,) if slip is not None else ()
    elif not found:
        doubled = stutter(lower)
        found = (doubled,) if doubled is not None else ()
    if not found or (lower[0] != lower[1] and all(suggestion.word == lower[1:] for suggestion in found)):
        return  # a letter before a common word is a name ("igraph", "eLife"), not a slip; a doubled one is ("hhealthy")
    best = found[0]
    parts = compound_rank(lower)
    if parts is not None and parts <= best.rank and not _swapped(lower, best.word):
        # Two words at least as common as the one it would be a slip of: a coinage ("backprop", not
        # "backdrop"), whereas "knowedge" (know + edge) is a slip of the far commoner "knowledge".
        # Two neighbours swapped is the commonest slip of all: "proflies" is "profiles", not prof + lies.
        return
    closest = list(found)
    # A long common word mistyped is a typo even capitalised: "Implmentation" in a title-case title.
    certain = (sure or len(lower) >= LONG_WORD) and len(closest) == 1 and not uncommon
    corrected_word = best.word.capitalize() if word.capitalised else best.word
    corrected = title[: word.start] + corrected_word + title[word.start + len(word.text) :]
    others = ", ".join(suggestion.word for suggestion in closest[1:4])
    alternatives = f" (or {others})" if others else ""
    yield Diagnostic(
        field="title",
        message=f"{word.text!r} is not in the English word list; did you mean {corrected_word!r}{alternatives}?",
        span=reference.span_of("title"),
        found=word.text,
        expected=corrected,
        fix=_fix(reference, title, word, corrected_word),
        severity=None if certain else "info",
    )


def _words(title: str) -> list[_Word]:
    """Title words that could be checked, with what is needed to judge them.

    Tokens with digits, non-ASCII letters (Greek, accents) or inner capitals
    are skipped, and so is a word after a rare capitalised word (a genus).
    A hyphenated compound of lower-case parts is checked part by part.
    """
    words: list[_Word] = []
    common = word_list().common_rank
    previous = ""
    previous_epithet = False
    for number, token in enumerate(_TOKEN.finditer(title)):
        text = token[0]
        core = _POSSESSIVE.sub("", text.strip("\"'()[]{}.,;:!?\u2018\u2019\u201c\u201d"))
        # "Phoca vitulina richardii": an epithet may follow an epithet.
        after_genus = _is_genus(previous, common) or (previous_epithet and core[:1].islower())
        previous_epithet = after_genus and core.lower() not in common
        previous = text
        names_something = number == 0 and text.endswith(":")
        shape = _WORD.fullmatch(core)
        if shape is None:
            continue
        offset = token.start() + text.index(core)
        for part in re.finditer(r"[A-Za-z]+", core):
            if "-" in core and not part[0].islower():
                break  # "IL-6", "T-cell", "Wnt-Frizzled": symbols, not words
            if not part[0][1:].islower() and len(part[0]) > 1:
                continue  # "mRNA", "NASA", "McArthur"
            words.append(
                _Word(part[0], offset + part.start(), part[0][0].isupper(), number == 0, after_genus, names_something)
            )
    return words


def _latin(word: str, known: frozenset[str]) -> bool:
    """Latin endings of species epithets and anatomy ("taeniae", "richardii", "townsendi")."""
    return word.endswith(_LATIN_ENDINGS) or (word.endswith("i") and word[:-1] in known)


def _is_genus(previous: str, common: dict[str, int]) -> bool:
    if _GENUS_ABBREVIATION.match(previous):
        return True
    core = previous.strip("\"'()[]{},;:")
    return core[:1].isupper() and core[1:].islower() and core.lower() not in common


def _title_case(words: list[_Word]) -> bool:
    """Most longer words capitalised: capitals say nothing about proper nouns."""
    longer = [word for word in words[1:] if len(word.text) >= 4]
    return len(longer) >= 2 and sum(word.capitalised for word in longer) * 2 > len(longer)


def _mostly_capitals(title: str) -> bool:
    return sum(map(str.isupper, title)) * 2 > sum(map(str.isalpha, title))


def _not_english(title: str) -> bool:
    """Two function words of another language, or three accented letters."""
    foreign = sum(word.strip(".,;:()\"'") in _FOREIGN for word in title.lower().split())
    if foreign >= 2:
        return True
    if title.isascii():
        return False
    return sum(1 for char in title if char.isalpha() and not char.isascii() and not _is_greek(char)) >= 3


def _is_greek(char: str) -> bool:
    return "\u0370" <= char <= "\u03ff"


def _fix(reference: Reference, title: str, word: _Word, replacement: str) -> Fix | None:
    """Replace the word alone, where it stands in the printed title."""
    printed = reference.printed("title")
    span = reference.spans.get("title")
    if printed is None or span is None:
        return None
    if printed == title:
        offset = word.start
    else:  # the reader normalised the title (LaTeX, spaces): find the word as printed
        found = re.search(rf"(?<![A-Za-z]){re.escape(word.text)}(?![A-Za-z])", printed)
        if found is None:
            return None
        offset = found.start()
    start = span.start + offset
    return Fix(replacement=replacement, applicability="unsafe", span=_span_at(reference, start, start + len(word.text)))


def _span_at(reference: Reference, start: int, end: int) -> Span:
    """The span of reference text between two file offsets (the word does not cross lines)."""
    before = reference.text[: start - reference.span.start]
    newline = max(before.rfind("\n"), before.rfind("\r"))
    if newline < 0:
        line, column = reference.span.line, reference.span.column + len(before)
    else:
        line = reference.span.line + before.count("\n") + before.count("\r") - before.count("\r\n")
        column = len(before) - newline
    return Span(start, end, line, column, line, column + end - start)
