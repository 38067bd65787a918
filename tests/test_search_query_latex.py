"""What a bibliographic search sends for LaTeX-written references: decoded text, not source."""

from __future__ import annotations

from citelint.match.printed import search_query
from citelint.model import SourceText
from citelint.readers.bibtex import read_bibtex
from citelint.readers.latex import read_latex


def _bib(text: str) -> str:
    (reference,) = read_bibtex(SourceText("refs.bib", text))
    return search_query(reference)


def test_a_bib_entry_is_searched_by_its_decoded_fields() -> None:
    query = _bib(
        "@article{reiss2019,\n  author = {Rei{\\ss}, Julia and M{\\\"o}ller, Hans},\n"
        "  title = {{Cortical} dynamics of {EEG}},\n  journal = {NeuroImage},\n"
        "  year = {2019}, volume = {12}, pages = {82--96},\n"
        "  adsnote = {Provided by the SAO/NASA Astrophysics Data System},\n"
        "  doi = {10.1016/j.x.2019.01.001}}\n"
    )
    assert query == "Reiß Möller Cortical dynamics of EEG NeuroImage 2019 12 82--96"


def test_a_bibitem_is_decoded_and_its_braces_dropped() -> None:
    source = SourceText(
        "paper.tex",
        "\\begin{thebibliography}{1}\n\\bibitem{a} J.~Rei{\\ss} and K.~M{\\\"o}ller, "
        "{\\em Cortical dynamics}, NeuroImage 12 (2019) 82--96.\n\\end{thebibliography}\n",
    )
    (reference,) = read_latex(source)
    assert "Reiß" in search_query(reference)
    assert "{" not in search_query(reference) and "\\" not in search_query(reference)
