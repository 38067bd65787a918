from __future__ import annotations

import pytest

from citelint.fields.journals import same_journal, same_title
from tests.helpers import make_record


@pytest.mark.parametrize(("printed", "name"), [
    ("Br J Psychiatry", "The British Journal of Psychiatry"),
    ("Br. J. Psychiatry", "British Journal of Psychiatry"),
    ("J. Am. Chem. Soc.", "Journal of the American Chemical Society"),
    ("N Engl J Med", "The New England Journal of Medicine"),
    ("New England Journal of Medicine", "N. Engl. J. Med."),
    ("Proc Natl Acad Sci U S A", "Proceedings of the National Academy of Sciences"),
    ("PNAS", "Proceedings of the National Academy of Sciences of the United States of America"),
    ("JAMA", "Journal of the American Medical Association"),
    ("Lancet", "The Lancet"),
    ("Lancet Oncol", "The Lancet Oncology"),
    ("Biochim Biophys Acta", "Biochimica et Biophysica Acta"),
    ("J Bone Joint Surg Am", "Journal of Bone and Joint Surgery. American volume"),
    ("J Bone Joint Surg", "The Journal of Bone & Joint Surgery"),
    ("J Paediatr Child Health", "Journal of Pediatrics and Child Health"),
    ("J Appl Physiol (1985)", "Journal of Applied Physiology"),
    ("Psycho-Oncology", "Psychooncology"),
    ("Z Naturforsch", "Zeitschrift für Naturforschung"),
    ("Cochrane Database Syst Rev", "Cochrane Database of Systematic Reviews"),
    ("PLoS ONE", "PLOS ONE"),
    ("Gut & Liver", "<i>Gut</i> &amp; Liver"),
    ("Behaviour Research and Therapy", "Behavior Research and Therapy"),
])
def test_same_journal(printed: str, name: str) -> None:
    assert same_title(printed, name)


@pytest.mark.parametrize(("printed", "name"), [
    ("Nature Communications", "Nature"),
    ("Nature Commun", "Nature"),
    ("Science", "Science Advances"),
    ("Cell", "Cells"),
    ("Cell Rep", "Cell"),
    ("Annals of Surgery", "Annals of Surgical Oncology"),
    ("J Neurosci", "Journal of the American Chemical Society"),
    ("Journal of Neuroscience", "Neuroscience"),
])
def test_different_journals(printed: str, name: str) -> None:
    assert not same_title(printed, name)


def test_record_short_titles_count() -> None:
    record = make_record(container="Proceedings of the National Academy of Sciences",
                         short_containers=["Proc. Natl. Acad. Sci. U.S.A."])
    assert same_journal("Proc Natl Acad Sci USA", record)
    assert not same_journal("Proc R Soc B", record)


@pytest.mark.parametrize(("printed", "name"), [
    ("Jou. Econo. The.", "Journal of Economic Theory"),  # "The." abbreviates "Theory"
    ("Front. Eco. Envir.", "Frontiers in Ecology and the Environment"),
    ("Physi. Rev. B", "Physical Review B"),
])
def test_abbreviations_no_record_lists(printed: str, name: str) -> None:
    assert same_title(printed, name)


def test_a_long_abbreviation_before_a_dot_is_no_subtitle() -> None:
    assert same_title("Inf. Process. Manag.", "Information Processing & Management")
    assert not same_title("Inf. Process. Lett.", "Information Processing & Management")
