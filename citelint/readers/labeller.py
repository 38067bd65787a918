"""A printed reference -> labelled fields, by a conditional random field over its tokens.

The string is cut into tokens (a DOI or URL is one token; otherwise a run of letters and digits, or one
other character), each token is described by features of the kind GROBID and AnyStyle use (the word, its
shape, word lists, punctuation and neighbours, where it stands in the string), and a linear-chain CRF
(python-crfsuite) trained on labelled references (``scripts/train_refparser.py``) gives every token a
label. Runs of one label are the fields, each with its span in the string; punctuation and label words
("pp.", "vol.") at a run's edges are left out.

The model ships gzipped in ``citelint/data/refparser.crfsuite.gz`` and is read on first use.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import TYPE_CHECKING, NamedTuple

from citelint.fields.patterns import DOI_PREFIX

if TYPE_CHECKING:
    import pycrfsuite  # type: ignore[import-untyped]

LABELS = ("author", "editor", "title", "container", "volume", "issue", "pages", "year", "publisher", "place",
          "edition", "doi", "url", "note", "number", "other")
MODEL = "data/refparser.crfsuite.gz"

# Markup left in the text ("*very*", "_Nature_", "~") is no token: the labeller sees the words around it, and
# a run that spans it keeps it in its span.
_TOKEN = re.compile(  # no groups: findall gives the tokens themselves
    rf"{DOI_PREFIX}[^\s\"<>]+|(?:https?://|www\.)[^\s<>\"]+|[^\W_]+|[^\s*_~^]",
    re.IGNORECASE,
)
_SHAPE = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
    "XXXXXXXXXXXXXXXXXXXXXXXXXXxxxxxxxxxxxxxxxxxxxxxxxxxxdddddddddd",
)
_RUNS = re.compile(r"(.)\1{2,}")
_ROMAN = re.compile(r"(?i)m{0,3}(?:c[md]|d?c{0,3})(?:x[cl]|l?x{0,3})(?:i[xv]|v?i{0,3})")
_QUOTES_OPEN = frozenset("\u201c\u2018\u00ab\u201e\"")
_QUOTES_CLOSE = frozenset("\u201d\u2019\u00bb\"")
_DASHES = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2212")

_MONTHS = frozenset((
    "jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june", "jul", "july", "aug",
    "august", "sep", "sept", "september", "oct", "october", "nov", "november", "dec", "december", "spring",
    "summer", "autumn", "fall", "winter", "januar", "februar", "märz", "mai", "juni", "juli", "oktober",
    "dezember", "janvier", "février", "mars", "avril", "juin", "juillet", "août", "septembre", "octobre",
    "novembre", "décembre", "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
))
# Words of journal and series names, whole or abbreviated (ISO 4 / NLM).
_JOURNAL_WORDS = frozenset((
    "journal", "j", "proceedings", "proc", "conference", "conf", "symposium", "symp", "workshop", "congress",
    "transactions", "trans", "letters", "lett", "annals", "ann", "bulletin", "bull", "magazine", "mag",
    "quarterly", "q", "reports", "rep", "review", "rev", "reviews", "acta", "archives", "arch", "research", "res",
    "science", "sci", "sciences", "physics", "phys", "chemistry", "chem", "medicine", "med", "soc", "society",
    "am", "int", "international", "nat", "natl", "eur", "european", "acad", "academy", "clin", "biol", "appl",
    "applied", "comput", "ieee", "acm", "lecture", "notes", "lect", "commun", "communications", "opt", "math",
    "mathematical", "theor", "ser", "series", "zeitschrift", "z", "revista", "rev", "nucl", "astrophys", "mol",
    "biochem", "psychol", "psychiatry", "neurosci", "surg", "ecol", "geophys", "mater", "eng", "engineering",
))
_PLACES = frozenset((
    "london", "new", "york", "oxford", "cambridge", "berlin", "paris", "boston", "amsterdam", "heidelberg",
    "chicago", "princeton", "washington", "dc", "ny", "ma", "ca", "uk", "usa", "tokyo", "leipzig", "munich",
    "münchen", "wien", "vienna", "stuttgart", "basel", "zurich", "zürich", "madrid", "barcelona", "milano",
    "milan", "roma", "rome", "moscow", "moskva", "beijing", "singapore", "sydney", "toronto", "philadelphia",
    "baltimore", "hoboken", "dordrecht", "cham", "berkeley", "stanford", "ithaca", "edinburgh", "leiden",
    "göttingen", "frankfurt", "hamburg", "bonn", "lyon", "mexico", "buenos", "aires", "rio", "janeiro", "são",
    "paulo", "lisboa", "lisbon", "warszawa", "warsaw", "praha", "prague", "budapest", "oslo", "stockholm",
    "copenhagen", "helsinki", "geneva", "genève", "bristol", "manchester", "thousand", "oaks", "westport",
))
_PUBLISHER_WORDS = frozenset((
    "press", "publishers", "publishing", "publ", "verlag", "books", "wiley", "springer", "elsevier", "routledge",
    "sage", "university", "univ", "inc", "ltd", "co", "company", "editions", "éditions", "editorial", "gmbh",
    "academic", "pergamon", "blackwell", "macmillan", "mcgraw", "hill", "prentice", "hall", "norton", "penguin",
    "harper", "mit", "crc", "kluwer", "dekker", "birkhäuser", "gruyter", "plenum", "addison", "wesley",
))
_EDITION_WORDS = frozenset(("ed", "edn", "edition", "aufl", "auflage", "éd", "édition", "rev", "revised"))
_EDITOR_WORDS = frozenset(("eds", "ed", "editor", "editors", "edited", "hrsg", "dir", "coord", "trans", "transl"))
_PAGES_WORDS = frozenset(("pp", "p", "pages", "page", "s", "pgs", "seiten"))
_VOLUME_WORDS = frozenset(("vol", "volume", "vols", "bd", "band", "t", "tome", "v"))
_ISSUE_WORDS = frozenset(("no", "nr", "issue", "iss", "n", "heft", "num", "suppl", "supplement"))
_SERIAL_WORDS = frozenset(("in", "et", "al", "and", "und", "&", "et.", "eds", "others", "doi", "available",
                           "retrieved", "accessed", "arxiv", "preprint", "thesis", "phd", "dissertation",
                           "report", "tech", "technical", "article", "art", "paper", "press", "online"))


class Token(NamedTuple):
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Field:
    label: str
    start: int  # offsets into the labelled string
    end: int


def tokenize(text: str) -> list[Token]:
    return [Token(match.group(), *match.span()) for match in _TOKEN.finditer(text)]


@cache
def _journal_abbreviations() -> frozenset[str]:
    """The words of the journal names citelint knows (AASTeX's and IEEEabrv's abbreviated titles)."""
    from citelint.fields.journal_macros import AASTEX, IEEE_ABRV
    from citelint.fields.journals import STOP_WORDS

    words = {word.lower() for name in (*AASTEX.values(), *IEEE_ABRV.values()) for word in re.findall(r"[^\W\d_]{2,}", name)}
    return frozenset(words - STOP_WORDS) | _JOURNAL_WORDS


@cache
def _common_ranks() -> dict[str, int]:
    """English words by frequency rank (the bundled word list): title words are common, names seldom are."""
    from citelint.fields.words import word_list

    return word_list().common_rank


def _frequency(lower: str) -> str:
    rank = _common_ranks().get(lower)
    return "f=none" if rank is None else "f=top500" if rank < 500 else "f=top5k" if rank < 5000 else "f=common"


def _word_features(token: str) -> tuple[str, ...]:
    """What a token says by itself, whatever stands around it."""
    lower = token.lower()
    if len(token) > 7 and token[:3] == "10." and "/" in token:
        return ("k=doi",)
    if "://" in token or lower.startswith("www."):
        return ("k=url",)
    shape = _RUNS.sub(r"\1\1", token.translate(_SHAPE))
    features = [f"w={lower}", f"s={shape}", f"n={min(len(token), 9)}"]
    if token.isalpha():
        if len(token) > 3:
            features.append(f"p={lower[:3]}")
            features.append(f"x={lower[-3:]}")
        if token[0].isupper():
            features.append("cap" if len(token) == 1 or token[1:].islower() else "caps" if token.isupper() else "mixed")
        else:
            features.append("lower")
        if len(token) == 1 and token.isupper():
            features.append("initial")
        if _ROMAN.fullmatch(token) and len(token) <= 6:
            features.append("roman")
        if len(token) > 1:
            features.append(_frequency(lower))
        if lower in _journal_abbreviations():
            features.append("jabbr")
    elif token.isdigit():
        features.append("digits")
        if len(token) == 4 and "1500" <= token <= "2039":
            features.append("year")
        if len(token) < 4:
            features.append("small")
    elif any(c.isdigit() for c in token) and any(c.isalpha() for c in token):
        features.append("alnum")
        if lower[0] in "es" and lower[1:].isdigit():
            features.append("enumber")
        if lower[:-1].isdigit() and lower[-1] in "abcdef" and len(lower) == 5:
            features.append("yearsuffix")
    else:
        features.append("punct")
        if token in _DASHES:
            features.append("dash")
        if token in _QUOTES_OPEN or token in _QUOTES_CLOSE:
            features.append("quote")
    for name, words in (("month", _MONTHS), ("jword", _JOURNAL_WORDS), ("place", _PLACES), ("pub", _PUBLISHER_WORDS),
                        ("edn", _EDITION_WORDS), ("editor", _EDITOR_WORDS), ("pagesw", _PAGES_WORDS),
                        ("volw", _VOLUME_WORDS), ("issw", _ISSUE_WORDS), ("serial", _SERIAL_WORDS)):
        if lower in words:
            features.append(name)
    return tuple(features)


_NEIGHBOUR_KINDS = ("w=", "s=", "k=")  # a neighbour's word, shape and kind; flags without a "=" too


def _neighbour(features: tuple[str, ...], offset: str) -> tuple[str, ...]:
    kept = [f for f in features if f[:2] in _NEIGHBOUR_KINDS or "=" not in f]
    return tuple(f"{offset}{feature}" for feature in (kept[:2] if offset in ("-2", "+2") else kept))


# Features are handed to crfsuite as UTF-8 bytes, encoded once per word and context: python-crfsuite encodes
# every str feature of every token on every call, a fifth of the tagging time.
Features = tuple[bytes, ...]
_CACHE: dict[str, tuple[Features, ...]] = {}
_NO_TOKEN: tuple[Features, ...] = ((),) * 5


def _encoded(features: tuple[str, ...]) -> Features:
    return tuple(feature.encode() for feature in features)


def _token_features(word: str) -> tuple[Features, ...]:
    """A word's own features, and as seen from the tokens one and two before and after it."""
    found = _CACHE.get(word)
    if found is None:
        own = _word_features(word)
        found = tuple(_encoded(part) for part in (
            own, _neighbour(own, "-1"), _neighbour(own, "+1"), _neighbour(own, "-2"), _neighbour(own, "+2")))
        if len(_CACHE) < 200_000:
            _CACHE[word] = found
    return found


