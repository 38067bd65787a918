"""Splitting a reference list into references: numbering, wrapping, paragraphs, comments, suppressions."""

from __future__ import annotations

import pytest

from citelint.model import SourceText
from citelint.readers.text import read_text

A = "Smith J, Jones K. Peer support in crisis teams. Br J Psychiatry 2019;214:1-5."
B = "Department of Health (2007) Best Practice Guidance. Care Services Improvement Partnership."
C = "Fazel, S, Wolf, A (2020) Prediction of suicide. Lancet Psychiatry, 31: 8296."


def read(text: str):
    return read_text(SourceText("refs.txt", text))


@pytest.mark.parametrize(
    ("text", "expected_texts", "expected_keys"),
    [
        pytest.param(f"{A}\n{B}\n{C}\n", [A, B, C], [None] * 3, id="one-per-line"),
        pytest.param(f"References\n\n{A}\n{B}\n", [A, B], [None] * 2, id="heading-skipped"),
        pytest.param(f"## Bibliography\n{A}\n", [A], [None], id="markdown-heading"),
        pytest.param(f"1. {A}\n2. {B}\n3) {C}\n", [A, B, C], ["1.", "2.", "3)"], id="numbered-dot"),
        pytest.param(f"[1] {A}\n[2] {B}\n", [A, B], ["[1]", "[2]"], id="numbered-brackets"),
        pytest.param(f"(1) {A}\n(2) {B}\n", [A, B], ["(1)", "(2)"], id="numbered-parentheses"),
        pytest.param(f"1 {A}\n2 {B}\n", [A, B], ["1", "2"], id="numbered-bare"),
        pytest.param(
            "1. Smith J, Jones K. Peer support in crisis\n   teams. Br J Psychiatry 2019;214:1-5.\n2. " + B + "\n",
            ["Smith J, Jones K. Peer support in crisis\n   teams. Br J Psychiatry 2019;214:1-5.", B],
            ["1.", "2."],
            id="numbered-wrapped",
        ),
        pytest.param(
            "Department of Health (2007) Best Practice Guidance.\n    Care Services Improvement Partnership.\n" + A + "\n",
            ["Department of Health (2007) Best Practice Guidance.\n    Care Services Improvement Partnership.", A],
            [None, None],
            id="hanging-indent",
        ),
        pytest.param(
            "Smith J, Jones K. Peer support in crisis teams. Br J\nPsychiatry 2019;214:1-5.\n" + B + "\n",
            ["Smith J, Jones K. Peer support in crisis teams. Br J\nPsychiatry 2019;214:1-5.", B],
            [None, None],
            id="unfinished-line-continues",
        ),
        pytest.param(
            "Smith J, Jones K. Peer support in crisis teams and\nthe rest. Br J Psychiatry 2019;214:1-5.\n",
            ["Smith J, Jones K. Peer support in crisis teams and\nthe rest. Br J Psychiatry 2019;214:1-5."],
            [None],
            id="lower-case-start-continues",
        ),
        pytest.param(
            f"{A[:40]}\n{A[41:]}\n\n{B[:30]}\n{B[31:]}\n\n{C}\n",
            [f"{A[:40]}\n{A[41:]}", f"{B[:30]}\n{B[31:]}", C],
            [None] * 3,
            id="paragraphs",
        ),
        pytest.param(f"{A}\r\n{B}\r\n", [A, B], [None] * 2, id="crlf"),
        pytest.param(f"# a comment\n% another\n// third\n<!-- fourth -->\n{A}\n", [A], [None], id="comments"),
        pytest.param("", [], [], id="empty"),
    ],
)
def test_split(text: str, expected_texts: list[str], expected_keys: list[str | None]) -> None:
    references = read(text)
    assert [r.text for r in references] == expected_texts
    assert [r.key for r in references] == expected_keys
    assert [r.index for r in references] == list(range(1, len(expected_texts) + 1))
    for reference in references:
        assert text[reference.span.start : reference.span.end] == reference.text
        assert reference.kind == "text" and reference.file == "refs.txt"


def test_fields_are_parsed_with_file_spans() -> None:
    text = f"References\n\n1. {A}\n2. {C}\n"
    second = read(text)[1]
    assert (second.volume, second.pages) == ("31", "8296")
    span = second.spans["pages"]
    assert text[span.start : span.end] == "8296"
    assert (span.line, span.column) == (4, text.splitlines()[3].index("8296") + 1)


