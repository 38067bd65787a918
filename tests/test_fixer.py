"""Fixes: which apply, how they are written, and that nothing else in the file moves."""

from __future__ import annotations

import os
import re
import shutil
import stat
from collections.abc import Sequence
from pathlib import Path

import pytest
import yaml

from citelint.app import fixer, safe_write
from citelint.app.fixer import Edit, FixError, apply, diff, fix_files, plan, write_file
from citelint.app.results import FileResult, ReferenceResult, Report
from citelint.model import OFFLINE, Finding, Fix, Reference, SourceText
from citelint.readers import decode

GOLDEN = Path(__file__).parent.parent / "fixtures" / "fixes"


def make_finding(source: SourceText, start: int, end: int, replacement: str, applicability: str = "safe",
                 *, code: str = "CL202", field: str = "title", on_fix: bool = True) -> Finding:
    """A finding about text[start:end] whose fix replaces it; the span sits on the fix or on the finding."""
    span = source.span(start, end)
    if on_fix:
        reference_span = source.span(0, len(source.text))
        return Finding(code, "rule", "warning", field, "message", reference_span,
                       fix=Fix(replacement, applicability, span))  # type: ignore[arg-type]
    return Finding(code, "rule", "warning", field, "message", span, fix=Fix(replacement, applicability))  # type: ignore[arg-type]


def make_file(source: SourceText, findings: Sequence[Finding]) -> FileResult:
    """The whole text as one reference carrying every finding."""
    reference = Reference(text=source.text, file=source.path, span=source.span(0, len(source.text)), index=1, kind="text")
    return FileResult(source.path, source.text, (ReferenceResult(reference, OFFLINE, tuple(findings)),))


def find(text: str, needle: str) -> tuple[int, int]:
    assert text.count(needle) == 1, needle
    start = text.index(needle)
    return start, start + len(needle)


def finding_at(source: SourceText, needle: str, replacement: str, applicability: str = "safe", **kwargs) -> Finding:
    return make_finding(source, *find(source.text, needle), replacement, applicability, **kwargs)


# Golden files: before -> after, byte for byte, per input format and fix kind.

def golden_cases() -> list[Path]:
    return sorted(path for path in GOLDEN.iterdir() if path.is_dir())


def golden_findings(source: SourceText, specs: list[dict]) -> list[Finding]:
    """Each spec's finding, located at `find` (inside `within` when given).

    As the rules do: a title fix carries the span of the word it replaces,
    other fixes replace the finding's own span (the field).
    """
    findings = []
    for spec in specs:
        base = find(source.text, spec["within"])[0] if "within" in spec else 0
        area = source.text[base : base + len(spec["within"])] if "within" in spec else source.text
        start = base + find(area, spec["find"])[0]
        findings.append(make_finding(source, start, start + len(spec["find"]), spec["replacement"],
                                     spec["applicability"], code=spec["code"], field=spec["field"],
                                     on_fix=spec["field"] == "title"))
    return findings


@pytest.mark.parametrize("case", golden_cases(), ids=lambda path: path.name)
def test_golden_fix(case: Path, tmp_path: Path) -> None:
    before = next(case.glob("before.*"))
    after = next(case.glob("after.*"))
    config = yaml.safe_load((case / "fixes.yml").read_text(encoding="utf-8"))
    target = tmp_path / before.name
    shutil.copyfile(before, target)
    source = decode(str(target), target.read_bytes())
    findings = golden_findings(source, config["fixes"])
    report = Report((make_file(source, findings),))

    outcome = fix_files(report, {source.path: source}, unsafe=config["unsafe"], write=True)

    assert outcome.errors == ()
    assert target.read_bytes() == after.read_bytes()
    changing = [f for f, spec in zip(findings, config["fixes"]) if spec["find"] != spec["replacement"]]
    assert list(outcome.files[0].plan.fixed) == changing
    assert outcome.fixed == len(changing)
    assert outcome.remaining == len(findings) - len(changing)
    assert not [name for name in os.listdir(tmp_path) if name != target.name]


