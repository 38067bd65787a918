"""Regenerate citelint/data/words.txt.gz from the `wordfreq` package (dev only).

The list holds every plain English word (letters, optional apostrophe part)
of wordfreq's large English list down to a Zipf frequency of 1.0. Its first
line, ``#common=N``, says how many words follow that are common (Zipf >= 3,
once per million words or more), most frequent first: only those are offered
as spelling corrections. The rarer words follow in alphabetical order, which
compresses better.

    .venv/bin/pip install wordfreq && .venv/bin/python scripts/make_wordlist.py
"""

from __future__ import annotations

import gzip
import re
import sys
from pathlib import Path

MIN_ZIPF = 1.0
COMMON_ZIPF = 3.0
OUTPUT = Path(__file__).resolve().parent.parent / "citelint" / "data" / "words.txt.gz"
PLAIN_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


def main() -> int:
    from wordfreq import get_frequency_dict, zipf_frequency

    frequencies = get_frequency_dict("en", "large")
    words = sorted(
        (word for word in frequencies if PLAIN_WORD.fullmatch(word) and zipf_frequency(word, "en") >= MIN_ZIPF),
        key=lambda word: (-frequencies[word], word),
    )
    common = sum(1 for word in words if zipf_frequency(word, "en") >= COMMON_ZIPF)
    body = "\n".join([f"#common={common}", *words[:common], *sorted(words[common:])]) + "\n"
    # mtime=0 keeps the file byte-identical across regenerations.
    OUTPUT.write_bytes(gzip.compress(body.encode("ascii"), compresslevel=9, mtime=0))
    print(f"{OUTPUT}: {len(words)} words, {common} common", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
