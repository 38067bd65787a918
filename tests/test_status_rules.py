"""Status rules (CL303-CL309) on real Crossref records, not-found matches and sibling matches.

The YAML tables in tests/rules/cases cover each rule's logic; here the
records come from fixtures/status through ``record_from_crossref``, the
not-found matches that the tables cannot express are built directly, and
the fabricated reference goes through the real matcher with a fake source.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
from pathlib import Path
from typing import Any

import pytest

from citelint.app.config import Settings
from citelint.app.engine import check_references
from citelint.match.matching import match_reference
from citelint.match.records import record_from_crossref
from citelint.match.updates import describe, is_preprint, notices, update_kind
from citelint.model import Match, Record, Reference, Update
from citelint.rules import RULES
from citelint.rules._rule import Context
from tests.helpers import make_record, make_reference, matched

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "status"
TODAY = datetime.date(2026, 11, 26)
STATUS_CODES = ("CL303", "CL304", "CL305", "CL306", "CL307", "CL308", "CL309")


def load(name: str) -> dict[str, Any]:
    body = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    return body.get("message", body)


def record(name: str) -> Record:
    return record_from_crossref(load(name))


def findings(reference: Reference, match: Match, others: list[Reference] | None = None,
             matches: list[Match] | None = None) -> dict[str, list]:
    """Every status rule's diagnostics, by code; rules that need a record skip unmatched references."""
    references = [*(others or []), reference]
    context = Context(options=None, references=references, today=TODAY,
                      matches=[*(matches or []), match] if matches is not None else ())
    found = {}
    for code in STATUS_CODES:
        rule = RULES[code]
        if rule.NEEDS_RECORD and not (match.status == "matched" and match.record is not None):
            continue
        diagnostics = list(rule.check(reference, match, context))
        if diagnostics:
            found[code] = diagnostics
    return found


WAKEFIELD = make_reference(
    "Wakefield AJ, Murch SH, Anthony A, et al. Ileal-lymphoid-nodular hyperplasia, non-specific colitis, and "
    "pervasive developmental disorder in children. Lancet 1998;351:637-41.",
    authors=["Wakefield, AJ"], year="1998", container="Lancet", volume="351", pages="637-41",
    title="Ileal-lymphoid-nodular hyperplasia, non-specific colitis, and pervasive developmental disorder in children",
)
ARTICLE = make_reference("Smith J. A title. J Biol 2010;3:1-9.", title="A title", container="J Biol",
                         volume="3", pages="1-9")


def test_wakefield_is_retracted_once_and_its_correction_is_not_reported() -> None:
    found = findings(WAKEFIELD, matched(record("retracted-article_wakefield.json")))
    assert list(found) == ["CL303"]
    [diagnostic] = found["CL303"]
    assert diagnostic.severity == "error"
    assert diagnostic.message == ("this work was retracted: notice https://doi.org/10.1016/s0140-6736(10)60175-4 "
                                  "(2010-02-06, Retraction Watch)")
    assert diagnostic.evidence == "https://doi.org/10.1016/s0140-6736(10)60175-4"


def test_notice_listed_by_two_sources_is_reported_once() -> None:
    found = findings(ARTICLE, matched(record("retracted-article_am300292v_listed-twice.json")))
    [diagnostic] = found["CL303"]
    assert diagnostic.message.count("acsami.9b11759") == 1
    assert "(2019-07-26, the publisher and Retraction Watch)" in diagnostic.message


def test_retracted_title_without_notice() -> None:
    found = findings(WAKEFIELD, matched(record("retracted-title-only_wakefield.json")))
    assert "title begins 'RETRACTED:'" in found["CL303"][0].message


