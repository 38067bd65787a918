"""Crossref's REST API as a metadata source: ``/works/{doi}`` and ``/works?query.bibliographic``.

Every answer goes through the response cache (unless disabled); only cache
misses reach the network, through the shared limiter and the retry loop in
``http.py``. An unknown DOI is a plain-text 404 (``Resource not found.``),
which means "not known to Crossref", never a failure.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import timedelta
from typing import Any
from urllib.parse import quote, urlsplit

from citelint.normalize import doi_key
from citelint.sources import NotInCache, SourceUnavailable, http
from citelint.sources import cache as response_cache
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
        self._limiter = limiter or Limiter(limits_for(settings.mailto, settings.plus_token))
        self._policy = policy or http.HttpPolicy()
        self._session = http.make_session(settings.mailto)
        self._breaker = http.Breaker()
        self._params = {"mailto": settings.mailto} if settings.mailto else {}
        token = settings.plus_token
        if token and not token.startswith("Bearer "):
            token = f"Bearer {token}"
        self._api_headers = {"Crossref-Plus-API-Token": token} if token else {}
        notices: list[str] = []
        self._cache: response_cache.ResponseCache | None = None
        if settings.use_cache:
            self._cache, notices = response_cache.open_cache(settings)
        self.hint = None if settings.mailto or settings.plus_token or settings.offline else MAILTO_HINT
        self.notices: tuple[str, ...] = (*notices, *([self.hint] if self.hint else []))

    @property
    def concurrency(self) -> int:
        return self._limiter.concurrency

    def work(self, doi: str) -> dict[str, Any] | None:
        # Lower-cased (DOIs are case-insensitive) so every spelling shares one cache entry;
        # reserved characters of SICI DOIs encoded, the slashes kept.
        path = "/works/" + quote(doi_key(doi), safe="/")
        status, data = self._get(SINGLE, path, {}, response_cache.RECORD_LIFETIME)
        if status == 404:
            return None
        message = data.get("message") if isinstance(data, dict) else None
        if not isinstance(message, dict):
            raise SourceUnavailable(f"{path}: the answer has no work record")
        return message

    def search(self, query: str, rows: int = 10) -> list[dict[str, Any]]:
        params = {"query.bibliographic": " ".join(query.split()), "rows": str(rows), "select": SEARCH_FIELDS}
        status, data = self._get(LIST, "/works", params, response_cache.SEARCH_LIFETIME)
        message = data.get("message") if isinstance(data, dict) else None
        items = message.get("items") if isinstance(message, dict) else None
        if status == 404 or not isinstance(items, list):
            raise SourceUnavailable("/works search: the answer has no result list")
        return [item for item in items if isinstance(item, dict)]

    def _get(self, route: str, path: str, params: Mapping[str, str], lifetime: timedelta) -> tuple[int, Any]:
        url = self.settings.crossref_url + path
        # Any unambiguous string will do as a key; JSON is that, and cheaper than urlencode.
        key = f"GET {url} {json.dumps(sorted(params.items()), ensure_ascii=False)}" if params else f"GET {url}"
        if self._cache is not None and not self.settings.refresh:
            cached = self._cache.load(key, allow_stale=self.settings.offline)
            if cached is not None and cached.status == 404:
                return 404, None
            if cached is not None and (data := _parse(cached.content)) is not None:
                return 200, data
        if self.settings.offline:
            raise NotInCache(f"{path}: not in the cache (offline)")
        fetched = http.fetch(
            self._session,
            url,
            {**params, **self._params},
            route=route,
            limiter=self._limiter,
            policy=self._policy,
            api_headers=self._api_headers,
            breaker=self._breaker,
            not_found_body=b"Resource not found." if route == SINGLE else None,
        )
        if self._cache is not None and _cacheable(fetched, url):
            if fetched.status == 404:
                lifetime = response_cache.NOT_FOUND_LIFETIME
            self._cache.store(key, fetched.status, fetched.response.content, lifetime)
        return fetched.status, fetched.data


def _cacheable(fetched: http.Fetched, url: str) -> bool:
    # An answer reached through a redirect to another host is not Crossref's to remember.
    return urlsplit(fetched.response.url).netloc == urlsplit(url).netloc


def _parse(content: bytes) -> Any:
    try:
        return json.loads(content)
    except ValueError:
        return None
