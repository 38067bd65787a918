"""BibTeX and BibLaTeX files to references, with the span of every printed value.

The scanner is our own, not bibtexparser's: a fix must replace a value's exact
characters, and bibtexparser reports lines only (finding the columns again
would scan every entry twice, and its splitter alone takes half a second for
10,000 entries); the tests check that both split well-formed files alike.
It follows BibTeX: text between entries is comment, ``@string`` macros are
expanded as the file is read, with the macros defined so far (so they cannot loop),
the first of two fields with the same name wins, and ``crossref`` fills in the
fields an entry lacks. Unlike BibTeX it skips ``%`` comment lines between
fields, where suppression comments may stand, and reads on after a broken
entry from the next line that starts one.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from citelint.fields.journal_macros import journal_macro
from citelint.fields.patterns import doi_length
from citelint.model import Author, Reference, SourceText, Span, Suppression
from citelint.readers.bibtex_names import read_authors
from citelint.readers.bibtex_scan import Entry, Field, clean_value, scan_entries, value_span
from citelint.readers.suppression import find_suppressions

_INDENT = " \t\ufeff"  # what may precede a comment or an entry on its line (a stray byte-order mark too)
# A date field's year: biblatex's four digits, signed for a year before the common era
# ("-0350", astronomical numbering; "-3000~", about 3001 BCE).
_DATE_YEAR = re.compile(r"\s*(-?\d{4})")
_URL_MACRO = re.compile(r"\\url\{([^{}]*)\}")
_BARE_URL = re.compile(r"\s*(https?://[^\s{}]+)\s*")
_VERBATIM_ESCAPE = re.compile(r"\\([_%&#$~])")
_DOI_URL = re.compile(r"\s*https?://(?:dx\.|www\.)?doi\.org/(10\.[^\s{}\\]+)\s*", re.IGNORECASE)
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.|www\.)?doi\.org/|doi:)", re.IGNORECASE)
_STATUS_PHRASE = re.compile(r"(in press|forthcoming|accepted|submitted)\b", re.IGNORECASE)
# apacite's year macros, as its style prints them: ``year = {\BIP}`` is "in press", ``\bibnodate`` "n.d.".
_APACITE_YEARS = {"\\bip": "in press", "\\bibnodate": "n.d."}


_TYPES = {
    "article": "article",
    "book": "book",
    "inbook": "chapter",
    "incollection": "chapter",
    "inproceedings": "proceedings",
    "conference": "proceedings",
    "proceedings": "book",  # a whole volume of proceedings: its title is the book's, not a paper's
    "techreport": "report",
    "report": "report",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "masterthesis": "thesis",
    "bachelorthesis": "thesis",
    "thesis": "thesis",
    "online": "web",
    "electronic": "web",
    "www": "web",
}
# Who published it: reports name an institution, theses a school, manuals an organization.
_PUBLISHER_FIELDS = ("publisher", "institution", "school", "organization")
_IN_BOOK_TYPES = frozenset({"inbook", "incollection", "inproceedings", "conference"})
# biblatex pubstate keys (spaces and hyphens dropped) to statuses.
_PUBSTATES = {"inpress": "in press", "inpreparation": "in preparation", "forthcoming": "forthcoming",
              "submitted": "submitted", "accepted": "accepted", "prepublished": "prepublished"}


def read_bibtex(source: SourceText) -> list[Reference]:
    """One Reference per entry, broken entries included (with ``parse_problem``)."""
    with _without_cyclic_gc():
        entries = list(scan_entries(source.text))
        parents: dict[str, Entry] = {}
        if any("crossref" in entry.fields for entry in entries):
            for entry in entries:
                if entry.key and not entry.problem:
                    parents.setdefault(entry.key.lower(), entry)
        return [_reference(source, entry, index, _ancestors(entry, parents))
                for index, entry in enumerate(entries, 1)]


@contextmanager
def _without_cyclic_gc() -> Iterator[None]:
    """Reading makes some 30 objects an entry and no reference cycles; the cyclic
    collector, triggered by the allocations, would rescan them all again and again
    (a third of the time for 10,000 entries, measured)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _ancestors(entry: Entry, parents: Mapping[str, Entry]) -> tuple[Entry, ...]:
    """The entries whose fields this one inherits: the one its ``crossref`` field names, and so on
    up (BibTeX reads one level; biblatex follows a chapter to its volume and the volume to its
    multi-volume work), without cycles."""
    found: list[Entry] = []
    current = entry
    while "crossref" in current.fields and len(found) < _MAX_CROSSREF_DEPTH:
        key = current.fields["crossref"].value
        parent = parents.get(key.strip().lower()) if key else None
        if parent is None or parent is entry or any(parent is seen for seen in found):
            break
        found.append(parent)
        current = parent
    return tuple(found)


