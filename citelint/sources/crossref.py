"""Crossref's REST API as a metadata source: ``/works/{doi}`` and ``/works?query.bibliographic``.

Every answer goes through the response cache (unless disabled); only cache
misses reach the network, through the shared limiter and the retry loop in
``http.py``. An unknown DOI is a plain-text 404 (``Resource not found.``),
which means "not known to Crossref", never a failure.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from citelint.fields.normalize import doi_key
from citelint.sources import cache as response_cache
from citelint.sources import http, schema
from citelint.sources.fetcher import Fetcher
from citelint.sources.limiter import LIST, SINGLE, Limiter, limits_for
from citelint.sources.settings import MAILTO_HINT, SourceSettings

# What matching and the rules read from a search hit; smaller bodies, as Crossref asks.
SEARCH_FIELDS = (
    "DOI,title,subtitle,author,container-title,short-container-title,ISSN,volume,issue,page,"
    "article-number,published-print,published-online,issued,published,type,publisher,relation,"
    "update-to,updated-by,score"
)


class CrossrefSource:
    name = "crossref"

    def __init__(
        self,
        settings: SourceSettings,
        *,
        limiter: Limiter | None = None,
        policy: http.HttpPolicy | None = None,
    ) -> None:
        self.settings = settings
        token = settings.plus_token
        if token and not token.startswith("Bearer "):
            token = f"Bearer {token}"
        self._fetcher = Fetcher(
            settings,
            base_url=settings.crossref_url,
            cache_file=response_cache.FILE_NAME,
            limiter=limiter or Limiter(limits_for(settings.mailto, settings.plus_token)),
            policy=policy or http.HttpPolicy(),
            api_headers={"Crossref-Plus-API-Token": token} if token else {},
        )
        self.hint = None if settings.mailto or settings.plus_token or settings.offline else MAILTO_HINT
        self.notices: tuple[str, ...] = (*self._fetcher.notices, *([self.hint] if self.hint else []))

    @property
    def concurrency(self) -> int:
        return self._fetcher.limiter.concurrency

    def work(self, doi: str) -> dict[str, Any] | None:
        # Lower-cased (DOIs are case-insensitive) so every spelling shares one cache entry;
        # reserved characters of SICI DOIs encoded, the slashes kept.
        path = "/works/" + quote(doi_key(doi), safe="/")
        answer = self._fetcher.get(SINGLE, path, {}, response_cache.RECORD_LIFETIME,
                                   accept=lambda data: schema.crossref_work(data, doi),
                                   not_found_body=b"Resource not found.")
        return answer.data if answer.status == 200 else None

    def search(self, query: str, rows: int = 10) -> list[dict[str, Any]]:
        params = {"query.bibliographic": " ".join(query.split()), "rows": str(rows), "select": SEARCH_FIELDS}
        answer = self._fetcher.get(LIST, "/works", params, response_cache.SEARCH_LIFETIME, accept=schema.crossref_items)
        if answer.status != 200:
            raise schema.MalformedAnswer("/works search: HTTP 404 for a search")
        return list(answer.data)

    @property
    def run_notices(self) -> tuple[str, ...]:
        """Notices that arose during the run (a damaged cache rebuilt, a cache that cannot be written)."""
        return tuple(notice for notice in self._fetcher.all_notices if notice not in self.notices)
