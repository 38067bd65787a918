"""When a printed volume or issue is the record's: the same value written another way.

"02" is "2", "XII" is "12", "Suppl. 1" is "Supplement_1" and "S1", "Pt 2" is
"Part 2": only the numbers are compared. A value is only different when both carry numbers and none of
them agree ("2" vs "12"); "3" against the double issue "3-4", or "Suppl"
against "Suppl 2", is not a finding.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from citelint.model import Diagnostic, Match, Reference
from citelint.rules._compare import compared, confident, mismatch_severity, value_fix

# Roman volumes below 90; "C", "D" or "L" alone is a letter, not a numeral.
_ROMAN = re.compile(r"^(?=[xvi]|l.)(xl|l?x{0,3})(ix|iv|v?i{0,3})$")
_ROMAN_VALUES = {"l": 50, "x": 10, "v": 5, "i": 1}
_TOKEN = re.compile(r"[a-z]+|\d+")


def numbers(value: str) -> frozenset[int]:
    """The numbers a volume or issue value carries, roman numerals included."""
    found = set()
    for token in _TOKEN.findall(value.lower()):
        if token.isdigit():
            found.add(int(token))
        elif _ROMAN.match(token):
            found.add(_roman(token))
    return frozenset(found)


def same_number(printed: str, record: str) -> bool:
    """Whether the values may be the same: True unless they surely differ."""
    printed_numbers, record_numbers = numbers(printed), numbers(record)
    if not printed_numbers or not record_numbers:
        return True  # a season, "Suppl", "Special issue": not comparable
    return bool(printed_numbers & record_numbers)


def is_plain(value: str) -> bool:
    """A bare number: the kind of value a fix may replace without changing its style."""
    return value.strip().isdigit()


def _roman(token: str) -> int:
    total = 0
    for letter, following in zip(token, [*token[1:], ""]):
        value = _ROMAN_VALUES[letter]
        total += -value if following and _ROMAN_VALUES[following] > value else value
    return total


def number_mismatch(reference: Reference, match: Match, field: str) -> Iterator[Diagnostic]:
    """The finding for a printed volume or issue ("volume" / "issue") that is not the record's."""
    printed, recorded = getattr(reference, field), getattr(match.record, field, "")
    if not compared(match) or not printed or not recorded or same_number(printed, recorded):
        return
    assert match.record is not None
    safe = confident(match) and is_plain(printed) and is_plain(recorded)
    yield Diagnostic(
        field=field,
        message=f"{field} {printed} differs from the record's {recorded}",
        span=reference.span_of(field),
        found=reference.printed(field) or printed,
        expected=recorded,
        fix=value_fix(reference, field, printed, recorded, safe=safe),
        severity=mismatch_severity(match),
        evidence=match.record.url,
    )