_MAX_CROSSREF_DEPTH = 3


# --- entries to references -------------------------------------------------


def _reference(source: SourceText, entry: Entry, index: int, ancestors: tuple[Entry, ...]) -> Reference:
    text = source.text[entry.start : entry.end]
    span = source.span(entry.start, entry.end)
    suppressions = _suppressions(source, entry)
    if entry.problem:
        return Reference(text=text, file=source.path, span=span, index=index, kind="bibtex", key=entry.key,
                         suppressions=suppressions, parse_problem=entry.problem)
    fields = _Fields(source, entry, ancestors)
    year, year_span, status, status_span = _year_and_status(fields)
    found = {
        "volume": fields.text("volume"),
        "issue": fields.text("number"),
        "pages": fields.text("pages"),
        "article_number": fields.text("eid"),
        "publisher": fields.first_text(_PUBLISHER_FIELDS),
        "edition": fields.text("edition"),
        "title": _title(fields),
        "container": _container(fields, entry.entry_type),
        "doi": _doi(fields),
        "url": _url(fields),
        "year": (year, year_span),
        "status": (status, status_span),
    }
    spans = {name: located for name, (value, located) in found.items() if value is not None and located is not None}
    entry_type = _TYPES.get(entry.entry_type, entry.entry_type)
    if entry.entry_type == "misc" and found["url"][0]:
        entry_type = "web"
    elif entry.entry_type == "inbook" and _bibtex_inbook(fields, found["container"][0], found["pages"][0]):
        entry_type = "book"
    authors: tuple[Author, ...] = ()
    et_al = False
    if "author" in entry.fields:
        authors, et_al = read_authors(source, entry.fields["author"], own=True)
        if authors or et_al:
            spans["authors"] = fields.own_span("author")
    elif (author := next((parent.fields["author"] for parent in ancestors if "author" in parent.fields), None)):
        authors, et_al = read_authors(source, author, own=False)
    return Reference(
        text=text, file=source.path, span=span, index=index, kind="bibtex", key=entry.key,
        authors=authors, et_al=et_al, type=entry_type, spans=spans, suppressions=suppressions,
        year=year, status=status, title=found["title"][0], container=found["container"][0],
        volume=found["volume"][0], issue=found["issue"][0], pages=found["pages"][0],
        article_number=found["article_number"][0], doi=found["doi"][0], url=found["url"][0],
        publisher=found["publisher"][0], edition=found["edition"][0],
    )


