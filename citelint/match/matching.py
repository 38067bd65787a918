"""Finding the published record of a printed reference.

A DOI is looked up and then checked against the printed fields (a mistyped
DOI names another work); a reference without a usable DOI is searched for
with its printed text, and each candidate is validated field by field, as
Crossref's own search-based matcher does: several independent fields must
agree, the search score alone is never trusted.

The rules flag every difference between the reference and its record, so
validation tolerates the errors they exist to catch (a typo in the title, an
online-first year, a wrong volume, a lost page separator) as long as enough
other fields agree; but a wrong match produces wrong findings, so whenever
two records fit nearly equally well the answer is "ambiguous", and a record
whose title clearly differs is never accepted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from citelint.fields.normalize import doi_key, is_short_doi, text_key
from citelint.match.field_scores import (
    MINOR_WORDS,
    NOT_PRINTED,
    TITLE_NUMBER,
    another_title_printed,
    author_score,
    container_score,
    pages_score,
    title_score,
    volume_score,
    year_score,
)
from citelint.match.printed import Printed
from citelint.match.reach import best_fit, reachable
from citelint.match.records import Headline, headline_from_crossref, record_from_crossref
from citelint.model import Match, Record, Reference
from citelint.sources import MetadataSource, NotInCache, SourceUnavailable

ACCEPT = 0.6  # lowest fit of a search match
MIN_SUPPORTS = 3  # agreeing fields a search match needs (SBMV: 3 of 5)
AMBIGUOUS_GAP = 0.05  # a runner-up whose fit is this close to the best's makes the match ambiguous
SEARCH_ROWS = 10

GREY_LITERATURE = "grey literature not in Crossref"

# Weight of each field's agreement; the title and first author identify a work best.
_WEIGHTS = {"title": 3.0, "author": 2.0, "year": 1.0, "volume": 1.0, "pages": 1.0, "container": 1.0}
_MIN_DENOMINATOR = 6.0  # so that two agreeing fields never make a confident match alone

_NOT_A_WORK = frozenset({"component", "peer-review", "journal-issue", "journal"})
_GREY_TYPES = frozenset({"report", "web", "thesis", "book", "software", "dataset", "manual", "misc",
                         "standard", "patent", "presentation", "unpublished"})
_NOTICE_PREFIX = re.compile(
    r"^(?:correction|corrigendum|erratum|errata|retraction|retraction note|notice of retraction|"
    r"expression of concern|editorial expression of concern|withdrawal|withdrawn|addendum)\b"
)
_NOTICE_WORD = re.compile(r"\b(?:corrigendum|erratum|errata|retraction|expression of concern)\b")


def match_reference(reference: Reference, source: MetadataSource) -> Match:
    """The record this reference cites, or why none could be named."""
    try:
        return _match(reference, source)
    except NotInCache:
        return Match(status="offline", source=source.name)
    except SourceUnavailable as error:
        return Match(status="unchecked", source=source.name, reason=str(error) or "source unavailable")


def validate(reference: Reference, record: Record) -> float:
    """Confidence in [0, 1] that ``record`` is the work ``reference`` cites."""
    return _assess(Printed(reference), record).confidence


def _match(reference: Reference, source: MetadataSource) -> Match:
    printed = Printed(reference)
    if not reference.doi or is_short_doi(reference.doi):
        return _search(printed, source)
    work = source.work(reference.doi)
    if work is None:
        return _with_doi(_search(printed, source), "unknown", None)
    doi_record = record_from_crossref(work)
    assessment = _assess(printed, doi_record)
    if assessment.describes_cited_work:
        return Match(status="matched", record=doi_record, confidence=round(assessment.doi_confidence, 3),
                     source=source.name, via="doi", doi_status="same")
    found = _search(printed, source, exclude=doi_record.doi)
    if found.status == "not-found":
        why = f"the DOI is another work ({assessment.why_not}); {found.reason}"
        found = Match(status="not-found", source=source.name, reason=why)
    return _with_doi(found, "other-work", doi_record)


def _with_doi(found: Match, doi_status: str, doi_record: Record | None) -> Match:
    return replace(found, doi_status=doi_status, doi_record=doi_record)


def _search(printed: Printed, source: MetadataSource, exclude: str | None = None) -> Match:
    works = source.search(printed.query, rows=SEARCH_ROWS)
    seen: set[str] = set()
    assessed: list[tuple[_Assessment, Record | Headline]] = []
    unaligned: list[tuple[int, Record, dict[str, float | None]]] = []
    for work in works:
        headline = headline_from_crossref(work)
        if not headline.doi or headline.doi in seen or headline.doi == exclude:
            continue
        seen.add(headline.doi)
        # Most candidates are other works, rejected on their title alone: never converted in full.
        vetoed = _veto(printed, headline)
        if vetoed:
            assessed.append((vetoed, headline))
        else:
            record = record_from_crossref(work)
            as_read = _scores_as_read(printed, record)
            if best_fit(as_read, reachable(printed, record), _fit) + 1e-9 >= ACCEPT:
                assessed.append((_judge(printed, _located_scores(printed, record, as_read)), record))
            else:  # aligning it is most of its cost, and no alignment could make it acceptable
                unaligned.append((len(assessed), record, as_read))
                assessed.append((_UNWEIGHED, record))
    if unaligned and not any(a.fit >= ACCEPT and isinstance(r, Record) for a, r in assessed):
        for position, record, as_read in unaligned:  # weighed in full to say why nothing fits
            assessed[position] = (_judge(printed, _located_scores(printed, record, as_read)), record)
    assessed.sort(key=lambda pair: pair[0].fit, reverse=True)
    accepted = [(a, r) for a, r in assessed if a.fit >= ACCEPT and isinstance(r, Record)]  # headlines: vetoed, fit 0
    if not accepted:
        known = _journal_known(printed, works)
        if _is_grey(printed.reference):
            return Match(status="not-found", source=source.name, reason=GREY_LITERATURE, journal_known=known)
        return Match(status="not-found", source=source.name, reason=_rejections(assessed), journal_known=known)
    best, record = accepted[0]
    if len(accepted) > 1 and accepted[1][0].fit >= best.fit - AMBIGUOUS_GAP:
        runner_up = accepted[1][1]
        return Match(status="ambiguous", source=source.name, candidates=(record, runner_up), via="search",
                     reason=f"{record.doi} and {runner_up.doi} fit nearly equally well")
    return Match(status="matched", record=record, confidence=round(best.confidence, 3),
                 source=source.name, via="search")


def _journal_known(printed: Printed, works: list[dict[str, Any]]) -> bool:
    """Whether the search found other works of the journal the reference prints: the journal deposits here."""
    from citelint.match.alignment import prints_journal

    for work in works:
        record = record_from_crossref(work)
        if record.container and (prints_journal(printed.reference, record)
                                 or container_score(printed, record) == 1.0):
            return True
    return False


def _rejections(assessed: list[tuple[_Assessment, Record | Headline]]) -> str:
    if not assessed:
        return "no candidate found"
    nearest = "; ".join(f"{record.doi} ({assessment.why_not})" for assessment, record in assessed[:3])
    return f"no candidate fits: {nearest}"


def _is_grey(reference: Reference) -> bool:
    if reference.type in _GREY_TYPES:
        return True
    if not reference.title:
        return False  # the reader could not split it: nothing says what kind of work it is
    return not (reference.container or reference.volume or reference.pages or reference.article_number)


@dataclass(frozen=True)
class _Assessment:
    """How well a record explains a printed reference.

    ``fit`` ranks candidates: every agreement raises it and every difference
    lowers it, so the record that explains most of the reference wins.
    ``confidence`` is how sure it is that the record is the cited work: an
    error or two (what the rules then report) barely shakes a work that title,
    authors and the rest identify.
    """

    fit: float
    confidence: float
    supports: tuple[str, ...]
    conflicts: tuple[str, ...]
    veto: str | None = None

    @property
    def describes_cited_work(self) -> bool:
        """Whether a DOI's record fits the printed reference: the DOI is evidence enough unless contradicted."""
        if self.veto:
            return False
        if "title" in self.supports or not (self.supports or self.conflicts):
            return True
        return len(self.supports) > len(self.conflicts) and self.fit >= 0.3

    @property
    def doi_confidence(self) -> float:
        """Confidence in a DOI's record that fits: the DOI and the agreeing title together are near certain."""
        if "title" in self.supports:
            return max(self.confidence, 0.95)
        if not (self.supports or self.conflicts):
            return 0.9  # nothing printed to compare: the DOI alone
        return 0.75

    @property
    def why_not(self) -> str:
        if self.veto:
            return self.veto
        agreeing = ", ".join(self.supports) or "nothing"
        differing = f"; differs: {', '.join(self.conflicts)}" if self.conflicts else ""
        return f"agrees: {agreeing}{differing}; fit {self.fit:.2f}"


