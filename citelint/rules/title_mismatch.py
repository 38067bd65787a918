"""Title differs from the published record.

What it does:
    Compares the printed title, word by word, with the record's title (with
    and without its subtitle) and reports misspelt words ("Implmentation" for
    "Implementation"), missing, extra or changed words, and words spelt the
    other side of the Atlantic ("behaviour" for "behavior", as info). A
    difference only in how a date range is written ("1914-18" for "1914 to
    1918") is info too.
    Case, punctuation, markup, LaTeX, accents, possessive eponyms
    ("Alzheimer disease"), the "RETRACTED:" prefix a publisher adds, an
    abstract's session number ("5.W.G. Posterwalk"), a
    bracketed note ("[in German]") and the separator before a subtitle
    (":", ".", " - ") are not differences. Titles sharing fewer than half
    their words are left to the matcher.

    A text reader guesses where the title ends from punctuation, so the
    reference as printed has the last word: a record title found in it is
    printed right, words beyond a quote or full stop at either end of the
    title are another field's, record words printed just outside the title
    are not missing, and a misspelling is only reported when it is printed.

Why it matters:
    A misquoted title makes the reference hard to find and suggests it was
    copied rather than checked.

Example:
    Failing: ``Smith J. An Implmentation of the method. J Chem. 2010;2:1-9.``
    Passing: ``Smith J. An implementation of the method. J Chem. 2010;2:1-9.``

Fix safety:
    Replacing a misspelt word with the record's is safe when the match is
    confident (0.9 or more) and unsafe otherwise. Missing or extra words are
    not fixed: the title's case and style are the author's to choose.

Options:
    None.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial

from citelint.fields.normalize import decode_latex, strip_markup, text_key
from citelint.fields.patterns import SESSION_NUMBER
from citelint.fields.variants import same_word
from citelint.model import Diagnostic, Fix, Match, Record, Reference
from citelint.rules._compare import (
    around,
    blank_links,
    compared,
    confident,
    field_break,
    fields_guessed,
    mismatch_severity,
    sub_span,
)
from citelint.rules._rule import Context

CODE = "CL202"
NAME = "title-mismatch"
SEVERITY = "error"
FIXABLE = True
NEEDS_RECORD = True
SCOPE = "record"
SUMMARY = "The printed title differs from the record's: a typo, missing or extra words."
OPTIONS = None

_TOKEN = re.compile(r"[^\W_]+")
_BRACKETED = re.compile(r"\s*(?:\[[^\[\]]*\]|\([^()]*\))")
_SUBTITLE = re.compile(r"\s*(?::|\?|!|\.\s|\s[-–—]{1,2}\s)\s*")
# Publishers prefix the title of a retracted work; the status rules report that, not a title difference.
_NOTICE_PREFIX = re.compile(r"^\s*(?:retracted(?: article)?|withdrawn|expression of concern)\s*[:.-]\s*", re.IGNORECASE)
# "Alzheimer's disease" is "Alzheimer disease" in styles that drop possessive eponyms (AMA).
_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b", re.IGNORECASE)
_GREEK = str.maketrans({"α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "κ": "kappa",
                        "λ": "lambda", "μ": "mu", "π": "pi", "σ": "sigma", "τ": "tau", "ω": "omega"})
# Endings that make another word of the same stem, not a typo ("diagnosable" / "diagnosing").
_ENDINGS = frozenset({
    "", "s", "es", "ies", "y", "e", "ed", "d", "ing", "er", "ers", "or", "ors", "ion", "ions", "ation", "ations",
    "al", "ally", "ly", "able", "ible", "ic", "ical", "ity", "ities", "ive", "ives", "ment", "ments", "ness",
    "ous", "is", "ise", "ize", "ism", "ist", "ists", "ant", "ants", "ent", "ence", "ance", "ency", "ancy",
    "a", "um", "i", "on",
})
# Titles sharing fewer words than this are different works: the matcher's business.
_MIN_SHARED = 0.5
# Fewer words of a title than this, printed somewhere in a reference, prove nothing.
_DISTINCTIVE = 3


@dataclass(frozen=True)
class _Word:
    key: str
    text: str  # as written in the title it comes from
    start: int  # offsets in the _Title's plain text
    end: int


@dataclass(frozen=True)
class _Title:
    plain: str  # the title with LaTeX decoded and possessives dropped: what the words index
    words: tuple[_Word, ...]

    @property
    def keys(self) -> list[str]:
        return [word.key for word in self.words]


@dataclass(frozen=True)
class _Surroundings:
    """What a reader that guessed the title's edges printed around them (nothing for delimited fields)."""

    guessed: bool  # whether the edges were guessed
    before: list[str] | None = None  # word keys printed before and after the title (None: no span)
    after: list[str] | None = None


