from __future__ import annotations

import pytest

from citelint.fields.variants import same_word


@pytest.mark.parametrize(("first", "second", "same"), [
    ("ageing", "aging", True), ("programme", "program", True), ("judgement", "judgment", True),
    ("grey", "gray", True), ("mould", "mold", True), ("enrol", "enroll", True), ("behaviour", "behavior", True),
    ("could", "cold", False), ("call", "cal", False), ("model", "models", False), ("diagnosable", "diagnosing", False),
])
def test_spelling_variants(first: str, second: str, same: bool) -> None:
    assert same_word(first, second) is same