def test_retraction_notice_cited_in_place_of_the_article() -> None:
    reference = make_reference(
        "Bhowmick S, et al. Flexible and microporous chitosan hydrogel/nano ZnO composite bandages for wound "
        "dressing. ACS Appl Mater Interfaces 2019. doi:10.1021/acsami.9b11759",
        title="Flexible and microporous chitosan hydrogel/nano ZnO composite bandages for wound dressing",
        doi="10.1021/acsami.9b11759",
    )
    found = findings(reference, matched(record("retraction-notice_acsami.9b11759.json"), via="doi"))
    [diagnostic] = found["CL303"]
    assert (diagnostic.severity, diagnostic.field, diagnostic.expected) == ("warning", "doi", "10.1021/am300292v")
    assert diagnostic.span == reference.spans["doi"]


def test_the_retracted_article_side_of_the_same_pair() -> None:
    found = findings(ARTICLE, matched(record("retracted-article_am300292v.json")))
    assert "https://doi.org/10.1021/acsami.9b11759 (2019-07-26, Retraction Watch)" in found["CL303"][0].message


def test_expression_of_concern() -> None:
    reference = make_reference("Philippov PP, et al. Recoverin as a paraneoplastic antigen in lung cancer. "
                               "Lung Cancer 2004;44:193-8.", title="Recoverin as a paraneoplastic antigen in lung cancer")
    found = findings(reference, matched(record("concern-article_lungcan.2003.10.006.json")))
    assert list(found) == ["CL304"]
    assert "https://doi.org/10.1016/j.lungcan.2026.109332 (2026-05-01, the publisher)" in found["CL304"][0].message


def test_correction() -> None:
    found = findings(ARTICLE, matched(record("corrected-article_pone.0033693.json")))
    assert list(found) == ["CL305"]
    assert found["CL305"][0].message == (
        "a correction to this work has been published: "
        "https://doi.org/10.1371/annotation/c76da2c1-ccb8-4797-94c1-359d3ceceeda (2012-05-08, the publisher)")


@pytest.mark.parametrize("name", ["new-version_ppat.1006930.json", "published-article_ece3.2314.json"])
def test_records_without_status_news_pass(name: str) -> None:
    assert findings(ARTICLE, matched(record(name))) == {}


IN_PRESS = make_reference(
    "Tucker MA, Ord TJ (2016) After the games are over: life-history trade-offs drive dispersal attenuation "
    "following range expansion. Ecology and Evolution, in press.",
    year="2016", container="Ecology and Evolution", status="in press",
    title="After the games are over: life-history trade-offs drive dispersal attenuation following range expansion",
)


def test_in_press_reference_and_its_later_record() -> None:
    found = findings(IN_PRESS, matched(record("published-article_ece3.2314.json")))
    assert list(found) == ["CL306"]
    [diagnostic] = found["CL306"]
    assert diagnostic.expected == "Ecology and Evolution, 6(18), 6425-6434, 2016, https://doi.org/10.1002/ece3.2314"
    assert diagnostic.span == IN_PRESS.spans["status"]


def test_recent_in_press_reference_not_found_passes() -> None:
    recent = dataclasses.replace(IN_PRESS, year="2026")
    assert findings(recent, Match(status="not-found", source="crossref", reason="no candidate found")) == {}


PREPRINT = make_reference("Tucker MA, Ord TJ. After the games are over. bioRxiv 2015. doi:10.1101/014852",
                          title="After the games are over", container="bioRxiv", doi="10.1101/014852")


@pytest.mark.parametrize(("name", "published"), [
    ("preprint_biorxiv_014852_is-preprint-of.json", "10.1002/ece3.2314"),
    ("preprint_essoar.10503377.3.json", "10.1029/2020jg005891"),
])
def test_preprint_with_published_version(name: str, published: str) -> None:
    found = findings(PREPRINT, matched(record(name), via="doi"))
    assert list(found) == ["CL307"]
    assert found["CL307"][0].expected == published


def test_preprint_and_its_published_version_both_listed() -> None:
    published = make_reference("Tucker MA, Ord TJ. After the games are over: life-history trade-offs. "
                               "Ecol Evol 2016;6:6425-34.", title="After the games are over: life-history trade-offs",
                               container="Ecol Evol", index=1)
    found = findings(PREPRINT, matched(record("preprint_biorxiv_014852_is-preprint-of.json")), others=[published],
                     matches=[matched(record("published-article_ece3.2314.json"))])
    assert list(found) == ["CL309"]
    assert "this is the preprint of https://doi.org/10.1002/ece3.2314" in found["CL309"][0].message


