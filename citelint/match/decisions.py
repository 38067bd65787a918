"""Remembered match decisions: a warm rerun reuses what the matcher decided instead of deciding again.

A pre-commit hook or a CI job checks the same references all day. Their
answers are cached, but deciding again means decoding and weighing ten
candidates per reference; the decision itself (the record, the confidence,
why not) is what the rules need. It is kept in its own SQLite file beside the
response cache, through the same storage (bound parameters, hashed keys).

The key is everything a decision rests on: citelint's own code (a hash of its
modules, so a new or changed matcher decides afresh), the source asked (its
URL), and the reference (its text and parsed fields). A decision lives as
long as the shortest-lived answer it can rest on (a search: 7 days), so it
never outlives its evidence; ``--refresh`` neither reads nor reuses it.
Only settled outcomes are kept: matched, ambiguous, not found; never a
failed or offline lookup.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from citelint.match.lookup import identity
from citelint.model import Alignment, Author, Match, Record, Reference, Update
from citelint.sources.cache import SEARCH_LIFETIME, ResponseCache, open_cache
from citelint.sources.settings import SourceSettings

FILE_NAME = "decisions.sqlite"
_KEPT = frozenset({"matched", "ambiguous", "not-found"})


class Decisions:
    """Decisions by reference, for one source."""

    def __init__(self, cache: ResponseCache, source: str) -> None:
        self._cache = cache
        self._source = source

    def recall(self, reference: Reference) -> Match | None:
        stored = self._cache.load(self._key(reference))
        if stored is None:
            return None
        try:
            return decode(json.loads(stored.content))
        except (ValueError, TypeError, KeyError):
            return None  # written by another shape of Match: decide afresh

    def keep(self, reference: Reference, match: Match) -> None:
        if match.status in _KEPT:
            content = json.dumps(encode(match), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            self._cache.store(self._key(reference), 200, content, SEARCH_LIFETIME)

    def _key(self, reference: Reference) -> str:
        return json.dumps([code_version(), self._source, reference.text, repr(identity(reference))], ensure_ascii=False)


def open_decisions(settings: SourceSettings) -> Decisions | None:
    """The decision store of these settings; None when answers are not cached or are being refreshed."""
    if not settings.use_cache or settings.refresh:
        return None
    cache, _ = open_cache(settings, FILE_NAME)  # its notices repeat the response cache's
    return Decisions(cache, settings.crossref_url) if cache is not None else None


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of citelint's modules: any change of the code that decides makes a new key."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent  # the whole package, not only match/
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def encode(match: Match) -> dict[str, Any]:
    return dataclasses.asdict(match)


def decode(data: dict[str, Any]) -> Match:
    return Match(
        status=data["status"],
        record=_record(data["record"]),
        confidence=data["confidence"],
        source=data["source"],
        candidates=tuple(record for item in data["candidates"] if (record := _record(item)) is not None),
        via=data["via"],
        reason=data["reason"],
        doi_status=data["doi_status"],
        doi_record=_record(data["doi_record"]),
        journal_known=data.get("journal_known"),
        alignment=_alignment(data["alignment"]),
    )


def _alignment(data: dict[str, Any] | None) -> Alignment | None:
    if data is None:
        return None
    title, container = data["title"], data["container"]
    return Alignment(
        text=data["text"],
        fields=tuple((name, start, end) for name, start, end in data["fields"]),
        title=(title[0], title[1]) if title is not None else None,
        container=(container[0], container[1]) if container is not None else None,
        names_end=data["names_end"],
    )


def _record(data: dict[str, Any] | None) -> Record | None:
    if data is None:
        return None
    return Record(**{
        **data,
        "authors": tuple(Author(**{**author, "span": None}) for author in data["authors"]),
        "short_containers": tuple(data["short_containers"]),
        "issns": tuple(data["issns"]),
        "updated_by": tuple(Update(**update) for update in data["updated_by"]),
        "update_to": tuple(Update(**update) for update in data["update_to"]),
        "relations": {name: tuple(dois) for name, dois in data["relations"].items()},
    })
