"""Properties of fixing: only the edited spans change, in every encoding and line ending."""

from __future__ import annotations

import codecs
import random
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citelint.app.fixer import Edit, after_fixes, apply, fix_files, plan
from citelint.app.results import Report
from citelint.model import Finding, Fix, SourceText
from citelint.readers import decode
from tests.test_fixer import make_file, make_finding

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FILE_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])  # each writes a file

# Line breaks of every kind, dashes, accents, a character outside Windows-1252 and one outside the BMP.
ALPHABET = "ab 1-.,{}\t\r\n\r\néü–—ő😀"
CP1252_ALPHABET = "ab 1-.,{}\t\r\n\r\néü–—"
ENCODINGS = {  # label: (encoding, byte-order mark, characters it can hold)
    "utf-8": ("utf-8", b"", ALPHABET),
    "utf-8 with BOM": ("utf-8", codecs.BOM_UTF8, ALPHABET),
    "utf-16-le with BOM": ("utf-16-le", codecs.BOM_UTF16_LE, ALPHABET),
    "utf-16-be with BOM": ("utf-16-be", codecs.BOM_UTF16_BE, ALPHABET),
    "cp1252": ("cp1252", b"", CP1252_ALPHABET),
}


@st.composite
def fixes_for(draw, length: int, *, overlapping: bool = False):
    """Fixes at random spans of a text: disjoint ones, or any (overlapping, repeated, insertions)."""
    if overlapping:
        starts = draw(st.lists(st.integers(0, length), max_size=8))
        spans = [(start, min(length, start + draw(st.integers(0, 12)))) for start in starts]
    else:
        cuts = sorted(draw(st.lists(st.integers(0, length), max_size=12)))
        spans = list(zip(cuts[::2], cuts[1::2]))
    return [(start, end, draw(st.text(alphabet=ALPHABET, max_size=6)), draw(st.sampled_from(["safe", "unsafe"])))
            for start, end in spans]


@st.composite
def text_and_fixes(draw, *, overlapping: bool = False):
    text = draw(st.text(alphabet=ALPHABET, max_size=80))
    return text, draw(fixes_for(len(text), overlapping=overlapping))


def findings_for(source: SourceText, fixes) -> list[Finding]:
    return [make_finding(source, start, end, replacement, applicability, on_fix=index % 2 == 0)
            for index, (start, end, replacement, applicability) in enumerate(fixes)]


def assert_only_edits_changed(old: str, new: str, edits: tuple[Edit, ...]) -> None:
    """Walk both texts: outside the edits they are the same characters, in the same order."""
    cursor_old = cursor_new = 0
    for edit in edits:
        kept = old[cursor_old : edit.start]
        assert new[cursor_new : cursor_new + len(kept)] == kept
        cursor_new += len(kept)
        assert new[cursor_new : cursor_new + len(edit.replacement)] == edit.replacement
        cursor_new += len(edit.replacement)
        cursor_old = edit.end
    assert new[cursor_new:] == old[cursor_old:]


def fix_of(finding: Finding) -> Fix:
    assert finding.fix is not None
    return finding.fix


def edit_of(finding: Finding) -> Edit:
    span = fix_of(finding).span or finding.span
    return Edit(span.start, span.end, fix_of(finding).replacement)


def collide(a: Edit, b: Edit) -> bool:
    return a.start == b.start or (a.start < b.end and b.start < a.end)


