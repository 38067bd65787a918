"""The Word reader: the reference list's paragraphs, Zotero fields, and what is not a Word document."""

from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path

import pytest

from citelint.app.config import Settings
from citelint.app.engine import check_references
from citelint.model import OFFLINE, REFERENCE_FIELDS, Reference, SourceText
from citelint.readers import InputFailure, docx
from citelint.readers.docx import read_docx

DOCX = Path(__file__).parents[2] / "fixtures" / "manuscripts" / "docx"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

EXPECTED = {
    "zotero.docx": [
        {"line": 5, "key": None, "title": "Suicide", "container": "New England Journal of Medicine", "year": "2020",
         "pages": "266–274", "doi": "10.1056/NEJMra1902944"},
        {"line": 6, "year": "2005", "volume": "62", "issue": "6", "pages": "617–593", "doi": "10.1001/archpsyc.62.6.593"},
        {"line": 7, "title": "Suicide worldwide in 2019: Global health estimates", "publisher": "World Health Organization"},
    ],
    "typed.docx": [
        {"line": 5, "key": "1.", "title": "Suicide", "container": "N Engl J Med", "pages": "266-74"},
        {"line": 7, "key": "2.", "container": "Arch Gen Psychiatry", "pages": "602-593"},
        {"line": 9, "key": "3.", "year": "2021"},
    ],
}


def read(name: str) -> tuple[SourceText, list[Reference]]:
    path = DOCX / name
    return read_docx(str(path), path.read_bytes())


# A German style sheet: Word localises style ids, not the built-in names.
STYLES = (f'<w:styles {W}><w:style w:type="paragraph" w:styleId="berschrift1"><w:name w:val="heading 1"/>'
          '</w:style><w:style w:styleId="Standard"><w:name w:val="Normal"/></w:style></w:styles>')


