from __future__ import annotations

import pytest

from citelint.model import Author
from citelint.names import (
    family_keys,
    has_full_name,
    initials,
    misspelt_family,
    record_initials,
    same_family,
)


@pytest.mark.parametrize(("given", "expected"), [
    ("Mark L.", "ML"),
    ("M. L.", "ML"),
    ("M.L.", "ML"),
    ("ML", "ML"),
    ("M.-L.", "ML"),
    ("Marie-Louise", "ML"),
    ("Ml", "M"),  # a mangled "ML" reads as one name
    ("MARK L.", "ML"),  # a name in capitals, not a run of initials
    ("TGMF", "TGMF"),
    ("Jan van der", "J"),
    ("John Jr.", "J"),
    ("Émile", "E"),
    ("{\\'E}mile", "E"),
    ("", ""),
])
def test_initials(given: str, expected: str) -> None:
    assert initials(given) == expected


def test_hyphenated_names_may_be_abbreviated_to_one_initial() -> None:
    assert record_initials("Jean-Pierre") == {"JP", "J"}


@pytest.mark.parametrize(("given", "expected"), [
    ("Mark", True), ("Mark L.", True), ("M. L.", False), ("ML", False), ("Ml", False), ("MARK", False),
])
def test_has_full_name(given: str, expected: bool) -> None:
    assert has_full_name(given) is expected


@pytest.mark.parametrize(("printed", "record", "same"), [
    (("Smith", "J"), ("Smith", "John"), True),
    (("SMITH", "J"), ("Smith", "John"), True),
    (("Muller", "T"), ("Müller", "Thomas"), True),
    (("Mueller", "T"), ("Müller", "Thomas"), True),
    (("Soerensen", "T"), ("Sørensen", "Thomas"), True),
    (("M{\\\"u}ller", "T"), ("Müller", "Thomas"), True),
    (("Smith-Jones", "A"), ("Smith Jones", "Anna"), True),
    (("Shear", "K"), ("Liptzin Shear", "Katherine"), True),
    (("Liptzin-Shear", "K"), ("Liptzin Shear", "Katherine"), True),
    (("Berg", "J. van der"), ("van der Berg", "Jan"), True),
    (("Van Der Berg", "J"), ("van der Berg", "Jan"), True),
    (("Della Rocca", "G"), ("DellaRocca", "Giorgio"), True),
    (("Hayward", "M"), ("Mark", "Hayward"), True),  # the depositor swapped given and family
    (("Smith", "J"), ("Smyth", "John"), False),
    (("Berg", "J"), ("Bergman", "Jan"), False),
])
def test_same_family(printed: tuple[str, str], record: tuple[str, str], same: bool) -> None:
    from citelint.normalize import decode_latex

    author = Author(family=decode_latex(printed[0]), given=printed[1])
    assert same_family(author, Author(family=record[0], given=record[1])) is same


def test_family_keys_of_a_particle_name() -> None:
    assert family_keys(Author("van der Berg", "J.")) == {"vanderberg", "berg"}



@pytest.mark.parametrize(("printed", "record", "misspelt"), [
    ("Smiht", "Smith", True),
    ("Philips", "Phillips", True),
    ("Rico-Guevrra", "Rico-Guevara", True),
    ("Mueller", "Müller", False),
    ("Shear", "Liptzin Shear", False),
    ("Li", "Lu", False),  # too short to tell
    ("Smith", "Smyth", True),
    ("Johnson", "Jackson", False),
])
def test_misspelt_family(printed: str, record: str, misspelt: bool) -> None:
    assert misspelt_family(Author(family=printed), Author(family=record)) is misspelt
