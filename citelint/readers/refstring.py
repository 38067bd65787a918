"""One printed reference string -> a Reference with every field it can find.

The parser works on the printed text itself, never on a cleaned copy, so
every field keeps its exact span. It reads a reference from both ends
inward, the way a person does: the DOI, URL and access notes at the tail;
the author list and the year at the head (anchored by a year in brackets,
a quoted title, a list of given-first full names such as natbib's plainnat
and Chicago notes print, or the first full stop that no initial explains);
then the volume/issue/pages block, which separates the title from the
container.
Every pattern is linear (no two repetitions can split the same text two ways), so hostile input costs
time proportional to its length.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from citelint.fields.patterns import DOI_PREFIX, YEAR, doi_length
from citelint.model import Author, Reference, SourceText, Span
from citelint.readers.labeller import Field

_UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u017f"
_LOWER = "a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u024f"
_DASH = "\u2010\u2011\u2012\u2013\u2014\u2212-"
_YEAR = rf"{YEAR}(?:[a-z](?![a-z]))?"
_YEAR_TOKEN = re.compile(rf"(?<![\w/.{_DASH}])({_YEAR})(?![\w{_DASH}]?\d)")
_PAGES = rf"[A-Za-z]{{0,2}}\d+[A-Za-z]?(?:\s?[{_DASH}]{{1,2}}\s?[A-Za-z]{{0,2}}\d+[A-Za-z]?)?"  # "--": BibTeX's en dash
_ISSUE = r"\((?P<issue>[^()\n]{1,20})\)"
_DATE = r"(?:\s+[A-Z][a-z]{2,8}\.?(?:\s*[-/\u2013]\s*[A-Z][a-z]{2,8}\.?)?(?:\s+\d{1,2})?)?"  # 2015 May 28
_STATUS = r"in press|forthcoming|accepted|submitted|under review"
_END = r"(?=\s*(?:[.,;)]|$))"

_DOI = re.compile(rf"{DOI_PREFIX}[^\s\"<>]+")
_DOI_PREFIX = re.compile(r"(?:https?://(?:dx\.)?doi\.org/|doi\s*:?\s*)$", re.IGNORECASE)
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+", re.IGNORECASE)
_OPENING = {")": "(", "]": "[", ">": "<"}
_TAIL_MARKER = re.compile(
    r"\b(?:Available (?:at|from|online)|Retrieved from|Accessed|\[?accessed|\[?cited|PMID|PMCID|Epub|ahead of print)\b",
    re.IGNORECASE,
)
_PAREN_YEAR = re.compile(
    rf"[(\[]\s*(?:(?P<year>{_YEAR})(?:\s*,[^()\n]{{0,40}})?|(?P<status>{_STATUS})|n\.\s?d\.?|no date)\s*[)\]]",
    re.IGNORECASE,
)
# The year is followed by punctuation, so that a title starting with one is not read as it: "2023 4th Conference".
_BARE_YEAR = re.compile(
    rf"[.,]\s+(?:(?P<year>{_YEAR})(?:\s*[.,:](?=\s|$)|\s*$)|n\.\s?d\.(?:\s*[.,:])?(?=\s|$))"
)
_QUOTE_OPEN = re.compile(r"[\u201c\u2018\"\u00ab]")
_CLOSERS = {"\u201c": "\u201d", "\u2018": "\u2019", "'": "'", '"': '"', "\u00ab": "\u00bb"}
_EDITION_IN_TITLE = re.compile(r"[(,]\s*(\d+(?:st|nd|rd|th))\s+ed(?:n|ition)?\.?\)?\s*[.,]?\s*$", re.IGNORECASE)
_BOOK_TITLE_END = re.compile(rf";|\s\((?=[^()]{{0,120}}\b{_YEAR}\)\.?\s*$)")
# A leading white-space run is only tried from its start ((?<!\s)), which keeps the search linear.
_CONTAINER_STOP = re.compile(rf"\.\s|;|(?:,|(?<!\s))\s+edited by|,\s+(?:[{_UPPER}]\.\s?)+[{_UPPER}]")
_BOOK_STOP = re.compile(r"\.\s|[,;(\[]|(?<!\s)\s+edited by")
_IN_BOOK = re.compile(r"(?:[.,\u201d\"]\s*)\b[Ii]n:?\s+(?=\S)")
_EDITORS = re.compile(r"\((?:[Ee]ds?|Hrsg|dir|coord)s?\.?\)[,.:]?|\b(?:editors?|Eds?)\.,?")
_EDITORS_SUFFIX = re.compile(r"(?:[\s,]+\(?|\()(?:[Ee]ds?|[Ee]ditors?|Hrsg)\b\.?\)?[\s.,]*$")
_STATUS_WORD = re.compile(rf"(?:^|(?<=[(\[,.;]))\s*({_STATUS})(?=\s*[)\],.;]|\s*$)", re.IGNORECASE)

# The volume/issue/pages block, in the shapes the common styles print it.
_DETAIL_SHAPES = (  # written so that no two white-space runs can trade characters: linear on any input
    # Chicago notes style, tried first so that a year in brackets is not read as an issue:
    # 21, no. 3 (2012): 101-105 / 21 (2012): 101-105
    rf"(?P<volume>\d+)(?:,\s*no\.\s*(?P<issue>[\w/-]+))?\s*\((?P<year>{_YEAR})\)\s*:\s*(?P<pages>{_PAGES}){_END}",
    # Vancouver, BJPsych, Chicago: 2012;12(3):205-15 / 2001 Mar;178:23-9 / 12: 205 / 12 (3): 205-15
    rf"(?:(?P<year>{_YEAR}){_DATE}\s*(?:[;,]\s*)?)?(?P<volume>\d+)\s*(?:{_ISSUE}\s*)?:\s*(?P<pages>{_PAGES}){_END}",
    # Vancouver without a volume: 2013;(3):CD004807
    rf"(?P<year>{_YEAR}){_DATE}\s*;\s*{_ISSUE}\s*:\s*(?P<pages>{_PAGES}){_END}",
    # Vancouver without pages: 2017;30. / 2017;30(2).
    rf"(?P<year>{_YEAR}){_DATE}\s*;\s*(?P<volume>\d+)(?:\s*{_ISSUE})?{_END}",
    # ACS: 2012, 12 (3), 205-215
    rf"(?P<year>{_YEAR})\s*,\s*(?P<volume>\d+)\s*(?:{_ISSUE}\s*)?,\s*(?P<pages>{_PAGES}){_END}",
    # AIP, Nature: 12(3), 205-215 (2012)
    rf"(?P<volume>\d+)\s*(?:{_ISSUE}\s*)?,\s*(?P<pages>{_PAGES})\s*\((?P<year>{_YEAR})\)",
    # APA, Harvard: 12(3), 205-215 / 12(3), pp. 205-215 / 12(3), Article 205
    (rf"(?P<volume>\d+)\s*{_ISSUE}\s*,\s*(?:(?:pp?\.|S\.)\s*(?P<pages>{_PAGES})|(?:Article|Art\.)\s*(?P<article_number>\w+)"
    rf"|(?P<bare>{_PAGES})){_END}"),
    # APA without pages or an article number (online-first): , 12(3). at the end
    rf"(?:(?<=,)|(?<=,\s))(?P<volume>\d+)\s*{_ISSUE}(?=[\s.]*$)",
    # , 12, 205-215
    rf"(?:(?<=,)|(?<=,\s))(?P<volume>\d+)\s*,\s*(?:pp?\.\s*)?(?P<pages>{_PAGES}){_END}",
    # BJPsych chapters: In Book Title: 207-26.
    rf"(?<=[^\d\s]):\s*(?P<pages>{_PAGES}){_END}",
    # Elsevier Harvard: J. Ment. Health 12, 1-5.
    rf"(?:(?<=[A-Za-z.]\s)|(?<=\s\s))(?!{YEAR}\b)(?P<volume>\d+)\s*(?:{_ISSUE}\s*)?,\s*(?P<pages>{_PAGES}){_END}",
)


def _one_pattern(shapes: tuple[str, ...]) -> re.Pattern[str]:
    """One alternation of the shapes, so the text is scanned once; group "name" becomes "name__i"."""
    numbered = [re.sub(r"\(\?P<(\w+)>", rf"(?P<\1__{index}>", shape) for index, shape in enumerate(shapes)]
    return re.compile("|".join(f"(?:{shape})" for shape in numbered))


# The volume/issue/pages block, in the shapes the common styles print it; the leftmost wins.
# Every shape starts at a number or a colon, so only those places are tried.
_DETAILS = _one_pattern(_DETAIL_SHAPES)
_DETAILS_CAN_START = re.compile(r"(?<!\d)\d|:")
_LABEL_CUE = re.compile(r"[Vv]ol|[Nn][or]\.|[Ii]ss|[Aa]rt|[Pp]aper|p\.|pp|S\.")  # cheap test before the full search
# IEEE and MLA print labels instead: vol. 12, no. 3, pp. 205-15, Art. no. e123.
_LABELLED = _one_pattern((  # each starts with a letter, then looks behind: lets the engine skip ahead fast
    r"[Vv](?<![\w.][Vv])ol(?:ume)?\.?\s*(?P<volume>\d+[A-Za-z]?)",
    r"(?:[Nn](?<![\w.][Nn])[or]\.|[Ii](?<![\w.][Ii])ss(?:ue)?\.?)\s*(?P<issue>\d+[A-Za-z\d/-]*)",
    r"(?:[Aa](?<![\w.][Aa])rt(?:icle)?\.?\s*(?:[Nn]o\.?|[Nn]umber:?)?|[Pp](?<![\w.][Pp])aper)\s*(?P<article_number>e?\d+)",
    rf"(?:p(?<![\w.]p)p?\.?|S(?<![\w.]S)\.)\s*(?P<pages>{_PAGES})",
))

_EPUB = re.compile(r"\bEpub ahead of print\b|\bahead of print\b", re.IGNORECASE)
# A page range after a meeting's name, printed without a volume (APA): "AFRICON 2009, 1-6".
_CONTAINER_PAGES = re.compile(rf",\s*(?:pp?\.\s*)?(?P<pages>\d+\s?[{_DASH}]{{1,2}}\s?\d+)$")
# Words by which a container names itself a journal or a meeting, printed without a volume.
_JOURNAL_WORDS = re.compile(
    r"\b(?:Journal|Proceedings|Conference|Symposium|Workshop|Congress|Transactions|Letters|Annals|Bulletin"
    r"|Magazine|Quarterly|Reports|Review|Sciences)\b|\bProc\.|\b(?:[Bb]io|[Mm]ed)R[Xx]iv\b|\bar[Xx]iv\b"
)
_PUBLISHER_WORDS = re.compile(r"\b(?:Press|Publish\w*|Books|Verlag|Ltd|Inc|Wiley|Springer|Elsevier|Routledge|Sage)\b")
# ISO 4 abbreviations that are also English words, so word frequency cannot tell them apart.
_COMMON_ABBREVIATIONS = frozenset((
    "res", "med", "rev", "ann", "arch", "gen", "int", "sci", "soc", "chem", "dev", "nat", "eur", "hum", "exp",
    "stat", "dis", "fam", "ment", "infect", "econ", "mater", "proc", "mol", "ther", "eng", "can", "nurs", "clin",
    "phys", "lett", "biol", "acad", "natl", "assoc", "pract", "behav", "psychol", "serv", "syst", "technol",
    "environ", "comput",
))
# Words whose absence spares a slower search (substring tests on the lower-cased text are fast).
_TAIL_HINTS = ("available", "retrieved", "accessed", "cited", "pmid", "pmcid", "epub", "ahead of print")
_STATUS_HINTS = ("press", "forthcoming", "accepted", "submitted", "review")
_LNCS_COLON = re.compile(r"(?<=[A-Z]\.):\s")
_SEPARATOR = re.compile(r"[,.:]\s+")
_FULL_STOP = re.compile(r"\.(?=\s|$)")
_SENTENCE_STOP = re.compile(r"[.?!](?=\s)")
_ET_AL_BEFORE = re.compile(r"(?<!\w)al$")
_ET_AL_NEXT = re.compile(r"\s*et\.?\s*al\.")
_DOTTED_WORD = re.compile(r"[A-Z][a-z]+\.")
_NOT_IN_NAMES = re.compile(r"[\d\"\u201c\u201d?!:()\[\]]")
_ACRONYM = re.compile(r"\b[A-Z]{2,}\b")
_ORGANISATION_CONNECTORS = frozenset(("of", "for", "and", "the", "on", "&", "in", "to", "at", "de", "du", "la", "und"))
_CONNECTOR = re.compile(r"\s(?:of|for|the|on)\s")
_AND = re.compile(r"(?<!\s)\s+(?:and|&)\s+")
_CLOSING_SINGLE_QUOTE = re.compile(r"(?<=[,.?!])['\u2019]|['\u2019](?=[,.;:]|$)")
_SINGLE_QUOTE_SPACE = re.compile(r"['\u2019](?=\s)")
_PREVIOUS_ABBREVIATION = re.compile(r"(?<![A-Za-z])([A-Z][a-z]{0,8})\.\s+$")
_LOWER_CASE_ABBREVIATIONS = frozenset(["vs", "etc", "al", "eg", "ie", "cf", "approx", "suppl"])
_LAST_WORD = re.compile(r"([A-Za-z\u00c0-\u024f]+)$")
_E_NUMBER = re.compile(r"e\d+")
_YEAR_ONLY = re.compile(YEAR)
_EDITION = re.compile(r"\(?(?<!\d)(\d+(?:st|nd|rd|th))\s+(?:edn?|edition)\.?\)?", re.IGNORECASE)
_LAST_COMMA = re.compile(r"[,;](?=[^,;]*$)")
_THESIS = re.compile(r"\b(?:[Tt]hesis|[Dd]issertation)\b")
_PROCEEDINGS = re.compile(r"\b(?:Proceedings|Conference|Symposium|Workshop|Congress)\b|\bProc\.")
_REPORT = re.compile(r"\b(?:[Rr]eport|[Ww]orking [Pp]aper|[Gg]uidance|[Gg]uideline|[Ww]hite [Pp]aper|[Tt]echnical)\b")
_PARTICLES = frozenset((
    "van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "des", "la", "le", "ten", "ter", "bin", "ibn",
    "al", "el", "dos", "das", "do", "y", "e", "st", "zu", "ul",
))
_ORGANISATION_WORDS = re.compile(
    r"\b(?:Department|Organi[sz]ation|Association|Institute|Society|Council|Committee|Group|Agency|Ministry"
    r"|Office|Cent(?:re|er)|University|Foundation|Collaboration|Consortium|Trust|Board|Commission|Services?"
    r"|National|Federal|Government|Network|Team|Alliance|Partnership|College|Authority|Federation|Excellence"
    r"|Statistics|Executive|Investigators|Union|Programme|Program)\b"
)
_INITIAL = rf"[{_UPPER}](?:[a-z]\.|\.)?"
_GAP = r"\s*(?:-\s*)?"  # between initials: "L. M.", "LM", "J.-P.", or a line break
# After the first, an initial may be lower case, as romanised names print them: "J.-s.", "Q. u. A.", "Q. ul A."
_INITIALS = re.compile(rf"{_INITIAL}(?:{_GAP}{_INITIAL}|(?:\s+(?:-\s*)?|-\s*)(?:[a-z]\.?(?![a-z])|ul\b)){{0,3}}")
_VANCOUVER_NAME = re.compile(
    rf"(\S.*?)\s+([{_UPPER}]{{1,4}}|[{_UPPER}]-[{_UPPER}]|[{_UPPER}]{{1,2}}\s[a-z]{{1,3}}\s[{_UPPER}]{{1,2}})\.?"
)
_HAS_LOWER = re.compile(rf"[{_LOWER}'\u2019]")
_INITIALS_FIRST = re.compile(rf"((?:[{_UPPER}][a-z]?\.{_GAP}){{1,4}})(\S.*)", re.DOTALL)
# A name word: "Carter", "O'Brien", "McKee", "García-Tarrasón" (each part starts with a capital).
_NAME_WORD = rf"[{_UPPER}][{_LOWER}'\u2019]+(?:-?[{_UPPER}][{_LOWER}'\u2019]+|-[{_LOWER}]+)*"  # also "Jae-sung"
_GIVEN_TOKEN = rf"(?:{_NAME_WORD}|[{_UPPER}]\.(?:-?[{_UPPER}]\.)*|[{_UPPER}](?![\w'\u2019.-]))"  # Steve, G., J.-P., E
# Particles that join the family name, capitalised too ("Ana Paula Le Roux"); not "E", "Y" or "Al", which are
# also initials and given names.
_PARTICLE = (
    r"(?:[Vv]an|[Vv]on|[Dd]er|[Dd]en|[Dd]e|[Dd]el|[Dd]ella|[Dd]alla|[Dd]i|[Dd]a|[Dd]u|[Dd]es|[Dd]os|[Dd]as|do"
    r"|[Ll]e|[Ll]a|[Tt]en|[Tt]er|St|N[ií]|bin|ibn|zu|y)"
)
_SUFFIX = r"(?:,?\s+(?:Jr|Sr)\.?|,?\s+(?:II|III|IV)\b)"
# "Given [Middle] Family": the last word is the family name unless particles come before it ("Ludwig van
# Beethoven", "Ana Paula Le Roux"); "Gabriel García Márquez" is ambiguous and read as family "Márquez".
_GIVEN_FIRST = (  # the given part is lazy so that particles go with the family name
    rf"({_GIVEN_TOKEN}(?:\s+{_GIVEN_TOKEN}){{0,3}}?)\s+((?:{_PARTICLE}\s+){{0,3}}(?!(?:Jr|Sr)\b){_NAME_WORD})"
)
_FULL_NAME = re.compile(rf"{_GIVEN_FIRST}({_SUFFIX})?")
# A list of such names as natbib's plainnat and Chicago notes print it: "A B, C D, and E F" / "A B et al".
_FULL_NAME_LIST = re.compile(
    rf"{_GIVEN_FIRST}{_SUFFIX}?(?P<more>(?:,\s+{_GIVEN_FIRST}{_SUFFIX}?)*"
    rf"(?:,?\s+(?:and|&)\s+{_GIVEN_FIRST}{_SUFFIX}?|,?\s+et\s+al\.?))?(?P<end>[.,])\s"
)
_GIVEN_NAME = re.compile(rf"{_NAME_WORD}(?:\s+(?:[{_UPPER}]\.?|{_NAME_WORD}))?")  # "Nora", "Jean-Pierre", "Linda M."
_GIVEN_AFTER_FAMILY = re.compile(rf"(?:{_GIVEN_TOKEN}\s*)+[,;.&]")
_SUFFIX_PIECE = re.compile(r"(?:Jr|Sr)\.?|II|III|IV")
_TRAILING_SUFFIX = re.compile(rf"{_SUFFIX}$")
_NAME_SEPARATOR = re.compile(r"[,;&]|\band\b")
_INITIAL_BEFORE = re.compile(rf"(?<![^\s.-])[{_UPPER}][a-z]?$")
_INITIAL_DOT = re.compile(rf"(?:^|[\s.-])[{_UPPER}]\.")
_AND_NEXT = re.compile(r"\s*(?:&|and)\s")
_MORE_INITIALS = re.compile(rf"\s+(?:[{_UPPER}][a-z]?\.{_GAP})+")
_GIVEN_FIRST_START = re.compile(  # "N. Jacobson", "J.-P. Smith", "L. M. van der Berg", "B. VOGIN" (in capitals)
    rf"(?:[{_UPPER}][a-z]?\.{_GAP}){{1,3}}(?:[{_UPPER}][{_LOWER}'\u2019]|[{_UPPER}]{{2,}}(?![{_LOWER}])"
    rf"|(?:van|von|de|da|del|della|di|du|le|la|ten|ter)\s)"
)
_NEXT_NAME = re.compile(rf"(?:and\s+|&\s*)?(?:[{_UPPER}][a-z]?\.{_GAP})+[{_UPPER}a-z]|et al")
_AND_INITIALS = re.compile(rf"(?:\band|&)\s+(?:[{_UPPER}][a-z]?\.{_GAP})*[{_UPPER}][a-z]?$")
_AUTHOR_OPENING = re.compile(  # "Smith, J.,", "van Os J,", "J. Smith,": the first author of a list
    rf"(?:(?:van|von|de|da|du|del|della|di|le|la|ten|ter)\s+)?[{_UPPER}][{_LOWER}'\u2019-]+(?:\s+[{_UPPER}][{_LOWER}'\u2019-]+)?"
    rf"(?:,\s*(?:[{_UPPER}]\.{_GAP})+[,;&]|\s+[{_UPPER}]{{1,4}},)|(?:[{_UPPER}]\.{_GAP})+[{_UPPER}][{_LOWER}'\u2019-]+,"
)
_ET_AL = re.compile(r"[,;]?\s*(?:et\.?\s*al\.?|and others|et coll\.?)[,;:]?\s*$", re.IGNORECASE)
# "Kavokin et al, Microcavities": "et al" and a stop end the author list, even with no full stop after it.
_ET_AL_END = re.compile(r"\s+et\.?\s*al\b\.?[,;:]?(?=\s)")
_NAME_SPLIT = re.compile(r"(?<!\s)\s*(?:;\s*|,\s*(?:(?:and|&)\s+)?)|(?<!\s)\s+(?:and|&)\s+")


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
            self.found[name] = (_fold(self.text[start:end]), start, end)

    def value(self, name: str) -> str | None:
        entry = self.found.get(name)
        return entry[0] if entry else None


_Located = tuple[Author, int, int]  # an author and its local span


def _fold(text: str) -> str:
    return " ".join(text.split())


def parse_line(line: str) -> Reference:
    """Parse a whole string as one reference (for tests and the REPL)."""
    return parse_reference(SourceText("<string>", line), 0, len(line), index=1)


def parse_reference_labelled(source: SourceText, start: int, end: int, *, index: int,
                             key: str | None = None) -> Reference:
    """The one reference printed at source.text[start:end] as the trained labeller reads it (the readers
    take it where the rules fail; bench/parse_crf.py compares the two)."""
    text = source.text[start:end]
    fields = _Fields(text)
    authors, et_al = _read_labelled(text, fields)
    return _reference(source, start, end, index, key, fields, authors, et_al)


def _reference(source: SourceText, start: int, end: int, index: int, key: str | None, fields: _Fields,
               authors: list[_Located], et_al: bool) -> Reference:
    text = source.text[start:end]
    kind = _guess_type(fields)
    problem = None
    if not set(fields.found) - {"title"} or not set(fields.found) - {"authors"}:
        fields.found.clear()  # a "title" or "authors" with nothing around them is only the whole string
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


def _read_labelled(text: str, fields: _Fields) -> tuple[list[_Located], bool]:
    """Fields as the trained labeller marks them; identifiers, years and volume(issue) read by rule."""
    from citelint.readers.labeller import label_fields

    _read_tail(text, fields)  # DOI and URL: their patterns are certain
    lower = text.lower()
    status = _STATUS_WORD.search(text) if any(hint in lower for hint in _STATUS_HINTS) else None
    if status:
        fields.put("status", status.start(1), status.end(1))
    authors: list[_Located] = []
    et_al = False
    for label, start, end in _title_out_of_authors(text, label_fields(text)):
        if label == "author" and "authors" not in fields.found:
            fields.put("authors", start, end)
            authors, et_al = _split_authors(text, start, end)
            if not et_al and _ET_AL_NEXT.match(text, end):
                et_al = True
        elif label == "editor":
            fields.in_book = True
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
    if not ({"pages", "article_number"} & set(fields.found)):
        article = _ARTICLE_NUMBER.search(text)
        if article:
            fields.put("article_number", article.start(1), article.end(1))
    if ("container" in fields.found and "volume" not in fields.found
            and _IN_BOOK.search(text, 0, fields.found["container"][1] + 1)):
        fields.in_book = True  # German styles print "In:" before a journal too
    return authors, et_al


def _title_out_of_authors(text: str, labelled: list[Field]) -> list[tuple[str, int, int]]:
    """The labelled fields, with a short title the labeller read as more names given back to the title.

    "Smith J. Suicide. N Engl J Med..." reads to the labeller as three names when no title follows them; the
    author list ends where the name patterns say it does ("Smith J.") and what follows up to the end of the
    labelled names is the title.
    """
    runs = [(field.label, field.start, field.end) for field in labelled]
    authors = next((run for run in runs if run[0] == "author"), None)
    if authors is None or any(run[0] == "title" for run in runs):
        return runs
    head = _find_head(text, authors[2] + 1)
    if head is None or not 0 < head[0] < authors[2] or head[2] >= authors[2]:
        return runs
    last_name = _NAME_SEPARATOR.split(text[authors[1] : head[0]])[-1].strip(" .")
    if not _vancouver_name(_fold(last_name)):
        return runs  # only "Family IN. Title." hides a title: not "E.M. SILINSKY, Journal" (no title printed)
    title_start = head[2]
    while title_start < authors[2] and text[title_start] in " .,;:":
        title_start += 1
    if not _WORD_CHAR.search(text, title_start, authors[2]):
        return runs
    index = runs.index(authors)
    return [*runs[:index], ("author", authors[1], head[0]), ("title", title_start, authors[2]), *runs[index + 1 :]]


_WORD_CHAR = re.compile(r"\w")


def parse_reference(source: SourceText, start: int, end: int, *, index: int, key: str | None = None) -> Reference:
    """Parse the one reference printed at source.text[start:end]; spans are in file coordinates.

    The rules read it first; where they clearly fail (no year, or neither title nor container, as in
    titleless numbered styles they were not written for) the trained labeller's reading is taken
    instead, if it finds a year and a title or container."""
    ruled = parse_reference_by_rules(source, start, end, index=index, key=key)
    if _rules_read_it(ruled):
        return ruled
    labelled = parse_reference_labelled(source, start, end, index=index, key=key)
    return labelled if labelled.year and (labelled.title or labelled.container) else ruled


def parse_reference_by_rules(source: SourceText, start: int, end: int, *, index: int,
                             key: str | None = None) -> Reference:
    """The one reference printed at source.text[start:end] as the hand-written rules read it."""
    text = source.text[start:end]
    fields = _Fields(text)
    core_end = _read_tail(text, fields)
    authors, et_al = _read_body(text, core_end, fields)
    return _reference(source, start, end, index, key, fields, authors, et_al)


def _rules_read_it(reference: Reference) -> bool:
    """Whether the rules' reading has the parts nearly every reference has: a year, a title or container."""
    return bool(reference.year and (reference.title or reference.container))


