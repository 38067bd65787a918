from __future__ import annotations

import pytest

from citelint.fields.names import (
    family_keys,
    has_full_name,
    initials,
    misspelt_family,
    mixed_up,
    name_places,
    not_printed,
    printed_at,
    printed_in_order,
    record_initials,
    same_family,
)
from citelint.model import Author


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


def test_packed_initials_may_be_printed_as_citation_software_reads_them() -> None:
    assert "D" in record_initials("DL")  # citeproc prints a deposited "DL" as "D."
    assert "JL" in record_initials("JP Lyra e")  # "e" joins names, as "y" does
    assert record_initials("Mark L.") == {"ML"}


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
    from citelint.fields.normalize import decode_latex

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


PEOPLE = [Author("Park", "Lucía"), Author("van der Visser", "Akira"), Author("Peters", "Priya")]


@pytest.mark.parametrize(("text", "in_order"), [
    ("Park, Lucía, Akira van der Visser, and Priya Peters. 2019.", True),
    ("Park L, Visser A, Peters P.", True),  # a particle left out
    ("PARK L, VAN DER VISSER A, PETERS P.", True),
    ("Park L, Peters P, Visser A.", False),
    ("Park L, Visser A.", False),
])
def test_printed_in_order(text: str, in_order: bool) -> None:
    assert printed_in_order(name_places(text), PEOPLE) is in_order


def test_printed_at_word_positions() -> None:
    places = name_places("Müller T, Mueller A, Smith J")
    assert printed_at(places, Author("Müller", "T")) == [0, 2]
    assert printed_at(places, Author("Jones", "A")) == []


@pytest.mark.parametrize(("printed", "person", "expected"), [
    (Author("Akira Visser", "Priya Peters"), PEOPLE[1], True),  # Visser's given name, Peters's family name
    (Author("Visser", "Priya Peters"), PEOPLE[1], True),
    (Author("van der Visser", "A."), PEOPLE[1], False),
    (Author("Visser", "Akira"), PEOPLE[1], False),
])
def test_mixed_up(printed: Author, person: Author, expected: bool) -> None:
    assert mixed_up(printed, person, PEOPLE) is expected


def test_not_printed_counts_namesakes() -> None:
    people = [Author("Xu", "Jun"), Author("Qu", "S"), Author("Xu", "Ren"), Author("Gao", "Wei")]
    assert not_printed(name_places("Xu, J., Qu, S. (2021). Title."), people) == {2, 3}
    assert not_printed(name_places("Xu J, Qu S, Xu R, Gao W. Title."), people) == set()