# A candidate not weighed, as no alignment could make it acceptable: never accepted, ranked last.
_UNWEIGHED = _Assessment(-1.0, 0.0, (), ())


def _assess(printed: Printed, record: Record) -> _Assessment:
    return _veto(printed, record) or _weigh(printed, record)


def _veto(printed: Printed, record: Record | Headline) -> _Assessment | None:
    """The rejection of a record that cannot be the cited work, whatever its other fields say."""
    if record.type in _NOT_A_WORK and printed.reference.type != record.type:
        return _Assessment(0.0, 0.0, (), (), veto=f"a {record.type} record, not a citable work")
    if _is_notice(record) and not _cites_notice(printed):
        return _Assessment(0.0, 0.0, (), (), veto="a correction or retraction notice, not the work itself")
    title = title_score(printed, record)
    if printed.title and title is not None and title <= 0 and not _title_is_journal(printed, record):
        return _Assessment(0.0, 0.0, (), ("title",), veto="the title differs")
    return None


def _cites_notice(printed: Printed) -> bool:
    """Whether the reference may cite a correction or retraction notice itself.

    It names one ("Erratum. Biochim Biophys Acta 180, 588"), or prints no title (ACS, AIP), so that
    only journal, volume and pages can tell the notice from the work it corrects.
    """
    return bool(_NOTICE_PREFIX.match(printed.title or printed.text) or _NOTICE_WORD.search(printed.text)
                or not printed.title)


