"""The concise report (one line a finding) and --statistics, on the shared sample and end to end."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from citelint.report import concise, statistics
from tests.report.sample import REPORT

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "fixtures" / "demo"


def _citelint(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """citelint with standard output a pipe, as `citelint check ... | less` has it."""
    return subprocess.run([sys.executable, "-m", "citelint", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


def test_one_line_a_finding_as_ruff_prints_them() -> None:
    lines = concise.render(REPORT, quiet=True).splitlines()
    assert lines[0] == ("paper/paper.tex:2:67: CL401 citation-without-entry "
                        "'gren2018' is cited but no entry has this key (did you mean 'grun2018'?)")
    assert ("paper/refs.txt:1:92: CL203 pages-mismatch page range differs from the published record "
            "(45-67 → 45-76) [*]") in lines
    # An unsafe fix is no [*]: plain --fix would not apply it.
    assert "paper/refs.txt:1:29: CL204 year-mismatch year matches no date of the published record (2010 → 2011)" in lines
    assert len(lines) == 6


def test_hostile_text_stays_on_its_line() -> None:
    output = concise.render(REPORT)
    assert not any(char in output for char in "\x1b\r\x00\x07")
    (markup,) = [line for line in output.splitlines() if "CL110" in line]
    assert markup.startswith("paper/library.bib:2:12: CL110 title-markup title contains markup")


def test_summary_counts_findings_fixes_and_lookups() -> None:
    assert concise.render(REPORT).splitlines()[-4:] == [
        "note: paper/empty.txt: empty file, no references",
        "Found 6 findings (2 errors, 3 warnings, 1 info) in 3 files; 9 references read, 8 looked up, "
        "3 matched, 1 ambiguous, 2 not found, 2 not checked, 1 not looked up (offline).",
        "[*] 2 fixable with --fix (1 more with --unsafe-fixes).",
        "2 references not checked against a record: Crossref did not answer (timeout) "
        "(1 of them for 1 other cause: --format json lists them).",
    ]


def test_statistics_count_each_rule_most_frequent_first() -> None:
    assert statistics.render(REPORT).splitlines() == [
        "1  CL001      reference-unparsable",
        "1  CL104  [*] doi-trailing-punctuation",
        "1  CL110      title-markup",
        "1  CL203  [*] pages-mismatch",
        "1  CL204      year-mismatch",
        "1  CL401      citation-without-entry",
    ]
    rows = json.loads(statistics.render(REPORT, as_json=True))
    assert rows[1] == {"code": "CL104", "name": "doi-trailing-punctuation", "count": 1, "fixable": 1}


def test_piped_output_defaults_to_concise() -> None:
    result = _citelint("check", "--offline", "--no-cache", str(DEMO))
    lines = result.stdout.splitlines()
    assert result.returncode == 1
    assert any(line.endswith(": CL103 doi-malformed malformed DOI: it ends with '.' "
                             "(10.1371/journal.pone.0020476. → 10.1371/journal.pone.0020476) [*]") for line in lines)
    assert lines[-2].startswith("Found 4 findings (4 warnings) in 3 files; 19 references read")


def test_piped_full_report_is_never_wrapped_and_has_no_trailing_spaces() -> None:
    result = _citelint("check", "--offline", "--no-cache", "--format", "rich", str(DEMO))
    lines = result.stdout.splitlines()
    assert all(line == line.rstrip() for line in lines)
    assert max(map(len, lines)) > 100  # a long reference stays on one line
    assert "─" * 20 not in result.stdout  # no rule drawn to some imagined width
    assert lines[-2].startswith("Found 4 findings (4 warnings) in 3 files; 19 references read")
    assert lines[-2].endswith("19 not looked up (offline).")


def test_statistics_on_the_command_line() -> None:
    result = _citelint("check", "--offline", "--no-cache", "--statistics", str(DEMO))
    assert result.stdout.splitlines()[0] == "2  CL107      title-misspelled"
    as_json = _citelint("check", "--offline", "--no-cache", "--statistics", "--format", "json", str(DEMO))
    assert json.loads(as_json.stdout)[0]["code"] == "CL107"


def test_the_full_report_stays_the_default_on_a_terminal(monkeypatch) -> None:
    from citelint.app.check_arguments import CheckOptions
    from citelint.app.output import terminal_format

    def asked(format_name=None):
        return CheckOptions(format=format_name)

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert terminal_format(asked()) == "rich"
    assert terminal_format(asked("concise")) == "concise"
    monkeypatch.setattr(sys.stdout, "isatty", lambda: False)
    assert terminal_format(asked()) == "concise"
    assert terminal_format(asked("rich")) == "rich"
    # --output FILE with --format json: the file gets JSON, standard output the human report.
    assert terminal_format(asked("json"), [("json", Path("out.json"))]) == "concise"


def test_a_failed_lookup_is_said_without_the_request_that_met_it() -> None:
    from citelint.report import cause

    breaker = ("127.0.0.1:9 failed 6 times in a row (last: ConnectionError: _WatchedHTTPPool(host='127.0.0.1', "
               "port=9): Max retries exceeded with url: /works?query.bibliographic=Lee%2C+HJ+%282012%29+Human+"
               "umbilical...); not looked up")
    first = ("/works/10.1371/journal.pone.0020476: ConnectionError: _WatchedHTTPPool(host='127.0.0.1', port=9): "
             "Max retries exceeded with url: /works/10.1371/journal.pone.0020476 (Caused by NewConnectionError("
             "\"_WatchedHTTPConnection(host='127.0.0.1', port=9): Failed t... (gave up after 5 attempts)")
    assert cause(breaker) == ("127.0.0.1:9 failed 6 times in a row (last: ConnectionError: _WatchedHTTPPool("
                              "host='127.0.0.1', port=9): Max retries exceeded); not looked up")
    assert cause("lookup failed: " + first) == ("ConnectionError: _WatchedHTTPPool(host='127.0.0.1', port=9): "
                                                "Max retries exceeded (gave up after 5 attempts)")