@pytest.mark.parametrize("case", golden_cases(), ids=lambda path: path.name)
def test_golden_diff_leaves_the_file_alone(case: Path, tmp_path: Path) -> None:
    before = next(case.glob("before.*"))
    config = yaml.safe_load((case / "fixes.yml").read_text(encoding="utf-8"))
    target = tmp_path / before.name
    shutil.copyfile(before, target)
    source = decode(str(target), target.read_bytes())
    report = Report((make_file(source, golden_findings(source, config["fixes"])),))

    outcome = fix_files(report, {source.path: source}, unsafe=config["unsafe"], write=False)

    assert target.read_bytes() == before.read_bytes()
    assert outcome.fixed == 0 and outcome.fixable > 0
    assert outcome.report == report
    file_diff = outcome.files[0].diff
    assert file_diff.startswith(f"--- {source.path}\n+++ {source.path}\n@@ ")
    for spec in config["fixes"]:
        if spec["find"] != spec["replacement"]:
            assert any(line.startswith("+") and spec["replacement"] in line for line in file_diff.splitlines())


# Which fixes apply.

TEXT = "Smith J (2010) A title with wrods. J Biol 31: 8296. doi:10.1000/xyz."


def plan_for(findings: Sequence[Finding], *, unsafe: bool = True, encoding: str = "utf-8", text: str = TEXT):
    return plan(make_file(SourceText("refs.txt", text), findings), unsafe=unsafe, encoding=encoding)


def span_of(needle: str) -> tuple[int, int]:
    return find(TEXT, needle)


SOURCE = SourceText("refs.txt", TEXT)
PAGES = span_of("8296")
WORD = span_of("wrods")


@pytest.mark.parametrize(
    ("fixes", "unsafe", "applied", "conflicting"),
    [
        pytest.param([(PAGES, "82-96", "safe")], False, [0], [], id="alone"),
        pytest.param([(PAGES, "82-96", "safe"), (PAGES, "82–96", "safe")], False, [], [0, 1], id="same span, different text"),
        pytest.param([(PAGES, "82-96", "safe"), (PAGES, "82-96", "unsafe")], True, [0, 1], [], id="identical edits agree"),
        pytest.param([((PAGES[0], PAGES[0] + 2), "8", "safe"), ((PAGES[0] + 1, PAGES[1]), "2-96", "safe")], False, [], [0, 1],
                     id="overlapping"),
        pytest.param([((PAGES[0], PAGES[0] + 2), "82-", "safe"), ((PAGES[0] + 2, PAGES[1]), "96!", "safe")], False, [0, 1], [],
                     id="adjacent"),
        pytest.param([((PAGES[0], PAGES[0]), "p. ", "safe"), ((PAGES[0], PAGES[0]), "pp. ", "safe")], False, [], [0, 1],
                     id="two insertions at one place"),
        pytest.param([((PAGES[0], PAGES[0]), "pp. ", "safe"), (PAGES, "82-96", "safe")], False, [], [0, 1],
                     id="insertion where a replacement starts"),
        pytest.param([((PAGES[1], PAGES[1]), "!", "safe"), (PAGES, "82-96", "safe")], False, [0, 1], [],
                     id="insertion where a replacement ends"),
        pytest.param([(PAGES, "82-96", "safe"), (PAGES, "8296-7", "unsafe")], True, [0], [1], id="safe beats unsafe"),
        pytest.param([(PAGES, "82-96", "safe"), (PAGES, "8296-7", "unsafe")], False, [0], [], id="unsafe hidden"),
        pytest.param([(PAGES, "82-96", "unsafe"), (PAGES, "82–96", "unsafe")], True, [], [0, 1], id="two unsafe"),
        pytest.param([((0, 8), "Smyth J", "unsafe"), ((6, 20), "x", "safe"), ((15, 30), "y", "unsafe")], True, [1], [0, 2],
                     id="chain around a safe fix"),
        pytest.param([((0, 5), "Smyth", "safe"), ((4, 10), "x", "safe"), ((9, 20), "y", "safe"), (WORD, "words", "safe")],
                     False, [3], [0, 1, 2], id="chain of three, one apart"),
    ],
)
def test_which_fixes_apply(fixes, unsafe: bool, applied: list[int], conflicting: list[int]) -> None:
    findings = [make_finding(SOURCE, start, end, replacement, applicability)
                for (start, end), replacement, applicability in fixes]
    result = plan_for(findings, unsafe=unsafe)
    assert sorted(findings.index(f) for f in result.fixed) == applied
    assert sorted(findings.index(c.finding) for c in result.conflicts) == conflicting
    assert all("overlaps the CL202 fix" in c.reason for c in result.conflicts)
    assert result.unsafe_hidden == sum(a == "unsafe" for _, _, a in fixes if not unsafe)
    # The same decision whatever order the findings come in.
    reordered = plan_for(list(reversed(findings)), unsafe=unsafe)
    assert reordered.edits == result.edits
    assert sorted(map(id, reordered.fixed)) == sorted(map(id, result.fixed))


