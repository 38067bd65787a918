"""Which entry of the reference list each citation cites.

Keys (``\\cite{key}``, ``[@key]``) resolve exactly, as BibTeX, biber and
pandoc resolve them; the first entry with a key wins, as it does in BibTeX.
Numbers resolve against a numbered list: its printed labels, or its order
when the list carries no labels (Word's automatic numbering). Written-out
author-year citations resolve by first author and year; one that agrees
with no entry but is plainly meant for one (the same first author in
another year, or the same year under a slightly different name) keeps that
entry as ``nearest``, so a rule can say what differs.

Written-out citations are only trusted when the text shows that it cites
that way: number citations need a numbered list, author-year citations an
unnumbered one in which most of them resolve. Otherwise "[3]" may be an
enumeration and "(Tanaka 2010)" a passing mention, and they are dropped
rather than reported; so is one that resolves to no entry unless it is
plainly a citation (see ``_plainly_cited``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from citelint.citations import Citation, Cited
from citelint.fields.normalize import name_key
from citelint.fields.patterns import YEAR
from citelint.model import Author, Reference, ReferenceId, Suppression
from citelint.readers import KEYED_KINDS
from citelint.readers.suppression import directives_at_line

_LEADING_THE = re.compile(r"(?i)^the\s+")
# Readers whose Reference.key is a citation key rather than a printed label.
_PARENT = re.compile(r"(?i)\b(?:crossref|xdata)\s*=\s*[{\"]\s*([^{}\"]{1,500}?)\s*[}\"]")
_LABEL = re.compile(r"[\[(]?(\d{1,4})[\])]?\.?")
_YEAR_SUFFIX = re.compile(rf"({YEAR})([a-z]?)")
_UNDATED = {"nd": "n.d.", "n.d.": "n.d.", "n. d.": "n.d.", "in press": "in press", "forthcoming": "forthcoming"}
LIKELY_KEY = 85  # rapidfuzz ratio, 0..100, of a cited key and an entry's key it is probably a typo of
_TRUSTED_SHARE = 0.5  # author-year citations are used when more than this share resolve exactly
_OPENING = 1000  # characters of an entry in which its authors and year are printed (APA 7 lists 20 authors)
_NEAR = 100  # characters after an author's name in the text within which a year makes it a citation


@dataclass(frozen=True)
class Resolved:
    citation: Citation
    entry: Reference | None  # the entry cited, None when no entry agrees
    nearest: Reference | None = None  # the entry it seems meant for, when none agrees
    differs: str | None = None  # with nearest: "key" (a likely typo), "year" or "authors"
    candidates: tuple[Reference, ...] = ()  # entries it may mean when none agrees and several could


@dataclass(frozen=True)
class Document:
    """A manuscript's citations, resolved against the entries its reference list(s) hold."""

    path: str
    entries: tuple[Reference, ...]  # its own list, then those of the files it names, in that order
    resolved: tuple[Resolved, ...]  # in text order
    cites_all: bool = False
    numbered: bool = False  # the list is numbered and number citations point into it
    # identities of the entries some citation reaches (a mistyped key or year still cites its entry)
    cited: frozenset[ReferenceId] = frozenset()
    # identities of the entries the text's citations could reach at all: keyed entries when it cites keys,
    # a numbered list when it cites numbers, the rest when it trustworthily cites author-year
    judged: frozenset[ReferenceId] = frozenset()
    # the suppression directives that stand for citations (on a citation's line or alone above it), by file
    directives: tuple[tuple[str, Suppression], ...] = ()


