"""How Crossref access is configured: command-line values, environment and config combined.

Precedence, strongest first: the command line, citelint's own environment
variables, the environment variables other Crossref clients use
(crossref-commons' ``CR_API_MAILTO`` / ``CR_API_PLUS``), the config file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from citelint.app.config import ConfigError

DEFAULT_CROSSREF_URL = "https://api.crossref.org"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")

MAILTO_HINT = (
    "no contact e-mail set for Crossref: lookups use the slow public pool "
    "(5 DOI lookups and 1 search per second). Set --mailto, CITELINT_MAILTO "
    "or `mailto` in [tool.citelint] to use the polite pool (10 and 3 per second)."
)


@dataclass(frozen=True)
class SourceSettings:
    offline: bool = False  # cache only, never the network
    mailto: str | None = None
    plus_token: str | None = None  # Crossref Metadata Plus key; never logged or cached
    crossref_url: str = DEFAULT_CROSSREF_URL
    cache_dir: Path | None = None  # None: the platform's user cache folder
    use_cache: bool = True
    refresh: bool = False  # ignore cached answers, store fresh ones

    def __repr__(self) -> str:
        # The token must not leak through a traceback or a debug print.
        token = "<set>" if self.plus_token else None
        return (
            f"SourceSettings(offline={self.offline}, mailto={self.mailto!r}, plus_token={token}, "
            f"crossref_url={self.crossref_url!r}, cache_dir={self.cache_dir!r}, "
            f"use_cache={self.use_cache}, refresh={self.refresh})"
        )


def resolve_settings(
    cli_values: Mapping[str, Any], environ: Mapping[str, str], config: Mapping[str, Any]
) -> SourceSettings:
    """Combine values; absent or None CLI values fall through to the environment, then the config.

    ``cli_values`` keys: offline, mailto, crossref_url, cache_dir, use_cache,
    refresh. ``config`` keys (``[tool.citelint]``): mailto.
    """
    mailto = _first(
        ("--mailto", cli_values.get("mailto")), ("CITELINT_MAILTO", environ.get("CITELINT_MAILTO")),
        ("CR_API_MAILTO", environ.get("CR_API_MAILTO")), ("mailto in the configuration", config.get("mailto")),
    )
    url = _first(("--crossref-url", cli_values.get("crossref_url")),
                 ("CITELINT_CROSSREF_URL", environ.get("CITELINT_CROSSREF_URL")))
    cache_dir = _first(("--cache-dir", cli_values.get("cache_dir")), ("CITELINT_CACHE_DIR", environ.get("CITELINT_CACHE_DIR")))
    return SourceSettings(
        offline=bool(cli_values.get("offline")),
        mailto=mailto,
        plus_token=_first(("CR_API_PLUS", environ.get("CR_API_PLUS"))),
        crossref_url=(url or DEFAULT_CROSSREF_URL).rstrip("/"),
        cache_dir=Path(cache_dir).expanduser() if cache_dir else None,
        use_cache=cli_values.get("use_cache", True) is not False,
        refresh=bool(cli_values.get("refresh")),
    )


def _first(*values: tuple[str, Any]) -> str | None:
    """The first value set, trimmed; one holding a line break or another control character is refused.

    Such a value would break the HTTP header or query it goes into, and the
    error would print it: a token among them. The value itself is never shown.
    """
    for origin, value in values:
        if isinstance(value, str) and value.strip():
            if _CONTROL.search(value.strip()):
                raise ConfigError(f"{origin} holds a line break or control character; fix it (its value is not shown)")
            return value.strip()
    return None
