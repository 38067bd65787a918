"""DataCite's REST API as a second source for DOIs: ``GET /dois/{doi}``.

Data sets, software, Zenodo deposits, arXiv's ``10.48550`` preprints and many
repositories register their DOIs with DataCite, not Crossref, so Crossref
answers 404 for them. Before such a DOI is reported unknown (CL210), DataCite
is asked; what it knows is turned into a Crossref-shaped work dict, so
records, matching and the rules read it unchanged.

The API (support.datacite.org/docs/api-get-doi) answers a JSON:API document
whose ``data.attributes`` hold the DataCite Metadata Schema fields, and 404
for a DOI it does not know. Rate limits (support.datacite.org/docs/rate-limit):
500 requests per 5 minutes per IP address for unidentified clients, 1000 for
"identified" ones, whose User-Agent carries an e-mail address; citelint's
User-Agent carries the ``mailto`` when one is set (see ``http.user_agent``).
DataCite suggests incremental backoff on failure, which ``http.fetch`` does.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any
from urllib.parse import quote, urlsplit

from citelint.model import Match, Reference
from citelint.normalize import doi_key
from citelint.sources import NotInCache, SourceUnavailable, http
from citelint.sources import cache as response_cache
from citelint.sources.limiter import SINGLE, Limiter, PoolLimits, RouteLimit
from citelint.sources.settings import SourceSettings

DEFAULT_URL = "https://api.datacite.org"
CACHE_FILE = "datacite.sqlite"

# The documented 5-minute budgets as a steady rate (10 per 3 s is 1000 per 5 min):
# a run never bursts its whole budget at once. No concurrency limit is documented.
IDENTIFIED = PoolLimits({SINGLE: RouteLimit(10, 3.0)}, concurrency=4)
UNIDENTIFIED = PoolLimits({SINGLE: RouteLimit(5, 3.0)}, concurrency=4)

# DataCite's resourceTypeGeneral -> the Crossref type the rules know; anything else is "other".
# Not PeerReview: matching refuses a "peer-review" record as not a citable work, but a
# review deposited at a repository is one.
_TYPES = {
    "Book": "book",
    "BookChapter": "book-chapter",
    "ConferencePaper": "proceedings-article",
    "ConferenceProceeding": "proceedings",
    "DataPaper": "journal-article",
    "Dataset": "dataset",
    "Dissertation": "dissertation",
    "JournalArticle": "journal-article",
    "Preprint": "posted-content",
    "Report": "report",
    "Software": "software",
    "Standard": "standard",
}
# relationType -> Crossref's relation names ("IsVersionOf" -> "is-version-of").
_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


def datacite_url(environ: Mapping[str, str]) -> str:
    """The API's base URL: ``CITELINT_DATACITE_URL`` (a mirror, a test server) or DataCite's own."""
    return (environ.get("CITELINT_DATACITE_URL", "").strip() or DEFAULT_URL).rstrip("/")


class DataCiteSource:
    name = "datacite"

    def __init__(
        self,
        settings: SourceSettings,
        *,
        url: str = DEFAULT_URL,
        limiter: Limiter | None = None,
        policy: http.HttpPolicy | None = None,
    ) -> None:
        self.settings = settings
        self.url = url.rstrip("/")
        self._limiter = limiter or Limiter(IDENTIFIED if settings.mailto else UNIDENTIFIED)
        self._policy = policy or http.HttpPolicy()
        self._session = http.make_session(settings.mailto)
        # DataCite's JSON:API media type, as its API reference sends; the Plus token is Crossref's
        # and never sent here.
        self._session.headers["Accept"] = "application/vnd.api+json"
        self._breaker = http.Breaker()
        self._cache: response_cache.ResponseCache | None = None
        notices: list[str] = []
        if settings.use_cache:
            self._cache, notices = response_cache.open_cache(settings, CACHE_FILE)
        self.notices: tuple[str, ...] = tuple(notices)

    @property
    def concurrency(self) -> int:
        return self._limiter.concurrency

    def work(self, doi: str) -> dict[str, Any] | None:
        """The DOI's record as a Crossref-shaped work dict, or None when DataCite does not know it."""
        # Lower-cased so every spelling shares one cache entry; DataCite's DOIs are case-insensitive too.
        url = f"{self.url}/dois/" + quote(doi_key(doi), safe="/")
        status, data = self._get(url)
        if status == 404:
            return None
        record = data.get("data") if isinstance(data, dict) else None
        attributes = record.get("attributes") if isinstance(record, dict) else None
        if not isinstance(attributes, dict) or not isinstance(attributes.get("doi"), str):
            raise SourceUnavailable(f"{urlsplit(url).path}: the answer has no DOI record")
        return work_from_datacite(attributes)

    def _get(self, url: str) -> tuple[int, Any]:
        key = f"GET {url}"
        if self._cache is not None and not self.settings.refresh:
            cached = self._cache.load(key, allow_stale=self.settings.offline)
            if cached is not None and cached.status == 404:
                return 404, None
            if cached is not None and (data := _parse(cached.content)) is not None:
                return 200, data
        if self.settings.offline:
            raise NotInCache(f"{urlsplit(url).path}: not in the DataCite cache (offline)")
        fetched = http.fetch(self._session, url, {}, route=SINGLE, limiter=self._limiter, policy=self._policy,
                             api_headers={}, breaker=self._breaker)
        # An answer reached through a redirect to another host is not DataCite's to remember.
        if self._cache is not None and urlsplit(fetched.response.url).netloc == urlsplit(url).netloc:
            lifetime = response_cache.NOT_FOUND_LIFETIME if fetched.status == 404 else response_cache.RECORD_LIFETIME
            self._cache.store(key, fetched.status, fetched.response.content, lifetime)
        return fetched.status, fetched.data