def test_unsafe_fixes_never_take_a_safe_fix_away() -> None:
    findings = [make_finding(SOURCE, *PAGES, "82-96", "safe"), make_finding(SOURCE, *PAGES, "82-9", "unsafe"),
                make_finding(SOURCE, *WORD, "words", "unsafe")]
    safe_only = plan_for(findings, unsafe=False)
    with_unsafe = plan_for(findings, unsafe=True)
    assert set(safe_only.edits) <= set(with_unsafe.edits)
    assert with_unsafe.edits == (Edit(WORD[0], WORD[1], "words"), Edit(PAGES[0], PAGES[1], "82-96"))


@pytest.mark.parametrize(
    ("replacement", "encoding", "written", "reason"),
    [
        ("82–96", "utf-8", "82–96", None),
        ("82–96", "cp1252", "82–96", None),  # Windows-1252 has the en dash
        ("82–96", "latin-1", "82-96", None),  # Latin-1 has not: a hyphen is right wherever a dash is
        ("82\u221296", "latin-1", "82-96", None),
        ("Erdős", "cp1252", None, "cannot be written in the file's encoding (cp1252)"),
        ("A—B", "latin-1", None, "cannot be written"),  # an em dash is no hyphen
        ("Erdős", "utf-16-le", "Erdős", None),
    ],
)
def test_replacement_the_encoding_cannot_hold(replacement: str, encoding: str, written: str | None, reason: str | None) -> None:
    result = plan_for([make_finding(SOURCE, *PAGES, replacement)], encoding=encoding)
    if written is None:
        assert result.edits == ()
        assert reason in result.skipped[0].reason
    else:
        assert result.edits == (Edit(PAGES[0], PAGES[1], written),)


def test_fix_already_in_place_changes_nothing() -> None:
    result = plan_for([make_finding(SOURCE, *PAGES, "8296")])
    assert result.edits == () and result.fixed == ()
    assert "already reads '8296'" in result.skipped[0].reason


def test_span_outside_the_text_is_skipped() -> None:
    outside = make_finding(SourceText("refs.txt", TEXT + "more text here"), len(TEXT) + 2, len(TEXT) + 5, "x")
    result = plan_for([outside])
    assert result.edits == ()
    assert "outside" in result.skipped[0].reason


def test_fix_span_defaults_to_finding_span() -> None:
    result = plan_for([make_finding(SOURCE, *PAGES, "82-96", on_fix=False)])
    assert apply(TEXT, result.edits) == TEXT.replace("8296", "82-96")


def test_findings_without_fix_are_left_alone() -> None:
    plain = Finding("CL301", "rule", "warning", "status", "not found", SOURCE.span(0, 5))
    result = plan_for([plain])
    assert result == fixer.FixPlan((), (), (), (), 0)


def test_apply_refuses_overlapping_edits() -> None:
    with pytest.raises(ValueError, match="overlapping"):
        apply("abcdef", [Edit(0, 3, "x"), Edit(2, 4, "y")])


def test_apply_inserts_and_deletes() -> None:
    assert apply("abcdef", [Edit(6, 6, "!"), Edit(0, 0, ">"), Edit(2, 4, "")]) == ">abef!"


# Diffs.

@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("a\nb\n", "a\nB\n", "--- f\n+++ f\n@@ -1,2 +1,2 @@\n a\n-b\n+B\n"),
        ("a\r\nb\r\n", "a\r\nB\r\n", "--- f\n+++ f\n@@ -1,2 +1,2 @@\n a\r\n-b\r\n+B\r\n"),
        ("a\nb", "a\nB", "--- f\n+++ f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+B\n\\ No newline at end of file\n"),
        ("a\rb\r", "a\rB\r", "--- f\n+++ f\n@@ -1,2 +1,2 @@\n a\r-b\r+B\r"),
        ("same\n", "same\n", ""),
    ],
    ids=["lf", "crlf", "no final newline", "cr", "unchanged"],
)
def test_diff(old: str, new: str, expected: str) -> None:
    assert diff("f", old, new) == expected


def test_diff_applies_with_patch(tmp_path: Path) -> None:
    patch = shutil.which("patch")
    if patch is None:
        pytest.skip("no patch program")
    import subprocess

    old = "line one\r\nline two 8296\r\nline three\r\n\r\nlast line"
    new = old.replace("8296", "82–96").replace("last", "final")
    target = tmp_path / "refs.txt"
    target.write_bytes(old.encode("utf-8"))
    subprocess.run([patch, "-s", "refs.txt"], input=diff("refs.txt", old, new).encode("utf-8"), cwd=tmp_path, check=True)
    assert target.read_bytes() == new.encode("utf-8")


