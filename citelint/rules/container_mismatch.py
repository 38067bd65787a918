"""Journal differs from the published record.

What it does:
    Reports a printed journal that is not the record's journal under any of
    its names: the full title, the record's short titles, ISO 4 and NLM
    abbreviations ("Br J Psychiatry" for "The British Journal of
    Psychiatry"), acronyms ("JAMA"), with or without "The", with "&" or
    "and", in any case and either spelling ("Paediatr" / "Pediatrics").
    Only journal articles are compared: book and proceedings titles are
    printed too freely.

    A text reader guesses where the journal starts and ends, so nothing is
    reported when the record's journal is printed in the reference under
    one of its names (an abbreviation cut at a dot, a title run into the
    journal), or when the journal field cannot be a journal's name (it holds
    digits, quotes, an author's name or a whole sentence).

Why it matters:
    A reference to the wrong journal cannot be found, and often means the
    details were copied from another reference.

Example:
    Failing: ``Smith J. Title. Nature Communications. 2010;2:1-9.`` (the record says Nature)
    Passing: ``Smith J. Title. Nature. 2010;2:1-9.``

Fix safety:
    The record's full journal title is offered as an unsafe fix: the style
    may want the abbreviation.

Options:
    None.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from citelint.fields.journals import STOP_WORDS, same_journal
from citelint.fields.normalize import name_key, strip_markup, text_key
from citelint.model import Diagnostic, Match, Record, Reference
from citelint.readers import LATEX_KINDS
from citelint.rules._compare import (
    blank_links,
    compared,
    fields_guessed,
    local_span,
    mismatch_severity,
    value_fix,
)
from citelint.rules._rule import Context

CODE = "CL207"
NAME = "container-mismatch"
SEVERITY = "error"
FIXABLE = True
NEEDS_RECORD = True
SCOPE = "record"
SUMMARY = "The printed journal is not the record's journal under any of its names."
OPTIONS = None

_LATEX_SPECIAL = re.compile(r"(?<!\\)[&%$#_]")
_JOURNAL_TYPES = frozenset({"journal-article", ""})
_QUOTE = re.compile(r"[“”\"«»„]")
# "A. Johansson," or "Johansson, A.": an author list, not a journal.
_AUTHOR = re.compile(r"\b[A-Z]\.(?:\s?[A-Z]\.)*\s[^\W\d_]{2,},|\b[^\W\d_]{2,},\s[A-Z]\.")
# Words in the longest journal names ("Proceedings of the National Academy of Sciences of the United States of America").
_LONGEST_JOURNAL = 15
# A word with any punctuation inside it ("Inf.Process", "Psycho-Oncology"), none around it.
_TOKEN = re.compile(r"[^\W_](?:\S*[^\W_])?")
_LETTERS = re.compile(r"[^\W\d_]")
# What follows a journal's name in its field without being part of it: ", ahead of print", "(Online)".
_NOTE_AFTER = re.compile(r"\s*[,;(\[]")
# Words a printed journal name may have beyond the record's (a subtitle's first word, "U S A").
_SPARE_WORDS = 2


def check(reference: Reference, match: Match, context: Context) -> Iterator[Diagnostic]:
    if not compared(match) or not reference.container:
        return
    record = match.record
    assert record is not None
    if record.type not in _JOURNAL_TYPES or not record.container or same_journal(reference.container, record):
        return
    if fields_guessed(reference) and (_misread(reference.printed("container") or reference.container, record)
                                      or _printed_elsewhere(reference, record)):
        return
    expected = strip_markup(record.container)
    replacement = _LATEX_SPECIAL.sub(r"\\\g<0>", expected) if reference.kind in LATEX_KINDS else expected
    yield Diagnostic(
        field="container",
        message=f"journal {reference.container!r} is not the record's {expected!r}",
        span=reference.span_of("container"),
        found=reference.printed("container") or reference.container,
        expected=expected,
        fix=value_fix(reference, "container", reference.container, replacement, safe=False),
        severity=mismatch_severity(match),
        evidence=record.url,
    )


def _misread(container: str, record: Record) -> bool:
    """Whether the journal field holds what no journal's name does: the reader took in other fields."""
    names = [record.container, *record.short_containers]
    known_words = {word for name in names for word in text_key(name).split()}
    words = text_key(container).split()
    families = {key for author in record.authors if len(key := name_key(author.family)) >= 3} - known_words
    return (
        any(char.isdigit() and char not in "".join(names) for char in container)
        or bool(_QUOTE.search(container) or _AUTHOR.search(container))
        or len(words) > _LONGEST_JOURNAL
        or any(word in families for word in words)
    )


def _printed_elsewhere(reference: Reference, record: Record) -> bool:
    """Whether a run of the printed reference names the record's journal, where the reader could have misplaced it.

    A run inside the printed title does not count (titles name journals:
    "Nature"), nor does part of the journal field ("Nature" in "Nature
    Communications"), unless the rest of the field is title words run
    into it ("Part I. American Journal of Epidemiology") or a note after
    it ("Multitudes, n°", "Procedia Computer Science, ahead of print").
    """
    text = blank_links(reference.text)
    title, field = local_span(reference, "title"), local_span(reference, "container")
    title_words = set(text_key(strip_markup(record.title)).split())
    names = (record.container, *record.short_containers)
    for start, end in _runs(text, max(len(text_key(name).split()) for name in names) + _SPARE_WORDS):
        if title and title[0] <= start and end <= title[1]:
            continue
        if field and not _may_be_the_field(text, field, start, end, title_words):
            continue
        if same_journal(text[start:end], record):
            return True
    return False


def _runs(text: str, longest: int) -> Iterator[tuple[int, int]]:
    """Runs of up to `longest` words that could name a journal: no digits, a content word first, one of 3+ letters."""
    tokens = list(_TOKEN.finditer(text))
    for first, opening in enumerate(tokens):
        if text_key(opening.group()) in STOP_WORDS:
            continue
        substantial = False
        for token in tokens[first : first + longest]:
            if any(char.isdigit() for char in token.group()):
                break
            word = text_key(token.group())
            substantial = substantial or (len(_LETTERS.findall(word)) >= 3 and word not in STOP_WORDS)
            if substantial:
                yield opening.start(), token.end()


def _may_be_the_field(text: str, field: tuple[int, int], start: int, end: int, title_words: set[str]) -> bool:
    """Whether the run start..end stands to the journal field as a misplaced journal would."""
    if end <= field[0] or start >= field[1] or (start <= field[0] and end >= field[1]):
        return True  # apart from the field, or around it
    before, after = text[field[0] : start], text[end : field[1]]
    head = text_key(before).split()
    title_run_in = sum(word in title_words for word in head) * 2 > len(head)  # a typo in it is no matter
    note_after = _NOTE_AFTER.match(after) or not any(len(word) > 1 for word in text_key(after).split())
    return (not head or title_run_in) and bool(note_after)
