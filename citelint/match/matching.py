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
from functools import cached_property, lru_cache
from typing import Any

from citelint.fields.normalize import decode_latex, doi_key, is_short_doi, name_key, text_key
from citelint.fields.patterns import DOI_PREFIX, YEAR_DIGITS
from citelint.match.records import Headline, headline_from_crossref, record_from_crossref
from citelint.model import LATEX_KINDS, Author, Match, Record, Reference
from citelint.sources import MetadataSource, NotInCache, SourceUnavailable

ACCEPT = 0.6  # lowest fit of a search match
MIN_SUPPORTS = 3  # agreeing fields a search match needs (SBMV: 3 of 5)
AMBIGUOUS_GAP = 0.05  # a runner-up whose fit is this close to the best's makes the match ambiguous
SEARCH_ROWS = 10

GREY_LITERATURE = "grey literature not in Crossref"

# Weight of each field's agreement; the title and first author identify a work best.
_WEIGHTS = {"title": 3.0, "author": 2.0, "year": 1.0, "volume": 1.0, "pages": 1.0, "container": 1.0}
_MIN_DENOMINATOR = 6.0  # so that two agreeing fields never make a confident match alone
# A field the reader did not find, whose recorded value is nowhere in the printed text either:
# weak evidence against (the reference may simply omit it), not counted in the denominator.
_NOT_PRINTED = -0.2
_NO_LOCATION = -0.3

_NOT_A_WORK = frozenset({"component", "peer-review", "journal-issue", "journal"})
_GREY_TYPES = frozenset({"report", "web", "thesis", "book", "software", "dataset", "manual", "misc",
                         "standard", "patent", "presentation", "unpublished"})
_NOTICE_PREFIX = re.compile(
    r"^(?:correction|corrigendum|erratum|errata|retraction|retraction note|notice of retraction|"
    r"expression of concern|editorial expression of concern|withdrawal|withdrawn|addendum)\b"
)
_NOTICE_WORD = re.compile(r"\b(?:corrigendum|erratum|errata|retraction|expression of concern)\b")
_RETRACTED_PREFIX = re.compile(r"^(?:retracted(?: article)?)\s+")
# Title similarity when a word differs outright: a weak agreement, never support on its own.
_ONE_WORD_APART = 0.75
_TITLE_NUMBER = re.compile(r"^(?:\d+|[ivx]{1,5})$")
_MINOR_WORDS = frozenset({"of", "the", "and", "in", "for", "on", "a", "an", "de", "la", "und", "der", "fur"})
_URL = re.compile(rf"(?:https?://|www\.)\S+|\bdoi:\s*\S+|\b{DOI_PREFIX}\S+", re.IGNORECASE)
_LABEL = re.compile(r"^\s*(?:\[\w+\]|\(\d+\)|\d+\.)\s*")
_NUMBER = re.compile(r"\d+")
_EVENT = re.compile(
    r"\b(?:proceedings|proc|conference|conf|symposium|workshop|congress|meeting|annual|international)\b"
)
_DASHES = re.compile(r"\s*[-\u2010-\u2015\u2212]+\s*")
_NON_DIGITS = re.compile(r"\D")
_VOLUME = re.compile(r"\s*([A-Za-z]?\d+[A-Za-z]?|[A-Za-z]+)")
_PAGE_ABBREVIATION = re.compile(r"^\s*pp?\.?\s*", re.IGNORECASE)


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
    return _assess(_Printed(reference), record).confidence


def search_query(reference: Reference) -> str:
    """The printed reference without DOIs, URLs and its list label: what a bibliographic search wants.

    A .bib entry's source is field names and LaTeX ("Rei{\\ss}"): its decoded fields are sent instead;
    a LaTeX reference (``\\bibitem``) is decoded, braces dropped."""
    if reference.kind == "bibtex" and not reference.parse_problem:
        names = [author.family or author.organisation for author in reference.authors[:3]]
        fields = (reference.title, reference.container, reference.year, reference.volume, reference.pages)
        query = " ".join(" ".join(value for value in (*names, *fields) if value).split())
        if query:
            return query
    text = reference.text
    if reference.kind in LATEX_KINDS:
        text = decode_latex(text)
    text = _LABEL.sub("", _URL.sub(" ", text))
    return " ".join(text.split())


