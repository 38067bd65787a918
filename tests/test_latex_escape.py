from __future__ import annotations

import pytest

from citelint.app.fixer import apply, plan
from citelint.app.results import FileResult, ReferenceResult
from citelint.fields.latex_escape import escape_like, uses_latex_accents
from citelint.fields.normalize import decode_latex
from citelint.model import OFFLINE, Finding, Fix, SourceText
from citelint.readers.bibtex import read_bibtex


@pytest.mark.parametrize(
    ("replacement", "model", "expected"),
    [
        ("Müller", 'G{\\"u}nter', 'M{\\"u}ller'),
        ("Müller", 'G\\"{u}nter', 'M\\"{u}ller'),
        ("Çelik", "{\\'e}", "{\\c C}elik"),
        ("Dvořák", "{\\'e}", "Dvo{\\v r}{\\'a}k"),
        ("Reiß", "{\\'e}", "Rei{\\ss}"),
        ("plain", "{\\'e}", "plain"),
    ],
)
def test_accents_are_written_as_the_source_writes_them(replacement, model, expected):
    written = escape_like(replacement, model)
    assert written == expected
    assert decode_latex(written) == replacement


def test_detection():
    assert uses_latex_accents('title = {G{\\"u}nter}') and not uses_latex_accents("title = {Günter}")


@pytest.mark.parametrize(("accent_style", "expected"), [('{\\"o}', 'M{\\"u}ller'), ("ö", "Müller")])
def test_a_bib_fix_follows_the_files_accents(accent_style, expected):
    text = f"@article{{a,\n  author = {{Muller, J and Sch{accent_style}n, K}},\n  title = {{T}},\n  year = {{2010}},\n}}\n"
    source = SourceText("refs.bib", text)
    (reference,) = read_bibtex(source)
    author = reference.authors[0]
    span = source.span(author.span.start, author.span.start + len("Muller"))
    finding = Finding("CL206", "authors-mismatch", "error", "authors", "misspelt", span,
                      fix=Fix("Müller", "safe"))
    file = FileResult("refs.bib", text, (ReferenceResult(reference, OFFLINE, (finding,)),))
    fixed = apply(text, plan(file, unsafe=False, encoding="utf-8").edits)
    assert fixed.startswith(f"@article{{a,\n  author = {{{expected}, J and")