@cache
def _context(position: int, stops: int, commas: int, edge: int, last: bool, quoted: bool, bracketed: bool,
             year_seen: bool, quote_closed: bool, in_seen: bool, glued_next: bool) -> Features:
    """Where a token stands: tenth of the string, stops and commas before it, inside quotes or brackets,
    after the year, after a closed quotation, after "In"."""
    context = [f"pos={position}", f"stops={stops}", f"commas={commas}"]
    if edge:
        context.append(("first", "glued")[edge - 1])
    for name, present in (("last", last), ("inquote", quoted), ("inparen", bracketed), ("afteryear", year_seen),
                          ("afterquote", quote_closed), ("afterin", in_seen), ("gluednext", glued_next)):
        if present:
            context.append(name)
    return _encoded(tuple(context))


_YEAR_IN_BRACKETS = re.compile(r"[(\[](?:1[5-9]|20)\d\d[a-z]?[)\]]")
_QUOTE_CHARACTERS = re.compile("[\u201c\u201d\u00ab\u00bb\u201e\"]")


@cache
def _line(quotes: bool, year_in_brackets: bool, size: int, numbered_start: bool) -> Features:
    """What the whole reference shows, given to each token: whether it quotes a title, puts the year in
    brackets (author-date), how many tokens it has, whether it opens with digits (a number-first style)."""
    return _encoded((f"L=size{size}",) + tuple(name for name, present in (
        ("L=quotes", quotes), ("L=yearparen", year_in_brackets), ("L=digitstart", numbered_start)) if present))