# Writing.

def _write_source(path: Path, text: str, encoding: str = "utf-8", bom: bytes = b"") -> SourceText:
    path.write_bytes(bom + text.encode(encoding))
    return decode(str(path), path.read_bytes())


def test_write_refuses_a_file_changed_on_disk(tmp_path: Path) -> None:
    target = tmp_path / "refs.txt"
    source = _write_source(target, TEXT)
    target.write_bytes(TEXT.encode("utf-8") + b"\nanother reference\n")
    with pytest.raises(FixError, match="^" + re.escape(f"{target}: not fixed: the file changed on disk")):
        write_file(source.path, source.encoding, source.bom, source.text, "new")
    assert target.read_bytes() == TEXT.encode("utf-8") + b"\nanother reference\n"
    assert os.listdir(tmp_path) == ["refs.txt"]


def test_write_refuses_a_file_reencoded_on_disk(tmp_path: Path) -> None:
    target = tmp_path / "refs.txt"
    source = _write_source(target, "Gödel K (1931) Über formal unentscheidbare Sätze.")
    target.write_bytes(source.text.encode("cp1252"))  # same text, other bytes
    with pytest.raises(FixError, match="changed on disk"):
        write_file(source.path, source.encoding, source.bom, source.text, "new")


@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"), KeyboardInterrupt()],
                         ids=["disk full", "interrupted"])
@pytest.mark.parametrize("where", ["fsync", "replace"])
def test_interrupted_write_leaves_the_file_intact(tmp_path: Path, monkeypatch, failure: BaseException, where: str) -> None:
    target = tmp_path / "refs.txt"
    source = _write_source(target, TEXT)

    def fail(*args, **kwargs):
        raise failure

    monkeypatch.setattr(safe_write.os, where, fail)
    with pytest.raises(FixError if isinstance(failure, OSError) else KeyboardInterrupt) as raised:
        write_file(source.path, source.encoding, source.bom, source.text, TEXT.replace("8296", "82-96"))
    if isinstance(failure, OSError):
        assert str(raised.value) == f"{target}: not fixed: No space left on device"
    assert target.read_bytes() == TEXT.encode("utf-8")
    assert os.listdir(tmp_path) == ["refs.txt"]


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o755, 0o664])
def test_write_keeps_the_file_mode(tmp_path: Path, mode: int) -> None:
    target = tmp_path / "refs.txt"
    source = _write_source(target, TEXT)
    target.chmod(mode)
    write_file(source.path, source.encoding, source.bom, source.text, "fixed")
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert target.read_bytes() == b"fixed"


def test_write_through_a_symbolic_link_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    link = tmp_path / "link.txt"
    _write_source(real, TEXT)
    link.symlink_to(real.name)
    source = decode(str(link), link.read_bytes())
    write_file(source.path, source.encoding, source.bom, source.text, "fixed")
    assert link.is_symlink() and real.read_bytes() == b"fixed"


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root may write read-only files")
def test_write_refuses_a_read_only_file(tmp_path: Path) -> None:
    target = tmp_path / "refs.txt"
    source = _write_source(target, TEXT)
    target.chmod(0o444)
    with pytest.raises(FixError, match="read-only"):
        write_file(source.path, source.encoding, source.bom, source.text, "fixed")


# fix_files: what the command line calls.

def test_fix_files_writes_and_reports_what_is_left(tmp_path: Path) -> None:
    target = tmp_path / "refs.txt"
    text = "Smith J (2010) A title with wrods.\r\nJ Biol 31: 8296.\r\nJones K (2011) Another title. Nature 5: 1–2.\r\n"
    source = _write_source(target, text)
    pages = finding_at(source, "8296", "82–96", on_fix=False)
    word = finding_at(source, "wrods", "words", "unsafe")
    later = Finding("CL202", "rule", "warning", "title", "message", source.span(*find(text, "Another title")),
                    fix=Fix("Another Title", "unsafe"))
    report = Report((make_file(source, [word, pages, later]),))

    outcome = fix_files(report, {source.path: source}, unsafe=False, write=True)

    assert target.read_bytes() == text.replace("8296", "82–96").encode("utf-8")
    assert (outcome.fixed, outcome.remaining, outcome.errors) == (1, 2, ())
    assert outcome.files[0].plan.unsafe_hidden == 2
    file = outcome.report.files[0]
    assert file.text == target.read_bytes().decode("utf-8")
    word_after, later_after = file.references[0].findings
    assert word_after.fix is not None and word_after.fix.span is not None
    assert file.text[word_after.fix.span.start : word_after.fix.span.end] == "wrods"
    assert file.text[later_after.span.start : later_after.span.end] == "Another title"
    assert (later_after.span.line, later_after.span.column) == (3, 16)
    assert file.references[0].reference.text == file.text


