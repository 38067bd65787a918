"""A reference without a field its type needs.

What it does:
    Reports a reference that lacks what a reader needs to find the work:
    a journal article without its journal or year, or with neither volume,
    pages, article number nor DOI to locate it; a book without its title or
    year; a chapter without the book it is in; a web page without its
    address; in a .bib entry, also a book, chapter, thesis or report without
    its publisher or institution (plain-text readers do not always pick
    these out, so their absence there proves nothing). A year printed as
    "n.d.", or a year-like number anywhere in the reference, counts as a
    year; so do apacite's year macros in a .bib entry (``year = {\\BIP}``,
    in press; ``{\\bibnodate}``, n.d.) and a year before the common era
    (biblatex's ``date = {-3000~}``). Styles
    that print no article titles (ACS, AIP) are respected: an article with
    journal, volume and pages needs no title. Works in press need no year,
    volume or pages yet, and preprints none ever: an arXiv, bioRxiv or SSRN
    preprint (its server printed as the journal, a preprint DOI, or in a .bib
    entry an eprint field beside an empty journal) needs no journal, volume
    or pages. A reference typed as proceedings by its journal's name
    ("Proceedings of the Japan Academy") whose record is a journal article
    is an article. In .bib files, a journal written as an AASTeX macro
    (``journal = {\\apj}``, as NASA ADS exports write it; the journal's
    LaTeX class defines it) or as an IEEEabrv string (``journal =
    IEEE_J_PAMI``, defined in IEEEabrv.bib) is that journal, not a missing
    one; a string defined nowhere (``journal = GEO``) still prints no
    journal and is reported. A string that is only a journal's logo macro
    (``@String{j-TUGboat = "{\\TUB{}}"}``, as Nelson Beebe's bibliographies
    write it) is that journal. A chapter or paper takes what it lacks
    from its crossref parent, up to three levels (a chapter, its volume,
    the multi-volume work), and a parent's title is its book title when
    the parent names none, as biblatex reads them; a @proceedings volume
    is a book, whose title is its own, and so is BibTeX's @inbook with no
    booktitle, whose title is the book's and whose chapter or pages name
    the part (one with both an author and an editor is a chapter of an
    edited book, and still needs the book's title). Unreadable references are left to
    CL001.

Why it matters:
    An incomplete reference cannot be found by a reader, and often means a
    field was lost when the reference was copied or converted.

Example:
    Failing: ``Smith J (2010) A title. 31: 82-96.`` (no journal)
    Passing: ``Smith J (2010) A title. J Biol 31: 82-96.``

Fix safety:
    No fix: the missing value must be looked up.

Options:
    None.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from citelint.fields.patterns import YEAR
from citelint.match.updates import is_preprint
from citelint.model import Diagnostic, Match, Reference
from citelint.rules._rule import Context

CODE = "CL108"
NAME = "required-field-missing"
SEVERITY = "warning"
FIXABLE = False
NEEDS_RECORD = False
SCOPE = "reference"
SUMMARY = "A reference without a field its type needs (an article without its journal or year)."
OPTIONS = None

# type -> (fields whose absence is a warning, fields whose absence is info)
_REQUIRED: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "article": (("container", "year"), ()),
    "book": (("title", "year"), ("publisher",)),
    "chapter": (("title", "container", "year"), ("publisher",)),
    "proceedings": (("title", "container", "year"), ()),
    "thesis": (("title", "year"), ("publisher",)),
    "report": (("title", "year"), ("publisher",)),
    "web": (("url",), ()),
}
_PENDING = ("in press", "forthcoming", "accepted", "submitted", "in print", "in preparation", "under review")
_YEAR_LIKE = re.compile(rf"(?<![\d./-]){YEAR}[a-z]?(?![\d/.-]\d)")
_NO_DATE = re.compile(r"\b(?:n\.\s?d\.?|no date|undated)(?![a-z])", re.IGNORECASE)
# A .bib entry's eprint field: where a preprint is (arXiv id, or an eprinttype's identifier).
_EPRINT_FIELD = re.compile(r"(?<![\w-])(?:eprint|arxivid)\s*=", re.IGNORECASE)
_NAMES = {"container": "journal or book title", "publisher": "publisher or institution", "url": "URL"}


def check(reference: Reference, match: Match, context: Context) -> Iterator[Diagnostic]:
    if reference.parse_problem:
        return
    kind = reference.type or _looks_like_article(reference)
    if kind == "proceedings" and match.record is not None and match.record.type == "journal-article":
        kind = "article"  # a journal named "Proceedings of the Japan Academy", in a style without titles
    if kind is None or kind not in _REQUIRED:
        return
    pending = bool(reference.status) and any(word in (reference.status or "").lower() for word in _PENDING)
    preprint = kind == "article" and _preprint(reference)
    warned, informed = _REQUIRED[kind]
    if preprint:
        warned = tuple(name for name in warned if name != "container")  # the server is where it is
    missing_warning = [name for name in warned if not _present(reference, name, pending)]
    # Plain-text readers do not always pick out a publisher; only a .bib entry surely lacks one.
    informed = informed if reference.kind == "bibtex" else ()
    missing_info = [name for name in informed if not _present(reference, name, pending)]
    if kind == "article" and not pending and not preprint and not _locatable(reference):
        missing_info.append("volume, pages, article number or DOI")
    if kind == "article" and not reference.title and reference.kind == "bibtex":
        missing_info.append("title")
    missing = missing_warning + missing_info
    if not missing:
        return
    names = ", ".join(_NAMES.get(name, name) for name in missing)
    yield Diagnostic(
        field="format",
        message=f"{_article(kind)} {kind} reference without {names}",
        span=reference.span,
        severity="warning" if missing_warning else "info",
    )


def _looks_like_article(reference: Reference) -> str | None:
    """An untyped reference with a container and a volume or pages is a journal article."""
    if reference.container and (reference.volume or reference.pages or reference.article_number):
        return "article"
    return None


def _present(reference: Reference, name: str, pending: bool) -> bool:
    if name == "year" and (pending or _NO_DATE.search(reference.text) or _YEAR_LIKE.search(reference.text)):
        return True  # a year-like number in the text: the reader missed it, the reference did not
    if name == "url":
        return bool(reference.url or reference.doi)
    return bool(getattr(reference, name))


def _preprint(reference: Reference) -> bool:
    """A preprint has no volume or pages, and its journal may be the server or nothing: "arXiv
    preprint arXiv:1810.05648", "bioRxiv", an arXiv DOI, or a .bib entry whose eprint field
    holds it and whose journal is empty."""
    if is_preprint(reference, None):
        return True
    return reference.kind == "bibtex" and not reference.container and bool(_EPRINT_FIELD.search(reference.text))


def _locatable(reference: Reference) -> bool:
    return bool(reference.volume or reference.pages or reference.article_number or reference.doi or reference.url)


def _article(kind: str) -> str:
    return "an" if kind[0] in "aeiou" else "a"
