"""A metadata source over a local index built by ``citelint index build``: no network.

It answers as Crossref's API does: ``work(doi)`` the work's message,
``search(text)`` the works that best fit a printed reference, ranked by BM25
over title, container, authors and numbers (year, volume, issue, first page),
each with its ``score``. The matcher then validates candidates field by field,
as it does with the API's answers.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from citelint.fields.normalize import doi_key, text_key
from citelint.index import IndexFailure
from citelint.index.store import TEXT_FIELD, analyzer, open_engine, read_metadata

# Words that select nothing in a bibliographic search; a printed reference is full of them.
_STOPWORDS = frozenset((
    "a", "an", "and", "are", "as", "at", "by", "de", "der", "die", "for", "from", "in", "into", "is", "la", "le",
    "of", "on", "or", "the", "their", "to", "und", "with", "et", "al", "eds", "ed", "pp", "vol", "no", "doi",
    "https", "http", "org", "www",
))
_OPENED: dict[Path, tuple[int | None, IndexSource]] = {}
_OPEN_LOCK = threading.Lock()
_MAX_WORDS = 64
_COMMON_FLOOR = 1000  # documents: below this, no word is too common to search by  # a runaway "reference" (a paragraph) costs no more than a long one


def open_index(folder: str | Path) -> IndexSource:
    """The index in ``folder``, opened once per process (an audit checks thousands of manuscripts with it)."""
    path = Path(folder).resolve()
    metadata = path / "citelint-index.json"
    stamp = metadata.stat().st_mtime_ns if metadata.is_file() else None
    with _OPEN_LOCK:
        opened = _OPENED.get(path)
        if opened is None or opened[0] != stamp:  # rebuilt or updated since: open it afresh
            opened = (stamp, IndexSource(path))
            _OPENED[path] = opened
    return opened[1]


class IndexSource:
    name = "index"
    concurrency = 2

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        if read_metadata(self.folder) is None:
            raise IndexFailure(f"{self.folder}: not a finished citelint index (no citelint-index.json)")
        self._engine = open_engine(self.folder)
        self._searcher = self._engine.searcher()
        self._analyzer = analyzer()

    def __len__(self) -> int:
        return int(self._searcher.num_docs)

    def work(self, doi: str) -> dict[str, Any] | None:
        import tantivy

        query = tantivy.Query.term_query(self._engine.schema, "doi", doi_key(doi))
        hits = self._searcher.search(query, 1).hits
        return self._work(hits[0][1]) if hits else None

    def search(self, query: str, rows: int = 10) -> list[dict[str, Any]]:
        import tantivy

        words = self._selective(w for w in dict.fromkeys(self._analyzer.analyze(text_key(query))) if w not in _STOPWORDS)
        if not words:
            return []
        # Any word may match (what a query parser builds, minus the phrase queries it makes of a word
        # the analyzer splits, which would need positions indexed).
        should = tantivy.Occur.Should
        clauses = [(should, tantivy.Query.term_query(self._engine.schema, TEXT_FIELD, word))
                   for word in words[:_MAX_WORDS]]
        hits = self._searcher.search(tantivy.Query.boolean_query(clauses), rows).hits
        return [{**self._work(address), "score": round(score, 3)} for score, address in hits]

    def _selective(self, words: Iterable[str]) -> list[str]:
        """The words that select candidates: in some record, and (in a large index) not in a hundredth of them.

        A word as common as a year or "journal" changes no ranking of the few records a reference
        could be, yet its postings are most of a search's cost; the rarest few are kept when all are common.
        """
        frequencies = {word: self._searcher.doc_freq(TEXT_FIELD, word) for word in words}
        common = max(_COMMON_FLOOR, len(self) // 100)
        kept = [word for word, count in frequencies.items() if 0 < count <= common]
        if not kept:
            kept = sorted((word for word, count in frequencies.items() if count), key=frequencies.__getitem__)[:3]
        return kept

    def by_key(self, key: str, rows: int = 10) -> list[dict[str, Any]]:
        """Works with an exact key (see citelint.index.store.exact_keys)."""
        import tantivy

        query = tantivy.Query.term_query(self._engine.schema, "key", key)
        return [self._work(address) for _, address in self._searcher.search(query, rows).hits]

    def _work(self, address: Any) -> dict[str, Any]:
        stored = self._searcher.doc(address)["work"][0]
        work: dict[str, Any] = json.loads(bytes(stored))
        return work