@dataclass(frozen=True)
class _Comparison:
    record_title: str
    typos: tuple[tuple[_Word, _Word], ...]  # (printed, record)
    variants: tuple[tuple[_Word, _Word], ...]
    missing: tuple[tuple[str, ...], ...]  # runs of record words the printed title lacks
    extra: tuple[tuple[str, ...], ...]  # runs of printed words the record lacks
    changed: tuple[tuple[str, str], ...]
    shared: float

    @property
    def problems(self) -> int:
        """How many words are wrong."""
        changed = sum(max(len(printed.split()), len(record.split())) for printed, record in self.changed)
        return len(self.typos) + sum(map(len, self.missing)) + sum(map(len, self.extra)) + changed


def check(reference: Reference, match: Match, context: Context) -> Iterator[Diagnostic]:
    if not compared(match) or not reference.title:
        return
    assert match.record is not None
    readings = _readings(match.record)
    if not readings:
        return
    if fields_guessed(reference) and _printed_in_full(blank_links(reference.text), readings):
        return  # wherever the reader put the title's edges, the record's title is printed
    comparison = _best_comparison(reference.title, readings, _surroundings(reference))
    if comparison is None:
        return
    found = reference.printed("title") or reference.title
    report = partial(Diagnostic, field="title", span=reference.span_of("title"), found=found,
                     expected=comparison.record_title, evidence=match.record.url)
    printed_keys = set(_title(reference.printed("title") or reference.text).keys)
    for printed, record in comparison.typos:
        if printed.key not in printed_keys:
            continue  # the reader's value, not what is printed
        yield report(
            message=f"title misspells {record.text!r} as {printed.text!r}",
            severity=mismatch_severity(match),
            fix=_word_fix(reference, printed, record, safe=confident(match)),
        )
    differences = [f"missing {' '.join(words)!r}" for words in comparison.missing]
    differences += [f"extra {' '.join(words)!r}" for words in comparison.extra]
    differences += [f"{printed!r} for {record!r}" for printed, record in comparison.changed]
    if differences:
        # "1914-18" for "1914 to 1918" says the same thing: a date range written another way.
        yield report(message=f"title differs from the record: {'; '.join(differences)}",
                     severity="info" if _only_dates(comparison) else "warning")
    if comparison.variants and not comparison.problems:
        pairs = ", ".join(f"{printed.text!r} for {record.text!r}" for printed, record in comparison.variants)
        yield report(message=f"spelling variant: {pairs}", severity="info")


_RANGE_WORDS = frozenset({"to", "from", "through", "until", "till", "and", "a", "bis", "au", "-"})


def _only_dates(comparison: _Comparison) -> bool:
    """Whether every differing word is a number or a word of a range ("1914 to 1918", "1914-18")."""
    words = [word for group in (*comparison.missing, *comparison.extra) for word in group]
    words += [word for pair in comparison.changed for side in pair for word in side.split()]
    numbers = [word for word in words if word.strip("-–").isdigit()]
    return bool(numbers) and all(word.lower() in _RANGE_WORDS or word in numbers for word in words)


@dataclass(frozen=True)
class _Reading:
    """One reading of the record's title, and the words of the longest reading that follow it there."""

    title: str
    rest: tuple[str, ...]

    def continued_by(self, words: Sequence[str]) -> bool:
        """Whether printed words go on with the rest of the title (a subtitle, misspelt perhaps)."""
        return bool(self.rest) and len(set(words) & set(self.rest)) * 2 >= len(self.rest)