def _title_is_journal(printed: Printed, record: Record | Headline) -> bool:
    """Whether the reader's title is the record's other fields: a style that prints no title (ACS, AIP).

    The reader took the journal for a title, or, splitting a reference it could not read, the
    authors, the journal and the numbers ("BAKHOUM and E.A. EL AISH, Anesthesia & Analgesia 36",
    "1006", "Soc., Trans"): each word of it is then a word of the record's journal or authors.
    """
    if isinstance(record, Headline):
        names, people = record.containers, record.names
    else:
        names = (record.container, *record.short_containers)
        people = tuple(part for author in record.authors[:10]
                       for part in (author.family, author.given, author.organisation) if part)
    for name in names:
        key = text_key(name).removeprefix("the ")
        if len(key) >= 4 and f" {key} " in f" {printed.title} ":
            return True
    return _words_explained(printed.title, tuple(names) + tuple(people))


@lru_cache(maxsize=65536)
def _words_explained(title: str, names: tuple[str, ...]) -> bool:
    """Whether every word of the title that could be a title's is a word of the names (or abbreviates one)."""
    known = {word for name in names for word in text_key(name).split()}
    for word in title.split():
        if word.isdigit() or TITLE_NUMBER.match(word) or len(word) < 2 or word in MINOR_WORDS or word in known:
            continue
        if not any(len(word) >= 3 and other.startswith(word) for other in known):  # "soc" for "society"
            return False
    return True


def _weigh(printed: Printed, record: Record) -> _Assessment:
    """The assessment of a record that ``_veto`` let through."""
    return _judge(printed, _located_scores(printed, record, _scores_as_read(printed, record)))