def test_suppression_on_the_line_before_applies_to_the_next_reference() -> None:
    text = f'{A}\n# citelint: ignore[CL101,CL2] reason="checked by hand" until=2027-06-30\n{B}\n'
    first, second = read(text)
    assert first.suppressions == ()
    (suppression,) = second.suppressions
    assert suppression.codes == ("CL101", "CL2")
    assert suppression.reason == "checked by hand" and suppression.until == "2027-06-30"
    assert text[suppression.span.start : suppression.span.end].startswith("# citelint:")


def test_trailing_suppression_is_not_part_of_the_reference() -> None:
    text = f"{A}  <!-- citelint: ignore[CL2] -->\n{B}\n"
    first, second = read(text)
    assert first.text == A
    assert [s.codes for s in first.suppressions] == [("CL2",)]
    assert second.suppressions == ()


def test_blank_line_detaches_a_comment_from_the_reference_after_it() -> None:
    text = f"% citelint: ignore[CL1]\n\n{A}\n"
    (reference,) = read(text)
    assert reference.suppressions == ()


def test_junk_lines_are_kept_as_unparsable_references() -> None:
    text = f"{A}\n\x01\x02\x03 \x7f\ufffd\ufffd\n"
    references = read(text)
    assert len(references) == 2
    assert references[1].parse_problem


def test_a_long_list_reads_every_reference() -> None:
    lines = [A, B, C] * 2000
    references = read("\n".join(lines) + "\n")
    assert len(references) == 6000
    assert references[-1].index == 6000 and references[-1].text == C


def test_crlf_paragraphs_keep_wrapped_lines_together() -> None:
    text = f"{A[:40]}\r\n{A[41:]}\r\n\r\n{B}\r\n\r\n{C}"
    assert [r.text for r in read(text)] == [f"{A[:40]}\r\n{A[41:]}", B, C]


def test_a_line_starting_with_a_name_particle_starts_a_reference() -> None:
    first = "van Os, J, Kapur, S (2009) Schizophrenia. Lancet, 374: 635-645."
    second = "da Silva, A (2010) Lithium. Acta Psychiatrica Scandinavica, 12: 1-9."
    assert [r.text for r in read(f"{A}\n{first}\n{second}\n")] == [A, first, second]


def test_first_line_indent_starts_each_reference() -> None:
    text = f"    {A[:40]}\n{A[41:]}\n    {B}\n    {C}\n"
    assert [r.text for r in read(text)] == [f"{A[:40]}\n{A[41:]}", B, C]


def test_a_blank_line_ends_a_reference_in_a_plain_list() -> None:
    unfinished = "Smith J, Jones K. Peer support in crisis teams and"
    assert [r.text for r in read(f"{unfinished}\n\n{B}\n")] == [unfinished, B]


def test_groups_of_one_line_references_are_not_paragraphs() -> None:
    assert [r.text for r in read(f"{A}\n{B}\n\n{C}\n{A}\n")] == [A, B, C, A]


def wrap(lines: list[str], layout: str) -> str:
    """A reference list hard-wrapped at 78 columns in one of the common layouts."""
    import textwrap

    entries = []
    for number, line in enumerate(lines, 1):
        pieces = textwrap.wrap(line, 78, break_long_words=False, break_on_hyphens=False)
        if layout == "hanging":
            entries.append("\n    ".join(pieces))
        elif layout == "numbered":
            entries.append(f"{number}. " + "\n   ".join(pieces))
        elif layout == "paragraphs":
            entries.append("\n".join(pieces) + "\n")
        else:
            entries.append("\n".join(pieces))
    return "\n".join(entries) + "\n"


def corpus_sample() -> list[str]:
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "fixtures" / "parsing" / "dev.jsonl"
    rows = [json.loads(row)["text"] for row in path.open(encoding="utf-8")]
    return rows[::5]


@pytest.mark.parametrize(("layout", "least_intact"), [("hanging", 1.0), ("numbered", 1.0), ("paragraphs", 1.0),
                                                      ("wrapped", 0.95)])
def test_wrapped_lists_come_back_whole(layout: str, least_intact: float) -> None:
    lines = corpus_sample()
    references = read(wrap(lines, layout))
    intact = {" ".join(reference.text.split()) for reference in references} & set(lines)
    assert len(intact) >= least_intact * len(set(lines))