@SETTINGS
@given(text_and_fixes(overlapping=True), st.booleans())
def test_only_the_chosen_spans_change(case, unsafe: bool) -> None:
    text, fixes = case
    source = SourceText("refs.txt", text)
    findings = findings_for(source, fixes)
    result = plan(make_file(source, findings), unsafe=unsafe, encoding="utf-8")
    for before, after in zip(result.edits, result.edits[1:]):
        assert before.end <= after.start and before.start != after.start
    new = apply(text, result.edits)
    assert_only_edits_changed(text, new, result.edits)
    # A chosen edit collides with no other candidate (an unsafe one with no candidate at all).
    candidates = [(edit_of(f), fix_of(f).applicability) for f in result.fixed + tuple(u.finding for u in result.conflicts)]
    for edit in result.edits:
        safe = any(other == edit and kind == "safe" for other, kind in candidates)
        rivals = [other for other, kind in candidates if other != edit and (kind == "safe" or not safe)]
        assert not [other for other in rivals if collide(edit, other)]
    # Every finding is fixed, in conflict, skipped or hidden, and only one of these.
    accounted = [id(f) for f in result.fixed] + [id(u.finding) for u in result.conflicts + result.skipped]
    assert len(accounted) == len(set(accounted)) == len(findings) - result.unsafe_hidden
    # The decision does not depend on the order the findings come in.
    shuffled = list(findings)
    random.Random(len(text)).shuffle(shuffled)
    assert plan(make_file(source, shuffled), unsafe=unsafe, encoding="utf-8").edits == result.edits


@SETTINGS
@given(text_and_fixes())
def test_fixing_twice_is_fixing_once(case) -> None:
    text, fixes = case
    source = SourceText("refs.txt", text)
    first = plan(make_file(source, findings_for(source, fixes)), unsafe=True, encoding="utf-8")
    once = apply(text, first.edits)
    # The same fixes again, at the places their text now stands in the fixed file.
    again_source = SourceText("refs.txt", once)
    shift, again = 0, []
    for edit in first.edits:
        start = edit.start + shift
        again.append((start, start + len(edit.replacement), edit.replacement, "safe"))
        shift += len(edit.replacement) - (edit.end - edit.start)
    second = plan(make_file(again_source, findings_for(again_source, again)), unsafe=True, encoding="utf-8")
    assert second.edits == ()
    assert apply(once, second.edits) == once


@FILE_SETTINGS
@given(st.sampled_from(sorted(ENCODINGS)), st.data())
def test_encoding_and_line_endings_round_trip(encoding_label: str, data) -> None:
    encoding, bom, alphabet = ENCODINGS[encoding_label]
    text = data.draw(st.text(alphabet=alphabet, max_size=80))
    original = bom + text.encode(encoding)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "refs.bib"
        path.write_bytes(original)
        source = decode(str(path), path.read_bytes())
        # Decoding may pick another encoding (plain ASCII reads as UTF-8) but always gives the bytes back.
        assert source.bom + source.text.encode(source.encoding) == original
        findings = findings_for(source, data.draw(fixes_for(len(source.text))))
        outcome = fix_files(Report((make_file(source, findings),)), {source.path: source}, unsafe=True, write=True)

        assert outcome.errors == ()
        edits = outcome.files[0].plan.edits
        expected, cursor = [source.bom], 0
        for edit in edits:
            expected += [source.text[cursor : edit.start].encode(source.encoding), edit.replacement.encode(source.encoding)]
            cursor = edit.end
        expected.append(source.text[cursor:].encode(source.encoding))
        written = path.read_bytes()
        assert written == b"".join(expected)
        assert decode(str(path), written).text == apply(source.text, edits)
        assert [child.name for child in Path(folder).iterdir()] == ["refs.bib"]


@SETTINGS
@given(text_and_fixes(overlapping=True))
def test_remaining_findings_point_at_the_same_text_after_fixing(case) -> None:
    text, fixes = case
    source = SourceText("refs.txt", text)
    file = make_file(source, findings_for(source, fixes))
    result = plan(file, unsafe=True, encoding="utf-8")
    new_text = apply(text, result.edits)
    after = after_fixes(file, result, new_text)
    new_source = SourceText("refs.txt", new_text)
    assert after.text == new_text == after.references[0].reference.text
    before_findings = [f for f in file.references[0].findings if not any(f is fixed for fixed in result.fixed)]
    assert len(after.references[0].findings) == len(before_findings)
    for old, new in zip(before_findings, after.references[0].findings):
        old_span, new_span = fix_of(old).span or old.span, fix_of(new).span or new.span
        assert new_span == new_source.span(new_span.start, new_span.end)
        # An edit at a span's edge may join it (an insertion does); elsewhere the span keeps its text.
        if not any(edit.start <= old_span.end and old_span.start <= edit.end for edit in result.edits):
            assert new_text[new_span.start : new_span.end] == text[old_span.start : old_span.end]