def _judge(printed: Printed, scores: dict[str, float]) -> _Assessment:
    supports = tuple(name for name, score in scores.items() if score >= 0.5)
    conflicts = tuple(name for name, score in scores.items() if score < 0 and score != NOT_PRINTED)
    fit = _fit(scores)
    # The one field that differs is what the rules exist to report: whether the others make the
    # record the cited work is judged without it; ranking (and "ambiguous") keeps the full fit.
    tolerant = _fit({name: score for name, score in scores.items() if name != _worst(scores)}) if conflicts else fit
    if len(conflicts) > 1:
        tolerant = fit
    if not (_in_press(printed, supports, scores)
            or (_enough_supports(printed, supports, scores) and _identified(printed, supports, scores))):
        fit = tolerant = min(fit, ACCEPT - 0.1)
    elif len(supports) == len(scores):
        # Every field the record has agrees and identifies the work: a record with few fields
        # (a chapter without authors: book, year and pages) is not held to the weight of more.
        tolerant = max(tolerant, ACCEPT)
    if tolerant < ACCEPT:
        return _Assessment(fit, fit, supports, conflicts)
    fit = max(fit, ACCEPT)
    agreement = sum(_WEIGHTS[name] * score for name, score in scores.items() if score > 0)
    disagreement = -sum(_WEIGHTS[name] * score for name, score in scores.items() if score < 0)
    confidence = agreement / (agreement + disagreement + max(0.0, _MIN_DENOMINATOR - agreement))
    return _Assessment(fit, max(confidence, ACCEPT), supports, conflicts)  # accepted: never below the line


def _scores_as_read(printed: Printed, record: Record) -> dict[str, float | None]:
    """Each field's agreement with the reader's split (None: nothing to compare)."""
    computed = {
        "title": title_score(printed, record),
        "author": author_score(printed, record),
        "year": year_score(printed, record),
        "volume": volume_score(printed, record),
        "pages": pages_score(printed, record),
        "container": container_score(printed, record),
    }
    if computed["title"] is not None and computed["title"] <= 0 and _title_is_journal(printed, record):
        computed["title"] = None  # the journal, read as a title by a reader that expected one
    if computed["title"] is None and record.title and another_title_printed(printed, record):
        computed["title"] = -1.0  # a title is printed, and it is not the record's: another work of the authors
    return computed


def _located_scores(printed: Printed, record: Record, as_read: dict[str, float | None]) -> dict[str, float]:
    """The scores as read, each raised where the record's value found in the text agrees better."""
    from citelint.match.alignment import align_fields

    computed = dict(as_read)
    aligned = align_fields(printed.reference, record)  # the authors are not rescored: not aligned
    if aligned is not printed.reference:
        located = Printed(aligned)
        for name, scorer in (("year", year_score), ("volume", volume_score), ("pages", pages_score),
                             ("container", container_score)):
            score = scorer(located, record)
            if score is not None and (computed[name] is None or score > computed[name]):  # type: ignore[operator]
                computed[name] = score
    return {name: score for name, score in computed.items() if score is not None}


_LONG_TITLE = 5  # words: a title this long with one word changed is still the record's


def _fit(scores: dict[str, float]) -> float:
    evidence = sum(_WEIGHTS[name] * score for name, score in scores.items())
    weight = max(sum(_WEIGHTS[name] for name, score in scores.items() if score != NOT_PRINTED), _MIN_DENOMINATOR)
    return max(0.0, min(1.0, evidence / weight))


def _worst(scores: dict[str, float]) -> str:
    """The field whose difference weighs most against the record."""
    return min(scores, key=lambda name: _WEIGHTS[name] * scores[name])


def _enough_supports(printed: Printed, supports: tuple[str, ...], scores: dict[str, float]) -> bool:
    """Three agreeing fields; or, for a record with only title, authors and year (a report, a book),
    those two and a long printed title that is the record's but for one word (the error to report)."""
    if len(supports) >= MIN_SUPPORTS:
        return True
    return (set(scores) == {"title", "author", "year"} and scores["title"] > 0 and {"author", "year"} <= set(supports)
            and len(printed.title.split()) >= _LONG_TITLE)


