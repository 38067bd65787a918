from __future__ import annotations

import json

from citelint import __version__
from citelint.app.results import Report
from citelint.report import json as json_report
from tests.report.sample import REPORT

REFERENCE_KEYS = {"file", "line", "end_line", "index", "text", "parsed", "match", "findings"}
PARSED_KEYS = {"authors", "year", "title", "container", "volume", "issue", "pages", "article_number", "doi", "url",
               "publisher", "edition", "type", "status", "key", "et_al"}
MATCH_KEYS = {"status", "doi", "confidence", "source", "via", "reason", "candidates"}
FINDING_KEYS = {"code", "name", "severity", "field", "message", "found", "expected", "span", "fix"}
SPAN_KEYS = {"line", "column", "end_line", "end_column"}


def test_documented_keys_are_present() -> None:
    document = json.loads(json_report.render(REPORT))
    assert document["citelint"] == __version__
    assert {"citelint", "summary", "references", "errors"} <= set(document)
    for reference in document["references"]:
        assert REFERENCE_KEYS <= set(reference)
        assert PARSED_KEYS <= set(reference["parsed"])
        assert MATCH_KEYS <= set(reference["match"])
        for finding in reference["findings"]:
            assert FINDING_KEYS <= set(finding)
            assert set(finding["span"]) == SPAN_KEYS
            assert finding["fix"] is None or {"replacement", "applicability"} <= set(finding["fix"])
    assert all(set(error) == {"file", "line", "message"} for error in document["errors"])


def test_every_reference_appears_clean_or_not() -> None:
    document = json.loads(json_report.render(REPORT))
    expected = [(file.path, result.reference.index) for file in REPORT.files for result in file.references]
    assert [(reference["file"], reference["index"]) for reference in document["references"]] == expected
    assert {reference["match"]["status"] for reference in document["references"]} == {
        "matched", "ambiguous", "not-found", "unchecked", "offline"}


def test_text_and_values_are_kept_exactly() -> None:
    document = json.loads(json_report.render(REPORT))
    texts = [reference["text"] for reference in document["references"]]
    assert texts == [result.reference.text for file in REPORT.files for result in file.references]
    evil = next(reference for reference in document["references"] if reference["parsed"]["key"] == "evil2020")
    assert "\x1b[31m" in evil["text"] and "\r\n" in evil["text"]


def test_authors_persons_and_organisations() -> None:
    references = json.loads(json_report.render(REPORT))["references"]
    assert references[0]["parsed"]["authors"] == [{"family": "Smith", "given": "J."}, {"family": "Jones", "given": "K."}]
    assert references[1]["parsed"]["authors"] == [{"organisation": "World Health Organization"}]


def test_summary_counts() -> None:
    summary = json.loads(json_report.render(REPORT))["summary"]
    assert summary["references"] == 9
    assert summary["clean"] + summary["with_findings"] == summary["references"]
    assert summary["by_severity"] == {"error": 2, "warning": 3, "info": 1}  # one about a citation
    assert sum(summary["by_rule"].values()) == summary["findings"] == 6
    assert summary["match"] == {"matched": 3, "ambiguous": 1, "not-found": 2, "unchecked": 2, "offline": 1}
    assert summary["errors"] == 2
    # What happened to the references: looked up (all but the offline one), and why lookups failed, each cause once.
    assert summary["looked_up"] == 8
    assert summary["unchecked_causes"] == {"Crossref did not answer (timeout)": 1, "could not be parsed": 1}


def test_citation_findings_name_their_file() -> None:
    findings = json.loads(json_report.render(REPORT))["citation_findings"]
    assert [(item["file"], item["code"], item["found"], item["span"]["line"]) for item in findings] == [
        ("paper/paper.tex", "CL401", "gren2018", 2)]
    assert set(findings[0]) == {"file", "code", "name", "severity", "field", "message", "found", "expected", "span",
                                "evidence", "fix"}


def test_ambiguous_candidates_are_dois() -> None:
    references = json.loads(json_report.render(REPORT))["references"]
    assert references[2]["match"]["candidates"] == ["10.5555/rot.4.1", "10.5555/rot.4.1-erratum"]


def test_empty_report() -> None:
    document = json.loads(json_report.render(Report(files=())))
    assert document["references"] == [] and document["errors"] == []
    assert document["summary"]["references"] == 0


def test_output_is_utf8_not_ascii_escaped() -> None:
    output = json_report.render(REPORT)
    assert "Grün" in output and "\\u00fc" not in output
