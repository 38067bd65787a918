"""Decoding input files: encodings, byte-order marks, line endings, and what is refused."""

from __future__ import annotations

import codecs
import importlib

import pytest

from citelint.app.errors import UsageError
from citelint.readers import (
    EXTENSIONS,
    INPUT_FORMATS,
    MAX_BYTES,
    READERS,
    InputFailure,
    decode,
    read,
    read_input,
    reader_name,
)

TEXT = "Müller, J (2010) Über alles. Zeitschrift, 3: 1–9.\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8"),
        (TEXT.encode("utf-16"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("utf-32"), "utf-32-le"),
        (TEXT.encode("cp1252"), "cp1252"),
        (TEXT.replace("–", "-").encode("latin-1"), "cp1252"),
        (b"Caf\xe9 \x81\n", "latin-1"),  # 0x81 is undefined in Windows-1252
    ],
)
def test_encodings_are_recognised(data, encoding):
    source = decode("refs.txt", data)
    assert source.encoding == encoding
    assert source.text.startswith(("Müller", "Caf"))
    assert not source.text.startswith("\ufeff")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"line one\nline two\n\x00\x01\x02", "refs.txt:3: binary file"),
        (codecs.BOM_UTF8 + b"ok\n\xff\xfe", "refs.txt:2: not valid utf-8"),
    ],
)
def test_unreadable_files_give_one_line_naming_file_and_line(data, message):
    with pytest.raises(InputFailure) as failure:
        decode("refs.txt", data)
    assert str(failure.value).startswith(message)
    assert "\n" not in str(failure.value)


def test_huge_files_are_refused_without_reading_them_whole():
    with pytest.raises(InputFailure) as failure:
        decode("big.txt", b"a" * (MAX_BYTES + 1))
    assert "file too large" in str(failure.value)


@pytest.mark.parametrize(
    ("text", "positions"),
    [
        ("a\nb\nc", [(0, (1, 1)), (2, (2, 1)), (4, (3, 1))]),
        ("a\r\nb\r\nc", [(3, (2, 1)), (6, (3, 1))]),
        ("a\rb\nc\r\nd", [(2, (2, 1)), (4, (3, 1)), (7, (4, 1))]),
    ],
)
def test_line_and_column_under_every_line_ending(text, positions):
    source = decode("x.txt", text.encode())
    for offset, expected in positions:
        assert source.position(offset) == expected


@pytest.mark.parametrize(
    ("path", "text", "reader"),
    [
        ("refs.bib", "anything", "bibtex"),
        ("refs.txt", "@article{x,}", "text"),
        ("refs", "% comment\n@article{x, title={T}}", "bibtex"),
        ("-", "Smith, J (2010) Title. Journal.", "text"),
    ],
)
def test_reader_by_extension_else_by_content(path, text, reader):
    assert reader_name(path, decode(path, text.encode())) == reader


@pytest.mark.parametrize("bom", [b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE])
def test_decoded_text_encodes_back_to_the_same_bytes(bom):
    encoding = {b"": "utf-8", codecs.BOM_UTF8: "utf-8", codecs.BOM_UTF16_LE: "utf-16-le", codecs.BOM_UTF16_BE: "utf-16-be"}[bom]
    data = bom + TEXT.replace("\n", "\r\n").encode(encoding)
    source = decode("x.txt", data)
    assert source.bom + source.text.encode(source.encoding) == data


def test_a_file_mixing_utf8_and_latin1_lines_is_refused_naming_the_line() -> None:
    data = "Müller J (2010) Über Seen. J Biol 3: 1-9.\n".encode() + "Gómez A (2011) Lagos. Rev 4: 2-3.\n".encode("latin-1")
    with pytest.raises(InputFailure) as refused:
        decode("refs.txt", data)
    assert refused.value.error.line == 2 and "mixes UTF-8 with another encoding" in str(refused.value)
    assert decode("refs.txt", "Gómez A (2011) Lagos.\n".encode("cp1252")).text == "Gómez A (2011) Lagos.\n"


def test_windows_1252_text_that_happens_to_hold_a_utf8_sequence_is_read_as_windows_1252() -> None:
    # "é––" in Windows-1252 is E9 96 96, a valid three-byte UTF-8 character after another "é".
    text = "Gómez A (2011) Lagos éé––. Rev 4: 2-3.\n"
    source = decode("refs.txt", text.encode("cp1252"))
    assert (source.text, source.encoding) == (text, "cp1252")
    mixed = "Müller – J.\n".encode() + "Gómez A.\n".encode("cp1252")
    with pytest.raises(InputFailure, match="mixes UTF-8"):
        decode("refs.txt", mixed)


def test_every_input_format_has_a_reader_that_imports() -> None:
    for name, found in READERS.items():
        assert callable(getattr(importlib.import_module(found.module), found.function)), name
    assert set(EXTENSIONS.values()) <= set(READERS) and INPUT_FORMATS == tuple(sorted(READERS))


def test_an_unknown_format_is_refused_in_one_line() -> None:
    with pytest.raises(UsageError, match=r"^unknown input format 'tex': expected one of bibtex, .*text$"):
        read(decode("refs.tex", b"\\bibitem{a} A."), "tex")


def test_a_word_document_goes_through_the_same_dispatch(tmp_path) -> None:
    from tests.readers.test_docx import document, paragraph

    path = tmp_path / "paper.docx"
    path.write_bytes(document(paragraph("References", "berschrift1")
                              + paragraph("Smith, J. (2010). Deep learning of citations. Journal of Examples, 12(3), 45-67.")))
    source, name, references = read_input(str(path))
    assert name == "docx" and [reference.kind for reference in references] == ["docx"]
    assert references[0].text in source.text
    forced = tmp_path / "paper.bin"
    forced.write_bytes(path.read_bytes())
    _, name, by_name = read_input(str(forced), "docx")  # named on the command line: --input-format docx
    assert name == "docx" and [reference.text for reference in by_name] == [reference.text for reference in references]
