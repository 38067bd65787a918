"""Generated Crossref work records in the shapes an index is built from."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

JOURNALS = ("Water Resources Research", "Journal of Hydrology", "Cognitive Science", "The Lancet")
FAMILIES = ("Okafor", "Virtanen", "Nakamura", "Müller", "García", "Smith", "Lindqvist", "Adeyemi")
TOPICS = ("sediment", "transport", "braided", "rivers", "attention", "memory", "children", "glaciated",
          "catchments", "budgets", "trials", "malaria", "vaccine", "cohort", "drought", "aquifer")


def work(number: int, **changes: Any) -> dict[str, Any]:
    """Work ``number`` of a generated collection: distinct title, authors, journal, volume and pages."""
    words = [TOPICS[(number * 7 + step * 3) % len(TOPICS)] for step in range(5)]
    first = 100 + number * 13 % 900
    record = {
        "DOI": f"10.5555/test.{number}",
        "type": "journal-article",
        "title": [f"{' '.join(words).capitalize()} study {number}"],
        "container-title": [JOURNALS[number % len(JOURNALS)]],
        "ISSN": [f"1234-{number % 4:04d}"],
        "author": [{"given": "Ann", "family": FAMILIES[number % len(FAMILIES)], "sequence": "first",
                    "affiliation": [{"name": "A university"}]},
                   {"given": "Bo", "family": FAMILIES[(number + 3) % len(FAMILIES)], "sequence": "additional"}],
        "issued": {"date-parts": [[1990 + number % 30, 5]]},
        "volume": str(1 + number % 60),
        "issue": "2",
        "page": f"{first}-{first + 9}",
        "reference": [{"key": "ref1", "unstructured": "a cited work"}],
    }
    record.update(changes)
    return record


def write_public_data(folder: Path, works: list[dict[str, Any]], per_file: int = 10) -> list[Path]:
    """Works in Crossref's public data file layout: *.json.gz files of {"items": [...]}."""
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for start in range(0, len(works), per_file):
        path = folder / f"{start // per_file:04d}.json.gz"
        with gzip.open(path, "wt", encoding="utf-8") as handle:
            json.dump({"items": works[start:start + per_file]}, handle)
        files.append(path)
    return files


def write_jsonl(path: Path, works: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(item) + "\n" for item in works), encoding="utf-8")
    return path