def _match(reference: Reference, source: MetadataSource) -> Match:
    printed = _Printed(reference)
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


def _search(printed: _Printed, source: MetadataSource, exclude: str | None = None) -> Match:
    works = source.search(printed.query, rows=SEARCH_ROWS)
    seen: set[str] = set()
    assessed: list[tuple[_Assessment, Record | Headline]] = []
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
            assessed.append((_weigh(printed, record), record))
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


def _journal_known(printed: _Printed, works: list[dict[str, Any]]) -> bool:
    """Whether the search found other works of the journal the reference prints: the journal deposits here."""
    from citelint.match.alignment import prints_journal

    for work in works:
        record = record_from_crossref(work)
        if record.container and (prints_journal(printed.reference, record)
                                 or _container_score(printed, record) == 1.0):
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


class _Printed:
    """A reference's fields in comparison form, computed once for all its candidates."""

    def __init__(self, reference: Reference) -> None:
        self.reference = reference
        self.title = text_key(reference.title) if reference.title else ""
        self.container = text_key(reference.container) if reference.container else ""
        self.year = _int_year(reference.year)
        self.volume = _leading(reference.volume)
        self.first_page = _first_page(reference.pages)
        self.article_number = (reference.article_number or "").strip().lower()
        self.pages_digits = _NON_DIGITS.sub("", reference.pages or "")
        # Search results repeat titles (a preprint and its article, reprints): each is scored once.
        self.title_scores: dict[tuple[str, str], float | None] = {}

    @cached_property
    def query(self) -> str:
        return search_query(self.reference)

    @cached_property
    def text(self) -> str:
        return text_key(self.query)

    @cached_property
    def numbers(self) -> frozenset[str]:
        return frozenset(number.lstrip("0") for number in _NUMBER.findall(self.text))

    @cached_property
    def years(self) -> frozenset[str]:
        return frozenset(number for number in self.numbers if len(number) == 4 and 1800 <= int(number) <= 2100)

    @cached_property
    def other_numbers(self) -> frozenset[str]:
        """The numbers of the text that cannot be years: volume, issue, pages."""
        return self.numbers - self.years

    @cached_property
    def words(self) -> frozenset[str]:
        return frozenset(self.text.split())

    @cached_property
    def name_keys(self) -> frozenset[str]:
        return frozenset(name_key(word) for word in self.text.split())


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


def _assess(printed: _Printed, record: Record) -> _Assessment:
    return _veto(printed, record) or _weigh(printed, record)


def _veto(printed: _Printed, record: Record | Headline) -> _Assessment | None:
    """The rejection of a record that cannot be the cited work, whatever its other fields say."""
    if record.type in _NOT_A_WORK and printed.reference.type != record.type:
        return _Assessment(0.0, 0.0, (), (), veto=f"a {record.type} record, not a citable work")
    if _is_notice(record) and not _cites_notice(printed):
        return _Assessment(0.0, 0.0, (), (), veto="a correction or retraction notice, not the work itself")
    title = _title_score(printed, record)
    if printed.title and title is not None and title <= 0 and not _title_is_journal(printed, record):
        return _Assessment(0.0, 0.0, (), ("title",), veto="the title differs")
    return None


def _cites_notice(printed: _Printed) -> bool:
    """Whether the reference may cite a correction or retraction notice itself.

    It names one ("Erratum. Biochim Biophys Acta 180, 588"), or prints no title (ACS, AIP), so that
    only journal, volume and pages can tell the notice from the work it corrects.
    """
    return bool(_NOTICE_PREFIX.match(printed.title or printed.text) or _NOTICE_WORD.search(printed.text)
                or not printed.title)


def _title_is_journal(printed: _Printed, record: Record | Headline) -> bool:
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
        if word.isdigit() or _TITLE_NUMBER.match(word) or len(word) < 2 or word in _MINOR_WORDS or word in known:
            continue
        if not any(len(word) >= 3 and other.startswith(word) for other in known):  # "soc" for "society"
            return False
    return True


def _weigh(printed: _Printed, record: Record) -> _Assessment:
    """The assessment of a record that ``_veto`` let through."""
    scores = _scores(printed, record)
    supports = tuple(name for name, score in scores.items() if score >= 0.5)
    conflicts = tuple(name for name, score in scores.items() if score < 0 and score != _NOT_PRINTED)
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
    return _Assessment(fit, confidence, supports, conflicts)


