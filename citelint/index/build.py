"""``citelint index build``: stream works from the inputs into the index, one committed file at a time.

Memory stays flat: works are read file by file (one JSON Lines line, or one
public-data file of a few thousand works, at a time) and the engine's writer
has a fixed heap. After each input file the writer commits and the file is
recorded in ``build-state.json``, so an interrupted build run again skips the
files already in and continues. A work replaces any earlier work of its DOI,
which is what ``--update`` with a newer snapshot needs.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from citelint.fields.normalize import doi_key
from citelint.index import IndexFailure
from citelint.index.inputs import InputFile, Skipped, input_files
from citelint.index.store import (
    FORMAT,
    METADATA,
    document,
    now,
    open_engine,
    read_metadata,
    write_json,
)

STATE = "build-state.json"
_WRITER_HEAP = 128_000_000  # bytes the writer buffers before it writes a segment
_PROGRESS_EVERY = 2000  # works


@dataclass(frozen=True)
class BuildOutcome:
    records: int  # in the index now
    added: int  # works written by this run
    skipped: int  # works without a DOI
    files: int  # input files indexed by this run
    resumed: int  # input files an interrupted run had indexed already
    seconds: float


def build(
    sources: list[str],
    out: Path,
    *,
    update: bool = False,
    progress: Callable[[int, int], None] | None = None,
    notice: Callable[[str], None] = lambda line: None,
) -> BuildOutcome:
    """Index every work of ``sources`` into ``out`` (a new folder, an unfinished build, or with update an index)."""
    started = time.perf_counter()
    files = input_files(sources)
    sources_seen = [str(Path(source).resolve()) for source in sources]
    metadata = read_metadata(out)
    state = _state(out, sources_seen, metadata, update)
    done: dict[str, Any] = state["done"]
    todo = [file for file in files if str(file.resolve()) not in done]
    engine = open_engine(out, create=True)
    try:
        writer = engine.writer(heap_size=_WRITER_HEAP, num_threads=1)
    except ValueError as error:
        raise IndexFailure(f"{out}: cannot write the index (is another build running?): {error}") from None
    total = sum(file.stat().st_size for file in todo)
    finished_bytes = added = skipped = 0
    try:
        for path in todo:
            reader = InputFile(path)
            file_added = file_skipped = 0
            for where, work in reader.works():
                if isinstance(work, Skipped):
                    file_skipped += 1
                    if skipped + file_skipped <= 10:
                        notice(f"{where}: {work}, skipped")
                    continue
                key = doi_key(work["DOI"])
                writer.delete_documents_by_term("doi", key)  # a newer record of the DOI replaces the older
                writer.add_document(document(work))
                file_added += 1
                if progress is not None and file_added % _PROGRESS_EVERY == 0:
                    progress(finished_bytes + reader.position(), total)
            writer.commit()
            added += file_added
            skipped += file_skipped
            finished_bytes += reader.size
            done[str(path.resolve())] = {"works": file_added, "skipped": file_skipped}
            write_json(out / STATE, state)
            if progress is not None:
                progress(finished_bytes, total)
    except BaseException:
        writer.rollback()
        if done:
            notice(f"{len(done)} of {len(files)} input files are in {out}; the same command continues the build")
        raise
    writer.wait_merging_threads()
    if skipped > 10:
        notice(f"{skipped} works without a DOI skipped in all")
    engine.reload()
    records = engine.searcher().num_docs
    _finish(out, state, metadata, sources, len(files), records)
    resumed = len(files) - len(todo)
    return BuildOutcome(records, added, skipped, len(todo), resumed, time.perf_counter() - started)


def _state(out: Path, sources: list[str], metadata: dict[str, Any] | None, update: bool) -> dict[str, Any]:
    """The build to continue, or a new one; refuses to build over an index or a folder of other things."""
    import json

    path = out / STATE
    if path.is_file():
        try:
            state = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise IndexFailure(f"{path}: cannot read the build state: {error}") from None
        if state.get("sources") != sources:
            raise IndexFailure(f"{out}: holds an unfinished build of other inputs ({', '.join(state.get('sources', []))}); "
                               "run that build again to finish it, or choose another folder")
        return dict(state)
    if metadata is not None and not update:
        raise IndexFailure(f"{out}: already an index (built {metadata.get('built')}); "
                           "--update adds a newer snapshot to it")
    if metadata is None and update:
        raise IndexFailure(f"{out}: no index to update; build one first")
    if metadata is None and out.exists() and any(out.iterdir()):
        raise IndexFailure(f"{out}: the folder is not empty and holds no index; choose a new folder")
    out.mkdir(parents=True, exist_ok=True)
    state = {"sources": sources, "started": now(), "done": {}}
    write_json(path, state)
    return state


def _finish(out: Path, state: dict[str, Any], metadata: dict[str, Any] | None, sources: list[str],
            files: int, records: int) -> None:
    from importlib.metadata import version

    done = state["done"].values()
    source = {"inputs": sources, "files": files, "works": sum(entry["works"] for entry in done),
              "skipped": sum(entry["skipped"] for entry in done), "started": state["started"], "finished": now()}
    if metadata is None:
        metadata = {"format": FORMAT, "engine": f"tantivy {version('tantivy')}",
                    "built": source["finished"], "sources": []}
    metadata = {**metadata, "records": records, "updated": source["finished"],
                "sources": [*metadata["sources"], source]}
    write_json(out / METADATA, metadata)
    (out / STATE).unlink()