def resolve(path: str, cited: Cited, entries: Sequence[Reference], *, names_bibliography: bool = False) -> Document:
    """The document's citations against its entries; ``names_bibliography``: it names bibliography files,
    so its keys are meant for them even when they hold no entry."""
    entries = tuple(entries)
    numbers = _numbers(entries, cited.citations)
    by_key: dict[str, Reference] = {}
    for entry in entries:
        if entry.key is not None and list_number(entry) is None:
            by_key.setdefault(entry.key, entry)
    resolved: list[Resolved] = []
    written: list[Resolved] = []
    intervals = _intervals(cited.citations, numbers)
    for citation in cited.citations:
        if citation.key is not None:
            if not by_key and not names_bibliography:
                continue  # a typed list has no keys: "@handle" is no citation of it
            keyed = by_key.get(citation.key)
            likely = None if keyed is not None else _likely_key(citation.key, by_key)
            resolved.append(Resolved(citation, keyed, nearest=likely, differs="key" if likely else None))
        elif citation.number is not None:
            if numbers is not None and citation.group not in intervals:
                resolved.append(Resolved(citation, numbers.get(citation.number)))
        elif citation.names and numbers is None:
            item = _resolve_written(citation, entries)
            if item.entry is None and item.nearest is None and not item.candidates and not _plainly_cited(citation):
                continue  # "Boston (2019)", "New York City (2010)", "(WHO, 2021)" after "[WHO]": kept only if they resolve
            written.append(item)
            resolved.append(item)
    if written and not _trusted(written):
        dropped = {id(item) for item in written}
        resolved = [item for item in resolved if id(item) not in dropped]
    reached = _with_parents([item.entry or item.nearest for item in resolved if item.entry or item.nearest]
                            + [candidate for item in resolved for candidate in item.candidates], by_key)
    return Document(path=path, entries=entries, resolved=tuple(resolved), cites_all=cited.cites_all,
                    numbered=numbers is not None, cited=reached,
                    judged=_judged(entries, resolved, numbers, _body(path, cited, entries)),
                    directives=_directives(cited))


def _directives(cited: Cited) -> tuple[tuple[str, Suppression], ...]:
    """Each directive covering some citation, once, in text order."""
    found: dict[tuple[str, int], Suppression] = {}
    for citation in cited.citations:
        source = cited.sources.get(citation.file)
        if source is not None:
            for directive in directives_at_line(source, citation.span.line):
                found.setdefault((citation.file, directive.span.start), directive)
    return tuple((file, directive) for (file, _), directive in sorted(found.items(), key=lambda item: item[0]))


def _body(path: str, cited: Cited, entries: tuple[Reference, ...]) -> str:
    """The manuscript's text above its own written list."""
    source = cited.sources.get(path)
    if source is None:
        return ""
    own = [entry.span.start for entry in entries if entry.file == path]
    return source.text[: min(own, default=len(source.text))]


def _judged(entries: tuple[Reference, ...], resolved: list[Resolved],
            numbers: dict[int, Reference] | None, body: str) -> frozenset[ReferenceId]:
    """The entries whose citations, if any, would have been found.

    An entry of a written author-year list whose first author's name the text
    prints with the entry's year soon after was perhaps cited in a form not
    recognised ("(World Health Organization, 2021)", "Smith's 2010 review"):
    it is not judged, nor is an entry whose author or year was not read.
    """
    kinds = {"key" if item.citation.key else "number" if item.citation.number else "written" for item in resolved}
    numbered = {entry.identity for entry in numbers.values()} if numbers is not None else set()
    judged = set()
    for entry in entries:
        if entry.identity in numbered:
            judged_by = "number"
        elif entry.key is not None and list_number(entry) is None:
            judged_by = "key"
        else:
            judged_by = "written"
        if judged_by in kinds and not (judged_by == "written" and _named_in(body, entry)):
            judged.add(entry.identity)
    return frozenset(judged)


def _named_in(body: str, entry: Reference) -> bool:
    """Whether the text names the entry's first author with its year soon after (or the entry lacks either)."""
    first = entry.authors[0] if entry.authors else None
    name = (first.organisation or first.family) if first else ""
    year = _entry_year(entry)
    if not name or not year:
        return True
    pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
    return any(year in body[found.end() : found.end() + _NEAR] for found in pattern.finditer(body))


def _likely_key(key: str, by_key: dict[str, Reference]) -> Reference | None:
    """The entry whose key the cited one is a slip of (a letter or two, or the case)."""
    from rapidfuzz import fuzz, process

    found = process.extractOne(key, list(by_key), scorer=fuzz.ratio, score_cutoff=LIKELY_KEY)
    return by_key[found[0]] if found else None


def _with_parents(cited: list[Reference | None], by_key: dict[str, Reference]) -> frozenset[ReferenceId]:
    """Identities of the cited entries and of the entries they take fields from (BibTeX crossref, biblatex xdata)."""
    reached = {entry.identity for entry in cited if entry is not None}
    waiting = [entry for entry in cited if entry is not None]
    while waiting:
        entry = waiting.pop()
        if entry.kind != "bibtex":
            continue
        for found in _PARENT.finditer(entry.text):
            for key in found[1].split(","):
                parent = by_key.get(key.strip())
                if parent is not None and parent.identity not in reached:
                    reached.add(parent.identity)
                    waiting.append(parent)
    return frozenset(reached)


