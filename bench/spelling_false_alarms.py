"""CL107 on real titles (fixtures/titles/): false alarms, then detection.

A finding on these titles is a false alarm, except on the words listed in
fixtures/titles/known_typos.txt (misspelled in the published records
themselves). titles.txt was used to tune the rule; holdout.txt was not.
Prints, for each, the false-alarm rate at warning level and at any level,
each flagged word with its suggestion, then the detection rate on the same
titles with one random typo (delete, swap, substitute, insert) put into one
common lower-case word of six letters or more.

    .venv/bin/python bench/spelling_false_alarms.py
"""

from __future__ import annotations

import datetime
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from citelint.model import OFFLINE, Reference, SourceText
from citelint.rules import title_misspelled
from citelint.rules._rule import Context


def main() -> int:
    for name in ("titles.txt", "holdout.txt"):
        text = (ROOT / "fixtures" / "titles" / name).read_text("utf-8")
        titles = [line for line in text.splitlines() if line and not line.startswith("#")]
        print(f"== {name}")
        _false_alarms(titles)
    return 0


def _false_alarms(titles: list[str]) -> None:
    references = [_reference(title, number) for number, title in enumerate(titles, 1)]
    context = Context(options=title_misspelled.OPTIONS, references=references, today=datetime.date(2026, 11, 26))
    started = time.perf_counter()
    flagged = [
        (reference.title, diagnostic)
        for reference in references
        for diagnostic in title_misspelled.check(reference, OFFLINE, context)
    ]
    elapsed = time.perf_counter() - started
    typos = {
        line for line in (ROOT / "fixtures" / "titles" / "known_typos.txt").read_text("utf-8").splitlines()
        if line and not line.startswith("#")
    }
    caught = {diagnostic.found for _, diagnostic in flagged} & typos
    flagged = [(title, diagnostic) for title, diagnostic in flagged if diagnostic.found not in typos]
    warned = {title for title, diagnostic in flagged if diagnostic.severity is None}
    any_level = {title for title, _ in flagged}
    print(f"titles: {len(titles)}; typos in the records themselves found: {len(caught)} of {len(typos)}")
    print(f"flagged at warning: {len(warned)} ({100 * len(warned) / len(titles):.2f}%)")
    print(f"flagged at any level: {len(any_level)} ({100 * len(any_level) / len(titles):.2f}%)")
    print(f"time: {elapsed * 1000:.0f} ms")
    for title, diagnostic in flagged:
        level = diagnostic.severity or title_misspelled.SEVERITY
        print(f"  {level:7} {diagnostic.found!r} -> {diagnostic.message.split('did you mean ')[-1]}  in: {(title or '')[:90]}")
    _detection(references, context)


def _detection(references: list[Reference], context: Context) -> None:
    from citelint.fields.words import word_list

    common = word_list().common_rank
    known = word_list().known
    chooser = random.Random(20261126)
    tried = warned = any_level = 0
    for reference in references:
        title = reference.title or ""
        words = [word for word in title.split()[1:] if word.isalpha() and word.islower() and len(word) >= 6 and word in common]
        if not words:
            continue
        word = chooser.choice(words)
        typo = _typo(word, chooser)
        if typo in known:
            continue
        changed = title.replace(word, typo, 1)
        tried += 1
        hits = [d for d in title_misspelled.check(_reference(changed, reference.index), OFFLINE, context) if d.found == typo]
        if hits and hits[0].expected == title:
            any_level += 1
            warned += hits[0].severity is None
    print(f"detection on {tried} titles with one typo: warning {100 * warned / tried:.1f}%, any level {100 * any_level / tried:.1f}% (right correction)")


def _typo(word: str, chooser: random.Random) -> str:
    at = chooser.randrange(1, len(word) - 1)
    kind = chooser.choice(("delete", "swap", "substitute", "insert"))
    letter = chooser.choice("abcdefghijklmnopqrstuvwxyz")
    if kind == "delete":
        return word[:at] + word[at + 1 :]
    if kind == "swap":
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    if kind == "substitute":
        return word[:at] + letter + word[at + 1 :]
    return word[:at] + letter + word[at:]


def _reference(title: str, index: int) -> Reference:
    text = f"Author A (2020) {title}. Journal 1: 1-10."
    source = SourceText("titles.txt", text)
    start = text.index(title)
    return Reference(
        text=text, file="titles.txt", span=source.span(0, len(text)), index=index, kind="text",
        title=title, spans={"title": source.span(start, start + len(title))},
    )


if __name__ == "__main__":
    raise SystemExit(main())
