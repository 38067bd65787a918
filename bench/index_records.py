"""Generated Crossref work records for the index benchmarks, varied from the real ones in fixtures/styles/.

The first 1,913 records are fixtures/styles/records.jsonl as Crossref holds them
(the 8-style benchmark's targets and distractors); every later record is one of
them with a new DOI, half its title words and its authors swapped for others of
the set, and a new year, volume, issue and pages: a different work that reads
like a real one, so searches meet realistic word frequencies and near misses.
Deterministic: record n is the same in every run.
"""

from __future__ import annotations

import gzip
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

RECORDS = Path(__file__).resolve().parent.parent / "fixtures" / "styles" / "records.jsonl"


def real_records() -> list[dict[str, Any]]:
    return [json.loads(line) for line in RECORDS.read_text(encoding="utf-8").splitlines() if line.strip()]


def generated(count: int) -> Iterator[dict[str, Any]]:
    """``count`` work records: the real ones first, then varied copies."""
    real = real_records()
    words = sorted({word for work in real for title in work.get("title", []) for word in title.split()})
    people = [author for work in real for author in work.get("author", []) if author.get("family")]
    containers = sorted({title for work in real for title in work.get("container-title", [])})
    for number in range(count):
        base = real[number % len(real)]
        if number < len(real):
            yield base
            continue
        rng = random.Random(number)
        work = dict(base)
        work["DOI"] = f"10.5555/gen.{number}"
        title = (base.get("title") or ["Untitled"])[0].split()
        work["title"] = [" ".join(rng.choice(words) if rng.random() < 0.5 else word for word in title)]
        if base.get("author"):
            chosen = rng.sample(people, k=min(len(base["author"]), 6))
            work["author"] = [{**person, "sequence": "first" if i == 0 else "additional"}
                              for i, person in enumerate(chosen)]
        if rng.random() < 0.3:
            work["container-title"] = [rng.choice(containers)]
        year = rng.randint(1950, 2025)
        work["issued"] = work["published"] = {"date-parts": [[year, rng.randint(1, 12)]]}
        work["volume"] = str(rng.randint(1, 300))
        work["issue"] = str(rng.randint(1, 12))
        first = rng.randint(1, 3000)
        work["page"] = f"{first}-{first + rng.randint(1, 30)}"
        yield work


def write_public_data_folder(folder: Path, count: int, per_file: int = 5000) -> list[Path]:
    """``count`` records in Crossref's public data file layout: *.json.gz, each {"items": [...]}."""
    folder.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    batch: list[dict[str, Any]] = []

    def flush() -> None:
        path = folder / f"{len(files):05d}.json.gz"
        with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as handle:
            json.dump({"items": batch}, handle)
        files.append(path)
        batch.clear()

    for work in generated(count):
        batch.append(work)
        if len(batch) == per_file:
            flush()
    if batch:
        flush()
    return files


def printed(work: dict[str, Any]) -> str:
    """A reference to the work as an author might print it (for search-speed queries)."""
    authors = ", ".join(f"{a.get('family', '')} {a.get('given', '')[:1]}" for a in work.get("author", [])[:3])
    year = work.get("issued", {}).get("date-parts", [[""]])[0][0]
    return (f"{authors} ({year}). {(work.get('title') or [''])[0]}. {(work.get('container-title') or [''])[0]}, "
            f"{work.get('volume', '')}({work.get('issue', '')}), {work.get('page', '')}.")
