"""Restore the files of the real-bibliography corpus that are not kept in the repository.

bench/corpus/realbib/SOURCES.tsv names each file's repository, path and commit; the files whose
licence does not let us redistribute them are marked "external". This downloads each of those at
its commit and keeps the entries listed for it in bench/corpus/realbib/external_keys.tsv (the
benchmark judged those entries; "*" keeps the whole file). Fields that were shortened when the
corpus was made (abstracts, keywords) come back whole: no rule reads them.

    .venv/bin/python scripts/restore_realbib_corpus.py DEST
    .venv/bin/python bench/real_bibliographies.py --external DEST
"""

from __future__ import annotations

import csv
import itertools
import re
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "bench" / "corpus" / "realbib"
RAW = "https://raw.githubusercontent.com/{repo}/{commit}/{path}"
ENTRY_START = re.compile(r"^@\s*(\w+)\s*[{(]\s*([^,\s]*)", re.MULTILINE)


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
        sources = [row for row in csv.DictReader(handle, delimiter="\t") if row["location"] == "external"]
    failed = 0
    for source in sources:
        url = RAW.format(repo=source["repo"], commit=source["commit"], path=source["path"])
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                text = response.read().decode("utf-8", errors="replace")
        except OSError as error:
            print(f"{source['file']}: {error}", file=sys.stderr)
            failed += 1
            continue
        wanted = keys.get(source["file"], "*")
        if wanted != "*":
            text = _keep_entries(text, set(wanted.split()))
        (destination / source["file"]).write_text(text, encoding="utf-8")
        print(f"{source['file']}: restored")
    return 1 if failed else 0


def _keep_entries(text: str, wanted: set[str]) -> str:
    """The @string blocks and the entries whose key is wanted, in their order."""
    starts = [match.start() for match in ENTRY_START.finditer(text)] + [len(text)]
    kept = []
    for begin, end in itertools.pairwise(starts):
        match = ENTRY_START.match(text, begin)
        if match and (match.group(1).lower() == "string" or match.group(2) in wanted):
            kept.append(text[begin:end])
    return "".join(kept)


if __name__ == "__main__":
    raise SystemExit(main())