def _scores(printed: _Printed, record: Record) -> dict[str, float]:
    """Each field's agreement, from the reader's split or, where better, from the record's value found in the text."""
    computed = {
        "title": _title_score(printed, record),
        "author": _author_score(printed, record),
        "year": _year_score(printed, record),
        "volume": _volume_score(printed, record),
        "pages": _pages_score(printed, record),
        "container": _container_score(printed, record),
    }
    from citelint.match.alignment import align

    if computed["title"] is not None and computed["title"] <= 0 and _title_is_journal(printed, record):
        computed["title"] = None  # the journal, read as a title by a reader that expected one
    if computed["title"] is None and record.title and _another_title_printed(printed, record):
        computed["title"] = -1.0  # a title is printed, and it is not the record's: another work of the authors
    aligned = align(printed.reference, record)
    if aligned is not printed.reference:
        located = _Printed(aligned)
        for name, scorer in (("year", _year_score), ("volume", _volume_score), ("pages", _pages_score),
                             ("container", _container_score)):
            score = scorer(located, record)
            if score is not None and (computed[name] is None or score > computed[name]):  # type: ignore[operator]
                computed[name] = score
    return {name: score for name, score in computed.items() if score is not None}


_LONG_TITLE = 5  # words: a title this long with one word changed is still the record's
_TITLE_WORD_LENGTH = 6  # shorter words are often journal abbreviations ("Trans", "Chem") or names


def _another_title_printed(printed: _Printed, record: Record) -> bool:
    """Whether the text holds a title the record's fields do not explain: words that are not its
    journal's, its authors' or numbers. A reference without a title (ACS, AIP) leaves none.
    """
    explained = set()
    for name in (record.container, *record.short_containers):
        explained.update(text_key(name).split())
    for author in record.authors:
        explained.update(text_key(f"{author.given} {author.family} {author.organisation}").split())
    unexplained = {word for word in printed.words
                   if len(word) >= _TITLE_WORD_LENGTH and not word.isdigit() and word not in explained}
    return len(unexplained) >= 2


def _fit(scores: dict[str, float]) -> float:
    evidence = sum(_WEIGHTS[name] * score for name, score in scores.items())
    weight = max(sum(_WEIGHTS[name] for name, score in scores.items() if score != _NOT_PRINTED), _MIN_DENOMINATOR)
    return max(0.0, min(1.0, evidence / weight))


def _worst(scores: dict[str, float]) -> str:
    """The field whose difference weighs most against the record."""
    return min(scores, key=lambda name: _WEIGHTS[name] * scores[name])


def _enough_supports(printed: _Printed, supports: tuple[str, ...], scores: dict[str, float]) -> bool:
    """Three agreeing fields; or, for a record with only title, authors and year (a report, a book),
    those two and a long printed title that is the record's but for one word (the error to report)."""
    if len(supports) >= MIN_SUPPORTS:
        return True
    return (set(scores) == {"title", "author", "year"} and scores["title"] > 0 and {"author", "year"} <= set(supports)
            and len(printed.title.split()) >= _LONG_TITLE)


def _identified(printed: _Printed, supports: tuple[str, ...], scores: dict[str, float]) -> bool:
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
        differs = any(score < 0 and score != _NOT_PRINTED for score in scores.values())
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
    return located


def _in_press(printed: _Printed, supports: tuple[str, ...], scores: dict[str, float]) -> bool:
    """A work cited as in press is identified by its title and first author, and a year that does not differ.

    It has no volume or pages yet, and its journal is often named otherwise; whether the record
    is the published version of it is for in-press-now-published (CL306) to say.
    """
    year = scores.get("year", _NOT_PRINTED)
    return bool(printed.reference.status) and {"title", "author"} <= set(supports) and (
        year == _NOT_PRINTED or year >= 0.5)


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
               if scores.get(name, 0) < 0 and scores[name] != _NOT_PRINTED]
    journal_unseen = scores.get("container") == _NOT_PRINTED  # not in a text the reader could not split
    elsewhere = "container" in differs or {"volume", "pages"} <= set(differs) or (journal_unseen and bool(differs))
    if not elsewhere and ({"volume", "pages"} & agreeing or scores.get("year") == 1.0):
        return False
    return elsewhere or scores.get("year", 1.0) < 1.0