class FakeSource:
    """A metadata source answering from fixtures: one DOI, one search result list."""

    name = "crossref"
    concurrency = 1

    def __init__(self, works: dict[str, dict[str, Any]], hits: list[dict[str, Any]]) -> None:
        self.works = works
        self.hits = hits

    def work(self, doi: str) -> dict[str, Any] | None:
        return self.works.get(doi.lower())

    def search(self, query: str, rows: int = 10) -> list[dict[str, Any]]:
        return self.hits[:rows]


FABRICATED = make_reference(
    "Hartmann L, Okafor C. Hierarchical gating in sparse mixture-of-experts transformers for low-resource "
    "translation. Nature Nanotechnology 2014;10:22-24. doi:10.1038/nnano.2014.279",
    authors=["Hartmann, L", "Okafor, C"], year="2014", container="Nature Nanotechnology", volume="10",
    pages="22-24", doi="10.1038/nnano.2014.279",
    title="Hierarchical gating in sparse mixture-of-experts transformers for low-resource translation",
)


def test_fabricated_reference_with_a_real_doi() -> None:
    source = FakeSource({"10.1038/nnano.2014.279": load("real-work-of-fabricated-doi_nnano.2014.279.json")},
                        load("search_fabricated-title.json")["items"])
    match = match_reference(FABRICATED, source)
    assert (match.status, match.doi_status) == ("not-found", "other-work")
    found = findings(FABRICATED, match)
    assert list(found) == ["CL308"]
    message = found["CL308"][0].message
    assert message.startswith("DOI 10.1038/nnano.2014.279 belongs to another work ('Charges ride the spin wave', "
                              "Kuschel et al., 2014) and no record in Crossref has this title and these authors: "
                              "check that the work exists; no candidate fits: 10.1016/j.procs.2026.01.105")
    assert RULES["CL209"].check(FABRICATED, match, Context(None, [FABRICATED], TODAY))  # the DOI finding stands too


OTHER_WORK = make_record("10.1038/nnano.2014.279", title="Charges ride the spin wave", authors=["Kuschel, Timo"],
                         year_print=2015)
NEAR = make_record("10.1234/near", title="A near title")


def not_found(**fields: Any) -> Match:
    """A search that found no record, though other works of the printed journal came back."""
    return Match(status="not-found", source="crossref", **{"journal_known": True, **fields})


@pytest.mark.parametrize(("reference", "match", "reported"), [
    (ARTICLE, not_found(reason="no candidate fits: 10.1234/x (title differs)"), True),
    (ARTICLE, not_found(candidates=(NEAR,)), True),
    (FABRICATED, not_found(doi_status="other-work", doi_record=OTHER_WORK), True),
    (ARTICLE, not_found(journal_known=False), False),  # the journal may not deposit with Crossref: CL301
    (ARTICLE, Match(status="offline"), False),
    (ARTICLE, Match(status="unchecked", reason="timeout"), False),
    (ARTICLE, Match(status="ambiguous", candidates=(NEAR, OTHER_WORK)), False),
    (ARTICLE, matched(NEAR), False),
    (dataclasses.replace(ARTICLE, type="report"), not_found(), False),
    (dataclasses.replace(ARTICLE, type="book"), not_found(), False),
    (dataclasses.replace(ARTICLE, type="thesis"), not_found(), False),
    (dataclasses.replace(ARTICLE, container=None), not_found(), False),  # no journal
    (dataclasses.replace(ARTICLE, pages=None), not_found(), False),  # not shaped like an article
    (dataclasses.replace(ARTICLE, pages=None, article_number="e123"), not_found(), True),
    (dataclasses.replace(ARTICLE, status="in press"), not_found(), False),
    (dataclasses.replace(ARTICLE, parse_problem="garbled"), not_found(), False),
    # a DOI the source does not know may be another agency's: doi-unknown (CL210) reports it
    (dataclasses.replace(ARTICLE, doi="10.11501/jjsp.1"), not_found(doi_status="unknown"), False),
])
def test_reference_unverifiable(reference: Reference, match: Match, reported: bool) -> None:
    diagnostics = list(RULES["CL308"].check(reference, match, Context(None, [reference], TODAY)))
    assert bool(diagnostics) == reported, diagnostics


