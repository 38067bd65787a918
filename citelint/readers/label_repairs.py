"""Corrections to the labeller's runs that patterns are sure of, applied before the runs become fields.

Each one fixes a reading the labeller gets wrong in a shape the name and number patterns cannot mistake: a
short title taken for more names ("Smith J. Suicide. N Engl J Med"), a list of given-first names cut at its
first comma, names printed initials first running on into the title, a journal run on into the title, two
journals and no title, one word read as the author of a titleless paper, "Suppl." apart from its number, a
meeting's "(CVPRW)" apart from its name, "2017, 2015" read as volume and year, and a status ("in press")
inside another field.
"""

from __future__ import annotations

import re

from citelint.fields.patterns import YEAR
from citelint.readers.author_list import NAME_SEPARATOR, find_head, fold, given_first_list_end, vancouver_name
from citelint.readers.labeller import Field

_Run = tuple[str, int, int]  # a label and its span
# One inverted name and its initials, as Nature prints a sole author: "Collnis, D." (before "Riposte. Books...")
_FAMILY_COMMA_INITIALS = re.compile(r"[A-Z][\w'\u2019-]+,(?:\s?[A-Z]\.)+")
_NAME_SEPARATORS = re.compile(r"[,;&]")  # more names follow: "Boer, W. de; Folmqn, L. B.; ..."


def _title_out_of_authors(text: str, runs: list[_Run]) -> list[_Run]:
    """The labelled fields, with a short title the labeller read as more names given back to the title.

    "Smith J. Suicide. N Engl J Med..." or "Kari E Norman and Gabriel García Márquez. A title. PLOS ONE..."
    read to the labeller as more names when no title follows them; the author list ends where the name
    patterns say it does and what follows up to the end of the labelled names is the title.
    """
    authors = next((run for run in runs if run[0] == "author"), None)
    if authors is None or any(run[0] == "title" for run in runs):
        return runs
    head = find_head(text, authors[2] + 1)
    if head is None or not 0 < head[0] < authors[2] or head[2] >= authors[2]:
        return runs
    last_name = NAME_SEPARATOR.split(text[authors[1] : head[0]])[-1].strip(" .")
    if not (vancouver_name(fold(last_name)) or given_first_list_end(text) == head[0]
            or (_FAMILY_COMMA_INITIALS.fullmatch(text, authors[1], head[0])
                and not _NAME_SEPARATORS.search(text, head[2], authors[2]))):
        return runs  # only names of these shapes hide a title: not "E.M. SILINSKY, Journal" (no title printed)
    title_start = head[2]
    while title_start < authors[2] and text[title_start] in " .,;:":
        title_start += 1
    if not _WORD_CHAR.search(text, title_start, authors[2]):
        return runs
    index = runs.index(authors)
    return [*runs[:index], ("author", authors[1], head[0]), ("title", title_start, authors[2]), *runs[index + 1 :]]


_LAST_SENTENCE = re.compile(r".*[a-z)]\.\s+(?=[A-Z])", re.DOTALL)


def _journal_out_of_title(text: str, runs: list[_Run]) -> list[_Run]:
    """A title with pages or a volume after it and no journal runs on into the journal: its last sentence is
    the journal ("Life Care Planning for Effects with Diabetes. Pediatric Life Care Planning and Case
    Management, Second Edition, pp.503-515")."""
    labels = [run[0] for run in runs]
    if "container" in labels or "title" not in labels or not {"pages", "volume"} & set(labels):
        return runs
    index = labels.index("title")
    _, start, end = runs[index]
    sentence = _LAST_SENTENCE.match(text, start, end)
    if sentence is None:
        return runs
    title_end = sentence.end() - len(sentence.group()) + len(sentence.group().rstrip()) - 1
    return [*runs[:index], ("title", start, title_end), ("container", sentence.end(), end), *runs[index + 1 :]]


def _first_of_two_containers(runs: list[_Run]) -> list[_Run]:
    """Two journals and no title: the first is the title ("SCHWARTZ, M. (1978). Teenure Review. Science, 200")."""
    containers = [index for index, run in enumerate(runs) if run[0] == "container"]
    if len(containers) != 2 or any(run[0] == "title" for run in runs):
        return runs
    first = runs[containers[0]]
    return [*runs[: containers[0]], ("title", first[1], first[2]), *runs[containers[0] + 1 :]]


_ONE_WORD = re.compile(r"[^\W\d_][\w&'\u2019-]*")


def _journal_not_author(text: str, runs: list[_Run]) -> list[_Run]:
    """One word read as the author of a reference with a volume or pages and no journal is the journal, as
    titleless styles print a paper without authors ("Synfacts 2009, 200, 0439–0439.")."""
    labels = {run[0] for run in runs}
    if "container" in labels or "title" in labels or not labels & {"volume", "pages"}:
        return runs
    authors = [index for index, run in enumerate(runs) if run[0] == "author"]
    if len(authors) != 1 or not _ONE_WORD.fullmatch(text, *runs[authors[0]][1:]):
        return runs
    run = runs[authors[0]]
    return [*runs[: authors[0]], ("container", run[1], run[2]), *runs[authors[0] + 1 :]]


