"""Authors differ from the published record.

What it does:
    Compares the printed authors with the record's, in order, and reports a
    misspelt family name ("Smiht" for "Smith"), wrong or missing initials
    ("Hayward, Ml" for Mark L.), an author printed in another author's place,
    authors left out without "et al." (the finding's expected value names
    them), authors in a different order, and
    "et al." standing for nobody (the record has no more authors, or only two).
    Accents, LaTeX accents, hyphens, particles ("van der Berg" / "Berg, J.
    van der"), compound surnames ("Liptzin Shear" / "Shear"), full given names
    against initials, and a record whose depositor swapped given and family
    names or wrote them in capitals are not differences. A missing middle
    initial is only reported (as a warning) where the reference prints
    middle initials for someone, so a style that uses one initial throughout
    passes.

    A text reader can split an author list wrongly (Chicago's "Family, Given,
    Given Family" read two names at a time), so the reference as printed has
    the last word: an author whose family name is printed (before the
    record's title or journal, where the matcher found them) is not missing,
    left out or replaced by someone else; authors are only out of order when
    the text prints them so; an author holding pieces of other authors'
    names is not compared, nor is a list with digits, quotes or a group's
    name in a person's place; and a misspelt name is only reported when the
    misspelling is printed and the right name is not.

Why it matters:
    Authors are how a work is cited and found; a misspelt name or a dropped
    co-author misattributes the work.

Example:
    Failing: ``Smiht J, Jones A. Title. J Chem. 2010;2:1-9.`` (the record says Smith)
    Passing: ``Smith J, Jones A. Title. J Chem. 2010;2:1-9.``

Fix safety:
    A misspelt family name or wrong initials get an unsafe fix: names are
    the authors' own, and a record can be wrong too. Missing authors and
    order are not fixed.

Options:
    None.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator, Sequence
from functools import partial

from citelint.fields.names import (
    display,
    family_keys,
    has_full_name,
    initials,
    misspelt_family,
    mixed_up,
    name_places,
    not_printed,
    printed_at,
    printed_in_order,
    record_initials,
    same_family,
    swapped,
)
from citelint.fields.normalize import name_key, strip_markup, text_key
from citelint.model import Author, Diagnostic, Fix, Match, Reference, Severity, Span
from citelint.rules._compare import (
    blank_links,
    compared,
    fields_guessed,
    mismatch_severity,
    sub_span,
)
from citelint.rules._rule import Context

CODE = "CL206"
NAME = "authors-mismatch"
SEVERITY = "error"
FIXABLE = True
NEEDS_RECORD = True
SCOPE = "record"
SUMMARY = "The printed authors differ from the record's: names, initials, order, omissions, et al."
OPTIONS = None

# "et al." for a work with at most this many authors hides nobody worth hiding.
_SHORT_LIST = 2
Report = Callable[..., Diagnostic]  # Diagnostic with the finding's common fields filled in
_ET_AL = re.compile(r"\bet\.?\s*al\b|\band others\b|\bu\.\s*a\.|…|\.\.\.", re.IGNORECASE)
_LETTERS = re.compile(r"[^\W\d_]")
# The shortest author list a style shortens with an ellipsis.
_ELLIPSIS_LIST = 7
# What no name holds: a reader took in the year, a label or the title.
_NOT_A_NAME = re.compile(r"\d|[“”\"«»„()\[\]]")
# More words than this in one family or given name is a sentence, not a name.
_NAME_WORDS = 4
# Title words this long in a printed name show the reader took in the title ("Segmentation drives").
_TITLE_WORD = 5
# Words of a group author's name, which a reader may take for a person's.
_ORGANISATION = re.compile(
    r"\b(?:group|consortium|committee|collaboration|collaborative|investigators|organi[sz]ation|association"
    r"|society|institute|university|council|agency|ministry|department|foundation|commission|network|team"
    r"|working|panel|office|board|centre|center)\b",
    re.IGNORECASE,
)


def check(reference: Reference, match: Match, context: Context) -> Iterator[Diagnostic]:
    if not compared(match) or not reference.authors:
        return
    record = match.record
    assert record is not None
    printed = [author for author in reference.authors if not author.is_organisation]
    people = [author for author in record.authors if not author.is_organisation]
    if not printed or not people or len(printed) != len(reference.authors):
        return  # organisations are named too freely to compare
    title_words = _title_words(record.title, people)
    if any(_misread(author, title_words) for author in printed):
        return
    report = partial(Diagnostic, field="authors", evidence=record.url, severity=mismatch_severity(match))
    assigned = _assign(printed, people)
    misspelt = _misspelt(printed, people, assigned)
    known = [index if index is not None else misspelt.get(position) for position, index in enumerate(assigned)]
    if sum(index is not None for index in known) * 2 < len(printed):
        return  # mostly other people: a wrong match, the matcher's business
    text_names = _names_printed(reference, match)
    # A style that prints one initial for everyone leaves middle initials out on purpose; one author
    # printed with one initial ("Smith J et al.") shows nothing of the style.
    middle_initials = any(_several_initials(author.given) for author in printed)
    for position, (author, index) in enumerate(zip(printed, assigned)):
        if position in misspelt:
            person = people[misspelt[position]]
            if printed_at(text_names, author) and name_key(person.family) not in text_names:
                yield _misspelt_diagnostic(reference, author, person, report)
        elif index is None and position < len(people) and position not in known:
            person = people[position]
            if not printed_at(text_names, person):
                yield report(
                    message=f"{display(author)!r} is not an author of this work; "
                            f"the record has {display(person)!r} here",
                    span=_author_span(reference, author), found=display(author), expected=display(person),
                )
        elif index is not None and not mixed_up(author, people[index], people):
            yield from _initials(reference, author, people[index], report, middle_initials=middle_initials)
    yield from _order_and_omissions(reference, printed, people, known, report, text_names)


def _names_printed(reference: Reference, match: Match) -> dict[str, list[int]]:
    """Where names are printed: when the reader guessed the fields, anywhere before the record's title or
    journal (where the matcher located them; else anywhere in the reference), else in its authors.

    A co-author's name in the title ("Why Crawford and Pilanski did not replicate") or the journal
    ("Fieser and Fieser's Reagents") does not print that author."""
    if fields_guessed(reference):
        text = blank_links(reference.text)
        return name_places(text[: _names_end(reference, match)])
    return name_places("; ".join(f"{author.given} {author.family}" for author in reference.authors))


def _names_end(reference: Reference, match: Match) -> int | None:
    """Where the authors' names end in the reference's text, when the matcher located it after them all."""
    alignment = match.alignment
    if alignment is None or alignment.names_end is None or alignment.text != reference.text:
        return None
    base = reference.span.start
    if all(author.span is not None and author.span.end - base <= alignment.names_end for author in reference.authors):
        return alignment.names_end
    return None


def _misread(author: Author, title_words: set[str]) -> bool:
    """Whether a printed "person" is no person's name: the reader took in the title or other text, or a group."""
    name = f"{author.family} {author.given}"
    return (bool(_NOT_A_NAME.search(name) or _ORGANISATION.search(name))
            or max(len(author.family.split()), len(author.given.split())) > _NAME_WORDS
            or bool(set(text_key(name).split()) & title_words))


