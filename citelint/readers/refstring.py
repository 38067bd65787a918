"""One printed reference string -> a Reference with every field it can find.

The trained labeller (``labeller.py``) decides what is what: it labels the tokens of the printed text, and
the runs of one label are the fields, each with its exact span in the text (never a cleaned copy), which
``--fix`` and the reports rely on. Around it only what rules are certain of: a DOI and a URL by their
patterns, the year's four digits inside a labelled date, "12(3)" and "50.3" split into volume and issue, an
article number told from a page, "in press" as a status, and the author list split into names
(``author_list.py``); a few misreadings the name and number patterns are sure of are corrected first
(``label_repairs.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from citelint.fields.patterns import DOI_PREFIX, YEAR, doi_length
from citelint.model import Author, Reference, SourceText, Span
from citelint.readers.author_list import ET_AL_NEXT, Located, fold, split_authors
from citelint.readers.label_repairs import repaired_runs
from citelint.readers.labeller import label_fields

_DASH = "\u2010\u2011\u2012\u2013\u2014\u2212-"
_YEAR = rf"{YEAR}(?:[a-z](?![a-z]))?"
_STATUS_HINTS = ("press", "forthcoming", "accepted", "submitted", "review")
_STATUS_WORD = re.compile(
    r"(?:^|(?<=[(\[,.;]))\s*(in press|forthcoming|accepted|submitted|under review)(?=\s*[)\],.;]|\s*$)", re.IGNORECASE)
_DOI = re.compile(rf"{DOI_PREFIX}[^\s\"<>]+")
# Any scheme followed by a slash (ftp://, a LaTeX \url{ctan:/macros/...}), or www.
_URL = re.compile(r"(?:\b[a-z][a-z0-9+.-]{1,15}:/|www\.)[^\s<>\"]+", re.IGNORECASE)
_OPENING = {")": "(", "]": "[", ">": "<"}
_IN_BOOK = re.compile(r"(?:[.,\u201d\"]\s*)\b[Ii]n:?\s+(?=\S)")
_E_NUMBER = re.compile(r"e\d+")
_THESIS = re.compile(r"\b(?:[Tt]hesis|[Dd]issertation)\b")
_PROCEEDINGS = re.compile(r"\b(?:Proceedings|Conference|Symposium|Workshop|Congress)\b|\bProc\.")
_REPORT = re.compile(r"\b(?:[Rr]eport|[Ww]orking [Pp]aper|[Gg]uidance|[Gg]uideline|[Ww]hite [Pp]aper|[Tt]echnical)\b")


@dataclass
class _Fields:
    """Field values and their local spans, filled in as the parser finds them."""

    text: str
    found: dict[str, tuple[str, int, int]] = field(default_factory=dict)
    in_book: bool = False  # the container followed "In": a chapter or a conference paper
    notes: list[str] = field(default_factory=list)  # what the labeller marked as notes: "[PhD thesis]"

    def put(self, name: str, start: int, end: int, *, trim: str = " \t\r\n.,;:") -> None:
        while start < end and self.text[start] in trim:
            start += 1
        while end > start and self.text[end - 1] in trim:
            end -= 1
        if start < end and name not in self.found:
            self.found[name] = (fold(self.text[start:end]), start, end)

    def value(self, name: str) -> str | None:
        return entry[0] if (entry := self.found.get(name)) else None


def parse_line(line: str) -> Reference:
    """Parse a whole string as one reference (for tests and the REPL)."""
    return parse_reference(SourceText("<string>", line), 0, len(line), index=1)


def parse_reference(source: SourceText, start: int, end: int, *, index: int, key: str | None = None) -> Reference:
    """The one reference printed at source.text[start:end] as the labeller reads it; spans in file coordinates."""
    text = source.text[start:end]
    fields = _Fields(text)
    authors, et_al = _read_labelled(text, fields)
    return _reference(source, start, end, index, key, fields, authors, et_al)


def _reference(source: SourceText, start: int, end: int, index: int, key: str | None, fields: _Fields,
               authors: list[Located], et_al: bool) -> Reference:
    text = source.text[start:end]
    kind = _guess_type(fields)
    problem = None
    if len(fields.found) < 2 and not fields.value("url"):  # a name and its address are a web resource
        fields.found.clear()  # one field with nothing around it (a title, a journal, names) is only the whole string
        authors, kind = [], None
        problem = "no year or title found"
    value = fields.value
    span = _spanner(source, start, text)
    return Reference(
        text=text,
        file=source.path,
        span=span(0, end - start),
        index=index,
        kind="text",
        key=key,
        authors=tuple(
            Author(family=a.family, given=a.given, organisation=a.organisation, span=span(s, e)) for a, s, e in authors
        ),
        et_al=et_al,
        year=value("year"),
        title=value("title"),
        container=value("container"),
        volume=value("volume"),
        issue=value("issue"),
        pages=value("pages"),
        article_number=value("article_number"),
        doi=value("doi"),
        url=value("url"),
        publisher=value("publisher"),
        edition=value("edition"),
        type=kind,
        status=value("status"),
        spans={name: span(a, b) for name, (_, a, b) in fields.found.items()},
        parse_problem=problem,
    )


_YEAR_IN_DATE = re.compile(_YEAR)
_VOLUME_ISSUE = re.compile(r"(?P<volume>[\w.-]+?)\s*\(\s*(?P<issue>[^()]+?)\s*\)")
_LETTERED_NUMBER = re.compile(rf"\d+[A-Z]{{1,2}}\d+(?:[{_DASH}]\d+)?")  # IOP, PTEP article numbers: 11LT01, 063I01
_VOLUME_DOT_ISSUE = re.compile(r"(?P<volume>\d+)\.(?P<issue>\d+(?:[-\u2013/]\d+)?)")  # MLA 7: "Lingua 50.3 (1980)"
_ARTICLE_LABEL = re.compile(r"(?:Article|Art\.?|Paper|[Aa]rticle (?:[Nn]o\.?|[Nn]umber:?)|[Aa]rt\. [Nn]o\.?)\s*$")
_ARTICLE_NUMBER = re.compile(r"\b(?:Article|Art\.)\s*(?:[Nn]o\.?\s*|[Nn]umber:?\s*)?(e?\d+)\b")
_EDITION_NUMBER = re.compile(r"\d+(?:st|nd|rd|th|e|\.)?|[A-Za-z]+(?= ed)")


def _read_labelled(text: str, fields: _Fields) -> tuple[list[Located], bool]:
    """Fields as the trained labeller marks them; identifiers, years and volume(issue) read by rule."""

    _read_identifiers(text, fields)
    lower = text.lower()
    status = _STATUS_WORD.search(text) if any(hint in lower for hint in _STATUS_HINTS) else None
    if status:
        fields.put("status", status.start(1), status.end(1))
    authors: list[Located] = []
    et_al = False
    runs = repaired_runs(text, label_fields(text), status.span(1) if status else None)
    previous = None
    for label, start, end in runs:
        if label == "author" and "authors" not in fields.found:
            fields.put("authors", start, end)
            authors, et_al = split_authors(text, start, end)
            if not et_al and ET_AL_NEXT.match(text, end):
                et_al = True
        elif label == "editor":
            fields.in_book = True
        elif label in ("note", "title") and previous == "editor" and "title" in fields.found:
            fields.put("container", start, end)  # "In K. Jones (Ed.), Handbook of peer support (2nd ed.)"
        elif label == "note":
            fields.notes.append(text[start:end])
        elif label in ("title", "container", "publisher"):
            fields.put(label, start, end)
        elif label == "year":
            year = _YEAR_IN_DATE.search(text, start, end)
            if year:
                fields.put("year", year.start(), year.end())
        elif label == "volume":
            both = _VOLUME_ISSUE.fullmatch(text, start, end) or _VOLUME_DOT_ISSUE.fullmatch(text, start, end)
            if both:
                fields.put("volume", both.start("volume"), both.end("volume"))
                fields.put("issue", both.start("issue"), both.end("issue"))
            else:
                fields.put("volume", start, end)
        elif label == "issue":
            fields.put("issue", start, end, trim=" \t\r\n.,;:()")
        elif label == "pages":
            is_article = (_ARTICLE_LABEL.search(text, max(0, start - 16), start) or _E_NUMBER.fullmatch(text, start, end)
                          or _LETTERED_NUMBER.fullmatch(text, start, end))
            fields.put("article_number" if is_article else "pages", start, end)
        elif label == "edition":
            number = _EDITION_NUMBER.search(text, start, end)
            fields.put("edition", *(number.span() if number else (start, end)))
        previous = label
    if not ({"pages", "article_number"} & set(fields.found)):
        article = _ARTICLE_NUMBER.search(text)
        after_issue = _PAGES_AFTER_ISSUE.match(text, fields.found["issue"][2]) if "issue" in fields.found else None
        if article:
            fields.put("article_number", article.start(1), article.end(1))
        elif after_issue:
            fields.put("pages", *after_issue.span(1))
    _publisher_not_container(fields, authors)
    if ("container" in fields.found and "volume" not in fields.found
            and _IN_BOOK.search(text, 0, fields.found["container"][1] + 1)):
        fields.in_book = True  # German styles print "In:" before a journal too
    return authors, et_al


_PAGES_AFTER_ISSUE = re.compile(rf"\)?\s*:\s*([A-Za-z]{{0,3}}\d+[A-Za-z\d]*(?:\s?[{_DASH}]\s?[A-Za-z]{{0,3}}\d+)?)")
_ORGANISATION = re.compile(
    r"\b(?:Organi[sz]ation|Department|Ministry|Office|Agency|Council|Committee|Commission|Institute|Partnership"
    r"|Services|Foundation|Trust|Press|Publish\w*|Verlag|Books|Wiley|Springer|Elsevier|Routledge|Sage|Ltd|Inc)\b"
)
_NAMES_ITSELF_A_JOURNAL = re.compile(r"\b(?:Journal|Proceedings|Conference|Symposium|Workshop|Review|Bulletin)\b")


def _publisher_not_container(fields: _Fields, authors: list[Located]) -> None:
    """A "container" with no volume, issue or pages that names its own author or an organisation is who
    published the work ("World Health Organization. (2021). Suicide worldwide. World Health Organization.")."""
    container = fields.found.get("container")
    if container is None or "publisher" in fields.found or "title" not in fields.found or fields.in_book:
        return
    if {"volume", "issue", "pages", "article_number"} & set(fields.found):
        return
    name = container[0]
    if _NAMES_ITSELF_A_JOURNAL.search(name):
        return
    if _ORGANISATION.search(name) or any(author.organisation == name for author, _, _ in authors):
        fields.found["publisher"] = fields.found.pop("container")



def _spanner(source: SourceText, start: int, text: str) -> Callable[[int, int], Span]:
    """Local offsets to file spans; a one-line reference needs no line lookups beyond its start."""
    if "\n" in text or "\r" in text:
        return lambda a, b: source.span(start + a, start + b)
    line, column = source.position(start)
    return lambda a, b: Span(start + a, start + b, line, column + a, line, column + b)


def _read_identifiers(text: str, fields: _Fields) -> None:
    """The DOI and the URL, by their patterns (certain where a label is not)."""
    dois = list(_DOI.finditer(text))
    if dois:
        doi = dois[-1]  # the last: a notice's title may cite the DOI of the work it concerns
        doi_end = _trim_identifier(text, doi.start(), doi.start() + doi_length(doi.group()))
        fields.put("doi", doi.start(), doi_end, trim=" ")
    for url in _URL.finditer(text):
        if "doi.org/" in url.group().lower():
            continue
        fields.put("url", url.start(), _trim_identifier(text, url.start(), url.end()), trim=" ")
        break


def _trim_identifier(text: str, start: int, end: int) -> int:
    """Drop sentence punctuation and unbalanced closing brackets from a DOI or URL."""
    while end > start:
        last = text[end - 1]
        if last in "([<":
            end -= 1  # "doi:10.1088/x[ hep-th/9906022]": an opening bracket never ends an identifier
            continue
        if last in _OPENING:
            if text.count(_OPENING[last], start, end) >= text.count(last, start, end):
                break  # balanced, so part of it: 10.1016/S0140-6736(18)31470-3
        elif last not in ".,;:'\u201d\u2019\"":
            break
        end -= 1
    return end



def _guess_type(fields: _Fields) -> str | None:
    printed = " ".join([*(fields.value(name) or "" for name in ("title", "container", "publisher")), *fields.notes])
    container = fields.value("container") or ""
    if _THESIS.search(printed):
        return "thesis"
    if not fields.value("title") and container and not fields.value("publisher"):
        # a style that prints no titles (ACS, AIP): "AIP Conference Proceedings (1995)", "SAE Technical Paper
        # Series (2002)" name where a paper appeared, not what it is
        return "article" if any(fields.value(name) for name in ("volume", "pages", "article_number")) else None
    if _PROCEEDINGS.search(container):
        return "proceedings"
    if fields.in_book and container:
        return "chapter"
    if container and any(fields.value(name) for name in ("volume", "pages", "article_number", "status")):
        return "article"
    if _REPORT.search(printed):
        return "report"
    if fields.value("publisher"):
        # without a title, what the labeller took for a publisher may be anything ("D. Collins, Books Ireland
        # (1977) 100.", "Ziff. 5.1.5 AUB 2008. Bruck/Möller: Versicherungsvertragsgesetz. 2010.")
        return "book" if fields.value("title") else None
    if fields.value("url") and not container:
        return "web"
    return None