def _spanner(source: SourceText, start: int, text: str) -> Callable[[int, int], Span]:
    """Local offsets to file spans; a one-line reference needs no line lookups beyond its start."""
    if "\n" in text or "\r" in text:
        return lambda a, b: source.span(start + a, start + b)
    line, column = source.position(start)
    return lambda a, b: Span(start + a, start + b, line, column + a, line, column + b)


def starts_with_authors(text: str) -> bool:
    """Whether the text opens with an author list or an organisation, as a reference does."""
    if _AUTHOR_OPENING.match(text):
        return True
    head = _find_head(text, len(text))
    return head is not None and head[0] > 0


def _read_tail(text: str, fields: _Fields) -> int:
    """DOI, URL and access notes; returns where the bibliographic part ends."""
    core_end = len(text)
    dois = list(_DOI.finditer(text))
    if dois:
        doi = dois[-1]  # the last: a notice's title may cite the DOI of the work it concerns
        doi_end = _trim_identifier(text, doi.start(), doi.start() + doi_length(doi.group()))
        fields.put("doi", doi.start(), doi_end, trim=" ")
        prefix = _DOI_PREFIX.search(text, max(0, doi.start() - 20), doi.start())
        core_end = prefix.start() if prefix else doi.start()
    for url in _URL.finditer(text):
        if "doi.org/" in url.group().lower():
            continue
        fields.put("url", url.start(), _trim_identifier(text, url.start(), url.end()), trim=" ")
        core_end = min(core_end, url.start())
        break
    lower = text.lower()
    marker = _TAIL_MARKER.search(text, 0, core_end) if any(hint in lower for hint in _TAIL_HINTS) else None
    while marker and marker.start() < 20:
        marker = _TAIL_MARKER.search(text, marker.end(), core_end)
    if marker:
        core_end = marker.start()
    while core_end > 0 and text[core_end - 1] in " \t\r\n([":
        core_end -= 1  # "205 (https://doi.org/...)": the bracket belongs to the identifier
    return core_end


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


