"""``citelint index build|info``: the command-line side of the local index."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from citelint.index import IndexFailure


def run_index(arguments: argparse.Namespace) -> int:
    try:
        if arguments.index_command == "build":
            return _build(arguments)
        return _info(Path(arguments.folder))
    except IndexFailure as error:
        print(f"citelint: error: {error}", file=sys.stderr)
        return 2


def _build(arguments: argparse.Namespace) -> int:
    from citelint.index.build import build

    def notice(line: str) -> None:
        print(f"citelint: {line}", file=sys.stderr)

    progress = None
    if sys.stderr.isatty() and not arguments.quiet:
        from citelint.report.rich import BuildProgress

        progress = BuildProgress("indexing")
    try:
        outcome = build(arguments.sources, Path(arguments.out), update=arguments.update,
                        progress=progress.update if progress else None, notice=notice)
    finally:
        if progress:
            progress.close()
    if not arguments.quiet:
        resumed = f", {outcome.resumed} already in from an interrupted build" if outcome.resumed else ""
        print(f"citelint: indexed {outcome.added:,} works from {outcome.files} files{resumed} in "
              f"{outcome.seconds:.1f} s; {arguments.out} holds {outcome.records:,} records", file=sys.stderr)
    return 0


def _info(folder: Path) -> int:
    from citelint.index.build import STATE
    from citelint.index.store import read_metadata, size_on_disk

    metadata = read_metadata(folder)
    if metadata is None:
        if (folder / STATE).is_file():
            raise IndexFailure(f"{folder}: an unfinished build; run the same citelint index build again to finish it")
        raise IndexFailure(f"{folder}: not a citelint index (no citelint-index.json)")
    print(f"index:    {folder}")
    print(f"records:  {metadata['records']:,}")
    print(f"size:     {size_on_disk(folder) / 1e6:,.1f} MB")
    print(f"built:    {metadata['built']}")
    print(f"updated:  {metadata['updated']}")
    print(f"engine:   {metadata['engine']}")
    print("sources:")
    for source in metadata["sources"]:
        print(f"  {source['finished']}  {', '.join(source['inputs'])} ({source['files']} files, "
              f"{source['works']:,} works, {source['skipped']:,} without a DOI skipped)")
    return 0