def _readings(record: Record) -> list[_Reading]:
    """The readings of the record's title: with or without subtitle, brackets or retraction prefix."""
    marked = strip_markup(record.title)
    title = _NOTICE_PREFIX.sub("", marked)
    candidates = [title, marked, _SUBTITLE.split(title, maxsplit=1)[0], _BRACKETED.sub("", title),
                  SESSION_NUMBER.sub("", title)]
    if record.subtitle:
        candidates.insert(0, f"{title}: {strip_markup(record.subtitle)}")
    titles = [candidate for candidate in dict.fromkeys(candidates) if _title(candidate).words]
    if not titles:
        return []
    longest = max((_title(title).keys for title in titles), key=len)
    readings = []
    for title in titles:
        keys = _title(title).keys
        readings.append(_Reading(title, tuple(longest[len(keys):] if longest[: len(keys)] == keys else ())))
    return readings


def _printed_in_full(text: str, readings: list[_Reading]) -> bool:
    """Whether the text prints one reading of the record's title, and not a garbled rest of a longer one.

    "Growing up" is printed in full in "Growing up. J Chem.", not in
    "Growing up: a longitudnal study. J Chem." (the subtitle is there, misspelt).
    """
    printed = _title(text).keys
    for reading in readings:
        keys = _title(reading.title).keys
        if reading.rest and len(keys) < _DISTINCTIVE:
            continue  # "Guest Editorial" before a subtitle says little
        for at in range(len(printed) - len(keys) + 1):
            end = at + len(keys)
            if printed[at:end] == keys and not reading.continued_by(printed[end : end + len(reading.rest)]):
                return True
    return False


def _surroundings(reference: Reference) -> _Surroundings:
    context = around(reference, "title")
    if not fields_guessed(reference) or context is None:
        return _Surroundings(fields_guessed(reference))
    before, after = context
    return _Surroundings(True, _title(before).keys, _title(after).keys)


def _best_comparison(printed_title: str, readings: list[_Reading],
                     surroundings: _Surroundings) -> _Comparison | None:
    """The closest reading of the record's title against the printed title, with or without brackets."""
    printed_titles = dict.fromkeys((printed_title, _BRACKETED.sub("", printed_title)))
    comparisons = [
        comparison
        for printed in printed_titles
        for reading in readings
        if (comparison := _compare(printed, reading, surroundings)) is not None
        and comparison.shared >= _MIN_SHARED
    ]
    if not comparisons:
        return None
    return min(comparisons, key=lambda c: (c.problems, len(c.variants), -c.shared))


@lru_cache(maxsize=8192)
def _title(title: str) -> _Title:
    plain = _POSSESSIVE.sub("", decode_latex(title).replace("&", " and "))
    words = tuple(
        _Word(text_key(token.group()).translate(_GREEK).replace(" ", ""), token.group(), token.start(), token.end())
        for token in _TOKEN.finditer(plain)
    )
    return _Title(plain, words)


def _compare(printed_title: str, reading: _Reading, surroundings: _Surroundings) -> _Comparison | None:
    printed, record = _title(printed_title), _title(reading.title)
    if not printed.words or not record.words:
        return None
    typos: list[tuple[_Word, _Word]] = []
    variants: list[tuple[_Word, _Word]] = []
    missing: list[tuple[str, ...]] = []
    extra: list[tuple[str, ...]] = []
    changed: list[tuple[str, str]] = []
    same = leaked = 0
    operations = list(_align(list(printed.words), list(record.words)))
    for index, (tag, ours, theirs) in enumerate(operations):
        edge = "first" if index == 0 else "last" if index == len(operations) - 1 else None
        if tag == "equal":
            same += len(ours)
        elif "".join(w.key for w in ours) == "".join(w.key for w in theirs):  # "data base" / "database"
            same += min(len(ours), len(theirs))
        elif tag == "delete" and edge and surroundings.guessed and _another_field(printed, ours, edge, reading):
            leaked += len(ours)
        elif tag == "insert" and edge and _printed_outside(theirs, surroundings, edge):
            same += len(theirs)
        elif tag == "delete":
            extra.append(tuple(w.text for w in ours))
        elif tag == "insert":
            missing.append(tuple(w.text for w in theirs))
        elif len(ours) == len(theirs):
            for mine, right in zip(ours, theirs):
                if same_word(mine.key, right.key):
                    variants.append((mine, right))
                elif _is_typo(mine.key, right.key):
                    typos.append((mine, right))
                else:
                    changed.append((mine.text, right.text))
        else:
            changed.append((" ".join(w.text for w in ours), " ".join(w.text for w in theirs)))
    shared = (same + len(typos) + len(variants)) / max(len(printed.words) - leaked, len(record.words))
    return _Comparison(reading.title, tuple(typos), tuple(variants), tuple(missing), tuple(extra),
                       tuple(changed), shared)