def test_fix_files_on_standard_input_returns_the_text(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbfSmith J (2010) Title. J Biol 31: 8296.\r\n"
    source = decode("<stdin>", data)
    report = Report((make_file(source, [finding_at(source, "8296", "82–96")]),))
    outcome = fix_files(report, {source.path: source}, unsafe=False, write=True)
    assert outcome.stdout == data.replace(b"8296", "82–96".encode())
    assert outcome.fixed == 1 and outcome.files[0].written


def test_fix_files_on_standard_input_without_fixes_returns_it_unchanged() -> None:
    data = "Gödel K (1931) Über formal unentscheidbare Sätze.\n".encode("cp1252")
    source = decode("<stdin>", data)
    outcome = fix_files(Report((make_file(source, []),)), {source.path: source}, unsafe=True, write=True)
    assert outcome.stdout == data
    assert outcome.files[0].diff == ""


def test_fix_files_reports_a_refused_file_and_fixes_the_others(tmp_path: Path) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    sources = [_write_source(first, TEXT), _write_source(second, TEXT)]
    report = Report(tuple(make_file(source, [finding_at(source, "8296", "82-96")]) for source in sources))
    first.write_bytes(b"edited meanwhile\n")

    outcome = fix_files(report, {source.path: source for source in sources}, unsafe=False, write=True)

    assert outcome.errors == (f"{first}: not fixed: the file changed on disk since it was read; run citelint again",)
    assert first.read_bytes() == b"edited meanwhile\n"
    assert second.read_bytes() == TEXT.replace("8296", "82-96").encode("utf-8")
    assert outcome.fixed == 1 and outcome.remaining == 1
    assert outcome.report.files[0] == report.files[0]


def test_second_run_changes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "refs.txt"
    source = _write_source(target, TEXT)
    fix_files(Report((make_file(source, [finding_at(source, "8296", "82-96")]),)), {source.path: source},
              unsafe=False, write=True)
    again = decode(str(target), target.read_bytes())
    # A rule that still (wrongly) reports the corrected pages: its fix is already in place.
    outcome = fix_files(Report((make_file(again, [finding_at(again, "82-96", "82-96")]),)), {again.path: again},
                        unsafe=False, write=True)
    assert outcome.fixed == 0 and not outcome.files[0].written and outcome.files[0].diff == ""
    assert target.read_bytes() == TEXT.replace("8296", "82-96").encode("utf-8")


def test_fix_covering_the_whole_reference_is_skipped() -> None:
    whole = make_finding(SOURCE, 0, len(TEXT), "82-96", on_fix=False)
    result = plan_for([whole])
    assert result.edits == ()
    assert "whole reference" in result.skipped[0].reason


@pytest.mark.parametrize(
    ("write", "unsafe", "expected"),
    [
        (True, False, ["refs.txt:1:1: CL202 fix not applied: overlaps the CL202 fix '82–96'",
                       "refs.txt:1:1: CL202 fix not applied: overlaps the CL202 fix '82-96'",
                       "Fixed 1 finding (3 remaining).", "1 more fix available with --unsafe-fixes."]),
        (False, True, ["refs.txt:1:1: CL202 fix not applied: overlaps the CL202 fix '82–96'",
                       "refs.txt:1:1: CL202 fix not applied: overlaps the CL202 fix '82-96'",
                       "Would fix 2 findings."]),
    ],
)
def test_summary(tmp_path: Path, monkeypatch, write: bool, unsafe: bool, expected: list[str]) -> None:
    monkeypatch.chdir(tmp_path)
    source = _write_source(Path("refs.txt"), TEXT)
    findings = [make_finding(source, *PAGES, "82-96"), make_finding(source, *PAGES, "82–96"),
                make_finding(source, *span_of("Smith"), "Smyth"), make_finding(source, *WORD, "words", "unsafe")]
    outcome = fix_files(Report((make_file(source, findings),)), {source.path: source}, unsafe=unsafe, write=write)
    assert fixer.summary(outcome, unsafe=unsafe) == expected