class _Fields:
    """An entry's fields, resolved, decoded and located on demand; those it lacks are
    inherited from its crossref parents, without spans (they are printed elsewhere)."""

    def __init__(self, source: SourceText, entry: Entry, ancestors: tuple[Entry, ...]) -> None:
        self._source = source
        self._entry = entry
        self._ancestors = ancestors

    def raw(self, name: str) -> str | None:
        found = self._inherited(name)
        return found.value if found else None

    def _inherited(self, name: str) -> Field | None:
        found = self._entry.fields.get(name)
        for parent in self._ancestors:
            if found is not None:
                break
            found = parent.fields.get(name)
        return found

    def parent_title(self) -> tuple[str | None, Span | None]:
        """The title of the book a chapter or paper is in, from its crossref parent when that
        parent names no booktitle: biblatex's inheritance (a @collection's title is its
        @incollection's booktitle)."""
        for parent in self._ancestors:
            found = parent.fields.get("title")
            value = clean_value(found.value) if found is not None and found.value is not None else None
            if value:
                return value, None
        return None, None

    def text(self, name: str) -> tuple[str | None, Span | None]:
        """The decoded value, white space folded, and its span; (None, None) when absent or empty."""
        raw = self.raw(name)
        value = clean_value(raw) if raw is not None else None
        return (value, self.span(name)) if value else (None, None)

    def first_text(self, names: tuple[str, ...]) -> tuple[str | None, Span | None]:
        """The first of these fields that has a value."""
        for name in names:
            value, span = self.text(name)
            if value:
                return value, span
        return None, None

    def journal_macro(self, name: str) -> str | None:
        """The journal named by a field that is only a macro defined outside the file: an AASTeX
        control word (``{\\apj}``) or an IEEEabrv string left undefined here (``IEEE_J_PAMI``)."""
        found = self._inherited(name)
        if found is None or len(found.parts) != 1:
            return None
        part = found.parts[0]
        printed = self._source.text[part.start : part.end]
        if part.kind == "bare":
            if found.value is None:
                return journal_macro(printed)
            # A string defined as a control word only: "{\TUB{}}", a logo the document defines.
            return journal_macro(found.value) if found.value.strip().strip("{}").startswith("\\") else None
        return journal_macro(printed) if printed.strip().strip("{}").startswith("\\") else None

    def span(self, name: str) -> Span | None:
        """The printed value inside its delimiters; None when inherited."""
        return self.own_span(name) if name in self._entry.fields else None

    def own_span(self, name: str) -> Span:
        """The printed value of one of the entry's own fields inside its delimiters;
        a concatenation, whole, delimiters and all."""
        parts = self._entry.fields[name].parts
        if len(parts) == 1:
            return value_span(self._source, parts[0].start, parts[0].end)
        start = parts[0].start - (parts[0].kind != "bare")
        return value_span(self._source, start, parts[-1].end + (parts[-1].kind != "bare"))

    def inner_span(self, name: str, start: int, end: int) -> Span | None:
        """The span of ``raw(name)[start:end]``, when the value is printed as one delimited part."""
        if name not in self._entry.fields:
            return None
        parts = self._entry.fields[name].parts
        if len(parts) != 1 or parts[0].kind == "bare":
            return None
        return value_span(self._source, parts[0].start + start, parts[0].start + end)


def _verbatim(raw: str) -> str:
    """DOIs and URLs are not LaTeX text: only braces and escaped specials are markup."""
    return _VERBATIM_ESCAPE.sub(r"\1", raw).replace("{", "").replace("}", "").strip()


def _title(fields: _Fields) -> tuple[str | None, Span | None]:
    title, span = fields.text("title")
    subtitle, _ = fields.text("subtitle")
    if title and subtitle:
        # The printed title is split over two fields: no one span holds the value.
        return f"{title}: {subtitle}", None
    return title, span


def _bibtex_inbook(fields: _Fields, container: str | None, pages: str | None) -> bool:
    """Whether an @inbook is BibTeX's: its title is the book's, and chapter or pages name the part.
    biblatex's names the book in booktitle; an author beside an editor is a chapter's author in an
    edited book, whose title is then the chapter's (BibTeX's @inbook has one or the other)."""
    if container is not None or not (fields.raw("chapter") or pages):
        return False
    return not (fields.text("author")[0] and fields.text("editor")[0])


