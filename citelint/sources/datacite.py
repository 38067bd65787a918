"""DataCite's REST API as a second source for DOIs: ``GET /dois/{doi}``.

Data sets, software, Zenodo deposits, arXiv's ``10.48550`` preprints and many
repositories register their DOIs with DataCite, not Crossref, so Crossref
answers 404 for them. Before such a DOI is reported unknown (CL210), the
lookup step (``lookup.check_unknown_doi``) asks DataCite; what it knows is
turned into a Crossref-shaped work dict, so records, matching and the rules
read it unchanged. Answers come through the same fetch path as Crossref's
(``fetcher.py``) and their shape is checked (``schema.py``).

The API (support.datacite.org/docs/api-get-doi) answers a JSON:API document
whose ``data.attributes`` hold the DataCite Metadata Schema fields, and 404
for a DOI it does not know. Rate limits (support.datacite.org/docs/rate-limit):
500 requests per 5 minutes per IP address for unidentified clients, 1000 for
"identified" ones, whose User-Agent carries an e-mail address; citelint's
User-Agent carries the ``mailto`` when one is set (see ``http.user_agent``).
DataCite suggests incremental backoff on failure, which ``http.fetch`` does.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from citelint.fields.normalize import doi_key
from citelint.sources import cache as response_cache
from citelint.sources import http, schema
from citelint.sources.fetcher import Fetcher
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
        # DataCite's JSON:API media type, as its API reference sends; the Plus token is Crossref's
        # and never sent here, nor is the contact address as a parameter (it is in the User-Agent).
        self._fetcher = Fetcher(
            settings,
            base_url=self.url,
            cache_file=CACHE_FILE,
            limiter=limiter or Limiter(IDENTIFIED if settings.mailto else UNIDENTIFIED),
            policy=policy or http.HttpPolicy(),
            accept_header="application/vnd.api+json",
            label="DataCite ",
            mailto_parameter=False,
        )
        self.notices: tuple[str, ...] = self._fetcher.notices

    @property
    def concurrency(self) -> int:
        return self._fetcher.limiter.concurrency

    def work(self, doi: str) -> dict[str, Any] | None:
        """The DOI's record as a Crossref-shaped work dict, or None when DataCite does not know it."""
        # Lower-cased so every spelling shares one cache entry; DataCite's DOIs are case-insensitive too.
        path = "/dois/" + quote(doi_key(doi), safe="/")
        answer = self._fetcher.get(SINGLE, path, {}, response_cache.RECORD_LIFETIME,
                                   accept=lambda data: schema.datacite_attributes(data, doi))
        return work_from_datacite(answer.data) if answer.status == 200 else None

    def search(self, query: str, rows: int = 10) -> list[dict[str, Any]]:
        """DataCite is asked about DOIs only: its search finds nothing."""
        return []

    @property
    def run_notices(self) -> tuple[str, ...]:
        return tuple(notice for notice in self._fetcher.all_notices if notice not in self.notices)


def open_datacite(settings: SourceSettings, environ: Mapping[str, str]) -> DataCiteSource:
    return DataCiteSource(settings, url=datacite_url(environ))


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

