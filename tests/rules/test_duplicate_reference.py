"""CL106 with the matches of the whole file, which the YAML cases cannot give."""

from __future__ import annotations

import datetime

import pytest

from citelint.model import OFFLINE, Match
from citelint.rules import duplicate_reference
from citelint.rules._rule import Context
from tests.helpers import make_record, make_reference, matched

FIRST = make_reference("[1] Smith J (2010) The ecology of ponds. J Biol 31: 82-96.", index=1, title="The ecology of ponds")
SECOND = make_reference("[2] J. Smith, J. Biol. 31, 82 (2010).", index=2, pages="82")
RECORD = make_record("10.1234/ponds", title="The ecology of ponds")


@pytest.mark.parametrize(
    ("first_match", "second_match", "found"),
    [
        (matched(RECORD), matched(RECORD), True),
        (matched(RECORD, confidence=0.8), matched(RECORD), False),  # a loose match may join two works
        (matched(RECORD), matched(make_record("10.1234/lakes")), False),
        (OFFLINE, OFFLINE, False),
    ],
)
def test_same_record_under_different_forms(first_match: Match, second_match: Match, found: bool) -> None:
    references = [FIRST, SECOND]
    context = Context(
        options=None, references=references, today=datetime.date(2026, 11, 26), matches=[first_match, second_match]
    )
    diagnostics = list(duplicate_reference.check(SECOND, second_match, context))
    assert bool(diagnostics) is found
    if found:
        assert "reference 1" in diagnostics[0].message and "10.1234/ponds" in diagnostics[0].message