def _read_body(text: str, end: int, fields: _Fields) -> tuple[list[_Located], bool]:
    """Authors, year, title and the container block of text[:end]."""
    lower = text.lower()
    status = _STATUS_WORD.search(text, 0, end) if any(hint in lower for hint in _STATUS_HINTS) else None
    if status:
        fields.put("status", status.start(1), status.end(1))
    head = _find_head(text, end)
    authors: list[_Located] = []
    et_al = False
    if head is not None:
        author_end, year_span, rest = head
        if author_end > 0:
            fields.put("authors", 0, author_end)
            authors, et_al = _split_authors(text, 0, author_end)
        if year_span:
            fields.put("year", *year_span)
    else:
        rest = 0
    _read_title_and_source(text, rest, end, fields)
    if fields.value("year") is None:
        after = fields.found["title"][2] if "title" in fields.found else rest
        taken = [(a, b) for name, (_, a, b) in fields.found.items() if name in ("volume", "pages", "issue")]
        for match in _YEAR_TOKEN.finditer(text, after, end):
            if not any(a <= match.start() < b for a, b in taken):
                fields.put("year", match.start(1), match.end(1))
                break
    return authors, et_al


def _find_head(text: str, end: int) -> tuple[int, tuple[int, int] | None, int] | None:
    """(end of the author list, the year's span, where the title starts), or None without authors."""
    window = min(end, 800)
    paren = _PAREN_YEAR.search(text, 0, window)
    if paren and _looks_like_authors(text[: paren.start()]):
        year = (paren.start("year"), paren.end("year")) if paren.group("year") else None
        return paren.start(), year, paren.end()
    bare = _BARE_YEAR.search(text, 0, window)
    if bare and _looks_like_authors(text[: bare.start() + 1]):
        year = (bare.start("year"), bare.end("year")) if bare.group("year") else None
        return bare.start() + 1, year, bare.end()
    colon = _LNCS_COLON.search(text, 0, window)
    if colon and "," in text[: colon.start()] and _looks_like_authors(text[: colon.start()]):
        return colon.start(), None, colon.end()  # Springer LNCS: "He, K., Sun, J.: Title"
    quote = _QUOTE_OPEN.search(text, 0, window)
    if quote and _looks_like_authors(text[: quote.start()]):
        return quote.start(), None, quote.start()
    scanned = _scan_author_end(text, window)
    if scanned and _looks_like_authors(text[:scanned]):
        return scanned, None, scanned
    comma = text.find(", ", 0, window)
    if comma > 0 and _ORGANISATION_WORDS.search(text, 0, comma) and _looks_like_authors(text[:comma]):
        return comma, None, comma  # IEEE, AIP: "Royal College of Psychiatrists, Title..."
    return None


