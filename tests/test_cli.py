"""The command line end to end: exit codes, formats, configuration, baselines, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from citelint.app.cli import main

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "fixtures" / "demo"
GREY = "Department of Health (2007) Best Practice Guidance to Support the Implmentation of New Ways of Working (NWW) and New Roles. Care Services Improvement Partnership.\n"
CLEAN = "Kuschel, T, Reiss, G (2015) Charges ride the spin wave. Nature Nanotechnology, 10: 22–4.\n"


def run(*args: str, cwd: Path | None = None, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "citelint", *args],
        cwd=cwd or ROOT, input=stdin.decode() if stdin is not None else None,
        capture_output=True, text=True, timeout=120,
    )


def check_json(*args: str, cwd: Path | None = None) -> tuple[int, dict]:
    result = run("check", "--offline", "--no-cache", "--format", "json", *args, cwd=cwd)
    return result.returncode, json.loads(result.stdout)


def test_version():
    result = run("--version")
    assert result.returncode == 0 and result.stdout.startswith("citelint ")


def test_version_imports_neither_parser_nor_readers():
    """A hook's or CI's `citelint --version` costs an interpreter's start, not the package's imports."""
    probe = ("import sys; from citelint.app.cli import main; main(['--version']); "
             "print(sorted(name for name in ('argparse', 'citelint.readers', 'citelint.model') if name in sys.modules))")
    result = subprocess.run([sys.executable, "-I", "-c", probe], capture_output=True, text=True, timeout=120, cwd=ROOT)
    from citelint import __version__

    assert result.stdout.splitlines() == [f"citelint {__version__}", "[]"]


def test_rules_and_explain_come_from_the_registry():
    from citelint.rules import RULES

    listing = run("rules").stdout
    for code, rule in RULES.items():
        assert code in listing and rule.NAME in listing
        explained = run("explain", code).stdout
        assert explained.startswith(f"{code} {rule.NAME}")
        assert "What it does:" in explained and "Example:" in explained
    assert run("explain", "CL999").returncode == 2


def test_json_lists_every_reference_clean_or_not(tmp_path: Path):
    path = tmp_path / "refs.txt"
    path.write_text(CLEAN + "\n" + GREY, encoding="utf-8")
    code, report = check_json(str(path))
    assert [reference["index"] for reference in report["references"]] == [1, 2]
    assert report["references"][0]["match"]["status"] == "offline"
    assert report["citelint"]
    assert {"file", "line", "end_line", "index", "text", "parsed", "match", "findings"} <= set(report["references"][0])


def test_exit_codes_follow_fail_on(tmp_path: Path):
    path = tmp_path / "refs.txt"
    path.write_text(GREY, encoding="utf-8")
    _, report = check_json(str(path))
    severities = {finding["severity"] for reference in report["references"] for finding in reference["findings"]}
    assert severities, "the demo line has a misspelt title word"
    assert main(["check", "--offline", "--no-cache", "--format", "json", "--fail-on", "error", str(path)]) == 0
    assert main(["check", "--offline", "--no-cache", "--format", "json", "--fail-on", "info", str(path)]) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--select", "XX1"], "no rule code starts with 'XX1'"),
        (["--fail-on", "warn"], "unknown level 'warn'"),
        (["--config", "missing.toml"], "missing.toml: no such configuration file"),
        (["--baseline", "missing.json"], "missing.json: cannot read baseline"),
    ],
)
def test_usage_errors_exit_2_with_one_line(tmp_path: Path, args, message):
    path = tmp_path / "refs.txt"
    path.write_text(CLEAN, encoding="utf-8")
    result = run("check", "--offline", "--no-cache", *args, str(path), cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_config_key_is_named_with_a_suggestion(tmp_path: Path):
    (tmp_path / "citelint.toml").write_text('ignor = ["CL1"]\n')
    (tmp_path / "refs.txt").write_text(CLEAN, encoding="utf-8")
    result = run("check", "--offline", "--no-cache", "refs.txt", cwd=tmp_path)
    assert result.returncode == 2
    assert "unknown key 'ignor' (did you mean 'ignore'?)" in result.stderr


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("binary.txt", b"\x7fELF\x02\x01\x01\x00\x00\x00" * 50, "binary.txt:1: binary file"),
        ("missing.txt", None, "missing.txt: no such file or directory"),
    ],
)
def test_unreadable_input_exits_2_naming_the_file(tmp_path: Path, name, data, expected):
    if data is not None:
        (tmp_path / name).write_bytes(data)
    result = run("check", "--offline", "--no-cache", name, cwd=tmp_path)
    assert result.returncode == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("empty.txt", b""),
        ("empty.bib", b""),
        ("crlf.txt", (CLEAN + "\n" + GREY).replace("\n", "\r\n").encode()),
        ("latin1.txt", "Müller, J (2010) Über die Dinge. Zeitschrift für Tests, 3: 1–9.\n".replace("–", "-").encode("latin-1")),
        ("utf16.txt", (CLEAN + "\n" + GREY).encode("utf-16")),
        ("bom.txt", b"\xef\xbb\xbf" + CLEAN.encode()),
        ("long.txt", ("Smith, J (2010) " + "word " * 2000 + ". Journal, 3: 1-9.\n").encode()),
        ("unbalanced.bib", b"@article{a,\n  title = {Unclosed,\n  year = 2010\n}\n@article{b, title={Fine}, year={2011}}\n"),
        ("hostile.txt", b"::error::injected %0A \x1b[31mred\x1b[0m [bold]x[/bold] (2010) T. J, 1: 1-2.\n"),
    ],
)
def test_awkward_input_never_gives_a_traceback(tmp_path: Path, name, data):
    (tmp_path / name).write_bytes(data)
    for format_name in ("rich", "json"):
        result = run("check", "--offline", "--no-cache", "--format", format_name, name, cwd=tmp_path)
        assert result.returncode in (0, 1), result.stderr
        assert "Traceback" not in result.stderr


def test_stdin_is_read_as_a_reference_list():
    result = run("check", "--offline", "--no-cache", "--format", "json", "-", stdin=GREY.encode())
    report = json.loads(result.stdout)
    assert report["references"][0]["file"] == "<stdin>"


def test_directories_are_searched_for_supported_files(tmp_path: Path):
    (tmp_path / "a.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.bib").write_text("@article{b, title={Fine}, author={Smith, J}, journal={J}, year={2011}}\n")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "c.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    _, report = check_json(".", cwd=tmp_path)
    assert sorted({Path(reference["file"]).name for reference in report["references"]}) == ["a.txt", "b.bib"]


def test_baseline_reports_only_new_findings_even_after_lines_move(tmp_path: Path):
    path = tmp_path / "refs.txt"
    path.write_text(GREY, encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    assert main(["check", "--offline", "--no-cache", "--write-baseline", str(baseline), str(path)]) == 0
    path.write_text(CLEAN + "\n\n" + GREY, encoding="utf-8")
    code, report = check_json("--baseline", str(baseline), str(path))
    assert [finding for reference in report["references"] for finding in reference["findings"]] == []
    assert code == 0
    path.write_text(GREY + "\n" + GREY.replace("Implmentation", "Implemntation"), encoding="utf-8")
    _, report = check_json("--baseline", str(baseline), str(path))
    assert [len(reference["findings"]) > 0 for reference in report["references"]] == [False, True]


def test_inline_suppression_in_a_text_list(tmp_path: Path):
    path = tmp_path / "refs.txt"
    path.write_text('# citelint: ignore[CL1] reason="checked by hand"\n' + GREY, encoding="utf-8")
    _, report = check_json(str(path))
    assert all(not finding["code"].startswith("CL1") for finding in report["references"][0]["findings"])


def test_per_rule_options_and_severity_from_pyproject(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.citelint]\nseverity = { CL107 = "error" }\n\n[tool.citelint.rules.title-misspelled]\nallow = ["Implmentation"]\n'
    )
    (tmp_path / "refs.txt").write_text(GREY, encoding="utf-8")
    _, report = check_json("refs.txt", cwd=tmp_path)
    assert not any(finding["code"] == "CL107" for finding in report["references"][0]["findings"])


def test_a_bib_named_by_a_tex_file_is_read_once(tmp_path: Path):
    (tmp_path / "paper.tex").write_text("\\documentclass{article}\n\\begin{document}\n\\bibliography{refs}\n\\end{document}\n")
    (tmp_path / "refs.bib").write_text("@article{b, title={Fine}, author={Smith, J}, journal={J}, year={2011}}\n")
    _, report = check_json("paper.tex", "refs.bib", ".", cwd=tmp_path)
    assert [Path(reference["file"]).name for reference in report["references"]] == ["refs.bib"]


def test_a_missing_linked_bibliography_is_a_notice(tmp_path: Path):
    (tmp_path / "paper.tex").write_text("\\bibliography{gone}\n")
    code, report = check_json("paper.tex", cwd=tmp_path)
    assert code == 0
    assert report["notices"][0]["message"].startswith("named by paper.tex but not found")


def test_baseline_matches_however_the_path_is_typed(tmp_path: Path):
    path = tmp_path / "refs.txt"
    path.write_text(GREY, encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    assert main(["check", "--offline", "--no-cache", "--write-baseline", str(baseline), str(path)]) == 0
    code, report = check_json("--baseline", str(baseline), "refs.txt", cwd=tmp_path)
    assert code == 0 and all(not reference["findings"] for reference in report["references"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--write-baseline", "/nonexistent-folder/b.json"], "cannot write baseline"),
        (["--fix", "--output", "report.noext"], "say which format"),
        (["--unsafe-fixes"], "--unsafe-fixes needs --fix or --diff"),
        (["--diff", "--output", "r.json"], "--output has no effect with --diff"),
    ],
)
def test_impossible_option_combinations_fail_before_anything_is_written(tmp_path: Path, args, message):
    path = tmp_path / "refs.txt"
    path.write_text("Smith, J (2010) A title. Journal of Tests, 3: 96-82.\n", encoding="utf-8")
    before = path.read_bytes()
    result = run("check", "--offline", "--no-cache", *args, str(path), cwd=tmp_path)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr
    assert path.read_bytes() == before


def test_severity_can_be_set_for_a_code_prefix(tmp_path: Path):
    (tmp_path / "citelint.toml").write_text('severity = { CL1 = "error" }\n')
    (tmp_path / "refs.txt").write_text(GREY, encoding="utf-8")
    _, report = check_json("refs.txt", cwd=tmp_path)
    assert {f["severity"] for r in report["references"] for f in r["findings"] if f["code"].startswith("CL1")} == {"error"}


def test_a_malformed_pyproject_is_a_one_line_error(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text("[tool]\ncitelint = 5\n")
    (tmp_path / "refs.txt").write_text(CLEAN, encoding="utf-8")
    result = run("check", "--offline", "--no-cache", "refs.txt", cwd=tmp_path)
    assert result.returncode == 2 and "[tool.citelint] must be a table" in result.stderr


def test_input_format_reads_standard_input_as_latex() -> None:
    text = ("\\cite{a} and \\cite{b}\n\\begin{thebibliography}{1}\n"
            "\\bibitem{a} Smith J. Ponds. J Biol. 2010;1:1-2.\n\\end{thebibliography}\n")
    result = run("check", "--offline", "--no-cache", "--select", "CL4", "--input-format", "latex", "--format", "json",
                 "-", stdin=text.encode())
    report = json.loads(result.stdout)
    assert [(item["file"], item["found"]) for item in report["citation_findings"]] == [("<stdin>", "b")]


def test_input_format_overrides_the_extension_of_a_named_file(tmp_path: Path) -> None:
    ris = tmp_path / "export.dat"
    ris.write_text("TY  - JOUR\nTI  - Ponds\nAU  - Smith, J\nPY  - 2010\nER  - \n", encoding="utf-8")
    report = json.loads(run("check", "--offline", "--no-cache", "--input-format", "ris", "--format", "json",
                            str(ris)).stdout)
    assert [reference["parsed"]["title"] for reference in report["references"]] == ["Ponds"]


def test_input_format_docx_on_standard_input() -> None:
    data = (Path(__file__).parent.parent / "fixtures" / "manuscripts" / "docx" / "numbered.docx").read_bytes()
    result = subprocess.run([sys.executable, "-m", "citelint", "check", "--offline", "--no-cache", "--input-format",
                             "docx", "--format", "json", "-"], cwd=ROOT, input=data, capture_output=True, timeout=120,
                            check=False)
    assert json.loads(result.stdout)["summary"]["references"] == 8
