"""Reading works from the inputs of an index build, one file at a time, without holding more than a file.

Inputs: Crossref's public data file (``*.json.gz``, each ``{"items": [...]}``),
JSON Lines of works or API responses (``.jsonl``, ``.jsonl.gz``), and snapshot
files (``.json``: a work, a list, an API response). A file that cannot be read
or parsed stops the build with one line naming it (and the line); a work
without a DOI cannot be looked up and is skipped with a notice.
"""

from __future__ import annotations

import gzip
import io
import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from citelint.index import IndexFailure

SUFFIXES = (".json.gz", ".jsonl.gz", ".jsonl", ".json")


class Skipped(Exception):
    """A work that cannot be indexed; the build goes on without it."""


def input_files(sources: list[str]) -> list[Path]:
    """The files of every source, in a stable order: a file as given, a folder's input files sorted."""
    files: list[Path] = []
    for source in sources:
        path = Path(source)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.name.endswith(SUFFIXES))
            if not found:
                raise IndexFailure(f"{source}: no {', '.join(SUFFIXES)} files in the folder")
            files.extend(found)
        elif path.is_file():
            if not path.name.endswith(SUFFIXES):
                raise IndexFailure(f"{source}: not an input of an index ({', '.join(SUFFIXES)})")
            files.append(path)
        else:
            raise IndexFailure(f"{source}: no such file or folder")
    return files


class InputFile:
    """One input file's works, read as a stream; ``position`` is how far into the file (in bytes) reading is."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.size = path.stat().st_size
        self._raw: IO[bytes] | None = None

    def position(self) -> int:
        raw = self._raw
        return raw.tell() if raw is not None and not raw.closed else 0

    def works(self) -> Iterator[tuple[str, dict[str, Any] | Skipped]]:
        """(where, work or why it is skipped) for every work of the file."""
        path = self.path
        lines = path.name.endswith((".jsonl", ".jsonl.gz"))
        try:
            with path.open("rb") as raw:
                self._raw = raw
                binary: IO[bytes] = gzip.GzipFile(fileobj=raw) if path.name.endswith(".gz") else raw  # type: ignore[assignment]
                handle = io.TextIOWrapper(binary, encoding="utf-8")
                if lines:
                    for number, line in enumerate(handle, 1):
                        if line.strip():
                            where = f"{path}:{number}"
                            yield from _works(_parse(line, where), where)
                else:
                    yield from _works(_parse(handle.read(), str(path), whole_file=True), str(path))
        except (OSError, EOFError, zlib.error) as error:
            raise IndexFailure(f"{path}: cannot read: {getattr(error, 'strerror', None) or error}") from None
        except UnicodeDecodeError as error:
            raise IndexFailure(f"{path}: not UTF-8 text ({error.reason})") from None


def _parse(text: str, where: str, whole_file: bool = False) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        location = f"{where}:{error.lineno}" if whole_file else where
        raise IndexFailure(f"{location}: invalid JSON: {error.msg}") from None
    except RecursionError:
        raise IndexFailure(f"{where}: JSON nested too deeply") from None


def _works(document: Any, where: str) -> Iterator[tuple[str, dict[str, Any] | Skipped]]:
    if isinstance(document, dict) and isinstance(document.get("message"), dict):
        document = document["message"]  # an API response
    if isinstance(document, dict) and isinstance(document.get("items"), list):
        document = document["items"]  # the public data file, a work list
    if isinstance(document, list):
        for number, item in enumerate(document, 1):
            item_where = f"{where} (item {number})"
            yield item_where, _work(item, item_where)
        return
    yield where, _work(document, where)


def _work(item: Any, where: str) -> dict[str, Any] | Skipped:
    if not isinstance(item, dict):
        raise IndexFailure(f"{where}: expected a Crossref work, found {type(item).__name__}")
    doi = item.get("DOI")
    if not isinstance(doi, str) or not doi.strip():
        return Skipped("work without a DOI")
    return item