def _scan_author_end(text: str, limit: int) -> int | None:
    """End of an author list that no year or quote marks: the first full stop no initial explains."""
    listed = _FULL_NAME_LIST.match(text, 0, limit)
    if listed and (listed.group("more") or _ends_one_name(text, listed)):
        return listed.start("end")  # Steve G. Gillard, Christine Edwards, and Christine Wright. Title...
    if _GIVEN_FIRST_START.match(text):
        # N. Jacobson, L. M. van der Berg, and C. Dewa, Title...
        for separator in _SEPARATOR.finditer(text, 0, limit):
            at = separator.start()
            if separator.group()[0] == "." and _INITIAL_BEFORE.search(text, max(0, at - 3), at):
                continue  # the dot of an initial
            if separator.group()[0] == "," and _NEXT_NAME.match(text, separator.end()):
                continue
            return separator.start()
        return None
    et_al = _ET_AL_END.search(text, 0, limit)
    for stop in _FULL_STOP.finditer(text, 0, limit):
        if et_al and et_al.start() < stop.start():
            return et_al.end()
        if _ET_AL_BEFORE.search(text, max(0, stop.start() - 3), stop.start()):
            return stop.end()
        if _AND_NEXT.match(text, stop.end()) or _AND_INITIALS.search(text, max(0, stop.start() - 30), stop.start()):
            continue  # "and D. Weil": a given-first name after "and"
        if _ET_AL_NEXT.match(text, stop.end()):
            continue  # Nature's "Smith, J. et al. Title": the list ends after "et al."
        # More initials continue the name, unless a dotted word follows them ("C. J. Am. Chem. Soc.").
        initials = _MORE_INITIALS.match(text, stop.end(), min(limit, stop.end() + 40))
        if initials and not _DOTTED_WORD.match(text, initials.end()):
            continue
        return stop.end()
    return None


