"""Restore the files of the real-bibliography corpus that are not kept in the repository.

bench/corpus/realbib/SOURCES.tsv names each file's source. Files whose licence does not let us
redistribute them are marked "external" (a GitHub repository, path and commit) or "debian" (a
file of a TeX Live package as Debian ships it: the package and version in the commit column, the
path inside the package in the path column). This fetches each of those: an external file at its
commit, keeping the entries listed for it in bench/corpus/realbib/external_keys.tsv (the benchmark
judged those entries; "*" keeps the whole file); a Debian file with `apt-get download`, keeping
its first N entries where the scope says "first N entries" (and the entries their crossref
fields name, whose fields they inherit). Fields that were shortened when the
corpus was made (abstracts, keywords) come back whole: no rule reads them.

    .venv/bin/python scripts/restore_realbib_corpus.py DEST
    .venv/bin/python bench/real_bibliographies.py --external DEST
"""

from __future__ import annotations

import csv
import gzip
import io
import itertools
import re
import subprocess
import sys
import tarfile
import tempfile
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "bench" / "corpus" / "realbib"
RAW = "https://raw.githubusercontent.com/{repo}/{commit}/{path}"
ENTRY_START = re.compile(r"^[ \t]*@\s*(\w+)\s*[{(]\s*([^,\s]*)", re.MULTILINE)
NOT_ENTRIES = frozenset({"string", "preamble", "comment"})
FIRST_ENTRIES = re.compile(r"first (\d+) entries")
# Files are restored byte for byte, also those that are not UTF-8 (a Windows-1251 template, stray
# Shift-JIS quotes in an abstract): how citelint reads them is part of what is measured.
BYTE_EXACT = "surrogateescape"
CROSSREF = re.compile(r"^\s*crossref\s*=\s*[{\"]([^}\"]+)[}\"]", re.MULTILINE | re.IGNORECASE)


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    if len(arguments) != 1:
        print("usage: restore_realbib_corpus.py DEST", file=sys.stderr)
        return 2
    destination = Path(arguments[0])
    destination.mkdir(parents=True, exist_ok=True)
    with (CORPUS / "external_keys.tsv").open(encoding="utf-8", newline="") as handle:
        keys = {row["file"]: row["keys"] for row in csv.DictReader(handle, delimiter="\t")}
    with (CORPUS / "SOURCES.tsv").open(encoding="utf-8", newline="") as handle:
        sources = [row for row in csv.DictReader(handle, delimiter="\t") if row["location"] in ("external", "debian")]
    failed = 0
    with tempfile.TemporaryDirectory() as downloads:
        for source in sources:
            try:
                if source["location"] == "debian":
                    text = _from_debian(source, Path(downloads))
                else:
                    text = _from_github(source, keys.get(source["file"], "*"))
            except (OSError, subprocess.CalledProcessError, KeyError) as error:
                print(f"{source['file']}: {error}", file=sys.stderr)
                failed += 1
                continue
            (destination / source["file"]).write_text(text, encoding="utf-8", errors=BYTE_EXACT)
            print(f"{source['file']}: restored")
    return 1 if failed else 0


def _from_github(source: dict[str, str], wanted: str) -> str:
    url = RAW.format(repo=source["repo"], commit=source["commit"], path=source["path"])
    with urllib.request.urlopen(url, timeout=30) as response:
        text = response.read().decode("utf-8", errors=BYTE_EXACT)
    return text if wanted == "*" else _keep_entries(text, lambda _index, key: key in set(wanted.split()))


def _from_debian(source: dict[str, str], downloads: Path) -> str:
    """The file from the Debian package (package=version in the commit column), trimmed to its
    first N entries when the scope says so."""
    package = source["commit"]
    name = package.split("=")[0]
    archives = sorted(downloads.glob(f"{name}_*.deb"))
    if not archives:
        subprocess.run(["apt-get", "download", package], cwd=downloads, check=True, capture_output=True)
        archives = sorted(downloads.glob(f"{name}_*.deb"))
    data = _member(archives[0], source["path"])
    text = (gzip.decompress(data) if source["path"].endswith(".gz") else data).decode("utf-8", errors=BYTE_EXACT)
    first = FIRST_ENTRIES.search(source["scope"])
    if first is None:
        return text
    leading = int(first[1])
    parents: set[str] = set()

    def wanted(index: int, key: str) -> bool:
        return index < leading or key.lower() in parents

    kept = _keep_entries(text, wanted)
    while True:  # the entries they inherit from (a chapter's book, the book's multi-volume work)
        named = {match.group(1).lower() for match in CROSSREF.finditer(kept)}
        if named <= parents:
            return kept
        parents |= named
        kept = _keep_entries(text, wanted)


def _member(archive: Path, path: str) -> bytes:
    tar = subprocess.run(["dpkg-deb", "--fsys-tarfile", str(archive)], check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(tar)) as members:
        extracted = members.extractfile("./" + path.lstrip("/"))
        if extracted is None:
            raise KeyError(path)
        return extracted.read()


def _keep_entries(text: str, wanted: Callable[[int, str], bool]) -> str:
    """The @string and @preamble blocks and the wanted entries (by their index and key), in their order."""
    starts = [match.start() for match in ENTRY_START.finditer(text)] + [len(text)]
    kept = []
    index = 0
    for begin, end in itertools.pairwise(starts):
        match = ENTRY_START.match(text, begin)
        if match is None:
            continue
        if match.group(1).lower() in NOT_ENTRIES:
            kept.append(text[begin:end])
            continue
        if wanted(index, match.group(2)):
            kept.append(text[begin:end])
        index += 1
    return "".join(kept)


if __name__ == "__main__":
    raise SystemExit(main())
