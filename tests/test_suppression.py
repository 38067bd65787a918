from __future__ import annotations

import pytest

from citelint.model import SourceText
from citelint.readers.suppression import find_suppressions, suppresses


@pytest.mark.parametrize(
    ("text", "codes", "reason", "until"),
    [
        ("% citelint: ignore[CL101]", ("CL101",), None, None),
        ('% citelint: ignore[cl101, CL2] reason="erratum due" until=2027-06-30', ("CL101", "CL2"), "erratum due", "2027-06-30"),
        ("# citelint: ignore[CL3] reason='grey literature'", ("CL3",), "grey literature", None),
        ("// citelint:ignore[CL1]", ("CL1",), None, None),
        ("<!-- citelint: ignore[CL301] until=2030-01-01 -->", ("CL301",), None, "2030-01-01"),
        ("<!-- citelint: ignore[] -->", (), None, None),
    ],
)
def test_directives_are_parsed(text, codes, reason, until):
    source = SourceText("x", "Reference text\n" + text + "\n")
    (suppression,) = find_suppressions(source, 0, len(source.text))
    assert (suppression.codes, suppression.reason, suppression.until) == (codes, reason, until)
    assert suppression.span.line == 2


@pytest.mark.parametrize("text", ["citelint: ignore[CL1]", "% citelint ignore[CL1]", "% citelint: noqa"])
def test_text_that_is_not_a_directive(text):
    assert find_suppressions(SourceText("x", text), 0, len(text)) == ()


def test_only_the_given_region_is_searched():
    source = SourceText("x", "% citelint: ignore[CL1]\nref\n% citelint: ignore[CL2]\n")
    assert [s.codes for s in find_suppressions(source, 24, len(source.text))] == [("CL2",)]


@pytest.mark.parametrize(
    ("codes", "code", "covered"),
    [(("CL1",), "CL101", True), (("CL101",), "CL102", False), ((), "CL203", True), (("CL2", "CL301"), "CL301", True)],
)
def test_codes_are_prefixes(codes, code, covered):
    from citelint.model import Span, Suppression

    assert suppresses(Suppression(codes=codes, span=Span(0, 0, 1, 1, 1, 1)), code) is covered


def test_hostile_directive_is_bounded():
    text = "% citelint: ignore[" + "CL1," * 100_000 + "]"
    assert find_suppressions(SourceText("x", text), 0, len(text)) == ()