def features(text: str, tokens: list[Token]) -> list[Features]:
    """One feature list per token: its own, its neighbours' (two each side) and where it stands."""
    count = len(tokens)
    words = [token.text for token in tokens]
    # two empty descriptions padded at each end: the first and last tokens have fewer neighbours
    described = [_NO_TOKEN, _NO_TOKEN, *(_token_features(word) for word in words), _NO_TOKEN, _NO_TOKEN]
    glued = [False, *(tokens[index - 1].end == tokens[index].start for index in range(1, count)), False]
    line = _line(_QUOTE_CHARACTERS.search(text) is not None, _YEAR_IN_BRACKETS.search(text) is not None,
                 min(count // 10, 6), words[0].isdigit())
    rows: list[Features] = []
    quoted = quote_closed = in_seen = year_seen = False
    depth = stops = commas = 0
    for index, word in enumerate(words):
        edge = 1 if index == 0 else 2 if glued[index] else 0
        row = (described[index + 2][0] + line + _context(
            index * 10 // count, min(stops, 6), min(commas, 6), edge, index == count - 1, quoted, depth > 0,
            year_seen, quote_closed, in_seen, glued[index + 1])
            + described[index + 1][1] + described[index][3] + described[index + 3][2] + described[index + 4][4])
        rows.append(row)
        if word in _QUOTES_OPEN and not (quoted and word in _QUOTES_CLOSE):
            quoted = True
        elif word in _QUOTES_CLOSE:
            quoted = False
            quote_closed = True
        elif word in "([":
            depth += 1
        elif word in ")]":
            depth = max(0, depth - 1)
        elif word == "." and index + 1 < count and tokens[index + 1].start > tokens[index].end and (
            index == 0 or len(words[index - 1]) > 1
        ):
            stops += 1
        elif word == ",":
            commas += 1
        elif len(word) == 4 and word.isdigit() and "1500" <= word <= "2039":
            year_seen = True
        elif word in ("In", "in") and index + 1 < count and words[index + 1] in (":", ".") or word == "In":
            in_seen = True
    return rows


@lru_cache(maxsize=1)
def _tagger() -> pycrfsuite.Tagger:
    import pycrfsuite  # type: ignore[import-untyped]

    tagger = pycrfsuite.Tagger()
    _MODEL_BYTES.append(gzip.decompress(resources.files("citelint").joinpath(MODEL).read_bytes()))
    tagger.open_inmemory(_MODEL_BYTES[-1])
    return tagger


_MODEL_BYTES: list[bytes] = []  # crfsuite reads the model in place: the bytes must outlive the tagger


def tag(text: str, tokens: list[Token]) -> list[str]:
    """The label of each token."""
    if not tokens:
        return []
    return list(_tagger().tag(features(text, tokens)))


_EDGE_WORDS = {  # label words left out of a field ("Suppl." stays: it is part of the issue)
    "volume": _VOLUME_WORDS,
    "issue": _ISSUE_WORDS - {"suppl", "supplement"},
    "pages": _PAGES_WORDS,
    "edition": frozenset(),
    "doi": frozenset(("doi",)),
}


def runs(text: str, tokens: list[Token], labels: list[str]) -> list[Field]:
    """Runs of one label as fields, without punctuation or label words ("pp.", "vol.") at their edges."""
    return [Field(label, tokens[first].start, tokens[last].end) for label, first, last in _trimmed_runs(tokens, labels)]


def _trimmed_runs(tokens: list[Token], labels: list[str]) -> list[tuple[str, int, int]]:
    """(label, first token, last token) of each run of one label, its edges trimmed."""
    found = []
    index = 0
    while index < len(tokens):
        label = labels[index]
        last = index
        while last + 1 < len(tokens) and labels[last + 1] == label:
            last += 1
        first, end = index, last
        index = last + 1
        if label == "other":
            continue
        edge_words = _EDGE_WORDS.get(label, frozenset())
        while first <= end and (_is_edge(tokens[first].text, label) or tokens[first].text.lower() in edge_words):
            first += 1
        while end >= first and _is_edge(tokens[end].text, label) and not _closes_inside(tokens, first, end):
            end -= 1
        if first <= end:
            found.append((label, first, end))
    return found


_KEPT_AT_END = {"title": "?!", "container": "?!", "note": "?!"}


def _is_edge(token: str, label: str) -> bool:
    return len(token) == 1 and not token.isalnum() and token not in _KEPT_AT_END.get(label, "")


def _closes_inside(tokens: list[Token], first: int, end: int) -> bool:
    """Whether the run's last token closes a bracket opened inside it: "Title (the STEP trial)"."""
    closer = tokens[end].text
    opener = {")": "(", "]": "["}.get(closer)
    return opener is not None and any(token.text == opener for token in tokens[first:end])


def label_fields(text: str) -> list[Field]:
    """The labelled fields of one printed reference, in the order printed."""
    tokens = tokenize(text)
    return runs(text, tokens, tag(text, tokens))


def training_labels(tokens: list[Token], fields: list[tuple[str, int, int]]) -> list[str]:
    """Token labels from labelled character spans, trimmed as the labeller trims its runs, so that sources
    which put punctuation inside a field and sources which put it outside agree."""
    labels = ["other"] * len(tokens)
    position = 0
    for label, start, end in sorted(fields, key=lambda field: field[1]):
        while position < len(tokens) and tokens[position].end <= start:
            position += 1
        index = position
        while index < len(tokens) and tokens[index].start < end:
            labels[index] = label
            index += 1
    trimmed = ["other"] * len(tokens)
    for label, first, last in _trimmed_runs(tokens, labels):
        trimmed[first : last + 1] = [label] * (last + 1 - first)
    return trimmed