def _title_words(title: str, people: Sequence[Author]) -> set[str]:
    """The record title's longer words that are nobody's name in the record ("Darwin" may be both)."""
    names = {word for person in people for word in text_key(f"{person.family} {person.given}").split()}
    return {word for word in text_key(strip_markup(title)).split() if len(word) >= _TITLE_WORD} - names


def _assign(printed: Sequence[Author], people: Sequence[Author]) -> list[int | None]:
    """For each printed author, the record author of the same family name, preferring the same place."""
    taken: set[int] = set()
    assigned: list[int | None] = []
    for position, author in enumerate(printed):
        if position < len(people) and position not in taken and same_family(author, people[position]):
            index: int | None = position
        else:
            index = next((i for i, person in enumerate(people) if i not in taken and same_family(author, person)), None)
        if index is not None:
            taken.add(index)
        assigned.append(index)
    return assigned


def _misspelt(printed: Sequence[Author], people: Sequence[Author],
              assigned: Sequence[int | None]) -> dict[int, int]:
    """Printed authors (by position) whose family name is a typo of the record author in their place."""
    found = {}
    for position, (author, index) in enumerate(zip(printed, assigned)):
        if index is not None:
            if misspelt_family(author, people[index]):  # a slip inside a compound name: "Rico-Guevrra"
                found[position] = index
        elif position < len(people) and position not in assigned and misspelt_family(author, people[position]):
            found[position] = position
    return found


def _misspelt_diagnostic(reference: Reference, author: Author, person: Author, report: Report) -> Diagnostic:
    return report(
        message=f"author {author.family!r} is misspelt: the record has {person.family!r}",
        span=_author_span(reference, author),
        found=author.family,  # the name that differs, and the record's value for it
        expected=person.family,
        fix=_part_fix(reference, author, author.family, person.family),
    )


