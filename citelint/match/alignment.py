"""Where a matched record's fields stand in a printed reference.

A text reader splits a reference into fields by its punctuation, and a style
it does not know splits wrongly: MLA's ``Journal 11.3 (2000): 118`` is volume
11 and issue 3, not a journal "Journal 11" with volume 3; a style without
titles has its journal read as the title. Once a record is known, its own
values say what to look for: the journal under any of its names, the years,
and the numbers after the journal, which are volume, issue and pages in that
order. Each field is then read where it stands, so a wrong split never
becomes a finding, while a value the record does not have (the error the
rules are there to report) is still read where the style puts it.

Only references whose fields were guessed from punctuation are aligned; a
BibTeX or RIS field is what its author wrote.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import combinations

from citelint.fields.normalize import TranslationTable, fold_accents, text_key
from citelint.fields.patterns import YEAR
from citelint.match.aligned_authors import aligned_authors
from citelint.model import Alignment, Record, Reference
from citelint.rules._compare import blank_links, fields_guessed, local_span, sub_span

# A volume, issue or page token, with the label some styles print before it ("vol. 12", "pp. 1-9").
_NUMBER = re.compile(
    r"(?<![\w/])(?:(?P<label>vol(?:ume)?|no|nr|issue|pp?|pages?)\.?\s*)?"
    r"(?P<value>[A-Za-z]?\d+(?:[A-Za-z]\d+)?[A-Za-z]?(?:\s*[-\u2010-\u2015\u2212]\s*[A-Za-z]?\d+[A-Za-z]?)?"
    r"|(?-i:[IVXLC]{2,7}))(?![\w/])",  # or a volume in upper-case roman numerals ("LIX")
    re.IGNORECASE,
)
_MONTH = re.compile(
    r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s*$", re.IGNORECASE)  # not "Marx", "Decision"
_RANGE = re.compile(r"[-\u2010-\u2015\u2212]")
_SPACES = re.compile(r"\s+")
_NOT_DIGIT = re.compile(r"\D")
_FIRST_NUMBER = re.compile(r"\d+")  # a deposited range's first page, whatever joins it to the last ("35???40")
_YEAR = re.compile(rf"(?<![\w/.-])({YEAR})(?![\w/])")
_LABEL_ROLE = {"vol": "volume", "volume": "volume", "no": "issue", "nr": "issue", "issue": "issue",
               "p": "pages", "pp": "pages", "page": "pages", "pages": "pages"}
_ROLES = ("volume", "issue", "pages")
# How likely a style prints a role when the record has it: volume and pages nearly always.
_PRIOR = {"volume": 0.6, "issue": 0.3, "pages": 0.6}
_AGREES = 2.0
_UNUSED = -1.0  # a number after the journal that is none of volume, issue, pages
_MOST_TOKENS = 6
_TITLE_LOCATED = 85  # rapidfuzz partial ratio at which the record's title is where the alignment says


@dataclass(frozen=True)
class _Token:
    start: int  # offsets in the reference's text
    end: int
    value: str
    role: str | None  # the role its printed label gives it


def align(reference: Reference, record: Record) -> Reference:
    """The reference with its journal, year, volume, issue and pages read where the record's stand."""
    alignment = locate(reference, record)
    return reference if alignment is None else apply_alignment(reference, alignment, record)


def locate(reference: Reference, record: Record) -> Alignment | None:
    """Where the record's fields stand in the reference; None when its fields were not guessed."""
    if not fields_guessed(reference) or not reference.text:
        return None
    text = blank_links(reference.text)
    folded = _Folded(text)
    fields: dict[str, tuple[int, int]] = {}
    container = _locate_container(folded, record)
    if container:
        fields["container"] = container
    title = _locate_title(folded, record) if record.title else None
    taken = [span for span in (container, title) if span]
    year = _locate_year(text, record, [*taken, *_volume_read_as_deposited(reference, record)])
    if year:
        fields["year"] = year
    after = container[1] if container else (title[1] if title else None)
    if after is not None:
        tokens = _tokens(text, after, [*taken, *([year] if year else [])])
        fields.update(_assign(tokens, record))
        volume = _volume_as_deposited(text, after, record)
        if volume:
            fields["volume"] = volume
            if "issue" in fields and _overlaps(*fields["issue"], [volume]):
                del fields["issue"]
    names_end = min((span[0] for span in (title, container) if span), default=None)
    while names_end and text[names_end - 1].isalnum():
        names_end -= 1  # a located title may start inside its first word
    return Alignment(reference.text, tuple((name, start, end) for name, (start, end) in fields.items()), title,
                     container, names_end)


def align_fields(reference: Reference, record: Record) -> Reference:
    """``align`` without the authors: what the matcher rescores (journal, year, volume, pages), at a
    fraction of the cost, since reading the authors against the record's is most of an alignment."""
    alignment = locate(reference, record)
    if alignment is None:
        return reference
    return _with_fields(reference, {name: (start, end) for name, start, end in alignment.fields}, alignment.title,
                        alignment.container)


