"""A journal macro expands to a name that the journal comparison takes for the record's journal."""

from __future__ import annotations

import pytest

from citelint.fields.journal_macros import journal_macro
from citelint.fields.journals import same_title


@pytest.mark.parametrize(
    ("macro", "record_journal"),
    [
        ("\\apj", "The Astrophysical Journal"),
        ("\\apjs", "The Astrophysical Journal Supplement Series"),
        ("\\aap", "Astronomy & Astrophysics"),
        ("\\mnras", "Monthly Notices of the Royal Astronomical Society"),
        ("\\gca", "Geochimica et Cosmochimica Acta"),
        ("\\zap", "Zeitschrift für Astrophysik"),
        ("IEEE_J_PAMI", "IEEE Transactions on Pattern Analysis and Machine Intelligence"),
        ("IEEE_J_STARS", "IEEE Journal of Selected Topics in Applied Earth Observations and Remote Sensing"),
        ("IEEE_M_GRS", "IEEE Geoscience and Remote Sensing Magazine"),
        ("IEEE_J_PROC", "Proceedings of the IEEE"),
    ],
)
def test_the_expanded_macro_is_the_records_journal(macro: str, record_journal: str) -> None:
    expanded = journal_macro(macro)
    assert expanded is not None and same_title(expanded, record_journal)


@pytest.mark.parametrize("printed", ["\\textit", "GEO", "apj", "IEEE_J_NOSUCH"])
def test_other_names_are_no_journal(printed: str) -> None:
    assert journal_macro(printed) is None