def _is_notice(record: Record | Headline) -> bool:
    if any(update.type != "new_version" and doi_key(update.doi) != record.doi for update in record.update_to):
        return True
    return bool(_NOTICE_PREFIX.match(text_key(record.title)))


def _title_score(printed: _Printed, record: Record | Headline) -> float | None:
    key = (record.title, record.subtitle)
    if key not in printed.title_scores:
        printed.title_scores[key] = _score_title(printed, record)
    return printed.title_scores[key]


def _score_title(printed: _Printed, record: Record | Headline) -> float | None:
    variants = _record_titles(record.title, record.subtitle)
    if not variants:
        return None
    similarity = 0.0
    if printed.title:
        similarity = max(_title_similarity(printed.title, variant) for variant in variants)
    if similarity < 0.9:
        # The reader may have cut the title wrongly: look for the record's title in the whole text.
        for variant in variants:
            words = variant.split()
            if len(words) < 4:  # too short to look for approximately: only as a whole phrase
                found = 0.9 if f" {variant} " in f" {printed.text} " else 0.0
            elif set(_title_numbers(variant)) <= printed.words:
                found = _partial_similarity(variant, printed.text)
                if found > _ONE_WORD_APART and _unmatched_words(variant, printed.words):
                    found = min(found, _ONE_WORD_APART)
            else:
                found = 0.0
            similarity = max(similarity, found)
    if not printed.title and similarity < 0.7:
        return None  # no printed title to contradict the record's
    # 0.9 and above is agreement (typos included), 0.7 neutral, 0.5 and below a different title.
    # A score of 0 or less vetoes the record whatever its value, so a similarity below 0.7 need not be exact.
    return max(-1.0, min(1.0, (similarity - 0.7) / 0.2))


def _partial_similarity(needle: str, text: str) -> float:
    """rapidfuzz's partial_ratio / 100 where that is 0.7 or more, else 0: below, a title differs however far.

    No part of the text has more in common with the needle than the whole text, so with L their
    longest common subsequence and n the shorter length, partial_ratio is at most 2L / (n + L):
    a bound ten times cheaper than the alignment, that rules out most candidates.
    """
    from rapidfuzz import fuzz
    from rapidfuzz.distance import LCSseq

    if 13 * LCSseq.similarity(needle, text) < 7 * min(len(needle), len(text)):  # 2L / (n + L) < 0.7
        return 0.0
    return fuzz.partial_ratio(needle, text, score_cutoff=70) / 100


@lru_cache(maxsize=65536)
def _record_titles(title: str, subtitle: str) -> tuple[str, ...]:
    """The titles the work may be cited under: as deposited, with its subtitle, without one."""
    key = _RETRACTED_PREFIX.sub("", text_key(title))
    if not key:
        return ()
    variants = [key]
    if subtitle:
        variants.append(f"{key} {text_key(subtitle)}")
    main, colon, _ = title.partition(":")
    if colon and len(text_key(main).split()) >= 3:  # a subtitle deposited in the title
        variants.append(_RETRACTED_PREFIX.sub("", text_key(main)))
    return tuple(variants)


def _title_similarity(printed: str, recorded: str) -> float:
    from rapidfuzz import fuzz

    if printed.startswith(recorded + " ") and len(recorded.split()) >= 4:
        # A subtitle printed but not deposited. Not the other way round: "X: a survey" is not "X".
        return 0.9
    similarity = fuzz.ratio(printed, recorded) / 100
    # Each cap is checked only where it could lower the similarity: most candidates are far apart.
    if similarity > 0.6 and sorted(_title_numbers(printed)) != sorted(_title_numbers(recorded)):
        similarity = 0.6  # "Part II" is another work than "Part I"
    if similarity > _ONE_WORD_APART and (_unmatched_words(printed, frozenset(recorded.split()))
                                         or _unmatched_words(recorded, frozenset(printed.split()))):
        similarity = _ONE_WORD_APART
    return similarity


