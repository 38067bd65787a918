"""Spellings of one word that are both right: British/American and older forms.

Extends ``normalize.british_american_equal`` with forms its suffix rules
miss ("ageing" / "aging", "programme" / "program", "judgement" /
"judgment", "grey" / "gray", "mould" / "mold", "enrol" / "enroll").
"""

from __future__ import annotations

import re
from functools import lru_cache

from citelint.fields.normalize import british_american_equal

_RULES = (
    (re.compile(r"eing$"), "ing"),  # ageing / aging
    (re.compile(r"dgement(s?)$"), r"dgment\1"),  # judgement / judgment
    (re.compile(r"amme(s?)$"), r"am\1"),  # programme / program
    (re.compile(r"^grey"), "gray"),
    (re.compile(r"^scep"), "skep"),  # sceptical / skeptical
    (re.compile(r"^(s?m)ould"), r"\1old"),  # mould / mold, smoulder / smolder
    (re.compile(r"(?<=\w{3})([^l])ll(s?)$"), r"\1l\2"),  # enroll / enrol, fulfills / fulfils
    (re.compile(r"ough$"), "ow"),  # plough / plow
)


def same_word(first: str, second: str) -> bool:
    """Whether two lower-case words are one word spelt two accepted ways."""
    return british_american_equal(first, second) or _key(first) == _key(second)


@lru_cache(maxsize=16384)
def _key(word: str) -> str:
    for pattern, replacement in _RULES:
        word = pattern.sub(replacement, word)
    return word