def _ends_one_name(text: str, listed: re.Match[str]) -> bool:
    """Whether a lone given-first name is the whole author list, not the start of a longer one."""
    if listed.group("end") == ",":  # "Balfour Hepher, Nutrition of Pond Fishes", not "N. Smith, K. Jones, ..."
        following = listed.end()  # nor "St John, H.; ..." or "Le Roux, Anne, ...": a family name, then given names
        return not (_FULL_NAME_LIST.match(text, following) or _NEXT_NAME.match(text, following)
                    or _GIVEN_AFTER_FAMILY.match(text, following))
    # With an initial it may be Vancouver's "Family I. Title." instead: "Oros J. Gout."
    return ". " not in text[: listed.start("end")]


def _looks_like_authors(block: str) -> bool:
    """A name list or one organisation: no digits or quotes, every piece shaped like a name."""
    block = block.strip().rstrip(".,;: ")
    editors = _EDITORS_SUFFIX.search(block, max(0, len(block) - 16))
    if editors:
        block = block[: editors.start()]
    et_al = _ET_AL.search(block, max(0, len(block) - 20))
    if et_al:
        block = block[: et_al.start()]
    if not block or len(block) > 600 or _NOT_IN_NAMES.search(block):
        return False
    if "," not in block and ";" not in block and ". " not in block and _is_organisation(block):
        return True
    return all(_is_name_piece(p) for p in _NAME_SPLIT.split(block) if p)