def _intervals(citations: Sequence[Citation], numbers: dict[int, Reference] | None) -> set[int]:
    """Groups that read "[10, 20]" with both numbers beyond the list: an interval, not two citations."""
    if not numbers:
        return set()
    by_group: dict[int, list[Citation]] = defaultdict(list)
    for citation in citations:
        if citation.number is not None:
            by_group[citation.group].append(citation)
    last = max(numbers)
    return {group for group, members in by_group.items()
            if len(members) == 2 and members[0].span != members[1].span
            and all(member.number is not None and member.number > last for member in members)}


def list_number(entry: Reference) -> int | None:
    """The number of an entry's printed label ("[12]", "12.", "(12)"); None for a citation key or no label."""
    if entry.kind in KEYED_KINDS or not entry.key:
        return None  # \bibitem{1} is cited as \cite{1}: a key
    label = _LABEL.fullmatch(entry.key.strip())
    return int(label[1]) if label else None


def _numbers(entries: tuple[Reference, ...], citations: Sequence[Citation]) -> dict[int, Reference] | None:
    """Number -> entry when the list is numbered, else None."""
    labelled: dict[int, Reference] = {}
    for entry in entries:
        number = list_number(entry)
        if number is not None:
            labelled.setdefault(number, entry)
    if entries and len(labelled) * 2 >= len(entries):
        return labelled
    if labelled or not entries or any(entry.key or entry.kind != "docx" for entry in entries):
        return None
    # No labels at all in a Word document: a list Word numbers itself, out of the text. Its numbers are
    # positions, if the text cites numbers that cover most of them. (A text file's numbers are printed.)
    cited = {citation.number for citation in citations if citation.number is not None}
    in_range = {number for number in cited if 1 <= number <= len(entries)}
    if len(in_range) * 2 >= len(entries) and len(in_range) >= 0.9 * len(cited):
        return dict(enumerate(entries, 1))
    return None


def _trusted(written: list[Resolved]) -> bool:
    exact = sum(1 for item in written if item.entry is not None)
    return exact >= 2 and exact > _TRUSTED_SHARE * len(written)


def _resolve_written(citation: Citation, entries: tuple[Reference, ...]) -> Resolved:
    first = name_key(citation.names[0])
    year = _year_key(citation.year)
    same_name = [entry for entry in entries if entry.authors and _family(entry.authors[0]) == first]
    agreeing = [entry for entry in same_name if _year_key(_entry_year(entry)) == year]
    if not agreeing and year and year[1]:  # "2010a" against an entry printed "2010"
        agreeing = [entry for entry in same_name if _year_key(_entry_year(entry)) == (year[0], "")]
    if not agreeing and year and not year[1]:  # "2010" against "2010a" and nothing else
        base = [entry for entry in same_name if _year_key(_entry_year(entry))[0] == year[0]]
        agreeing = base if len(base) == 1 else []
    if agreeing:
        return Resolved(citation, _best_by_coauthors(citation, agreeing))
    # An entry the reader could not split into authors and year may still print them.
    printed = [entry for entry in entries if not (entry.authors and entry.year)
               and _prints(entry, citation.names[0], citation.year)]
    if len(printed) == 1:
        return Resolved(citation, printed[0])
    # The same first author (and second, when cited) in another year: the year is wrong if one entry is meant.
    candidates = _narrowed(citation, [entry for entry in same_name if _coauthors_agree(citation, entry)])
    if len(candidates) == 1 and not _entry_year(candidates[0]):
        return Resolved(citation, candidates[0])  # an entry with no year read: nothing to compare
    if len(candidates) == 1:
        return Resolved(citation, None, nearest=candidates[0], differs="year")
    if candidates:
        return Resolved(citation, None, candidates=tuple(candidates))
    # The same year under a mistyped first name ("Smyth"), or with the authors in another order.
    same_year = [entry for entry in entries if entry.authors and _year_key(_entry_year(entry)) == year]
    alike = [entry for entry in same_year if _misspelt(_family(entry.authors[0]), first)]
    if not alike:
        alike = [entry for entry in same_year if first in {_family(author) for author in entry.authors[1:]}]
    if len(alike) == 1:
        return Resolved(citation, None, nearest=alike[0], differs="authors")
    return Resolved(citation, None)


