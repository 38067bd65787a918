"""A metadata source over a local snapshot of Crossref work records.

The snapshot is a .json file (one work message, a ``/works/{doi}`` response,
a list of works, or a ``/works`` list response), a .jsonl file (one work or
response per line), or a folder of such files. Searching ranks records by
the rarity-weighted words they share with the query (an inverted index
built once), then orders the best by string similarity of the title.
"""

from __future__ import annotations

import heapq
import json
import math
from collections import defaultdict
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from citelint.fields.normalize import doi_key, name_key, text_key

# Words too common to select candidates by (a query is mostly these).
_STOPWORDS = frozenset(
    "a an and are as at by de der die for from in into is la le of on or the their to und with "
    "et al eds ed pp vol no doi https http org www".split()
)
_POOL = 50  # candidates re-ranked by title similarity
_COMMON_FLOOR = 1000


class SnapshotSource:
    name = "snapshot"
    concurrency = 4

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._works: dict[str, dict[str, Any]] = {}
        for where, work in _read_works(self.path):
            doi = work.get("DOI")
            if not isinstance(doi, str) or not doi.strip():
                raise ValueError(f"{where}: work without a DOI")
            self._works[doi_key(doi)] = work
        if not self._works:
            raise ValueError(f"{self.path}: no Crossref work records in the snapshot")
        self._records = list(self._works.values())
        self._index: dict[str, list[int]] = defaultdict(list)
        try:
            self._titles = [_title_key(work) for work in self._records]
            for number, work in enumerate(self._records):
                for token in _work_tokens(work, self._titles[number]):
                    self._index[token].append(number)
        except (TypeError, AttributeError) as error:
            raise ValueError(f"{self.path}: a work record is malformed ({error})") from None
        total = len(self._records) or 1
        self._idf = {token: math.log(1 + total / len(ids)) for token, ids in self._index.items()}
        # Words in a tenth of a large snapshot select nothing and cost the most.
        self._common = max(_COMMON_FLOOR, total // 10)

    def __len__(self) -> int:
        return len(self._records)

    def work(self, doi: str) -> dict[str, Any] | None:
        return self._works.get(doi_key(doi))

    def search(self, query: str, rows: int = 10) -> list[dict[str, Any]]:
        from rapidfuzz import fuzz

        query_key = text_key(query)
        scores: dict[int, float] = defaultdict(float)
        for token in set(query_key.split()):
            postings = self._index.get(token)
            if not postings or token in _STOPWORDS or len(postings) > self._common:
                continue
            weight = self._idf[token]
            for number in postings:
                scores[number] += weight
        pool = heapq.nlargest(_POOL, scores, key=scores.__getitem__)
        ranked = sorted(
            pool,
            key=lambda n: scores[n] * (0.5 + fuzz.partial_ratio(self._titles[n], query_key) / 100),
            reverse=True,
        )
        return [{**self._records[n], "score": round(scores[n], 3)} for n in ranked[:rows]]


def _title_key(work: Mapping[str, Any]) -> str:
    parts = [text for key in ("title", "subtitle") for text in _strings(work.get(key))[:1]]
    return text_key(" ".join(parts))


def _strings(value: Any) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _work_tokens(work: Mapping[str, Any], title: str) -> set[str]:
    tokens = set(title.split())
    for author in work.get("author") or []:
        if isinstance(author, Mapping):
            for key in ("family", "name"):
                if isinstance(author.get(key), str):
                    tokens.update(text_key(author[key]).split())
                    tokens.add(name_key(author[key]))
    for container in _strings(work.get("container-title")) + _strings(work.get("short-container-title")):
        tokens.update(text_key(container).split())
    for key in ("published-print", "published-online", "issued"):
        date = work.get(key)
        parts = date.get("date-parts") if isinstance(date, Mapping) else None
        if parts and isinstance(parts[0], list) and parts[0] and isinstance(parts[0][0], int):
            tokens.add(str(parts[0][0]))
    tokens.discard("")
    return tokens - _STOPWORDS


def _read_works(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """(where, work) for every work in the snapshot; `where` names file and line for errors."""
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.suffix in (".json", ".jsonl") and p.is_file())
        for file in files:
            yield from _read_works(file)
        return
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ValueError(f"{path}: cannot read snapshot: {error}") from None
    if path.suffix == ".jsonl":
        for number, line in enumerate(text.splitlines(), 1):
            if line.strip():
                where = f"{path}:{number}"
                yield from _works_in(_parse(line, where), where)
    else:
        yield from _works_in(_parse(text, str(path), whole_file=True), str(path))


def _parse(text: str, where: str, whole_file: bool = False) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        location = f"{where}:{error.lineno}" if whole_file else where
        raise ValueError(f"{location}: invalid JSON: {error.msg}") from None


def _works_in(document: Any, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(document, list):
        for number, item in enumerate(document, 1):
            yield from _works_in(item, f"{where} (item {number})")
        return
    if not isinstance(document, dict):
        raise ValueError(f"{where}: expected a Crossref work, found {type(document).__name__}")
    kind = document.get("message-type")
    if kind is not None and kind not in ("work", "work-list"):
        raise ValueError(f"{where}: a Crossref {kind} response, not works")
    message = document.get("message")
    if isinstance(message, dict):
        if isinstance(message.get("items"), list):
            yield from _works_in(message["items"], where)
        else:
            yield where, message
        return
    yield where, document