_INITIALS_FIRST_PIECE = re.compile(r"(?:and\s+|&\s*)?(?:[A-Z]\.\s?-?)+\s*[A-Z]|(?:Jr|Sr)\.?$|(?:II|III|IV)$|et al")
_PIECE = re.compile(r"[^,]+")
_GIVEN_FIRST_NAME = re.compile(r"(?:and\s+|&\s*)?[A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019.-]*){1,3}")  # "Rukia Reuana"


def _title_out_of_initials_first(text: str, runs: list[_Run]) -> list[_Run]:
    """Names printed initials first ("D. Collnis, Riposte, Books Ireland 100 (1977)."): the list ends
    before the first piece that is no name (neither opens with initials nor is a given-first name such as
    "Rukia Reuana"), and that piece starts the title."""
    index = next((i for i, run in enumerate(runs) if run[0] == "author"), None)
    if index is None or any(run[0] == "title" for run in runs):
        return runs
    _, start, end = runs[index]
    pieces = [piece for piece in _PIECE.finditer(text, start, end) if piece.group().strip()]
    if len(pieces) < 2 or not _INITIALS_FIRST_PIECE.match(pieces[0].group().strip()):
        return runs
    for piece in pieces[1:]:
        stripped = piece.group().lstrip()
        if not _INITIALS_FIRST_PIECE.match(stripped) and not _GIVEN_FIRST_NAME.fullmatch(stripped.rstrip()):
            title_start = piece.end() - len(stripped)
            return [*runs[:index], ("author", start, piece.start() - 1), ("title", title_start, end),
                    *runs[index + 1 :]]
    return runs


def _names_out_of_title(text: str, runs: list[_Run]) -> list[_Run]:
    """The labelled fields, with names the labeller read as the start of the title given back to the authors.

    "Steve G. Gillard, Christine Edwards, and Jean-Pierre Le Roux. A title." reads to the labeller as one name
    and a title; a list of given-first full names ends at its full stop (natbib's plainnat, Chicago notes).
    """
    index = next((i for i, run in enumerate(runs) if run[0] == "author"), None)
    if index is None or index + 1 >= len(runs) or runs[index + 1][0] != "title" or runs[index][1] != 0:
        return runs
    authors, title = runs[index], runs[index + 1]
    names_end = given_first_list_end(text)
    if text[authors[2] : authors[2] + 1] != "," or names_end is None or not authors[2] < names_end < title[2]:
        return runs
    title_start = names_end
    while title_start < title[2] and text[title_start] in " .,;:":
        title_start += 1
    return [*runs[:index], ("author", authors[1], names_end), ("title", title_start, title[2]), *runs[index + 2 :]]


_SUPPLEMENT = re.compile(r"(?:[Ss]uppl|[Ss]upplement)\.?")
_ACRONYM_IN_BRACKETS = re.compile(r"\s*\([A-Z][A-Za-z]*[A-Z][A-Za-z]*(?:[ '-]\d{2,4})?\)")


def _joined_runs(text: str, runs: list[_Run]) -> list[_Run]:
    """Runs that belong together: "Suppl." and the number after it are one issue; a meeting's acronym in
    brackets after its name is part of the name ("... Pattern Recognition Workshops (CVPRW)")."""
    joined: list[_Run] = []
    for run in runs:
        previous = joined[-1] if joined else None
        if previous and previous[0] == "note" and run[0] == "issue" and _SUPPLEMENT.fullmatch(text, *previous[1:]):
            joined[-1] = ("issue", previous[1], run[2])
        elif previous and previous[0] == "container" and run[0] != "container":
            acronym = _ACRONYM_IN_BRACKETS.match(text, previous[2])
            if acronym and run[1] < acronym.end() and run[2] <= acronym.end():
                joined[-1] = ("container", previous[1], acronym.end())
            else:
                joined.append(run)
        else:
            joined.append(run)
    return joined


_YEAR_ONLY = re.compile(YEAR)
_YEAR_THEN_VOLUME = re.compile(r"\s*[,;]\s*")


def _year_before_volume(text: str, runs: list[_Run]) -> list[_Run]:
    """Of two years side by side, "2017, 2015" or "2017;2015", the first is the year and the second the volume
    (ACS, Vancouver); only "vol. 2015, 2017" (MLA) prints the volume first, and says so."""
    for index, (label, start, end) in enumerate(runs[:-1]):
        following = runs[index + 1]
        if (label == "volume" and following[0] == "year" and _YEAR_ONLY.fullmatch(text, start, end)
                and _YEAR_ONLY.fullmatch(text, following[1], following[2])
                and _YEAR_THEN_VOLUME.fullmatch(text, end, following[1]) and "vol" not in text[max(0, start - 6) : start].lower()):
            return [*runs[:index], ("year", start, end), ("volume", *following[1:]), *runs[index + 2 :]]
    return runs