def _initials(reference: Reference, author: Author, person: Author, report: Report, *,
              middle_initials: bool) -> Iterator[Diagnostic]:
    if not author.given:
        return
    if not (family_keys(author) & family_keys(person)):
        person = swapped(person)  # the depositor swapped given and family names
    if not person.given or "\ufffd" in person.given:
        return  # a record whose name lost a letter to a bad encoding ("G\ufffdnter") says nothing of initials
    right = record_initials(person.given)
    garbled = author.given.strip(" .")
    if middle_initials and 2 <= len(garbled) <= 3 and garbled.isalpha() and garbled[0].isupper() \
            and not garbled.isupper() and garbled.upper() in right:
        # "Hayward, Ml" in a list that prints "RMC", "HJ": the initials ML with a lost capital.
        yield report(
            message=f"initials of {author.family!r} are printed {garbled!r}: the record has {garbled.upper()} ({person.given})",
            span=_author_span(reference, author),
            found=display(author),
            expected=display(person),
            fix=_part_fix(reference, author, garbled, garbled.upper()),
        )
        return
    printed = initials(author.given)
    if not printed or not right or printed in right or _PACKED_INITIALS.sub("", author.given) in right:
        return  # "AMJJ" is four initials when the record's are (a run of capitals that long is often a name)
    longest = max(right, key=len)
    severity: Severity | None = None  # the match's
    if any(printed.startswith(letters) or letters.startswith(printed) for letters in right):
        # Extra initials are the record's omission; missing ones only count when initials are all that is printed.
        if len(printed) > len(longest) or has_full_name(author.given) or not middle_initials:
            return
        severity = "warning"
    elif printed[0] in longest[1:]:
        return  # known by a middle name
    diagnostic = report(
        message=f"initials of {author.family!r} are {printed}: the record has {longest} ({person.given})",
        span=_author_span(reference, author),
        found=display(author),
        expected=display(person),
        fix=_part_fix(reference, author, author.given, _initials_like(author.given, longest)),
    )
    yield diagnostic if severity is None else dataclasses.replace(diagnostic, severity=severity)


def _order_and_omissions(reference: Reference, printed: Sequence[Author], people: Sequence[Author],
                         known: Sequence[int | None], report: Report,
                         text_names: dict[str, list[int]]) -> Iterator[Diagnostic]:
    """Authors out of order, left out or missing, and an "et al." standing for nobody.

    Order and omissions are judged on the text as printed, not on the
    reader's split of it: a name printed is not missing.
    """
    found = "; ".join(display(author) for author in printed) + ("; et al." if reference.et_al else "")
    report = partial(report, span=reference.span_of("authors"), found=found,
                     expected="; ".join(display(person) for person in people))
    places = [index for index in known if index is not None]
    if places != sorted(places):
        if not printed_in_order(text_names, [person for person in people if printed_at(text_names, person)]):
            yield report(message="authors are in a different order from the record's")
        return
    yield from _omissions(reference, people, known, places, not_printed(text_names, list(people)), report)
    if reference.et_al and _ET_AL.search(reference.text) and (
            len(people) <= _SHORT_LIST or len(printed) >= len(people)):
        yield report(message=f"\"et al.\" but the record lists only {len(people)} author(s)", severity="warning")


def _omissions(reference: Reference, people: Sequence[Author], known: Sequence[int | None],
               places: Sequence[int], unprinted: set[int], report: Report) -> Iterator[Diagnostic]:
    """Record authors the text does not print: between printed ones, or after the last without "et al."."""
    last = places[-1]
    skipped = [index for index in range(last) if index not in places and index in unprinted]
    # The finding's expected value is who is missing: the record's authors the text leaves out.
    if skipped and None not in known and not _ellipsis(places, len(people), skipped):
        names = ", ".join(people[index].family for index in skipped)
        yield report(message=f"author(s) left out: {names}", expected=names)
    after = [people[index] for index in range(last + 1, len(people)) if index in unprinted]
    if after and not _shortened(reference) and None not in known:
        names = ", ".join(person.family for person in after)
        yield report(message=f"{len(after)} of the record's {len(people)} authors are missing and there is no "
                             f"\"et al.\": {names}", expected=names)


def _shortened(reference: Reference) -> bool:
    """Whether the list ends in "et al." (or a form the reader may not have recognised)."""
    return reference.et_al or bool(_ET_AL.search(reference.text))


def _ellipsis(places: Sequence[int], count: int, skipped: Sequence[int]) -> bool:
    """APA's long lists: the first six (APA 6) or nineteen (APA 7) authors, "...", then the last author."""
    return len(places) >= _ELLIPSIS_LIST and places[-1] == count - 1 and min(skipped) > places[-2]


_PACKED_INITIALS = re.compile(r"[\s.\-‐]+")


def _several_initials(given: str) -> bool:
    """Initials-only with more than one letter: "M. L.", "ML", or a mangled "Ml"."""
    return not has_full_name(given) and len(_LETTERS.findall(given)) > 1


def _author_span(reference: Reference, author: Author) -> Span:
    return author.span or reference.span_of("authors")


def _part_fix(reference: Reference, author: Author, old: str, new: str) -> Fix | None:
    """Replace one part of a printed author (family or given), found inside the author's own span."""
    if author.span is None or not old:
        return None
    text = reference.text[author.span.start - reference.span.start: author.span.end - reference.span.start]
    # As a whole word: "Ga" stands twice in "Garinis, Ga", once on its own.
    places = [found.start() for found in re.finditer(rf"(?<!\w){re.escape(old)}(?!\w)", text)]
    if len(places) != 1:
        return None
    start = author.span.start + places[0]
    return Fix(new, "unsafe", sub_span(reference, start, start + len(old)))


def _initials_like(model: str, letters: str) -> str:
    """Initials in the printed style: "M. L.", "M.L.", "M L" or "ML"."""
    if "." in model:
        joiner = "." if re.search(r"\.\w", model) else ". "
        return joiner.join(letters) + "."
    if " " in model.strip():
        return " ".join(letters)
    return letters
