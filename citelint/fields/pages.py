"""Page arithmetic: reading printed page fields and writing them back.

A printed page field is one page or article number ("436", "e0123456",
"S12", "xi") or a range of two ("82-96", "1493-6", "S12-S19", "xi-xv").
Abbreviated ends ("1493-6" for 1493-1496, "238-49" for 238-249) are a
legitimate style. When a range's separator is lost its digits run together
("8296" for 82-96); ``lost_separator_splits`` lists the ranges such digits
could be.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass

from citelint.model import Reference
from citelint.readers import LATEX_KINDS

DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"
EN_DASH = "\u2013"
LIKELY_SPAN = 60  # most articles are shorter; a longer split is only possible
MAX_SPAN = 100  # longer than this, run-together digits are not read as a range

_TOKEN = r"(?:[A-Za-z]{0,2}\d+[A-Za-z]?|[ivxlcdm]+|[IVXLCDM]+)"
_PAGES = re.compile(
    rf"^(?P<label>pp?\.?\s*|pages?\s+)?(?P<first>{_TOKEN})(?:\s*(?P<separator>[{DASHES}]+)\s*(?P<last>{_TOKEN}))?$"
)
_NUMBERED = re.compile(r"^(?P<prefix>[A-Za-z]*)(?P<digits>\d+)(?P<suffix>[A-Za-z]?)$")


@dataclass(frozen=True)
class Pages:
    """A parsed page field: one page, or a range with its separator as printed."""

    first: str
    last: str | None = None  # as printed: "6" in "1493-6"
    separator: str | None = None
    label: str = ""  # "pp. " as printed before the pages, kept when they are rewritten

    @property
    def is_range(self) -> bool:
        return self.last is not None

    @property
    def last_full(self) -> str | None:
        """The last page written out in full: "1496" for "1493-6"."""
        if self.last is None:
            return None
        return expand_end(self.first, self.last)


@dataclass(frozen=True)
class Split:
    """One way to read run-together digits as a range."""

    first: int
    last: int
    abbreviated: bool  # the end was printed abbreviated ("1493" + "6")

    @property
    def span(self) -> int:
        return self.last - self.first


@dataclass(frozen=True)
class RangeStyle:
    """How a file writes page ranges."""

    separator: str = "-"
    min_end_digits: int | None = None  # None: full ends; n: ends shortened to at least n digits


def parse_pages(text: str) -> Pages | None:
    """A page field as printed, or None when it is not one page or one range."""
    found = _PAGES.match(text.strip())
    if found is None:
        return None
    return Pages(found["first"], found["last"], found["separator"], found["label"] or "")


def expand_end(first: str, last: str) -> str:
    """The full last page of a range whose end may be abbreviated ("1493", "6" -> "1496")."""
    first_parts = _NUMBERED.match(first)
    last_parts = _NUMBERED.match(last)
    if first_parts is None or last_parts is None:
        return last
    digits, end = first_parts["digits"], last_parts["digits"]
    if last_parts["prefix"]:
        return last
    # The end shares the start's prefix letters ("S12-19" is S12-S19) and, when shorter, its leading digits.
    return first_parts["prefix"] + digits[: max(len(digits) - len(end), 0)] + end + last_parts["suffix"]


def page_key(token: str) -> str:
    """A page or article number for comparison: case, letter prefixes and leading zeros ignored."""
    numbered = _NUMBERED.match(token)
    if numbered is None:
        return token.lower()
    return str(int(numbered["digits"])) + numbered["suffix"].lower()


def lost_separator_splits(digits: str, *, abbreviated: bool, max_span: int | None = MAX_SPAN) -> list[Split]:
    """The ranges that digits with a lost separator could be: "8296" -> [82-96].

    Each split a|b must have no leading zero and end after it starts; with
    ``abbreviated``, a shorter b is also read as an abbreviated end.
    """
    splits = []
    for cut in range(1, len(digits)):
        head, tail = digits[:cut], digits[cut:]
        if head[0] == "0" or tail[0] == "0":
            continue
        is_short = len(tail) < len(head)
        if is_short and not abbreviated:
            continue
        first, last = int(head), int(expand_end(head, tail))
        if last <= first or (max_span is not None and last - first > max_span):
            continue
        splits.append(Split(first, last, is_short))
    return splits


def same_range(split: Split, pages: Pages) -> bool:
    """Whether a split is the given numeric range."""
    if pages.last is None:
        return False
    last = pages.last_full or ""
    return pages.first.isdigit() and last.isdigit() and (int(pages.first), int(last)) == (split.first, split.last)


def format_range(first: str, last: str, style: RangeStyle) -> str:
    """A range in a file's style: its separator, and its end abbreviated when the file abbreviates."""
    last = expand_end(first, last)
    if style.min_end_digits is not None and first.isdigit() and last.isdigit() and len(first) == len(last):
        shared = 0
        while shared < len(first) and first[shared] == last[shared]:
            shared += 1
        keep = max(len(last) - shared, min(style.min_end_digits, len(last)))
        last = last[len(last) - keep :]
    return f"{first}{style.separator}{last}"


def printed_pages(reference: Reference) -> str | None:
    """The page field as it stands in the file, else as parsed."""
    return reference.printed("pages") or reference.pages


def range_style(references: Sequence[Reference], *, bibtex: bool = False) -> RangeStyle:
    """The range style of a file: en dash if its ranges use one, abbreviated ends if most shortenable ones are.

    BibTeX writes ranges with "--" whatever the others do. Counted afresh on each call: a rule
    counts once per file, in its ``prepare`` step, and reads it per reference with ``entry_range_style``.
    """
    en_dashes = hyphens = abbreviated = full = 0
    shortest_end = 9
    for reference in references:
        text = printed_pages(reference)
        pages = parse_pages(text) if text else None
        if pages is None or pages.last is None or pages.separator is None:
            continue
        if EN_DASH in pages.separator:
            en_dashes += 1
        else:
            hyphens += 1
        last_full = pages.last_full or ""
        if not (pages.first.isdigit() and last_full.isdigit() and len(pages.first) == len(last_full)):
            continue
        if len(pages.last) < len(last_full):
            abbreviated += 1
            shortest_end = min(shortest_end, len(pages.last))
        elif pages.first[0] == last_full[0]:
            full += 1  # could have been shortened and was not
    separator = "--" if bibtex else (EN_DASH if en_dashes > hyphens else "-")
    return RangeStyle(separator, min(shortest_end, 2) if abbreviated > full else None)


def entry_range_style(file_style: RangeStyle, reference: Reference) -> RangeStyle:
    """How one reference writes a range: as its file does, with BibTeX's "--" in a BibTeX entry."""
    return dataclasses.replace(file_style, separator="--") if reference.kind in LATEX_KINDS else file_style