def _is_name_piece(piece: str) -> bool:
    words = piece.replace(".", ". ").split()
    if len(words) > 6:
        return False
    for word in words:
        bare = word.strip(".'\u2019-")
        if not bare or bare.lower() in _PARTICLES or (len(bare) == 1 and (word[-1] == "." or word[0] == "-")):
            continue  # a particle, or a lower-case initial: "Bae, J.-s.", "Akram, Q. u. A."
        if word.endswith(".") and len(bare) >= 3 and bare not in ("Jr", "Sr", "Ste"):
            return False  # a dotted abbreviation such as "Chem." is a journal, not a name
        if not (bare[0].isupper() or bare[0] in "'\u2019"):
            return False
    return True


def _split_authors(text: str, start: int, end: int) -> tuple[list[_Located], bool]:
    block_end = end
    while block_end > start and text[block_end - 1] in " \t\r\n.,;:":
        block_end -= 1
    editors = _EDITORS_SUFFIX.search(text, max(start, block_end - 16), min(len(text), block_end + 1))
    if editors:
        block_end = editors.start()
    et_al = _ET_AL.search(text, max(start, block_end - 20), min(len(text), block_end + 1))
    if et_al:
        block_end = et_al.start()
    block = _fold(text[start:block_end])  # folded: the name patterns assume single spaces
    if "," not in block and ";" not in block and _is_organisation(block):
        a, b = _trim(text, start, block_end)
        return [(Author(organisation=_fold(text[a:b])), a, b)], bool(et_al)
    stretches = _between(_NAME_SEPARATOR, text, start, block_end)
    pieces: list[tuple[int, int]] = []
    for a, b in (_trim(text, *stretch) for stretch in stretches):
        if pieces and _SUFFIX_PIECE.fullmatch(text[a:b]):
            pieces[-1] = (pieces[-1][0], b)  # "King, Jr.", "King, M. L., Jr.": part of the name before
        elif b > a:
            pieces.append((a, b))
    second = text[pieces[1][0] : pieces[1][1]].strip() if len(pieces) > 1 else ""
    # A one-word given name after the first comma inverts even a two-word family name: "Ní Bhriain, Émilie".
    inverted = bool(second) and (
        _is_initials(second)
        or (_is_given(second) and (" " not in second or not _person_shape(_fold(text[pieces[0][0] : pieces[0][1]]))))
    )
    authors: list[_Located] = []
    index = 0
    while index < len(pieces):
        a, b = pieces[index]
        piece = _fold(text[a:b])
        if inverted and index + 1 < len(pieces) and _pairs_with_next(text, pieces, index):
            c, d = pieces[index + 1]
            authors.append((Author(family=piece, given=_fold(text[c:d])), a, d))
            index += 2
            continue
        person = _person_shape(piece)
        if person and len(pieces) == 1 and _english_words(piece):
            person = None  # "Public Health England" alone is a body, not a person
        if person:
            authors.append((Author(family=person[0], given=person[1]), a, b))
        elif _is_organisation(piece):
            authors.append((Author(organisation=piece), a, b))
        else:
            authors.append((Author(family=piece), a, b))
        index += 1
    return authors, bool(et_al)


def _pairs_with_next(text: str, pieces: list[tuple[int, int]], index: int) -> bool:
    """Whether the next piece is this family name's given name ("Smith, John").

    Chicago and MLA invert only the first author: "Smith, John, Karen Jones, and ..."
    """
    following = text[pieces[index + 1][0] : pieces[index + 1][1]]
    if not _is_given(following):
        return False
    return index == 0 or _is_initials(following) or not _FULL_NAME.fullmatch(_fold(text[slice(*pieces[index])]))


def _is_organisation(piece: str) -> bool:
    """ "Department of Health", "NHS England", "World Health Organization": capitalised words and connectors."""
    words = piece.split()
    if not all(word[0].isupper() or word in _ORGANISATION_CONNECTORS or not word[0].isalpha() for word in words):
        return False
    if _ORGANISATION_WORDS.search(piece):
        return True
    if _INITIAL_DOT.search(piece) or _vancouver_name(piece):
        return False  # initials: people
    if _ACRONYM.search(piece) or _CONNECTOR.search(piece):
        return True
    return len(words) > 3 and not all(
        _vancouver_name(person) or _FULL_NAME.fullmatch(person) for person in _AND.split(piece)
    )