def test_hostile_lists_read_in_bounded_time() -> None:
    from tests.readers.test_refstring import HOSTILE, time_guard

    text = "\n".join([A, *HOSTILE.values(), " " * 10000 + "citelint: x", "1. " + "x/" * 5000, B]) + "\n"
    with time_guard(30):
        references = read(text)
    assert references[0].text == A and references[-1].text == B


AIP = [
    "1 B. Sulik-Tyszka and M. Wróblewska, Forum Zakażeń 8, 89 (2017).",
    "2 R.E. Money-Kyrle, The Journal of Nervous and Mental Disease 81, 356 (1935).",
    "3Journal of the Neurological Sciences 174, 47 (2000).",
    "4 W.R. Andrews, N.M. Targett, and C.E. Epifanio, Journal of Experimental Marine Biology 191, 5 (1995).",
    "5JAMA 301, 1182 (2009).",
    "6(1937).",
    "7 D.S. Liyanapathirana, GeoCongress 2008 (2008).",
]


def test_a_list_of_one_reference_a_line_is_that_many_references_whatever_its_numbering() -> None:
    references = read("\n".join(AIP) + "\n")
    assert [reference.key for reference in references] == [str(number) for number in range(1, 8)]
    assert references[2].text == "Journal of the Neurological Sciences 174, 47 (2000)."


def test_lines_opening_with_a_digit_or_lower_case_are_references_in_a_one_a_line_list() -> None:
    lines = [A, "97/00024 Establishment of stages of the thermal degradation of coals. (1997). Fuel, 38(1), 3.",
             "de Souza, J. (2001). Another study of coal combustion in practice. Fuel, 80(2), 11-19.", B, C]
    assert [reference.text for reference in read("\n".join(lines) + "\n")] == lines


def test_a_wrapped_numbered_list_survives_a_label_it_cannot_see() -> None:
    text = wrap([line.split(" ", 1)[1] if line[1] == " " else line[1:] for line in AIP], "numbered")
    text = text.replace("3. ", "3.", 1).replace("5. ", "", 1)  # one label glued, one lost
    references = read(text)
    assert len(references) == 6
    assert references[3].text.endswith("(1995).\nJAMA 301, 1182 (2009).")


def test_every_style_of_the_benchmark_splits_into_its_400_lines() -> None:
    from pathlib import Path

    folder = Path(__file__).resolve().parents[2] / "fixtures" / "styles"
    for path in sorted(folder.glob("*.clean.txt")):
        assert len(read(path.read_text(encoding="utf-8"))) == 400, path.name


@pytest.mark.parametrize("style", ["ieee", "american-institute-of-physics"])
def test_a_numbered_list_wrapped_narrow_comes_back_whole(style: str) -> None:
    """At 60 columns most lines carry no number, and some open with one that is none ("409 pp. ...")."""
    import re
    import textwrap
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "fixtures" / "styles" / f"{style}.clean.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    text = "\n".join(textwrap.fill(line, 60, break_on_hyphens=False) for line in lines) + "\n"
    references = read(text)
    assert [" ".join(reference.text.split()) for reference in references] == [
        " ".join(re.sub(r"^(?:\[\d+\]|\d+ ?)", "", line).split()) for line in lines]


def test_a_line_after_a_full_one_starts_a_reference_only_if_it_opens_one() -> None:
    first = ("Lichtenstein, B. R., & Höcker, B. (2018). Engineering an AB5 Protein Carrier. Scientific Reports, "
             "8(1).")
    second = ("Asim, K., Selman, Y., Suleyman, Y., Ozgur, K., Ozlem, B., & Gokhan, E. (2016). Heart Attack in the "
              "Course of Lithium Overdose. Iranian Red Crescent Medical Journal, 18(7).")
    third = "Earle, R. (2017). Promoting Potatoes in Eighteenth-Century Europe. Eighteenth-Century Studies, 51(2), 147–162."
    text = ("Lichtenstein, B. R., & Höcker, B. (2018). Engineering an AB5 Protein Carrier.\nScientific Reports, 8(1).\n"
            "Asim, K., Selman, Y., Suleyman, Y., Ozgur, K., Ozlem, B., & Gokhan, E. (2016).\nHeart Attack in the "
            "Course of Lithium Overdose. Iranian Red Crescent Medical Journal, 18(7).\n"
            "Earle, R. (2017). Promoting Potatoes in Eighteenth-Century Europe. Eighteenth-Century\nStudies, 51(2), "
            "147–162.\n")
    assert [" ".join(reference.text.split()) for reference in read(text)] == [first, second, third]
