"""Where published records come from: the interface every metadata source follows.

A source answers two questions with Crossref-shaped work dicts (the
``message`` of ``/works/{doi}``, the ``message.items`` of ``/works?query``):
which work has this DOI, and which works look like this reference.
Failures are exceptions, never empty answers, so that a failed lookup can
never turn into a false finding.
"""

from __future__ import annotations

import threading
from typing import Any, Protocol

# Set on Ctrl-C: every source's waits and requests end at once, so the run can report what it found.
stopping = threading.Event()


class SourceUnavailable(Exception):
    """The source could not answer (network failure after retries, bad response)."""


class Interrupted(SourceUnavailable):
    """The run was interrupted (Ctrl-C) before this answer came."""


class NotInCache(SourceUnavailable):
    """Offline mode, and the answer is not in the cache."""


class MetadataSource(Protocol):
    name: str  # "crossref", "snapshot"

    @property
    def concurrency(self) -> int:
        """How many lookups may run at once."""
        ...

    def work(self, doi: str) -> dict[str, Any] | None:
        """The work with this DOI, or None when the source does not know it."""
        ...

    def search(self, query: str, rows: int = 10) -> list[dict[str, Any]]:
        """Works that best match a free-text reference, best first."""
        ...