def _unmatched_words(title: str, other_words: frozenset[str]) -> bool:
    """Whether a word of the title is in the other text neither as is nor as a typo of one of its words.

    A typo leaves a word recognisable; a different word ("in rats" for "in mice") usually
    names a different work by the same group, however similar the two titles are overall.
    """
    from rapidfuzz import fuzz, process

    content_words = other_words - _MINOR_WORDS  # "sand" is no typo of "and"
    for word in title.split():
        if word in other_words or word in _MINOR_WORDS or word.isdigit():
            continue
        if process.extractOne(word, content_words, scorer=fuzz.ratio, score_cutoff=75) is None:
            return True
    return False


@lru_cache(maxsize=65536)
def _title_numbers(title: str) -> tuple[str, ...]:
    return tuple(word for word in title.split() if _TITLE_NUMBER.match(word))


def _author_score(printed: _Printed, record: Record) -> float | None:
    recorded = [_author_keys(author) for author in record.authors[:4]]
    authors = printed.reference.authors
    if not recorded:
        # An anonymous work cited without authors: weak agreement, one of the fields that place it.
        return 0.5 if not authors and record.type == "journal-article" else None
    if not authors:
        first = {key for key in recorded[0] if len(key) >= 3}
        if not first:
            return None
        return 1.0 if first & printed.name_keys else _NOT_PRINTED
    keys = _author_keys(authors[0])
    if keys and _same_person(keys, recorded[0]):
        return 1.0
    if _first_author_in_text(printed, recorded[0]):
        return 1.0  # the reader split the names wrongly ("W. BAKHOUM" read as an author "W")
    if not keys:
        return None
    if any(_same_person(keys, other) for other in recorded[1:4]):
        return 0.5  # authors listed in another order, or a group author first
    return -1.0


def _first_author_in_text(printed: _Printed, first: frozenset[str]) -> bool:
    """Whether the record's first author's family name is printed first among the text's names.

    Only for a reference whose fields were guessed from punctuation: the reader may have split its
    authors wrongly, while its words are as printed.
    """
    from citelint.rules._compare import fields_guessed

    if not fields_guessed(printed.reference):
        return False
    names = [key for key in first if len(key) >= 3]
    if not names:
        return False
    others = {key for author in printed.reference.authors[:1] for key in _author_keys(author)}
    words = printed.text.split()
    positions = [index for index, word in enumerate(words) if name_key(word) in names]
    return bool(positions) and not any(name_key(word) in others and len(word) >= 3 for word in words[:positions[0]])


@lru_cache(maxsize=65536)
def _author_keys(author: Author) -> frozenset[str]:
    """The keys a family name may be printed under (particles, compounds, a depositor's given/family swap)."""
    from citelint.fields.names import family_keys, swapped

    if author.organisation:
        return frozenset({name_key(author.organisation)}) - {""}
    return family_keys(author) | family_keys(swapped(author))


def _same_person(printed: frozenset[str], recorded: frozenset[str]) -> bool:
    """Same family name, or a typo of it (one the rules will report)."""
    from rapidfuzz import fuzz

    if printed & recorded:
        return True
    # One letter wrong in a five-letter name ("Payme" for Payne) is a ratio of 80.
    return any(len(a) >= 4 and fuzz.ratio(a, b) >= (80 if min(len(a), len(b)) >= 5 else 85)
               for a in printed for b in recorded)


def _year_score(printed: _Printed, record: Record) -> float | None:
    years = record.years
    if not years:
        return None
    if printed.year is None:
        if printed.reference.year is not None:
            return None
        if any(str(year) in printed.numbers for year in years):
            return 1.0
        if any(str(year + step) in printed.numbers for year in years for step in (-1, 1)):
            return 0.5
        return -1.0 if printed.years else _NOT_PRINTED
    distance = min(abs(printed.year - year) for year in years)
    return {0: 1.0, 1: 0.5}.get(distance, -1.0)


def _volume_score(printed: _Printed, record: Record) -> float | None:
    recorded = _leading(record.volume)
    if not recorded:
        return None
    if not printed.volume:
        if printed.reference.volume is not None:
            return None
        if recorded in printed.numbers:
            return 1.0 if len(recorded) >= 2 else None  # a one-digit number is too common to count
        return -0.5 if printed.other_numbers else _NOT_PRINTED  # it prints another volume
    return 1.0 if printed.volume == recorded else -0.5