def _identified(printed: Printed, supports: tuple[str, ...], scores: dict[str, float]) -> bool:
    """Whether the agreeing fields single out one work.

    The title does, with another field placing it; so do first author, journal, volume,
    first page and year, four of them agreeing, when no title is printed (chemistry and
    physics styles) or the title is near (a word differs), or author, container and year
    for a record without volume and pages, or book, year and pages for a chapter without
    authors.
    """
    agreeing = set(supports)
    if _another_version(supports, scores):
        return False
    if "title" in supports:
        return True
    located = len(agreeing & {"author", "container", "volume", "pages", "year"}) >= 4
    if "title" in scores:  # near but not agreeing: one word differs, so nothing else may
        differs = any(score < 0 and score != NOT_PRINTED for score in scores.values())
        if scores["title"] <= 0:
            return False
        if {"volume", "pages", "author"} <= agreeing or (located and not differs):
            return True
        # A book, report or proceedings paper has no volume or pages to place it: its first author,
        # year and (where printed) its book or proceedings must all agree.
        return "volume" not in scores and "pages" not in scores and not differs and {"author", "year"} <= agreeing
    if "volume" not in scores and "pages" not in scores:  # a book or proceedings: nothing more to agree
        return {"author", "container", "year"} <= agreeing
    if "author" not in scores and "volume" not in scores:  # a chapter without authors: its book, year and pages
        return {"container", "year", "pages"} <= agreeing
    return located or _placed_but_one(agreeing, scores)


def _placed_but_one(agreeing: set[str], scores: dict[str, float]) -> bool:
    """A reference without a title whose first author, journal and year agree, and whose one other
    number (volume or first page) differs: the error to report, when the record has no more fields.

    Two works of one author in one journal and year share the volume and differ in pages, and
    both then come back for the search and fit alike ("ambiguous"); a volume that differs where
    journal and year agree is a misprint, not another work.
    """
    differs = [name for name, score in scores.items() if score < 0 and score != NOT_PRINTED]
    return (differs in (["volume"], ["pages"]) and scores.get("author") == 1.0 and scores.get("year") == 1.0
            and "container" in agreeing)


def _in_press(printed: Printed, supports: tuple[str, ...], scores: dict[str, float]) -> bool:
    """A work cited as in press is identified by its title and first author, and a year that does not differ.

    It has no volume or pages yet, and its journal is often named otherwise; whether the record
    is the published version of it is for in-press-now-published (CL306) to say.
    """
    year = scores.get("year", NOT_PRINTED)
    return bool(printed.reference.status) and {"title", "author"} <= set(supports) and (
        year == NOT_PRINTED or year >= 0.5)


def _another_version(supports: tuple[str, ...], scores: dict[str, float]) -> bool:
    """Nothing places the record where and when the reference says: it may be another version.

    Title and authors are what a conference paper and its journal version, or
    an article and its reprint, share. Unless the journal, or volume and pages,
    agree, a journal that differs, volume and pages that both differ, or a year
    that is off with nothing else placing the work, mean the record may be the
    other version, and a wrong match is worse than none.
    """
    agreeing = set(supports)
    if {"volume", "pages"} <= agreeing or "container" in agreeing:
        return False
    differs = [name for name in ("container", "volume", "pages")
               if scores.get(name, 0) < 0 and scores[name] != NOT_PRINTED]
    journal_unseen = scores.get("container") == NOT_PRINTED  # not in a text the reader could not split
    elsewhere = "container" in differs or {"volume", "pages"} <= set(differs) or (journal_unseen and bool(differs))
    if not elsewhere and ({"volume", "pages"} & agreeing or scores.get("year") == 1.0):
        return False
    return elsewhere or scores.get("year", 1.0) < 1.0


def _is_notice(record: Record | Headline) -> bool:
    if any(update.type != "new_version" and doi_key(update.doi) != record.doi for update in record.update_to):
        return True
    return bool(_NOTICE_PREFIX.match(text_key(record.title)))