def _bracketed(text: str, start: int, end: int) -> tuple[int, int]:
    """The span with the brackets around it, if any: "(in press)"."""
    if start > 0 and text[start - 1] in "([" and text[end : end + 1] in (")", "]"):
        return start - 1, end + 1
    return start, end


def _without(text: str, runs: list[_Run], start: int, end: int) -> list[_Run]:
    """The runs with text[start:end] (a status) taken out: a run across it keeps its longer side, and a short
    side just after the authors goes back to them ("Jones, K (in press) Title")."""
    kept: list[_Run] = []
    for label, a, b in runs:
        if b <= start or a >= end:
            kept.append((label, a, b))
        elif start - a >= b - end and start > a:
            kept.append((label, a, start))
        elif b > end:
            if kept and kept[-1][0] == "author" and start > a and not text[kept[-1][2] : a].strip(" ,"):
                kept[-1] = ("author", kept[-1][1], start)
            kept.append((label, end, b))
    return kept


_WORD_CHAR = re.compile(r"\w")


_BEFORE_BRACKETED_YEAR = re.compile(r"\s*\(")


def _lone_number_unplaced(text: str, runs: list[_Run]) -> list[_Run]:
    """The one number of a titleless reference, between its journal and its bracketed year ("Books Ireland 100
    (1977)."), is a volume or a first page: AIP prints either there. It is left unlabelled, for the matcher
    to compare with both."""
    labels = [run[0] for run in runs]
    if "title" in labels or {"pages", "issue"} & set(labels) or labels.count("volume") != 1:
        return runs
    index = labels.index("volume")
    if index + 1 >= len(runs) or runs[index + 1][0] != "year" or index == 0 or runs[index - 1][0] != "container":
        return runs
    if not _BEFORE_BRACKETED_YEAR.fullmatch(text, runs[index][2], runs[index + 1][1]):
        return runs
    return [*runs[:index], *runs[index + 1 :]]


_ET_AL_THEN = re.compile(r"\s+et\.?\s*al\b\.?[,;:]?\s+")


def _title_after_et_al(text: str, runs: list[_Run]) -> list[_Run]:
    """"et al" ends an author list: what the labeller read as more names after it is the title ("Kavokin et
    al, Microcavities. Oxford University Press, 2007.")."""
    index = next((i for i, run in enumerate(runs) if run[0] == "author"), None)
    if index is None or any(run[0] == "title" for run in runs):
        return runs
    _, start, end = runs[index]
    et_al = _ET_AL_THEN.search(text, start, end)
    if et_al is None or not _WORD_CHAR.search(text, et_al.end(), end):
        return runs
    return [*runs[:index], ("author", start, et_al.start() + len(et_al.group().rstrip())), ("title", et_al.end(), end),
            *runs[index + 1 :]]


_PUBLISHER_WORD = re.compile(r"\b(?:Press|Publish\w*|Verlag|Books|Wiley|Springer|Elsevier|Routledge|Sage)\b")
_STOP = re.compile(r"[a-z]\.\s+(?=[A-Z])")


def _title_out_of_publisher(text: str, runs: list[_Run]) -> list[_Run]:
    """A title read with the publisher after it ("Microcavities. Oxford University Press.") is given back."""
    index = next((i for i, run in enumerate(runs) if run[0] == "publisher"), None)
    if index is None or any(run[0] in ("title", "container") for run in runs):
        return runs
    _, start, end = runs[index]
    stop = _STOP.search(text, start, end)
    if stop is None or _PUBLISHER_WORD.search(text, start, stop.start() + 1) or not _PUBLISHER_WORD.search(text, stop.end(), end):
        return runs
    return [*runs[:index], ("title", start, stop.start() + 1), ("publisher", stop.end(), end), *runs[index + 1 :]]


def repaired_runs(text: str, fields: list[Field], status: tuple[int, int] | None) -> list[_Run]:
    """The labelled fields as (label, start, end), corrected; `status` is the span of "in press" and the like."""
    runs = _title_after_et_al(text, [(field.label, field.start, field.end) for field in fields])
    runs = _title_out_of_publisher(text, runs)
    runs = _names_out_of_title(text, _title_out_of_authors(text, _title_out_of_initials_first(text, runs)))
    runs = _joined_runs(text, _first_of_two_containers(_journal_not_author(text, _journal_out_of_title(text, runs))))
    runs = _lone_number_unplaced(text, _year_before_volume(text, runs))
    if status:
        runs = _without(text, runs, *_bracketed(text, *status))
    return runs
