"""The GitHub Action: its definition, and its check step run with a faked GitHub environment."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))


def test_every_input_and_output_is_documented():
    assert set(ACTION["inputs"]) == {"paths", "fail-on", "select", "ignore", "mailto", "sarif-file", "cache"}
    assert set(ACTION["outputs"]) == {"findings", "errors", "sarif-file"}
    for entry in (*ACTION["inputs"].values(), *ACTION["outputs"].values()):
        assert entry["description"].strip()
    assert ACTION["inputs"]["cache"]["default"] == "true"
    assert ACTION["runs"]["using"] == "composite"


def test_inputs_reach_the_shell_only_through_the_environment():
    for step in ACTION["runs"]["steps"]:
        if "run" in step:
            assert "${{" not in step["run"], step["run"]
    scripts = (ROOT / ".github" / "action").glob("*.sh")
    for script in scripts:
        text = script.read_text(encoding="utf-8")
        assert "${{" not in text
        assert "eval" not in text
        # Every expansion of an input stands inside double quotes.
        unquoted = re.sub(r'"(?:[^"\\]|\\.)*"', "", text)
        assert "INPUT_" not in unquoted.replace("# ", ""), script


def _run_check_step(tmp_path: Path, env_inputs: dict[str, str], crossref_url: str) -> tuple[int, str, dict[str, str], str]:
    output = tmp_path / "github_output"
    summary = tmp_path / "step_summary"
    output.write_text("")
    summary.write_text("")
    bin_dir = Path(sys.executable).parent
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "INPUT_", "CITELINT_", "CR_API"))},
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "GITHUB_ACTIONS": "true",
        "GITHUB_OUTPUT": str(output),
        "GITHUB_STEP_SUMMARY": str(summary),
        "RUNNER_TEMP": str(tmp_path),
        "CITELINT_CACHE_DIR": str(tmp_path / "cache"),
        "CITELINT_CROSSREF_URL": crossref_url,
        "CITELINT_DATACITE_URL": os.environ["CITELINT_DATACITE_URL"],
        **env_inputs,
    }
    assert shutil.which("citelint", path=env["PATH"]), "citelint must be installed in the test environment"
    completed = subprocess.run(
        ["bash", str(ROOT / ".github" / "action" / "check.sh")],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )
    outputs = dict(line.split("=", 1) for line in output.read_text().splitlines() if "=" in line)
    return completed.returncode, completed.stdout, outputs, summary.read_text()


def test_check_step_annotates_summarises_and_writes_sarif(tmp_path: Path, crossref_server_url: str):
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@article{a,\n  author = {Smith, John},\n  title = {A title},\n  journal = {Journal},\n"
        "  volume = {3},\n  pages = {96--82},\n  year = {2010},\n}\n",
        encoding="utf-8",
    )
    status, stdout, outputs, summary = _run_check_step(
        tmp_path,
        {"INPUT_PATHS": "refs.bib", "INPUT_FAIL_ON": "warning", "INPUT_SARIF_FILE": "out.sarif", "INPUT_CACHE": "true",
         "INPUT_SELECT": "", "INPUT_IGNORE": "", "INPUT_MAILTO": ""},
        crossref_server_url,
    )
    assert status == 1
    assert "::warning file=refs.bib,line=6" in stdout or "::error file=refs.bib,line=6" in stdout
    assert int(outputs["findings"]) >= 1 and "errors" in outputs
    assert outputs["sarif-file"] == "out.sarif"
    assert json.loads((tmp_path / "out.sarif").read_text())["version"] == "2.1.0"
    assert "CL102" in summary


def test_hostile_inputs_are_data_not_code(tmp_path: Path, crossref_server_url: str):
    (tmp_path / "refs.txt").write_text("Smith, J (2010) A title. Journal, 3: 1-9.\n", encoding="utf-8")
    marker = tmp_path / "pwned"
    status, stdout, outputs, _ = _run_check_step(
        tmp_path,
        {"INPUT_PATHS": f"refs.txt $(touch {marker}) `touch {marker}`", "INPUT_FAIL_ON": "error",
         "INPUT_SELECT": "CL1; touch " + str(marker), "INPUT_IGNORE": "", "INPUT_MAILTO": "", "INPUT_SARIF_FILE": "",
         "INPUT_CACHE": "false"},
        crossref_server_url,
    )
    assert not marker.exists()
    assert status == 2  # the odd select value is refused as a usage error


def test_outputs_count_every_finding_those_about_citations_too(tmp_path: Path, crossref_server_url: str):
    (tmp_path / "refs.bib").write_text(
        "@article{smith2010,\n  author = {Smith, John},\n  title = {A title},\n  journal = {Journal},\n"
        "  volume = {3},\n  pages = {96--82},\n  year = {2010},\n}\n", encoding="utf-8")
    (tmp_path / "paper.tex").write_text("As shown \\cite{smith2010} and \\cite{jones2011}.\n\\bibliography{refs}\n",
                                        encoding="utf-8")
    _, _, outputs, _ = _run_check_step(
        tmp_path,
        {"INPUT_PATHS": "paper.tex", "INPUT_FAIL_ON": "error", "INPUT_SARIF_FILE": "", "INPUT_CACHE": "false",
         "INPUT_SELECT": "", "INPUT_IGNORE": "", "INPUT_MAILTO": ""},
        crossref_server_url,
    )
    report = json.loads((tmp_path / "citelint.json").read_text())
    assert report["summary"]["citation_findings"] >= 1  # \cite{jones2011} names no entry
    assert int(outputs["findings"]) == report["summary"]["findings"]
    assert int(outputs["errors"]) == report["summary"]["by_severity"]["error"]


def test_the_action_installs_only_its_own_checkout() -> None:
    """The PyPI name citelint is another project's: the action installs the code of the ref it is pinned to."""
    install = (ROOT / ".github" / "action" / "install.sh").read_text(encoding="utf-8")
    installs = [line.strip() for line in install.splitlines() if "pip install" in line and not line.lstrip().startswith("#")]
    assert installs == ['python -m pip install --quiet "${GITHUB_ACTION_PATH}"']


def test_the_cache_key_follows_the_checked_files_only(tmp_path: Path):
    def key(paths: str) -> str:
        done = subprocess.run([sys.executable, str(ROOT / ".github" / "action" / "cache_key.py")], cwd=tmp_path,
                              env={**os.environ, "INPUT_PATHS": paths}, capture_output=True, text=True, check=True)
        return done.stdout.strip()

    (tmp_path / "refs.bib").write_text("@article{a, title = {A}}\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text("# Notes\n", encoding="utf-8")
    first = key("refs.bib")
    (tmp_path / "notes.md").write_text("# Notes, edited\n", encoding="utf-8")
    assert key("refs.bib") == first  # a file that is not checked does not change it
    (tmp_path / "refs.bib").write_text("@article{a, title = {B}}\n", encoding="utf-8")
    assert key("refs.bib") != first and key("refs.bib").startswith("key=")
