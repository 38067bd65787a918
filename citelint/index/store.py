"""The index on disk: a Tantivy index of works plus a metadata file.

Each work is one document: its DOI (exact), its exact keys (ISSN or journal +
volume + first page; journal + year + first author), one full-text field of
its title, container, authors and numbers (year, volume, issue, first page:
one field, as Crossref's bibliographic search ranks them, and a quarter of the
terms to score that four fields would need), and the
work itself as compact JSON, with only the keys citelint reads (Tantivy
compresses its document store).
"""

from __future__ import annotations

import datetime
import json
import os
import re
import unicodedata
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from citelint.fields.normalize import doi_key
from citelint.index import IndexFailure, require_tantivy

FORMAT = 2  # 2: one full-text field
METADATA = "citelint-index.json"
ENGINE_FOLDER = "tantivy"
TEXT_FIELD = "text"

# What records.py and the matcher read of a work; everything else (references, funders,
# licences, affiliations) is most of a Crossref record and is left out.
_KEPT = (
    "DOI", "type", "title", "subtitle", "author", "container-title", "short-container-title", "ISSN",
    "volume", "issue", "page", "article-number", "published-print", "published-online", "published",
    "issued", "publisher", "updated-by", "update-to", "relation", "institution",
)
_AUTHOR_KEPT = ("given", "family", "name", "suffix", "sequence", "ORCID")
_ANALYZER = "citelint_words"
_NON_WORD = re.compile(r"[\W_]+")
_DATES = ("issued", "published-print", "published-online", "published")


def schema() -> Any:
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("doi", stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_text_field("key", tokenizer_name="raw", index_option="basic")
    builder.add_text_field(TEXT_FIELD, tokenizer_name=_ANALYZER, index_option="freq")
    builder.add_bytes_field("work", stored=True)
    return builder.build()


def open_engine(folder: Path, create: bool = False) -> Any:
    require_tantivy()
    import tantivy

    path = folder / ENGINE_FOLDER
    if create:
        path.mkdir(parents=True, exist_ok=True)
        engine = tantivy.Index(schema(), path=str(path), reuse=True)
    elif not tantivy.Index.exists(str(path)):
        raise IndexFailure(f"{folder}: not a citelint index (no {ENGINE_FOLDER}/ folder); build one with citelint index build")
    else:
        engine = tantivy.Index.open(str(path))
    engine.register_tokenizer(_ANALYZER, analyzer())
    return engine


def analyzer() -> Any:
    """Words as citelint compares them: lower-case and accent-free, split at anything not a letter or digit.
    The index's text fields and the words of a search both go through it."""
    import tantivy

    return (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple()).filter(tantivy.Filter.remove_long(40))
            .filter(tantivy.Filter.lowercase()).filter(tantivy.Filter.ascii_fold()).build())


def document(work: Mapping[str, Any]) -> Any:
    import tantivy

    compact = compact_work(work)
    return tantivy.Document(
        doi=doi_key(work["DOI"]),
        key=exact_keys(work),
        text=" ".join([*_strings(work.get("title")), *_strings(work.get("subtitle")),
                       *_strings(work.get("container-title")), *_strings(work.get("short-container-title")),
                       *_author_names(work), *_numbers(work)]),
        work=json.dumps(compact, ensure_ascii=False, separators=(",", ":")).encode("utf-8"),
    )


def compact_work(work: Mapping[str, Any]) -> dict[str, Any]:
    kept = {key: work[key] for key in _KEPT if key in work}
    if isinstance(kept.get("author"), list):
        kept["author"] = [{key: value for key, value in author.items() if key in _AUTHOR_KEPT}
                          if isinstance(author, Mapping) else author for author in kept["author"]]
    return kept


def exact_keys(work: Mapping[str, Any]) -> list[str]:
    """The work's exact keys; the same function makes a lookup's key from printed fields."""
    volume = _text(work.get("volume"))
    page = first_page(_text(work.get("page")) or _text(work.get("article-number")))
    year = _year(work)
    family = next((_fold(a.get("family") or a.get("name") or "") for a in _authors(work)), "")
    containers = {_fold(c) for c in _strings(work.get("container-title")) + _strings(work.get("short-container-title"))}
    containers.discard("")
    keys = []
    if volume and page:
        keys += [issn_key(issn, volume, page) for issn in _strings(work.get("ISSN"))]
        keys += [journal_key(container, volume, page) for container in sorted(containers)]
    if year and family:
        keys += [author_key(container, year, family) for container in sorted(containers)]
    return keys


def issn_key(issn: str, volume: str, page: str) -> str:
    return f"issn|{issn.replace('-', '').upper()}|{volume.strip().lower()}|{first_page(page)}"


def journal_key(container: str, volume: str, page: str) -> str:
    return f"journal|{_fold(container)}|{volume.strip().lower()}|{first_page(page)}"


def author_key(container: str, year: int | str, family: str) -> str:
    return f"author|{_fold(container)}|{year}|{_fold(family).replace(' ', '')}"


def _fold(text: str) -> str:
    """Lower-case, accent-free words: cheap enough for every work of a 170-million-record build."""
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NON_WORD.sub(" ", text.lower()).strip()


def first_page(page: str) -> str:
    return page.replace("\u2013", "-").split("-")[0].strip().lower()


def _numbers(work: Mapping[str, Any]) -> Iterator[str]:
    year = _year(work)
    if year:
        yield str(year)
    for key in ("volume", "issue"):
        value = _fold(_text(work.get(key)))
        if value:
            yield value
    page = _fold(first_page(_text(work.get("page")) or _text(work.get("article-number"))))
    if page:
        yield page


def _year(work: Mapping[str, Any]) -> int | None:
    for key in _DATES:
        date = work.get(key)
        parts = date.get("date-parts") if isinstance(date, Mapping) else None
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0] and isinstance(parts[0][0], int):
            return parts[0][0]
    return None


def _authors(work: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    authors = work.get("author")
    return [a for a in authors if isinstance(a, Mapping)] if isinstance(authors, list) else []


def _author_names(work: Mapping[str, Any]) -> Iterator[str]:
    for author in _authors(work):
        for key in ("family", "given", "name"):
            if isinstance(author.get(key), str):
                yield author[key]


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _text(value: Any) -> str:
    return str(value) if isinstance(value, (str, int)) else ""


# The metadata file: what is in the index and where it came from.

def read_metadata(folder: Path) -> dict[str, Any] | None:
    path = folder / METADATA
    if not path.is_file():
        return None
    try:
        metadata = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise IndexFailure(f"{path}: cannot read the index metadata: {error}") from None
    if not isinstance(metadata, dict) or metadata.get("format") != FORMAT:
        raise IndexFailure(f"{path}: an index of another format; rebuild it with this citelint")
    return metadata


def write_json(path: Path, value: Mapping[str, Any]) -> None:
    """Written whole or not at all: a crash mid-write leaves the previous file."""
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(value, indent=2) + "\n", encoding="utf-8")
    os.replace(partial, path)


def now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat()


def size_on_disk(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())