def _narrowed(citation: Citation, candidates: list[Reference]) -> list[Reference]:
    """Of several entries by the cited first author, the one the citation's shape and year point to, if any.

    "Smith et al." cites three or more authors, "Smith" alone one; a year one
    off is the online-first or print year of the same work.
    """
    if len(candidates) < 2:
        return candidates
    if citation.et_al:
        shaped = [entry for entry in candidates if len(entry.authors) >= 3 or entry.et_al]
    elif len(citation.names) == 1:
        shaped = [entry for entry in candidates if len(entry.authors) == 1 and not entry.et_al]
    else:
        shaped = [entry for entry in candidates if len(entry.authors) == len(citation.names) and not entry.et_al]
    if len(shaped) == 1:
        return shaped
    cited_year = _year_key(citation.year)[0]
    close = [entry for entry in shaped or candidates if cited_year.isdigit()
             and (entry_year := _year_key(_entry_year(entry))[0]).isdigit()
             and abs(int(entry_year) - int(cited_year)) <= 1]
    return close if len(close) == 1 else candidates


def _prints(entry: Reference, name: str, year: str | None) -> bool:
    """Whether the entry starts with the name (after a label) and prints the year after it."""
    if not year:
        return False
    opening = entry.text[:_OPENING]
    found = re.search(rf"(?<!\w){re.escape(name)}(?!\w)", opening)
    starts = found is not None and not re.search(r"[^\W\d]", opening[: found.start()])
    return starts and found is not None and re.search(rf"(?<!\w){re.escape(year)}(?!\w)", opening[found.end() :]) is not None


def _plainly_cited(citation: Citation) -> bool:
    """Whether an author-year citation no entry answers is surely one, to be reported.

    Only a parenthesis of one person's name ("(Tanaka, 2005)") is. A name in the
    sentence ("Boston (2019) and Chicago (2020)"), a name of several capitalised
    words (a place, an organisation under another form) and an acronym (APA
    introduces "[WHO]" once, then cites "(WHO, 2021)") may be something else.
    """
    name = citation.names[0]
    words = name.split()
    several = sum(1 for word in words if word[:1].isupper()) >= 2
    return not (citation.narrative or several or (name.isupper() and len(name) > 1))


def _misspelt(listed: str, cited: str) -> bool:
    """One slip in a short name (a letter changed, dropped, added or two swapped), two in a long one."""
    from rapidfuzz.distance import DamerauLevenshtein

    allowed = 2 if min(len(listed), len(cited)) >= 8 else 1
    return len(cited) >= 3 and DamerauLevenshtein.distance(listed, cited, score_cutoff=allowed) <= allowed


def _family(author: Author) -> str:
    if author.organisation:  # "The King's Fund" is cited as "King's Fund"
        return name_key(_LEADING_THE.sub("", author.organisation))
    return name_key(author.family)


def _entry_year(entry: Reference) -> str | None:
    return entry.year or entry.status


def _year_key(year: str | None) -> tuple[str, str]:
    if not year:
        return ("", "")
    printed = year.strip().lower()
    if printed in _UNDATED:
        return (_UNDATED[printed], "")
    found = _YEAR_SUFFIX.fullmatch(printed)
    return (found[1], found[2]) if found else (printed, "")


def _coauthors_agree(citation: Citation, entry: Reference) -> bool:
    """Whether the second name cited (if any) is the entry's second author."""
    if len(citation.names) < 2:
        return True
    return len(entry.authors) > 1 and _family(entry.authors[1]) == name_key(citation.names[1])


def _best_by_coauthors(citation: Citation, entries: list[Reference]) -> Reference:
    agreeing = [entry for entry in entries if _coauthors_agree(citation, entry)]
    return (agreeing or entries)[0]


def documents_by_file(documents: Sequence[Document]) -> dict[str, list[Document]]:
    """The documents whose entries come from each file."""
    found: dict[str, list[Document]] = defaultdict(list)
    for document in documents:
        for file in dict.fromkeys(entry.file for entry in document.entries):
            found[file].append(document)
    return found
