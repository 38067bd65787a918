"""HTTP for metadata sources: one pooled session, timeouts, retries with backoff, safe redirects.

Retries are done here rather than by urllib3's ``Retry``: every attempt must
pass through the shared limiter (a retry is a request Crossref counts), and a
429 must slow every worker, not only the one that received it.
"""

from __future__ import annotations

import email.utils
import json
import random
import re
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests

from citelint import __version__
from citelint.sources import SourceUnavailable
from citelint.sources.limiter import Limiter

PROJECT_URL = "https://github.com/citelint/citelint"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_REDIRECTS = 3
_MAILTO = re.compile(r"mailto=[^&\s)'\"]+")


@dataclass(frozen=True)
class HttpPolicy:
    connect_timeout: float = 5.0
    read_timeout: float = 20.0
    attempts: int = 5  # first try included
    backoff: float = 1.0  # first wait; doubles each retry, with jitter
    backoff_max: float = 16.0
    retry_after_max: float = 30.0  # a hostile Retry-After must not stall the run
    budget: float = 90.0  # total seconds one lookup may spend retrying


@dataclass(frozen=True)
class Fetched:
    status: int  # 200 or 404
    data: Any  # parsed JSON for 200, None for 404
    response: requests.Response


def user_agent(mailto: str | None) -> str:
    contact = f"; mailto:{mailto}" if mailto else ""
    return f"citelint/{__version__} ({PROJECT_URL}{contact})"


def make_session(mailto: str | None) -> requests.Session:
    session = requests.Session()
    # Enough pooled connections for every worker; retries are ours, not urllib3's.
    adapter = requests.adapters.HTTPAdapter(pool_connections=4, pool_maxsize=16, max_retries=0)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    session.headers.update({"User-Agent": user_agent(mailto), "Accept": "application/json"})
    # Proxies and .netrc credentials from the environment stay honoured; nothing else is.
    return session


class Breaker:
    """Stops the run from waiting out every lookup's retries when the service is unreachable.

    Once one lookup has spent all its attempts without ever reaching the
    server (connection refused, DNS failure, timeouts), the others fail at once
    as unchecked instead of each retrying for up to ``budget`` seconds.
    """

    def __init__(self) -> None:
        self._reason: str | None = None
        self._lock = threading.Lock()

    def check(self) -> None:
        if self._reason is not None:
            raise SourceUnavailable(self._reason)

    def trip(self, reason: str) -> None:
        with self._lock:
            self._reason = self._reason or reason


def fetch(
    session: requests.Session,
    url: str,
    params: Mapping[str, str],
    *,
    route: str,
    limiter: Limiter,
    policy: HttpPolicy,
    api_headers: Mapping[str, str],
    breaker: Breaker | None = None,
    not_found_body: bytes | None = None,
) -> Fetched:
    """GET ``url`` until it answers 200 with JSON or 404; raise SourceUnavailable otherwise.

    ``api_headers`` (the Plus token) are sent only to the API's own host, so a
    redirect elsewhere never carries them.
    """
    started = time.monotonic()
    problem = "no attempt made"
    retry_after: float | None = None
    made = 0
    reached = False  # whether the server ever answered
    for attempt in range(policy.attempts):
        if breaker is not None:
            breaker.check()
        if attempt:
            wait = min(_backoff(policy, attempt, retry_after), policy.budget - (time.monotonic() - started))
            if wait < 0:
                break
            time.sleep(wait)
        retry_after = None
        made += 1
        try:
            response = _get_following_redirects(session, url, params, route, limiter, policy, api_headers)
        except requests.RequestException as error:
            problem = f"{type(error).__name__}: {_short(error)}"
            continue
        reached = True
        if response.status_code in RETRY_STATUSES:
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
            problem = f"HTTP {response.status_code}"
            if response.status_code == 429:
                limiter.throttled(route, min(retry_after or policy.backoff, policy.retry_after_max))
            if retry_after is not None:
                problem = f"{problem}; retry after {retry_after:g} s"
            continue
        if response.status_code == 404:
            if not_found_body is not None and response.content.strip() != not_found_body:
                # A proxy's or another server's 404 page says nothing about the DOI.
                raise SourceUnavailable(f"{urlsplit(url).path}: HTTP 404 that is not the API's own (check the base URL)")
            limiter.observe(route, response.headers)
            return Fetched(404, None, response)
        if response.status_code != 200:
            raise SourceUnavailable(f"{urlsplit(url).path}: HTTP {response.status_code}{_reason(response)}")
        try:
            data = json.loads(response.content)
        except ValueError:
            problem = "the answer was not JSON"
            continue
        limiter.observe(route, response.headers)
        return Fetched(200, data, response)
    if breaker is not None and not reached:
        breaker.trip(f"{urlsplit(url).netloc} unreachable ({problem}); not looked up")
    raise SourceUnavailable(f"{urlsplit(url).path}: {problem} (gave up after {made} attempts)")


def _get_following_redirects(
    session: requests.Session,
    url: str,
    params: Mapping[str, str],
    route: str,
    limiter: Limiter,
    policy: HttpPolicy,
    api_headers: Mapping[str, str],
) -> requests.Response:
    api_host = urlsplit(url).netloc
    for _ in range(MAX_REDIRECTS + 1):
        headers = api_headers if urlsplit(url).netloc == api_host else {}
        with limiter.slot(route):
            response = session.get(
                url,
                params=params,
                headers=headers,
                timeout=(policy.connect_timeout, policy.read_timeout),
                allow_redirects=False,
            )
            # Read the body inside the slot: the server is still busy sending it.
            _ = response.content
        if not response.is_redirect:
            return response
        url = urljoin(url, response.headers["Location"])
        params = {}  # the Location carries its own query
    raise requests.TooManyRedirects(f"more than {MAX_REDIRECTS} redirects")


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date); None if absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - time.time())


def _backoff(policy: HttpPolicy, attempt: int, retry_after: float | None) -> float:
    if retry_after is not None:
        return min(retry_after, policy.retry_after_max)
    exponential = min(policy.backoff * 2 ** (attempt - 1), policy.backoff_max)
    # Jitter keeps workers that failed together from retrying together.
    return exponential * random.uniform(0.75, 1.25)


def _reason(response: requests.Response) -> str:
    """Crossref's own explanation of a 400, when it sent one."""
    try:
        messages = json.loads(response.content).get("message", [])
        text = "; ".join(str(item.get("message", "")) for item in messages if isinstance(item, dict))
    except (ValueError, AttributeError):
        return ""
    return f" ({text})" if text else ""


def _short(error: Exception) -> str:
    """The error for a user-facing reason: shortened, and without the contact address
    (urllib3 quotes the whole URL, query included)."""
    text = _MAILTO.sub("mailto=...", str(error))
    return text if len(text) <= 200 else text[:200] + "..."
