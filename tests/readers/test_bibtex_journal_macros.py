"""Journals written as macros defined outside the .bib: AASTeX control words (ADS exports) and IEEEabrv strings."""

from __future__ import annotations

import pytest

from citelint.model import SourceText
from citelint.readers.bibtex import read_bibtex


def _container(journal: str) -> str | None:
    (reference,) = read_bibtex(SourceText("refs.bib", f"@article{{a, title={{T}}, year=2014, journal={journal}}}\n"))
    return reference.container


@pytest.mark.parametrize(
    ("journal", "expected"),
    [
        ("{\\apj}", "The Astrophysical Journal"),
        ("{\\apjl}", "The Astrophysical Journal Letters"),
        ("{\\mnras}", "Monthly Notices of the Royal Astronomical Society"),
        ('"{\\aap}"', "Astronomy and Astrophysics"),
        ("{\\aj}", "The Astronomical Journal"),
        ("{\\nat}", "Nature"),
        ("IEEE_J_PAMI", "IEEE Trans. Pattern Anal. Mach. Intell."),
        ("ieee_j_stars", "IEEE J. Sel. Topics Appl. Earth Observ. Remote Sens."),
    ],
)
def test_a_journal_macro_reads_as_its_journal(journal: str, expected: str) -> None:
    assert _container(journal) == expected


def test_the_files_own_string_wins_over_the_known_macro() -> None:
    text = '@string{IEEE_J_PAMI = "PAMI"}\n@article{a, title={T}, year=2014, journal=IEEE_J_PAMI}\n'
    (reference,) = read_bibtex(SourceText("refs.bib", text))
    assert reference.container == "PAMI"


@pytest.mark.parametrize("journal", ["GEO", "{\\unknownjournal}", "{IEEE_J_PAMI} # GEO"])
def test_an_unknown_macro_is_no_journal(journal: str) -> None:
    assert _container(journal) is None
