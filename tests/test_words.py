"""The bundled word list and spelling suggestions, as tables."""

from __future__ import annotations

import pytest

from citelint.fields.words import is_derived, is_known, suggestions, word_list


def test_word_list_loads_once_with_common_words_first() -> None:
    words = word_list()
    assert word_list() is words
    assert len(words.known) > 200_000
    assert words.common_rank["the"] == 0
    assert set(words.common_rank) <= words.known


@pytest.mark.parametrize(
    ("word", "known"),
    [
        ("implementation", True),
        ("Implementation", True),
        ("transcriptome", True),
        ("pleiotropy", True),
        ("implmentation", False),
        ("rainfalll", False),
    ],
)
def test_is_known(word: str, known: bool) -> None:
    assert is_known(word) is known


@pytest.mark.parametrize(
    ("word", "best", "distance"),
    [
        ("implmentation", "implementation", 1),  # deletion
        ("vegetaiton", "vegetation", 1),  # swap of neighbours
        ("rainfalll", "rainfall", 1),  # insertion
        ("symposiun", "symposium", 1),  # substitution
        ("prsistnce", "persistence", 2),
    ],
)
def test_suggestions(word: str, best: str, distance: int) -> None:
    found = suggestions(word)
    assert (found[0].word, found[0].distance) == (best, distance)


def test_no_suggestion_far_from_every_common_word() -> None:
    assert suggestions("qxzvwj") == ()


def test_one_edit_only() -> None:
    assert all(suggestion.distance == 1 for suggestion in suggestions("prsistnce", max_distance=1))
    assert suggestions("prsistnce", max_distance=1) == ()


@pytest.mark.parametrize(
    ("word", "derived"),
    [
        ("covaries", True),  # co + varies
        ("remobilization", True),  # re + mobilization
        ("lungless", True),  # lung + less
        ("custodies", True),  # custody + es
        ("transcriptomes", True),
        ("implmentation", False),
        ("rainfalll", False),
        ("vegetaiton", False),
    ],
)
def test_is_derived(word: str, derived: bool) -> None:
    assert is_derived(word) is derived