def test_reference_unverifiable_names_the_nearest_candidates() -> None:
    match = not_found(candidates=(NEAR,), reason="no candidate fits: 10.1234/near (title differs)")
    [diagnostic] = RULES["CL308"].check(ARTICLE, match, Context(None, [ARTICLE], TODAY))
    assert diagnostic.message == ("no record in Crossref matches this journal article: check that the work exists; "
                                  "nearest: https://doi.org/10.1234/near; no candidate fits: 10.1234/near (title differs)")


SPIN_WAVE = make_record("10.1038/nnano.2014.279", title="Charges ride the spin wave")
FIRST = make_reference("Kuschel T, Reiss G. Charges ride the spin wave. Nat Nanotechnol 2015;10:22-4.",
                       title="Charges ride the spin wave", index=1)
SECOND = make_reference("Kuschel T. Spin waves carry charge. Nature Nanotech. 10, 22 (2015).",
                        title="Spin waves carry charge", index=2)


def reported(references: list[Reference], matches: list[Match], ignore: tuple[str, ...] = ()) -> list[str]:
    """Codes the engine reports on the last reference, with every rule enabled but ``ignore``."""
    results = check_references(references, matches, Settings(), today=TODAY, ignore=ignore)
    return [finding.code for finding in results[-1].findings]


def test_same_record_by_sibling_matches_is_reported_by_duplicate_reference_alone() -> None:
    references, matches = [FIRST, SECOND], [matched(SPIN_WAVE), matched(SPIN_WAVE)]
    context = Context(None, references, TODAY, matches=matches)
    assert list(RULES["CL106"].check(SECOND, matched(SPIN_WAVE), context))
    assert list(RULES["CL309"].check(SECOND, matched(SPIN_WAVE), context))  # the rule itself still sees it
    assert "CL106" in reported(references, matches) and "CL309" not in reported(references, matches)
    assert "CL309" in reported(references, matches, ignore=("CL106",))  # ignoring CL106 silences nothing else


def test_an_unverifiable_article_is_reported_by_reference_unverifiable_alone() -> None:
    match = not_found()
    assert list(RULES["CL301"].check(ARTICLE, match, Context(None, [ARTICLE], TODAY)))
    assert "CL308" in reported([ARTICLE], [match]) and "CL301" not in reported([ARTICLE], [match])
    assert "CL301" in reported([ARTICLE], [match], ignore=("CL308",))


def test_printed_doi_of_an_unsure_sibling_names_the_same_work() -> None:
    first = make_reference("Kuschel T, Reiss G. Charges ride the spin wave. 2015. doi:10.1038/nnano.2014.279",
                           title="Charges ride the spin wave", doi="10.1038/nnano.2014.279", index=1)
    context = Context(None, [first, SECOND], TODAY,
                      matches=[matched(SPIN_WAVE, confidence=0.8, via="doi"), matched(SPIN_WAVE)])
    assert list(RULES["CL309"].check(first, matched(SPIN_WAVE), context)) == []  # only the later one
    [diagnostic] = RULES["CL309"].check(SECOND, matched(SPIN_WAVE), context)
    assert diagnostic.message == "same work as reference 1 (line 1): both are https://doi.org/10.1038/nnano.2014.279"


@pytest.mark.parametrize("first_match", [
    Match(status="not-found"),
    matched(NEAR),
    matched(make_record("10.1101/014852", relations={"is-preprint-of": ["10.1234/other"]})),
])
def test_different_works_pass(first_match: Match) -> None:
    assert "CL309" not in findings(SECOND, matched(SPIN_WAVE), others=[FIRST], matches=[first_match])