def document(body: str) -> bytes:
    """A minimal .docx: word/document.xml and word/styles.xml, which is all the reader opens."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", f'<?xml version="1.0"?><w:document {W}><w:body>{body}</w:body></w:document>')
        archive.writestr("word/styles.xml", STYLES)
    return buffer.getvalue()


def paragraph(text: str, style: str = "") -> str:
    properties = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{properties}<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_reference_paragraphs_fields_and_spans(name):
    source, references = read(name)
    assert len(references) == len(EXPECTED[name])
    lines = source.text.split("\n")
    for reference, expected in zip(references, EXPECTED[name]):
        assert reference.kind == "docx"
        assert reference.span.line == reference.span.end_line == expected.pop("line")
        assert lines[reference.span.line - 1].endswith(reference.text)
        for field, value in expected.items():
            assert getattr(reference, field) == value, (reference.index, field)
        for field in REFERENCE_FIELDS:
            value = getattr(reference, field) if field != "authors" else reference.authors
            if value and field not in ("type", "authors"):
                span = reference.spans[field]
                assert " ".join(source.text[span.start : span.end].split()) == value
                assert span.line == reference.span.line


@pytest.mark.parametrize(("name", "found"), [("zotero.docx", [(2, "CL102")]), ("typed.docx", [(2, "CL102")])])
def test_the_planted_error_is_reported_offline(name, found):
    _, references = read(name)
    results = check_references(references, [OFFLINE] * len(references), Settings(), today=datetime.date(2026, 11, 26))
    assert [(result.reference.index, finding.code) for result in results for finding in result.findings] == found


def test_cited_works_come_from_the_zotero_fields_when_no_list_is_printed():
    source, references = read("cited_only.docx")
    assert [(r.key, r.kind, r.doi, r.year, r.span.line) for r in references] == [
        ("101", "docx-csl", "10.1056/NEJMra1902944", "2020", 3),
        ("103", "docx-csl", None, "2021", 3),
        ("102", "docx-csl", "10.1001/archpsyc.62.6.593", "2005", 3),
    ]
    assert all(not reference.spans for reference in references)  # the item data is not printed
    assert "ADDIN" not in source.text  # field instructions are not text


@pytest.mark.parametrize("next_section", [paragraph("Tables", "Heading1"), paragraph("Überschrift", "berschrift1"),
                                          paragraph("Appendix A"), paragraph("Acknowledgements:")])
def test_heading_in_plain_text_and_list_ending_at_the_next_section(next_section):
    body = (paragraph("Introduction", "Heading1") + paragraph("Text.") + paragraph("5. References:")
            + paragraph("[1] Smith J. A title. J Biol. 2010;3:1-9.") + next_section + paragraph("Table 1."))
    source, references = read_docx("paper.docx", document(body))
    assert [(r.key, r.title, r.span.line) for r in references] == [("[1]", "A title", 4)]
    assert source.text.split("\n")[3] == "[1] Smith J. A title. J Biol. 2010;3:1-9."


def test_no_reference_list():
    _, references = read_docx("paper.docx", document(paragraph("Just text.")))
    assert references == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK\x03\x04 this is not really a zip", "paper.docx: not a Word document: not a zip archive"),
        (b"\x00\x01\x02 binary junk" * 50, "paper.docx: not a Word document: not a zip archive"),
        (b"", "paper.docx: not a Word document: not a zip archive"),
        ("zip-of-junk", "paper.docx: not a Word document: no word/document.xml in the archive"),
        ("broken-xml", "paper.docx: damaged Word document: word/document.xml line 1: mismatched tag"),
        ("entities", "paper.docx: word/document.xml declares entities: refused"),
        ("truncated", "paper.docx: "),
    ],
)
def test_what_is_not_a_word_document_gives_one_line(data, message):
    if data == "zip-of-junk":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("junk.bin", b"\x00\xff" * 100)
        data = buffer.getvalue()
    elif data == "broken-xml":
        data = document("<w:p><w:r></w:p>")
    elif data == "entities":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("word/document.xml", '<!DOCTYPE d [<!ENTITY a "aaaa">]><d>&a;</d>')
        data = buffer.getvalue()
    elif data == "truncated":
        data = (DOCX / "typed.docx").read_bytes()[:5000]
    with pytest.raises(InputFailure) as failure:
        read_docx("paper.docx", data)
    assert str(failure.value).startswith(message)
    assert "\n" not in str(failure.value)


def test_a_zip_bomb_is_refused_without_inflating_it(monkeypatch):
    monkeypatch.setattr(docx, "MAX_DOCUMENT_BYTES", 1024 * 1024)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<" + b"a" * (4 * 1024 * 1024))
    data = buffer.getvalue()
    assert len(data) < 20_000
    with pytest.raises(InputFailure) as failure:
        read_docx("bomb.docx", data)
    assert "too large" in str(failure.value)


def test_a_size_header_that_lies_is_caught_while_reading(monkeypatch):
    monkeypatch.setattr(docx, "MAX_DOCUMENT_BYTES", 1024 * 1024)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<" + b"a" * (4 * 1024 * 1024))
    data = bytearray(buffer.getvalue())
    # Both headers claim 100 bytes; zipfile then stops at 100 and reports the rest as a bad CRC.
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.find(signature)
        data[at + offset : at + offset + 4] = (100).to_bytes(4, "little")
    with pytest.raises(InputFailure) as failure:
        read_docx("bomb.docx", bytes(data))
    assert str(failure.value).startswith("bomb.docx: damaged Word document")


def test_a_million_line_document_is_refused_before_its_paragraphs_are_parsed(monkeypatch):
    # The 156 KB .docx gave 1.5 million "references"; the cap (lowered here to keep the test
    # small) refuses such a file before any paragraph is parsed, which is where the time went.
    import citelint.readers as readers

    monkeypatch.setattr(readers, "MAX_REFERENCES", 50)
    parsed: list[int] = []
    real = docx._printed
    monkeypatch.setattr(docx, "_printed", lambda *arguments: parsed.append(1) or real(*arguments))
    body = paragraph("References", "berschrift1") + "".join(paragraph(f"Smith J ({1900 + n}) T. J 1: 2.") for n in range(51))
    with pytest.raises(InputFailure) as refused:
        read_docx("huge.docx", document(body))
    assert "more than 50 references in one file (51)" in str(refused.value) and parsed == []
    assert len(read_docx("fine.docx", document(body.rsplit("<w:p>", 1)[0]))[1]) == 50
