"""Damaged copies of fixture files, and the check every reader must pass on them."""

from __future__ import annotations

import random
from collections.abc import Callable

from citelint.model import Reference, SourceText
from citelint.readers import InputFailure

DAMAGE = '<>&;"\'{}[],:-\n \\#!*%@/éü\u2013\x00'


def mutations(text: str, count: int = 150) -> list[str]:
    """The text with a few characters deleted, inserted or cut off: damaged files, fixed seed."""
    rng = random.Random(7)
    found = []
    for _ in range(count):
        chars = list(text)
        for _ in range(rng.randint(1, 6)):
            at = rng.randrange(len(chars) + 1)
            roll = rng.random()
            if roll < 0.4 and chars:
                del chars[min(at, len(chars) - 1)]
            elif roll < 0.85:
                chars.insert(at, rng.choice(DAMAGE))
            else:
                del chars[at:]
        found.append("".join(chars))
    return found


def assert_damage_is_handled(text: str, reader: Callable[[SourceText], list[Reference]]) -> None:
    """Every damaged copy gives references whose spans hold together, or a one-line error."""
    for damaged in mutations(text):
        try:
            references = reader(SourceText("damaged", damaged))
        except InputFailure as failure:
            assert "\n" not in str(failure)
            continue
        for reference in references:
            assert damaged[reference.span.start : reference.span.end] == reference.text
            inner = [*reference.spans.values(), *(a.span for a in reference.authors if a.span)]
            assert all(reference.span.start <= span.start <= span.end <= reference.span.end for span in inner)
