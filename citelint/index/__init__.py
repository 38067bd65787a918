"""A local index of Crossref work records: exact keys and BM25 full text, for checks without the API.

Built by ``citelint index build`` from Crossref's public data file (a folder of
``*.json.gz``, each ``{"items": [work, ...]}``), JSON Lines of works, or a
snapshot folder; read by ``citelint check --index`` and ``citelint audit``.
The engine is Tantivy, chosen over SQLite FTS5 by bench/index_engines.py: on
100,000 records it answers printed references about 70 times faster (block-max
WAND skips the postings of common words that FTS5's ranking must score one by
one) in an index less than half the size.
"""

from __future__ import annotations


class IndexFailure(Exception):
    """A problem with an index or its inputs, as one line naming the file (and line)."""


def require_tantivy() -> None:
    """Import the engine, or say in one line how to install it."""
    try:
        import tantivy  # noqa: F401
    except ImportError:
        raise IndexFailure("the local index needs the tantivy package: pip install tantivy (the index extra)") from None