def _pages_score(printed: _Printed, record: Record) -> float | None:
    recorded_first = _first_page(record.page)
    recorded = {value for value in (recorded_first, record.article_number.strip().lower()) if value}
    if not recorded:
        if record.volume:
            return None
        # A printed volume and pages fit a journal version better than a record that has none
        # (a preprint, a conference version); weak, as deposits often omit them.
        printed_location = printed.volume or printed.first_page or (
            printed.reference.pages is None and printed.reference.volume is None and len(printed.other_numbers) >= 2)
        return _NO_LOCATION if printed_location else None
    if not printed.first_page and not printed.article_number:
        if printed.reference.pages is not None:
            return None
        if any(_digits(value) in printed.numbers for value in recorded if len(_digits(value)) >= 2):
            return 1.0
        if record.page and _digits(record.page) in printed.numbers:
            return 1.0  # "8296" printed for 82-96
        return -0.5 if printed.other_numbers else _NOT_PRINTED  # it prints other pages
    printed_values = {value for value in (printed.first_page, printed.article_number) if value}
    if printed_values & recorded or {_digits(v) for v in printed_values} & {_digits(v) for v in recorded} - {""}:
        return 1.0
    if record.page and printed.pages_digits and printed.pages_digits == _NON_DIGITS.sub("", record.page):
        return 1.0  # "8296" printed for 82-96: the separator was lost
    return -0.5


def _container_score(printed: _Printed, record: Record) -> float | None:
    from rapidfuzz import fuzz

    recorded = [text_key(name) for name in (record.container, *record.short_containers) if name]
    recorded = [name for name in recorded if name]
    if not recorded:
        return None
    if not printed.container:
        if printed.reference.container is not None:
            return None
        if any(len(name) >= 5 and f" {name} " in f" {printed.text} " for name in recorded):
            return 1.0
        return _NOT_PRINTED
    from citelint.fields.journals import same_journal

    best = max(fuzz.ratio(printed.container, name) / 100 for name in recorded)
    if best >= 0.85 or any(_abbreviates(printed.container, name) for name in recorded):
        return 1.0
    if same_journal(printed.reference.container or "", record):
        return 1.0
    if any(len(name.split()) >= 2 and printed.container.endswith(" " + name) for name in recorded):
        return 1.0  # the reader ran the preceding fields into the container
    if _EVENT.search(printed.container) or any(_EVENT.search(name) for name in recorded):
        # Proceedings are named in many ways ("Proceedings of the IEEE Conference on X" and
        # "2016 IEEE Conference on X (CVPR)"): their significant words must mostly agree.
        overlap = max(_word_overlap(printed.container, name) for name in recorded)
        return 1.0 if overlap >= 0.6 else 0.0
    # Weak: the printed name may be an abbreviation no rule here recognises.
    return -0.3


def _word_overlap(first: str, second: str) -> float:
    """Jaccard overlap of the significant words of two names."""
    def significant(name: str) -> set[str]:
        return {word for word in name.split() if word not in _MINOR_WORDS and not word.isdigit()
                and not _EVENT.fullmatch(word)}

    a, b = significant(first), significant(second)
    return len(a & b) / len(a | b) if a and b else 0.0


def _abbreviates(short: str, full: str) -> bool:
    """"j clin pathol" abbreviates "journal of clinical pathology": each word a subsequence of its match."""
    short_words = [word for word in short.split() if word not in _MINOR_WORDS]
    full_words = [word for word in full.split() if word not in _MINOR_WORDS]
    if not short_words or len(short_words) != len(full_words):
        return False
    return all(_is_subsequence(s, f) for s, f in zip(short_words, full_words))


def _is_subsequence(short: str, full: str) -> bool:
    if not short or short[0] != full[0]:
        return False
    remaining = iter(full)
    return all(char in remaining for char in short)


def _int_year(year: str | None) -> int | None:
    found = YEAR_DIGITS.search(year or "")
    return int(found.group()) if found else None


def _leading(value: str | None) -> str:
    """The volume as a comparable token: "12(3)" and "12 " are volume 12."""
    found = _VOLUME.match(value or "")
    return found.group(1).lower().lstrip("0") if found else ""


def _first_page(pages: str | None) -> str:
    text = _PAGE_ABBREVIATION.sub("", pages or "")
    first = _DASHES.split(text.strip(), maxsplit=1)[0]
    return first.split(",")[0].strip().lower()


def _digits(value: str) -> str:
    return _NON_DIGITS.sub("", value).lstrip("0")
