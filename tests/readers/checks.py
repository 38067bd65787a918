"""Checks every reader must pass: spans that hold together, on fixtures and on damaged copies of them."""

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


def assert_spans_consistent(source: SourceText, references: list[Reference]) -> None:
    """Every span slices the file to what the reference says is printed there."""
    for reference in references:
        span = reference.span
        assert source.text[span.start : span.end] == reference.text
        assert source.span(span.start, span.end) == span
        for name, field_span in reference.spans.items():
            assert span.start <= field_span.start < field_span.end <= span.end, name
            assert source.text[field_span.start : field_span.end] == reference.printed(name)
            assert source.span(field_span.start, field_span.end) == field_span
        for author in reference.authors:
            if author.span:
                assert span.start <= author.span.start < author.span.end <= span.end