def apply_alignment(reference: Reference, alignment: Alignment, record: Record) -> Reference:
    """The reference with each located field read where it stands (located in this reference's text)."""
    fields = {name: (start, end) for name, start, end in alignment.fields}
    aligned = _with_fields(reference, fields, alignment.title, alignment.container)
    authors = aligned_authors(reference, record, alignment.names_end)
    if authors is not None and authors != reference.authors:
        aligned = replace(aligned, authors=authors)
    return aligned


def _volume_read_as_deposited(reference: Reference, record: Record) -> list[tuple[int, int]]:
    """The reader's volume where it is the record's: never the year, even when the volume is a year's number
    ("Mathematical Problems in Engineering 2017, 2015" is year 2017, volume 2015)."""
    volume = local_span(reference, "volume")
    if volume is None or _plain(reference.text[volume[0] : volume[1]]) != _plain(record.volume):
        return []
    return [volume]


def _volume_as_deposited(text: str, after: int, record: Record) -> tuple[int, int] | None:
    """A volume deposited with more than a number ("VI(150)"), printed as deposited after the journal."""
    volume = (record.volume or "").strip()
    if len(volume) < 3 or volume.isalnum():
        return None
    at = text.find(volume, after)
    return (at, at + len(volume)) if at >= 0 else None


def prints_journal(reference: Reference, record: Record) -> bool:
    """Whether the reference prints the record's journal, under any of its names."""
    return _locate_container(_Folded(blank_links(reference.text)), record) is not None


def _with_fields(reference: Reference, fields: Mapping[str, tuple[int, int]], title: tuple[int, int] | None,
                 container: tuple[int, int] | None) -> Reference:
    values: dict[str, str | None] = {}
    spans = dict(reference.spans)
    base = reference.span.start
    for name, (start, end) in fields.items():
        value = reference.text[start:end].strip()
        if name == "container":
            value = value.rstrip(",.;:")
        values[name] = value
        spans[name] = sub_span(reference, base + start, base + start + len(value))
    if "pages" in values:
        values["article_number"] = None
        spans.pop("article_number", None)
    for name in _ROLES:
        # A number the reader took for this field that the record places as another ("(1912)" as an issue).
        parsed = reference.spans.get(name)
        if name not in fields and parsed is not None and _overlaps(
                parsed.start - base, parsed.end - base, [span for span in fields.values()]):
            values[name] = None
            spans.pop(name, None)
    parsed_title = reference.spans.get("title")
    if title is not None and not _similar(reference.title or "", reference.text[title[0] : title[1]]):
        # The reader cut the title elsewhere (the authors taken for it): the record's title is here.
        start, end = _whole_words(reference.text, *title)
        values["title"] = reference.text[start:end]
        spans["title"] = sub_span(reference, base + start, base + end)
    elif title is None and container is not None and parsed_title is not None:
        # The reader took the journal (and what follows) for a title the style does not print.
        if parsed_title.end - base > container[0]:  # a title is printed before the journal, never in or after it
            values["title"] = None
            spans.pop("title", None)
    if not values:
        return reference
    return replace(reference, spans=spans, **values)  # type: ignore[arg-type]


def _similar(first: str, second: str) -> bool:
    from rapidfuzz import fuzz

    return fuzz.ratio(text_key(first), text_key(second)) >= 80


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """The span widened to the words it cuts, without the quotes and stops around it."""
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    while end > start and not (text[end - 1].isalnum() or text[end - 1] in "?!)"):
        end -= 1
    return start, end


# _Folded's character for character: letters and digits accent-free and lower-cased, any other a space.
_FOLD = TranslationTable(lambda char: (fold_accents(char).lower() or " ") if char.isalnum() else " ")


class _Folded:
    """The text lower-cased and accent-free, each non-word character a space, with the map back."""

    def __init__(self, text: str) -> None:
        self.length = len(text)
        self.origin: Sequence[int]
        if "&" not in text:  # most references fold one character for one: no map to keep
            folded = text.translate(_FOLD)
            if len(folded) == len(text):
                self.text, self.origin = folded, range(len(text))
                return
        pieces: list[str] = []
        origin: list[int] = []
        for index, char in enumerate(text):
            piece = " and " if char == "&" else _FOLD[ord(char)] or " "
            pieces.append(piece)
            origin.extend([index] * len(piece))
        self.text = "".join(pieces)
        self.origin = origin

    def back(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in the original text of the folded text's start..end."""
        return self.origin[start], (self.origin[end - 1] + 1) if end > start else self.origin[start]


def _locate_container(folded: _Folded, record: Record) -> tuple[int, int] | None:
    best: tuple[int, int] | None = None
    for name in (record.container, *record.short_containers):
        pattern = _name_pattern(name)
        if pattern is None:
            continue
        for found in pattern.finditer(folded.text):
            span = folded.back(found.start(), found.end())
            if best is None or span[1] - span[0] > best[1] - best[0]:
                best = span
    return best


@lru_cache(maxsize=4096)
def _name_pattern(name: str) -> re.Pattern[str] | None:
    """The journal's name as whole words of a folded text, any spacing between them."""
    words = _name_words(name)
    if not words:
        return None
    article = "(?:the +)?" if text_key(name).startswith("the ") else ""  # where printed, "The" is the journal's
    return re.compile(r"(?<![a-z0-9])" + article + r" +".join(map(re.escape, words)) + r"(?![a-z0-9])")


@lru_cache(maxsize=4096)
def _name_words(name: str) -> tuple[str, ...]:
    words = text_key(name).split()
    if words[:1] == ["the"]:
        words = words[1:]  # "The Journal of X" is printed as "Journal of X" as often as not
    if len(words) == 1 and len(words[0]) < (3 if name.strip().isupper() else 4):
        return ()  # "Cell" and "BMJ" are journals; "Ann" or "JA" is noise
    return tuple(words)


def _locate_title(folded: _Folded, record: Record) -> tuple[int, int] | None:
    from rapidfuzz import fuzz

    title = text_key(record.title)
    if len(title.split()) < 3:
        return None
    found = fuzz.partial_ratio_alignment(title, folded.text, score_cutoff=_TITLE_LOCATED)
    if found is None:
        return None
    return folded.back(found.dest_start, found.dest_end)


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < other_end and other_start < end for other_start, other_end in spans)