def open_datacite(settings: SourceSettings, environ: Mapping[str, str]) -> DataCiteSource:
    return DataCiteSource(settings, url=datacite_url(environ))


def check_unknown_doi(reference: Reference, match: Match, datacite: DataCiteSource) -> Match:
    """``match`` once DataCite has been asked about a DOI Crossref does not know.

    DataCite's record that describes the reference becomes the match (via the
    DOI, as a Crossref DOI would); one that contradicts it makes the DOI
    "other-work", the match found by searching Crossref kept. A DOI DataCite
    does not know either leaves ``match`` as it was; a DataCite that cannot
    answer clears the "unknown" verdict, which nobody could then vouch for.
    """
    # Imported here so that matching may call this module without an import cycle.
    from citelint.matching import match_reference

    if match.doi_status != "unknown" or not reference.doi:
        return match
    # Matching's own DOI path decides whether the record fits, with the same
    # tolerance as for a Crossref DOI; DataCite is never searched.
    answer = match_reference(reference, _DoiOnly(datacite))
    if answer.status == "matched" and answer.doi_status == "same" and answer.record is not None:
        return replace(answer, record=replace(answer.record, source="datacite"))
    if answer.doi_status == "other-work" and answer.doi_record is not None:
        return replace(match, doi_status="other-work", doi_record=replace(answer.doi_record, source="datacite"))
    if answer.status in ("unchecked", "offline"):
        # DataCite could not say: nothing is known to be unknown or unverifiable, so no rule may claim it.
        if match.status == "matched":
            return replace(match, doi_status=None)
        return replace(match, status=answer.status, doi_status=None,
                       reason=f"DataCite could not be asked about {reference.doi}: {answer.reason or answer.status}")
    return match


class _DoiOnly:
    """DataCite as a MetadataSource for matching's DOI path: its search finds nothing."""

    name = "datacite"

    def __init__(self, datacite: DataCiteSource) -> None:
        self._datacite = datacite
        self.concurrency = datacite.concurrency

    def work(self, doi: str) -> dict[str, Any] | None:
        return self._datacite.work(doi)

    def search(self, query: str, rows: int = 10) -> list[dict[str, Any]]:
        return []


def work_from_datacite(attributes: Mapping[str, Any]) -> dict[str, Any]:
    """A Crossref-shaped work dict (what ``records.record_from_crossref`` reads) from DataCite attributes."""
    container = _mapping(attributes.get("container"))
    types = _mapping(attributes.get("types"))
    work: dict[str, Any] = {
        "DOI": _text(attributes.get("doi")),
        "type": _TYPES.get(_text(types.get("resourceTypeGeneral")), "other"),
        "title": _titles(attributes.get("titles"), None),
        "subtitle": _titles(attributes.get("titles"), "Subtitle"),
        "author": [author for author in map(_author, _list(attributes.get("creators"))) if author],
        "publisher": _publisher(attributes.get("publisher")),
        "container-title": [title] if (title := _text(container.get("title"))) else [],
        "volume": _text(container.get("volume")),
        "issue": _text(container.get("issue")),
        "page": "-".join(page for page in (_text(container.get("firstPage")), _text(container.get("lastPage")))
                         if page),
        "relation": _relations(attributes.get("relatedIdentifiers")),
    }
    year = _year(attributes)
    # A DOI for every version (Zenodo's concept DOI) carries the latest version's year,
    # which is not the year of the version the reference cites.
    if year is not None and "has-version" not in work["relation"]:
        work["issued"] = {"date-parts": [[year]]}
    return work


def _titles(entries: Any, title_type: str | None) -> list[str]:
    # A main title has no titleType; alternative and translated titles are not what is cited.
    return [title for entry in _list(entries) if isinstance(entry, Mapping)
            and entry.get("titleType") == title_type and (title := _text(entry.get("title")))]


def _author(entry: Any) -> dict[str, str] | None:
    if not isinstance(entry, Mapping):
        return None
    name = _text(entry.get("name"))
    family, given = _text(entry.get("familyName")), _text(entry.get("givenName"))
    kind = entry.get("nameType")
    if not family and kind == "Personal" and name.count(",") == 1:
        # The schema writes personal names "Family, Given".
        family, given = (part.strip() for part in name.split(","))
    if family:
        return {"family": family, "given": given}
    return {"name": name} if name else None


def _publisher(value: Any) -> str:
    # A string before schema 4.5; an object with "name" since (with ?publisher=true).
    return _text(value.get("name")) if isinstance(value, Mapping) else _text(value)


def _year(attributes: Mapping[str, Any]) -> int | None:
    year = attributes.get("publicationYear")
    if isinstance(year, str) and year.strip().isdigit():
        year = int(year)
    return year if isinstance(year, int) and not isinstance(year, bool) and year > 0 else None


def _relations(entries: Any) -> dict[str, list[dict[str, str]]]:
    relations: dict[str, list[dict[str, str]]] = {}
    for entry in _list(entries):
        if not isinstance(entry, Mapping) or _text(entry.get("relatedIdentifierType")) != "DOI":
            continue
        kind, identifier = _text(entry.get("relationType")), doi_key(_text(entry.get("relatedIdentifier")))
        if kind and identifier:
            relations.setdefault(_CAMEL.sub("-", kind).lower(), []).append({"id": identifier, "id-type": "doi"})
    return relations


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(value: Any) -> str:
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return " ".join(str(value).split())
    return ""


def _parse(content: bytes) -> Any:
    try:
        return json.loads(content)
    except ValueError:
        return None