def _another_field(printed: _Title, extra: list[_Word], edge: str, reading: _Reading) -> bool:
    """Whether extra words at the title's edge belong to another field.

    They do when a field break cuts them off ("et al. Title", "Title. Inf.
    Process") and they are not the rest of the record's title (its subtitle).
    """
    words = printed.words
    if edge == "first":
        after = words.index(extra[-1]) + 1
        return after < len(words) and field_break(printed.plain[extra[-1].end : words[after].start])
    before = words.index(extra[0]) - 1
    return (before >= 0 and field_break(printed.plain[words[before].end : extra[0].start])
            and not reading.continued_by([word.key for word in extra]))


def _printed_outside(missing: list[_Word], surroundings: _Surroundings, edge: str) -> bool:
    """Whether record words missing at the title's edge are printed just outside it (the reader cut there)."""
    keys = [word.key for word in missing]
    if edge == "first":
        return surroundings.before is not None and surroundings.before[-len(keys):] == keys
    return surroundings.after is not None and surroundings.after[: len(keys)] == keys


def _align(printed: list[_Word], record: list[_Word]) -> Iterator[tuple[str, list[_Word], list[_Word]]]:
    """Word-level edit operations; a replaced run of unequal length is aligned again on near-equal words.

    "daily exercize" against "exercise" is an extra word and a typo, not one
    changed phrase.
    """
    import difflib

    matcher = difflib.SequenceMatcher(None, [w.key for w in printed], [w.key for w in record], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        ours, theirs = printed[i1:i2], record[j1:j2]
        if tag != "replace" or len(ours) == len(theirs):
            yield tag, ours, theirs
            continue
        near = [next((r.key for r in theirs if _near(w.key, r.key)), None) for w in ours]
        if not any(near):
            yield tag, ours, theirs
            continue
        inner = difflib.SequenceMatcher(None, [key or "" for key in near], [w.key for w in theirs], autojunk=False)
        for inner_tag, k1, k2, l1, l2 in inner.get_opcodes():
            # Near-equal words come back as an equal-length replacement, judged word by word.
            yield ("replace" if inner_tag == "equal" else inner_tag), ours[k1:k2], theirs[l1:l2]


def _near(printed: str, record: str) -> bool:
    return same_word(printed, record) or _is_typo(printed, record)


def _is_typo(printed: str, record: str) -> bool:
    """A slip of the keyboard: close in spelling, not another form of the same stem, not a number.

    A printed word that is itself an English word ("form" for "from",
    "hypotension" for "hypertension") is another word, reported as a
    changed word: only a non-word is called a misspelling.
    """
    from rapidfuzz.distance import DamerauLevenshtein

    if min(len(printed), len(record)) < 4 or not (printed.isalpha() and record.isalpha()):
        return False
    allowed = 1 if max(len(printed), len(record)) <= 7 else 2
    if DamerauLevenshtein.distance(printed, record) > allowed:
        return False
    stem = 0
    while stem < min(len(printed), len(record)) and printed[stem] == record[stem]:
        stem += 1
    if printed[stem:] in _ENDINGS and record[stem:] in _ENDINGS:
        return False
    from citelint.fields.words import is_known

    return not is_known(printed)


def _word_fix(reference: Reference, printed: _Word, record: _Word, *, safe: bool) -> Fix | None:
    """Replace the misspelt word where it stands, in the printed word's case."""
    span = reference.spans.get("title")
    text = reference.printed("title")
    if span is None or text is None:
        return None
    places = [m for m in _TOKEN.finditer(text) if m.group() == printed.text]
    if len(places) != 1:
        return None
    start = span.start + places[0].start()
    replacement = _in_case_of(printed.text, record.text)
    return Fix(replacement, "safe" if safe else "unsafe", sub_span(reference, start, start + len(printed.text)))


def _in_case_of(model: str, word: str) -> str:
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model.islower():
        return word.lower() if not word[1:].isupper() else word
    if model[0].isupper():
        return word[0].upper() + word[1:]
    return word