def _container(fields: _Fields, entry_type: str) -> tuple[str | None, Span | None]:
    names = ("journal", "journaltitle", "booktitle")
    if entry_type in _IN_BOOK_TYPES:
        names = ("booktitle", "journal", "journaltitle")
    found = fields.first_text(names)
    if found[0] is not None:
        return found
    # "{\apj}" (ADS) or IEEE_J_PAMI (IEEEabrv): a journal macro defined by the class or a strings file.
    for name in names:
        journal = fields.journal_macro(name)
        if journal is not None:
            return journal, fields.span(name)
    if entry_type in _IN_BOOK_TYPES:
        return fields.parent_title()
    return None, None


def _doi(fields: _Fields) -> tuple[str | None, Span | None]:
    raw = fields.raw("doi")
    if raw is None:
        url = fields.raw("url")
        found = _DOI_URL.fullmatch(url) if url else None
        if found is None:
            return None, None
        return found[1], fields.inner_span("url", found.start(1), found.end(1))
    doi = _DOI_PREFIX.sub("", _verbatim(raw)).strip()
    doi = "".join(doi[: doi_length(doi)].split())  # "10.1038/nm.2234 [doi]": the export's tag is no part of it
    return (doi, fields.span("doi")) if doi else (None, None)


def _url(fields: _Fields) -> tuple[str | None, Span | None]:
    raw = fields.raw("url")
    if raw is not None:
        url = _verbatim(raw)
        return (url, fields.span("url")) if url else (None, None)
    howpublished = fields.raw("howpublished")
    found = (_URL_MACRO.search(howpublished) or _BARE_URL.fullmatch(howpublished)) if howpublished else None
    if found is None:
        return None, None
    url = _verbatim(found[1])
    return (url, fields.inner_span("howpublished", found.start(1), found.end(1))) if url else (None, None)


def _year_and_status(fields: _Fields) -> tuple[str | None, Span | None, str | None, Span | None]:
    year, year_span = fields.text("year")
    raw_year = fields.raw("year")
    if year is None and raw_year and "\\" in raw_year:
        year = _APACITE_YEARS.get(raw_year.strip(" {}").lower())
        year_span = fields.span("year") if year else None
    status = status_span = None
    if year and _STATUS_PHRASE.fullmatch(year.strip(" .()[]")):
        status, status_span = year.strip(" .()[]").lower(), year_span
        year = year_span = None
    if year is None:
        year, year_span = _year_from_date(fields)
    pubstate, pubstate_span = fields.text("pubstate")
    if pubstate:
        key = pubstate.lower().replace(" ", "").replace("-", "")
        return year, year_span, _PUBSTATES.get(key, pubstate.lower()), pubstate_span
    if status is None:
        # Only the note's first words matter: no need to decode it all (a note may be long).
        note = fields.raw("note")
        phrase = _STATUS_PHRASE.match(note.lstrip(" \t\r\n([{")) if note else None
        if phrase:
            status, status_span = phrase[1].lower(), fields.span("note")
    return year, year_span, status, status_span


def _year_from_date(fields: _Fields) -> tuple[str | None, Span | None]:
    raw = fields.raw("date")
    found = _DATE_YEAR.match(raw) if raw else None
    if found is None:
        return None, None
    return found[1], fields.inner_span("date", found.start(1), found.end(1))


def _suppressions(source: SourceText, entry: Entry) -> tuple[Suppression, ...]:
    """The suppression comments inside an entry or on the comment lines directly above it."""
    start = _comments_before(source, entry.start)
    if source.text.find("citelint", start, entry.end) < 0:  # the common case, found fast
        return ()
    return find_suppressions(source, start, entry.end)


def _comments_before(source: SourceText, start: int) -> int:
    """The start of the comment lines directly above an entry (the entry's start when none)."""
    column = source.position(start)[1]
    if source.text[start - column + 1 : start].strip(_INDENT):
        return start  # the entry does not start its line
    found = line_start = start - column + 1
    while line_start > 0:
        previous_column = source.position(line_start - 1)[1]
        previous_start = line_start - 1 - previous_column + 1
        if not source.text[previous_start:line_start].lstrip(_INDENT).startswith("%"):
            break
        found = line_start = previous_start
    return found