def _locate_year(text: str, record: Record, taken: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The record's year where printed outside title and journal, else the first other year there."""
    found = [year for year in _YEAR.finditer(text) if not _overlaps(year.start(), year.end(), taken)]
    recorded = {str(year) for year in record.years}
    for year in found:
        if year.group() in recorded:
            return year.span()
    return found[0].span() if len(found) == 1 else None


def _tokens(text: str, after: int, taken: list[tuple[int, int]]) -> list[_Token]:
    tokens = []
    for found in _NUMBER.finditer(text, after):
        if _overlaps(found.start("value"), found.end("value"), taken) or _MONTH.search(text, 0, found.start()):
            continue  # a year's, or a day of a printed date ("(May 4)")
        label = (found.group("label") or "").lower()
        tokens.append(_Token(found.start("value"), found.end("value"), found.group("value"), _LABEL_ROLE.get(label)))
    return tokens[:_MOST_TOKENS]


def _assign(tokens: list[_Token], record: Record) -> dict[str, tuple[int, int]]:
    """Volume, issue and pages among the numbers after the journal, in that order, as the record best explains."""
    wanted = [role for role in _ROLES if _recorded(record, role)]
    agrees = {(index, role): _agrees(token.value, role, record) for index, token in enumerate(tokens) for role in wanted}
    best_score, best = 0.0, {}
    for chosen in _choices(len(tokens), len(wanted)):
        score = 0.0
        assigned: dict[str, tuple[int, int]] = {}
        for role, index in zip(wanted, chosen):
            if index is None:
                continue
            token = tokens[index]
            if (token.role and token.role != role) or (role == "volume" and _RANGE.search(token.value)):
                break
            score += _PRIOR[role] + (_AGREES if agrees[index, role] else 0.0)
            assigned[role] = (token.start, token.end)
        else:
            if "issue" in assigned and "volume" not in assigned:
                continue  # styles print an issue after its volume: a lone number is the volume
            used = {index for index in chosen if index is not None}
            if any(token.role for index, token in enumerate(tokens) if index not in used):
                continue
            last = max(used, default=-1)
            score += _UNUSED * sum(1 for index in range(last + 1) if index not in used)
            if score > best_score:
                best_score, best = score, assigned
    return best


@lru_cache(maxsize=64)
def _choices(tokens: int, count: int) -> tuple[tuple[int | None, ...], ...]:
    """Each way to give ``count`` roles, in order, tokens in increasing order or none."""
    found: list[tuple[int | None, ...]] = []
    for size in range(min(tokens, count) + 1):
        for picked in combinations(range(tokens), size):
            for roles in combinations(range(count), size):
                slot: list[int | None] = [None] * count
                for role, index in zip(roles, picked):
                    slot[role] = index
                found.append(tuple(slot))
    return tuple(found)


def _recorded(record: Record, role: str) -> str:
    if role == "pages":
        return record.page or record.article_number
    return str(getattr(record, role))


def _agrees(value: str, role: str, record: Record) -> bool:
    if role == "pages":
        printed = _digits(_RANGE.split(value)[0])
        first = _digits(_RANGE.split(record.page)[0]) if record.page else ""
        leading = next((_digits(found.group()) for found in _FIRST_NUMBER.finditer(record.page)), "")
        whole = _digits(record.page)
        return printed in {first, leading, _digits(record.article_number)} - {""} or (
            not _RANGE.search(value) and bool(whole) and _digits(value) == whole)
    return _plain(value) == _plain(_recorded(record, role))


def _plain(number: str) -> str:
    return _SPACES.sub("", _RANGE.sub("-", number)).lower().lstrip("0")


def _digits(value: str) -> str:
    return _NOT_DIGIT.sub("", value).lstrip("0")