def _between(separator: re.Pattern[str], text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The stretches of text[start:end] between the separator's matches."""
    stretches = []
    for match in separator.finditer(text, start, end):
        stretches.append((start, match.start()))
        start = match.end()
    stretches.append((start, end))
    return stretches


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """A name's stretch without surrounding spaces and punctuation."""
    while start < end and text[start] in " \t\r\n.,;":
        start += 1
    while end > start and text[end - 1] in " \t\r\n,;":
        end -= 1
    return start, end


def _person_shape(piece: str) -> tuple[str, str] | None:
    """(family, given) for "Family IN" (Vancouver), "I. N. Family" (IEEE) or "Given Family" pieces."""
    vancouver = _vancouver_name(piece)
    if vancouver:
        return vancouver.group(1), vancouver.group(2)
    initials_first = _INITIALS_FIRST.fullmatch(piece)
    if initials_first and _is_name_piece(initials_first.group(2)):
        return initials_first.group(2), initials_first.group(1).strip()
    full_name = _FULL_NAME.fullmatch(piece)
    if full_name:
        return full_name.group(2), full_name.group(1)
    return None


def _english_words(piece: str) -> bool:
    """Whether a name of three or more words is all common English words, as a body's name is."""
    words = piece.split()
    if len(words) < 3:
        return False
    from citelint.fields.words import is_common

    return all(
        word.isalpha() and word[1:].islower() and word.lower() not in _PARTICLES and is_common(word) for word in words
    )


def _vancouver_name(piece: str) -> re.Match[str] | None:
    """ "Family IN": a family name with lower-case letters, then up to four capitals.

    A family name in capitals ("COBERN W") counts when it is one long word before one or two initials, which an
    acronym of a body ("NHS", "UK MRC") seldom is.
    """
    found = _VANCOUVER_NAME.fullmatch(piece)
    if not found:
        return None
    family = found.group(1)
    if _HAS_LOWER.search(family):
        return found
    return found if len(family) >= 4 and family.isalpha() and len(found.group(2)) <= 2 else None


def _is_initials(piece: str) -> bool:
    return bool(_INITIALS.fullmatch(piece.strip()))


def _is_given(piece: str) -> bool:
    piece = _TRAILING_SUFFIX.sub("", piece.strip())
    return _is_initials(piece) or bool(_GIVEN_NAME.fullmatch(piece))


def _read_title_and_source(text: str, start: int, end: int, fields: _Fields) -> None:
    while start < end and text[start] in " \t\r\n.,:;":
        start += 1
    if start >= end:
        return
    source_start = start
    if text[start] in _CLOSERS:
        close = _closing_quote(text, start, end)
        if close is not None:
            fields.put("title", start + 1, close, trim=" \t\r\n.,;:")
            source_start = close + 1
    details = _find_details(text, source_start, end)
    details_start = details.start if details else end
    chapter = _IN_BOOK.search(text, max(start, source_start - 2), details_start)
    if chapter:
        if "title" not in fields.found:
            fields.put("title", start, chapter.start() + 1, trim=" \t\r\n.,;:\u201d\"")
        if details and "volume" in details.parts:  # German styles print "In:" before a journal too
            _put_container(text, chapter.end(), details_start, fields, journal=True)
        else:
            fields.in_book = True
            _read_book_title(text, chapter.end(), details_start, fields)
        if details:
            _put_details(details, fields)
        else:
            _read_book_source(text, fields.found.get("container", (0, 0, chapter.end()))[2], end, fields)
        return
    if details is None and _read_bare_container(text, start, source_start, end, fields):
        return
    if "title" not in fields.found:
        limit = details_start
        title_end = _title_end(text, start, limit, container_follows=bool(details))
        if title_end is not None:
            edition = _EDITION_IN_TITLE.search(text, start, title_end)
            if edition:
                fields.put("edition", edition.start(1), edition.end(1))
            fields.put("title", start, edition.start() if edition else title_end, trim=" \t\r\n.,;:")
            source_start = title_end + 1
    if details:
        _put_container(text, source_start, details_start, fields, journal="volume" in details.parts)
        _put_details(details, fields)
    else:
        _read_book_source(text, source_start, end, fields)


# Two abbreviated words just before a stop: the stop is inside an abbreviated name, not after a title.
_ABBREVIATED_BEFORE = re.compile(r"(?<![\w.])[A-Z][a-z]{0,7}\.\s+[A-Z][a-z]{0,7}\.\s*\Z")


_VOLUME_INSIDE = re.compile(r",\s*\d+\s*\(")


def _read_bare_container(text: str, start: int, source_start: int, end: int, fields: _Fields) -> bool:
    """A journal or meeting printed after the title with no volume or pages; returns whether one was read.

    Vancouver prints a preprint or an article online first as "Title. bioRxiv 2016.": a year after a space
    alone, which no publisher has ("Penguin; 2016"). Without that year, only a container that names itself a
    journal or a meeting ("Title. 2018 IEEE Conference on X (CVPR).") or has a page range ("AFRICON 2009, 1-6.")
    is taken, as APA prints a publisher alike.
    """
    stop = end
    while stop > source_start and text[stop - 1] in " \t\r\n.,;":
        stop -= 1
    container_end, year, spaced = stop, None, False
    bracketed = text[stop - 1 : stop] == ")"  # AIP: "Journal, (2009)"
    year_start = stop - 4 - bracketed
    before = year_start - bracketed  # where the year and its bracket start
    if (stop - source_start > 6 and _YEAR_ONLY.fullmatch(text, year_start, year_start + 4)
            and text[before - 1] in " \t\r\n,;:" and (not bracketed or text[before] == "(")):
        year, container_end = (year_start, year_start + 4), before
        spaced = True
        while container_end > source_start and text[container_end - 1] in " \t\r\n,;:":
            container_end -= 1
            spaced = spaced and text[container_end] in " \t\r\n"
    pages = _CONTAINER_PAGES.search(text, max(source_start, container_end - 40), container_end) if not year else None
    if pages:
        container_end = pages.start()
    if "title" in fields.found:
        container_start = source_start
    else:
        title_end = _title_end(text, start, container_end, container_follows=True)
        if title_end is None or _JOURNAL_WORDS.search(text, _last_sentence(text, start, title_end), title_end):
            return False  # the container runs on over a stop: "Workshops, 2003. Proceedings."
        container_start = title_end + 1
        if _ABBREVIATED_BEFORE.search(text, max(start, container_start - 40), container_start):
            return False  # the stop is inside an abbreviated journal ("Inf. Process. Manag. (2012)")
    container = text[container_start:container_end]
    if (not container.strip(" \t\r\n.,;:") or _PUBLISHER_WORDS.search(container) or "[" in container
            or _VOLUME_INSIDE.search(container)):
        return False  # a publisher, or details the other readings could not place ("36(4-5), i-ii")
    if not (spaced or pages or _JOURNAL_WORDS.search(container)):
        return False
    if "title" not in fields.found:
        fields.put("title", start, container_start - 1 + (text[container_start - 1] != "."))
    fields.put("container", container_start, container_end)
    if year:
        fields.put("year", *year)
    if pages:
        fields.put("pages", pages.start("pages"), pages.end("pages"))
    return True


def _last_sentence(text: str, start: int, end: int) -> int:
    """Where the last sentence of text[start:end] starts."""
    stops = [m.end() for m in _SENTENCE_STOP.finditer(text, start, end)]
    return stops[-1] if stops else start


def _put_details(details: _Details, fields: _Fields) -> None:
    for name, (start, end) in details.parts.items():
        fields.put(name, start, end)
    _move_article_number(fields)


def _read_book_title(text: str, start: int, end: int, fields: _Fields) -> None:
    """The book a chapter is in: after "In" and any editors, up to the first comma, bracket or stop."""
    editors = _EDITORS.search(text, start, min(end, start + 250))
    if editors and _looks_like_authors(text[start : editors.start()]):
        start = editors.end()
    _put_container(text, start, end, fields, journal=False)


def _closing_quote(text: str, start: int, end: int) -> int | None:
    closer = _CLOSERS[text[start]]
    if closer in "\u2019'":  # also an apostrophe: the closing one is followed by punctuation, else a space
        found = _CLOSING_SINGLE_QUOTE.search(text, start + 1, end) or _SINGLE_QUOTE_SPACE.search(text, start + 1, end)
        return found.start() if found else None
    index = text.find(closer, start + 1, end)
    return index if index >= 0 else None


@dataclass(frozen=True)
class _Details:
    """Where the volume/issue/pages block starts, and the span of each part found in it."""

    start: int
    parts: dict[str, tuple[int, int]]


def _find_details(text: str, start: int, end: int) -> _Details | None:
    shaped = None
    for candidate in _DETAILS_CAN_START.finditer(text, start, end):
        shaped = _DETAILS.match(text, candidate.start(), end)
        if shaped:
            break
    labels: dict[str, tuple[int, int]] = {}
    first_label = None
    labelled = _LABELLED.finditer(text, start, end) if _LABEL_CUE.search(text, start, end) else ()
    for label in labelled:
        if first_label is None and shaped and label.start() >= shaped.start():
            break
        first_label = label.start() if first_label is None else first_label
        for name, value in label.groupdict().items():
            if value is not None:
                labels.setdefault(name.split("__")[0], label.span(name))
    if first_label is not None and set(labels) != {"issue"}:  # a lone "No. 123" numbers a report
        return _Details(first_label, labels)
    if shaped is None:
        return None
    parts = {}
    for name, value in shaped.groupdict().items():
        if value is not None:
            parts["pages" if name.startswith("bare") else name.split("__")[0]] = shaped.span(name)
    volume = parts.get("volume")
    if volume and "year" not in parts and "issue" not in parts and _YEAR_ONLY.fullmatch(text[slice(*volume)]):
        parts["year"] = parts.pop("volume")  # "Elsevier, 2019, pp. 1-9": a year, not a volume
    return _Details(shaped.start(), parts)


def _title_end(text: str, start: int, limit: int, *, container_follows: bool) -> int | None:
    """Where an unquoted title ends: the last sentence stop before the container (or the first, for books)."""
    stops = [m.start() for m in _SENTENCE_STOP.finditer(text, start + 1, limit)]
    stops = [s for s in stops if (text[s] != "." or not _is_abbreviation(text, start, s))
             and text[s + 1 : limit].strip(" \t\r\n.,;:")]
    if not container_follows:
        # A book: its title ends at the first full stop, semicolon or bracketed imprint ("(Wiley, 2001)").
        ends = [s for s in stops if text[s] == "."]
        other = _BOOK_TITLE_END.search(text, start, limit)
        if other:
            ends.append(other.start())
        if ends:
            return min(ends)
        return stops[0] + 1 if stops else (limit if limit > start else None)
    if not stops:
        return None
    last = stops[-1]
    return last + (text[last] != ".")


def _is_abbreviation(text: str, start: int, stop: int) -> bool:
    """Whether the full stop at `stop` ends an abbreviation ("J.", "Psychiatr.", "vs.") rather than a sentence."""
    word = _LAST_WORD.search(text, max(start, stop - 30), stop)
    if not word:
        return False
    token = word.group(1)
    if token.lower() in _LOWER_CASE_ABBREVIATIONS:
        return True
    if len(token) == 1:
        return token.isupper()
    if not token[0].isupper() or token.isupper() or (len(token) > 3 and token[:-1].isupper()):
        return False  # "BMJ.", "POMDPs.": an acronym, in the plural too
    if len(token) > 5 and token.endswith("ing"):
        return False  # "Dehazing.": abbreviations cut a word short of its ending
    if _rare_word(token.lower(), len(token)):
        return True
    # A common word inside a run of abbreviations is one too: "J. Affect. Disord."
    previous = _PREVIOUS_ABBREVIATION.search(text, max(start, word.start() - 12), word.start())
    if previous is None:
        return False
    before = previous.group(1)
    return len(before) == 1 or _rare_word(before.lower(), len(before))


@lru_cache(maxsize=4096)
def _rare_word(word: str, length: int) -> bool:
    """Whether a capitalised word before a full stop is a journal-title abbreviation (ISO 4 style)."""
    if length <= 2 or word in _COMMON_ABBREVIATIONS:
        return True
    if length > 10 or word[-1] in "aeouy":
        return False
    from citelint.fields.words import is_common

    return not is_common(word)


def _put_container(text: str, start: int, end: int, fields: _Fields, *, journal: bool) -> None:
    """The container between the title and the details, without a publisher or editors printed after it."""
    while start < end and text[start] in " \t\r\n.,;:":
        start += 1
    stop = _container_stop(text, start, end, journal=journal)
    fields.put("container", start, stop if stop is not None else end)


def _container_stop(text: str, start: int, end: int, *, journal: bool) -> int | None:
    pattern = _CONTAINER_STOP if journal else _BOOK_STOP
    for stop in pattern.finditer(text, start, end):
        if stop.group().startswith(".") and _is_abbreviation(text, start, stop.start()):
            continue
        return stop.start()
    return None


def _move_article_number(fields: _Fields) -> None:
    pages = fields.found.get("pages")
    if pages and _E_NUMBER.fullmatch(pages[0]):
        del fields.found["pages"]
        fields.found.setdefault("article_number", pages)


def _read_book_source(text: str, start: int, end: int, fields: _Fields) -> None:
    """Edition, place: publisher and year of a book or report."""
    edition = _EDITION.search(text, start, end)
    if edition:
        fields.put("edition", edition.start(1), edition.end(1))
        start = max(start, edition.end())
    while start < end and text[start] in " \t\r\n.,;:()":
        start += 1
    segment_end = end
    year = _YEAR_TOKEN.search(text, start, end)
    if year:
        segment_end = year.start()
    segment = text[start:segment_end]
    if not segment.strip():
        return
    colon = segment.find(": ")
    if colon >= 0:
        start += colon + 2
        segment = segment[colon + 2 :]
    publisher_end = start + len(segment)
    cut = _LAST_COMMA.search(segment.rstrip(" ,;.("))
    if cut and year:
        publisher_end = start + cut.start()
    in_journal = fields.value("status") or _EPUB.search(fields.text)
    if in_journal and not _PUBLISHER_WORDS.search(segment):
        fields.put("container", start, publisher_end, trim=" \t\r\n.,;:()")
    else:
        fields.put("publisher", start, publisher_end, trim=" \t\r\n.,;:()")


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
        return "book"
    if fields.value("url") and not container:
        return "web"
    return None
