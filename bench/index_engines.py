"""SQLite FTS5 against Tantivy for the local index's full-text part: build time, size, queries/s.

    .venv/bin/python bench/index_engines.py [--records 100000] [--queries 2000]

Both engines index the same generated records (bench/index_records.py) in the
same four fields (title, container, authors, numbers: year, volume, issue,
first page) on one core, and answer the same printed references as OR
queries of their words ranked by BM25; "top-1" is the share of queries whose
own record ranks first. Needs the `tantivy` wheel (not a citelint dependency).
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from index_records import generated, printed

WORD = re.compile(r"[^\W_]+")
STOP = frozenset(["a", "an", "and", "are", "as", "at", "by", "de", "for", "from", "in", "into", "is", "of", "on", "or", "the", "to", "with", "et", "al", "pp", "vol", "no"])


def fields(work: dict) -> tuple[str, str, str, str]:
    title = " ".join(work.get("title") or [])
    container = " ".join(work.get("container-title") or [])
    authors = " ".join(f"{a.get('family', '')} {a.get('given', '')}" for a in work.get("author") or [])
    year = str(work.get("issued", {}).get("date-parts", [[""]])[0][0])
    numbers = " ".join([year, work.get("volume", ""), work.get("issue", ""), work.get("page", "").split("-")[0]])
    return title, container, authors, numbers


def words(text: str) -> list[str]:
    return list(dict.fromkeys(w for w in WORD.findall(text.lower()) if w not in STOP))


def size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else path.stat().st_size


def fts5(records: list[dict], queries: list[tuple[int, str]], folder: Path) -> tuple[float, int, float, float]:
    path = folder / "fts.sqlite"
    start = time.perf_counter()
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("CREATE VIRTUAL TABLE text USING fts5(title, container, authors, numbers, "
               "content='', tokenize='unicode61 remove_diacritics 2')")
    db.executemany("INSERT INTO text(rowid, title, container, authors, numbers) VALUES (?, ?, ?, ?, ?)",
                   ((n, *fields(work)) for n, work in enumerate(records)))
    db.commit()
    db.execute("INSERT INTO text(text) VALUES ('optimize')")
    db.commit()
    built = time.perf_counter() - start
    start = time.perf_counter()
    hits = 0
    for expected, query in queries:
        match = " OR ".join(f'"{w}"' for w in words(query))
        rows = db.execute("SELECT rowid FROM text WHERE text MATCH ? ORDER BY rank LIMIT 10", (match,)).fetchall()
        hits += bool(rows) and rows[0][0] == expected
    per_second = len(queries) / (time.perf_counter() - start)
    db.close()
    return built, size(path), per_second, hits / len(queries)


def tantivy_engine(records: list[dict], queries: list[tuple[int, str]], folder: Path) -> tuple[float, int, float, float]:
    import tantivy

    path = folder / "tantivy"
    path.mkdir()
    start = time.perf_counter()
    builder = tantivy.SchemaBuilder()
    for name in ("title", "container", "authors", "numbers"):
        builder.add_text_field(name, stored=False)
    builder.add_unsigned_field("row", stored=True)
    schema = builder.build()
    index = tantivy.Index(schema, path=str(path))
    writer = index.writer(heap_size=200_000_000, num_threads=1)
    for n, work in enumerate(records):
        title, container, authors, numbers = fields(work)
        writer.add_document(tantivy.Document(title=title, container=container, authors=authors,
                                             numbers=numbers, row=n))
    writer.commit()
    writer.wait_merging_threads()
    built = time.perf_counter() - start
    index.reload()
    searcher = index.searcher()
    start = time.perf_counter()
    hits = 0
    for expected, query in queries:
        parsed = index.parse_query(" ".join(words(query)), ["title", "container", "authors", "numbers"])
        found = searcher.search(parsed, 10).hits
        hits += bool(found) and searcher.doc(found[0][1])["row"][0] == expected
    per_second = len(queries) / (time.perf_counter() - start)
    return built, size(path), per_second, hits / len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=2000)
    arguments = parser.parse_args()
    records = list(generated(arguments.records))
    rng = random.Random(7)
    queries = [(n, printed(records[n])) for n in rng.sample(range(len(records)), arguments.queries)]
    print(f"{len(records):,} generated records, {len(queries):,} queries (printed references to them), one core")
    print(f"{'engine':<10} {'build s':>8} {'size MB':>8} {'queries/s':>10} {'top-1':>6}")
    for name, engine in (("fts5", fts5), ("tantivy", tantivy_engine)):
        folder = Path(tempfile.mkdtemp(prefix="citelint-engine-"))
        try:
            built, nbytes, per_second, top1 = engine(records, queries, folder)
        finally:
            shutil.rmtree(folder)
        print(f"{name:<10} {built:>8.1f} {nbytes / 1e6:>8.1f} {per_second:>10.0f} {top1:>6.3f}")


if __name__ == "__main__":
    main()
