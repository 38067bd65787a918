"""Which fields aligning a record with a printed reference could find agreeing, known without aligning.

The matcher rescores journal, year, volume and pages where the record's values stand in the text
(``alignment.align_fields``), and aligning every candidate of a search is most of a search's cost.
A candidate whose fields could not all together make it acceptable need not be aligned, so the
matcher asks here which fields an alignment could raise to agreement (a score of 0.5 or more).
Each answer is a superset of what the alignment and the scores can find: a field said unreachable
is one no alignment can make agree; a field said reachable may still not agree.

The numbers an alignment reads are tokens of the text (a volume "12", pages "e1234" or "82-96"),
each made of whole runs of digits, so the record's value can agree only where its digits are
runs of the text, or two runs a letter apart ("12a34"); a lost page separator ("8296" for 82-96)
is looked for in all the text's digits. A parsed volume or pages that the alignment sets aside is
scored against the text's numbers, which is asked too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from citelint.match.printed import NON_DIGITS, Printed, first_page, leading
from citelint.model import Record
from citelint.rules._compare import blank_links, fields_guessed

_RUN = re.compile(r"\d+")


def reachable(printed: Printed, record: Record) -> frozenset[str]:
    """The fields among year, volume, pages and container that an alignment could find agreeing."""
    reference = printed.reference
    if not fields_guessed(reference) or not reference.text:
        return frozenset()  # never aligned
    runs = _runs(reference.text)  # the same for every candidate
    found = set()
    if record.container or record.short_containers:
        found.add("container")
    if any(len(run) == 4 and abs(int(run) - year) <= 1 for run in runs.plain for year in record.years):
        found.add("year")
    if _volume_reachable(printed, record, runs):
        found.add("volume")
    if _pages_reachable(printed, record, runs):
        found.add("pages")
    return frozenset(found)


class _Runs:
    """The runs of digits of a text with its links blanked: as they are, zeros stripped, joined."""

    def __init__(self, text: str) -> None:
        blanked = self.text = blank_links(text)
        found = list(_RUN.finditer(blanked))
        self.plain = [run.group() for run in found]
        keys = {run.lstrip("0") for run in self.plain}
        for first, second in zip(found, found[1:]):  # "12a34": one token, digits 1234
            if second.start() - first.end() == 1 and blanked[first.end()].isascii() and blanked[first.end()].isalpha():
                keys.add((first.group() + second.group()).lstrip("0"))
        self.keys = frozenset(keys)
        self.joined = "".join(self.plain)


def best_fit(as_read: dict[str, float | None], reachable: frozenset[str],
             fit: Callable[[dict[str, float]], float]) -> float:
    """The highest ``fit`` the record could reach, were every reachable field to agree, with the one
    difference a match tolerates (the title's or the first author's) set aside; 1.0 when every field could agree.

    An upper bound: raising a score, or adding an agreeing field, never lowers the fit, and removing a
    field that does not agree never does either.
    """
    if all(score is None or score >= 0.5 or name in reachable for name, score in as_read.items()):
        return 1.0
    best = {name: 1.0 if name in reachable else score for name, score in as_read.items()
            if score is not None and (score > 0 or name in ("title", "author"))}
    best.update((name, 1.0) for name in reachable)
    return max(fit(best), *(fit({name: score for name, score in best.items() if name != dropped})
                            for dropped in ("title", "author")))


@lru_cache(maxsize=64)
def _runs(text: str) -> _Runs:
    return _Runs(text)


def _volume_reachable(printed: Printed, record: Record, runs: _Runs) -> bool:
    recorded = leading(record.volume)
    if not recorded:
        return False  # scored None, however aligned
    if not recorded.isdigit():
        return True  # a letter or a roman numeral: not worth bounding
    deposited = record.volume.strip()
    return (recorded in runs.keys or recorded in printed.numbers
            or (len(deposited) >= 3 and not deposited.isalnum() and deposited in runs.text))


def _pages_reachable(printed: Printed, record: Record, runs: _Runs) -> bool:
    recorded = [value for value in (first_page(record.page), record.article_number.strip().lower()) if value]
    if not recorded:
        return False  # scored None or as a missing location, however aligned
    digits = [NON_DIGITS.sub("", value).lstrip("0") for value in recorded]
    if not all(digits):
        return True  # a page without digits ("0", "i"): not worth bounding
    whole = NON_DIGITS.sub("", record.page)
    return (any(value in runs.keys or value in printed.numbers for value in digits)
            or bool(whole) and (whole in runs.joined or whole.lstrip("0") in printed.numbers))