def test_published_version_matched_before_its_preprint() -> None:
    preprint = make_record("10.1101/014852", type="posted-content")  # the preprint record lacks the relation
    published = make_record("10.1002/ece3.2314", relations={"has-preprint": ["10.1101/014852"]})
    earlier = make_reference("Tucker MA, Ord TJ. After the games are over: life-history trade-offs. "
                             "Ecol Evol 2016;6:6425-34.", title="After the games are over: life-history trade-offs",
                             index=1)
    found = findings(PREPRINT, matched(preprint), others=[earlier], matches=[matched(published)])
    assert found["CL309"][0].message == ("same work as reference 1 (line 1): this is the preprint of "
                                         "https://doi.org/10.1002/ece3.2314")


def test_a_wrong_printed_doi_does_not_make_a_duplicate() -> None:
    wrong = make_reference("Lee K. Another work. J Biol 2010;3:1-9. doi:10.1038/nnano.2014.279",
                           title="Another work", doi="10.1038/nnano.2014.279", index=1)
    wrong_match = Match(status="not-found", doi_status="other-work", doi_record=SPIN_WAVE)
    found = findings(SECOND, matched(SPIN_WAVE), others=[wrong], matches=[wrong_match])
    assert "CL309" not in found


@pytest.mark.parametrize(("update_type", "kind"), [
    ("retraction", "retraction"), ("Retraction", "retraction"), ("partial_retraction", "retraction"),
    ("partial-retraction", "retraction"), ("withdrawal", "retraction"), ("removal", "retraction"),
    ("expression_of_concern", "concern"), ("expression-of-concern", "concern"),
    ("correction", "correction"), ("erratum", "correction"), ("corrigendum", "correction"),
    ("addendum", "correction"), ("new_version", None), ("clarification", None), ("", None),
])
def test_update_kind(update_type: str, kind: str | None) -> None:
    assert update_kind(update_type) == kind


def test_notices_merge_sources_and_keep_the_earliest_date() -> None:
    updates = (Update("retraction", "10.1/N", "2019-08-01", "publisher"),
               Update("retraction", "10.1/n", "2019-07-26", "retraction-watch"),
               Update("correction", "10.1/c"))
    [merged] = notices(updates, "retraction")
    assert describe(merged) == "https://doi.org/10.1/N (2019-07-26, the publisher and Retraction Watch)"
    assert notices(updates, "retraction", excluding="10.1/n") == ()


@pytest.mark.parametrize(("fields", "record_fields", "expected"), [
    ({}, {"type": "posted-content"}, True),
    ({"doi": "10.48550/arXiv.2101.00001"}, {}, True),
    ({"doi": "10.1101/2024.07.14.24310389"}, {}, True),
    ({"doi": "10.1101/gr.123456.111"}, {}, False),  # Genome Research shares bioRxiv's prefix
    ({"doi": "10.21203/rs.3.rs-1/v1"}, {}, True),
    ({"url": "https://www.biorxiv.org/content/10.1101/014852v1"}, {}, True),
    ({"url": "https://osf.io/abcde"}, {}, True),
    ({"url": "https://notarxiv.org.example.com/x"}, {}, False),
    ({"container": "arXiv preprint arXiv:2101.00001"}, {}, True),
    ({"container": "SSRN Electronic Journal"}, {}, True),
    ({"container": "Journal of Arxiv Studies"}, {}, False),
    ({"doi": "10.1002/ece3.2314"}, {"type": "journal-article"}, False),
])
def test_is_preprint(fields: dict[str, Any], record_fields: dict[str, Any], expected: bool) -> None:
    reference = make_reference("Smith J. A title. 2021.", **fields)
    assert is_preprint(reference, make_record(**record_fields)) == expected


@pytest.mark.parametrize("code", STATUS_CODES)
def test_rule_documents_itself(code: str) -> None:
    from citelint.rules._rule import DOC_SECTIONS

    rule = RULES[code]
    assert all(f"\n{section}:\n" in (rule.__doc__ or "") for section in DOC_SECTIONS)
    assert rule.NAME and rule.SUMMARY and rule.SEVERITY in ("error", "warning", "info")
