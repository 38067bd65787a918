"""The one way every source gets an answer: the cache, else the network, and the fresh answer into the cache.

A source (Crossref, DataCite) says what to ask and how to check the answer's
shape; the fetcher does the rest the same way for all of them: the key (the
URL and query, never the contact address), offline and ``--refresh``, the
limiter, the retries and the breaker of ``http.fetch``, and what may be
stored (a well-formed answer from the API's own host). A cached answer that
no longer passes its check is a miss, never evidence.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from citelint.sources import NotInCache, SourceUnavailable, http
from citelint.sources import cache as response_cache
from citelint.sources.limiter import Limiter, SharedLedger
from citelint.sources.schema import MalformedAnswer
from citelint.sources.settings import SourceSettings

LIMITS_FILE = "limits.sqlite"


@dataclass(frozen=True)
class Answer:
    status: int  # 200 or 404
    data: Any  # what ``accept`` kept of a 200 answer; None for a 404


class Fetcher:
    def __init__(
        self,
        settings: SourceSettings,
        *,
        base_url: str,
        cache_file: str,
        limiter: Limiter,
        policy: http.HttpPolicy,
        accept_header: str = "application/json",
        api_headers: Mapping[str, str] | None = None,
        label: str = "",
        mailto_parameter: bool = True,  # Crossref's polite pool wants it in the query; others read the User-Agent
    ) -> None:
        self.settings = settings
        self.base_url = base_url.rstrip("/")
        self.limiter = limiter
        self.policy = policy
        self.session = http.make_session(settings.mailto)
        self.session.headers["Accept"] = accept_header
        self.breaker = http.Breaker(policy.breaker_threshold)
        self._api_headers = dict(api_headers or {})
        self._params = {"mailto": settings.mailto} if settings.mailto and mailto_parameter else {}
        self._label = label
        self.cache: response_cache.ResponseCache | None = None
        notices: list[str] = []
        if settings.use_cache:
            self.cache, notices = response_cache.open_cache(settings, cache_file)
        if self.cache is not None and not self.cache.read_only and not settings.offline:
            # Processes sharing the cache folder (parallel pre-commit hooks) share the rate limit too.
            limiter.share(SharedLedger(self.cache.path.with_name(LIMITS_FILE), urlsplit(self.base_url).netloc))
        self.notices: tuple[str, ...] = tuple(notices)

    def get(
        self,
        route: str,
        path: str,
        params: Mapping[str, str],
        lifetime: timedelta,
        *,
        accept: http.Accept,
        not_found_body: bytes | None = None,
    ) -> Answer:
        url = self.base_url + path
        # Any unambiguous string will do as a key; JSON is that, and cheaper than urlencode.
        key = f"GET {url} {json.dumps(sorted(params.items()), ensure_ascii=False)}" if params else f"GET {url}"
        if self.cache is not None and not self.settings.refresh:
            cached = self.cache.load(key, allow_stale=self.settings.offline)
            if cached is not None and cached.status == 404:
                return Answer(404, None)
            if cached is not None and (data := _accepted(cached.content, accept)) is not None:
                return Answer(200, data)
        if self.settings.offline:
            raise NotInCache(f"{path}: not in the {self._label}cache (offline)")
        fetched = http.fetch(
            self.session,
            url,
            {**params, **self._params},
            route=route,
            limiter=self.limiter,
            policy=self.policy,
            api_headers=self._api_headers,
            breaker=self.breaker,
            accept=accept,
            not_found_body=not_found_body,
        )
        # An answer reached through a redirect to another host is not the API's to remember.
        if self.cache is not None and urlsplit(fetched.url).netloc == urlsplit(url).netloc:
            kept = response_cache.NOT_FOUND_LIFETIME if fetched.status == 404 else lifetime
            self.cache.store(key, fetched.status, fetched.content, kept)
        return Answer(fetched.status, fetched.data)

    @property
    def all_notices(self) -> tuple[str, ...]:
        """The notices at opening and those of the run so far (a cache rebuilt, writes refused)."""
        later = tuple(self.cache.notices) if self.cache is not None else ()
        return tuple(dict.fromkeys((*self.notices, *later)))


def _accepted(content: bytes, accept: http.Accept) -> Any:
    try:
        return accept(json.loads(content))
    except (ValueError, RecursionError, MalformedAnswer, SourceUnavailable):
        return None
