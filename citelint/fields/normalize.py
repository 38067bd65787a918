"""Text normalisation shared by matching and the comparison rules.

Two strings that differ only in markup, accents, LaTeX escapes, case,
punctuation, dashes or white space are the same citation text; these
functions reduce them to keys that compare equal.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

from citelint.fields.patterns import DOI_RESOLVER

_MARKUP = re.compile(r"</?[a-zA-Z][a-zA-Z0-9:-]*(?:\s[^<>]*)?/?>")
_LATEX_HINT = re.compile(r"[\\{}$]")
_NON_WORD = re.compile(r"[^\w\s]+")
_SPACE = re.compile(r"\s+")

# Letters that NFKD does not decompose into a base letter.
_FOLD = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "œ": "oe", "Œ": "OE",
                       "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i", "þ": "th", "ð": "d"})


def strip_markup(text: str) -> str:
    """Remove JATS/HTML tags and decode entities (Crossref titles carry both, sometimes twice)."""
    text = _MARKUP.sub("", text)
    for _ in range(2):
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    return text


@lru_cache(maxsize=65536)
def decode_latex(text: str) -> str:
    """LaTeX accents, braces and escapes to Unicode; text without LaTeX is returned as is."""
    if not _LATEX_HINT.search(text):
        return text
    simple = _decode_simple_latex(text)
    if simple is not None:
        return simple
    from pylatexenc.latex2text import LatexNodes2Text

    try:
        return LatexNodes2Text(math_mode="verbatim").latex_to_text(text)
    except Exception:  # noqa: BLE001 - pylatexenc raises many kinds on malformed input; braces are then dropped
        return text.replace("{", "").replace("}", "")


# pylatexenc takes ~0.4 ms a call, too slow for a 10,000-entry .bib file, so the
# common cases (protective braces, accents, escaped specials, font commands) are
# decoded here, to exactly pylatexenc's output; anything else goes to pylatexenc.
_ACCENTS = {'"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303", "=": "\u0304",
            ".": "\u0307", "c": "\u0327", "v": "\u030c", "u": "\u0306", "H": "\u030b", "k": "\u0328",
            "r": "\u030a"}
_SYMBOLS = {"ss": "ß", "o": "ø", "O": "Ø", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "aa": "å", "AA": "Å",
            "l": "ł", "L": "Ł"}
_SIMPLE_LATEX = re.compile(
    r"""\\(?P<accent>["'`^~=.])(?:(?P<letter>[A-Za-z])|\{(?P<braced>[A-Za-z])\}"""
    r"""|\\(?P<dotless>[ij])(?![^\W\d_]|\s)|\{\\(?P<braced_dotless>[ij])\})"""
    r"""|\\(?P<named>[cvuHkr])\{(?P<argument>[A-Za-z])\}"""
    r"""|\\(?P<symbol>ss|o|O|ae|AE|oe|OE|aa|AA|l|L)(?:\{\}|(?=\}))"""
    r"""|\\(?P<escaped>[&%_#$])"""
    r"""|\\(?:emph|textit|textbf|textsc|textup|textsl|textrm|textsf|texttt|textnormal)(?=\{)"""
)
# What pylatexenc would turn into something else: macros, math, comments, ligatures, ~.
_NOT_SIMPLE = re.compile(r"[\\$%&~]|--|''|``|[!?]`")


def _decode_simple_latex(text: str) -> str | None:
    """``text`` decoded when it uses only the LaTeX above, else None."""
    pieces = []
    last = 0
    for found in _SIMPLE_LATEX.finditer(text):
        plain = text[last : found.start()]
        if _NOT_SIMPLE.search(plain):
            return None
        pieces.append(plain.replace("{", "").replace("}", ""))
        pieces.append(_simple_replacement(found))
        last = found.end()
    plain = text[last:]
    if _NOT_SIMPLE.search(plain):
        return None
    pieces.append(plain.replace("{", "").replace("}", ""))
    return "".join(pieces)


def _simple_replacement(found: re.Match[str]) -> str:
    if found["accent"]:
        letter = found["letter"] or found["braced"] or found["dotless"] or found["braced_dotless"]
        return unicodedata.normalize("NFC", letter + _ACCENTS[found["accent"]])
    if found["named"]:
        return unicodedata.normalize("NFC", found["argument"] + _ACCENTS[found["named"]])
    if found["symbol"]:
        return _SYMBOLS[found["symbol"]]
    return found["escaped"] or ""


class TranslationTable(dict[int, "str | None"]):
    """A ``str.translate`` table computed character by character as characters are first seen,
    for translations of all of Unicode that no fixed table can list."""

    def __init__(self, translate: Callable[[str], str | None]) -> None:
        super().__init__()
        self._translate = translate

    def __missing__(self, code: int) -> str | None:
        self[code] = translated = self._translate(chr(code))
        return translated


# Drops the combining marks (the accents NFKD splits off).
_WITHOUT_COMBINING = TranslationTable(lambda char: None if unicodedata.combining(char) else char)


def fold_accents(text: str) -> str:
    if text.isascii():
        return text
    return unicodedata.normalize("NFKD", text.translate(_FOLD)).translate(_WITHOUT_COMBINING)


@lru_cache(maxsize=65536)
def text_key(text: str) -> str:
    """Lower-case, accent-free words separated by single spaces: the comparison form of a title."""
    if text.isascii() and text.isalnum():  # one plain word, as most tokens of a title are: nothing to decode
        return text.lower()
    text = strip_markup(text).replace("\\&", " and ").replace("&", " and ")
    text = fold_accents(decode_latex(text)).lower()
    return _SPACE.sub(" ", _NON_WORD.sub(" ", text)).strip()


def words(text: str) -> list[str]:
    return text_key(text).split()


def name_key(name: str) -> str:
    """A family name for comparison: accents, case, particles' spacing and hyphens folded."""
    return text_key(name).replace(" ", "").replace("-", "")


def doi_key(doi: str) -> str:
    """A DOI for comparison: prefix and trailing punctuation removed, lower-cased (DOIs are case-insensitive)."""
    doi = doi.strip()
    resolver = DOI_RESOLVER.match(doi)
    doi = doi[resolver.end():] if resolver else doi
    return doi.rstrip(".,;").lower()


# A shortDOI (shortdoi.org), an alias only doi.org resolves: "10/fg6rf9", or just "fg6rf9" where a
# DOI is due (a DOI field, after "https://doi.org/"); a few lower-case letters and digits.
_SHORT_DOI = re.compile(r"10/[a-z0-9]{2,10}|(?=[a-z]*\d)[a-z0-9]{4,8}")


def is_short_doi(doi: str) -> bool:
    """Whether a printed DOI is a shortDOI: metadata sources do not know it, and it is not the record's
    DOI spelt otherwise, so it is neither looked up nor compared."""
    return _SHORT_DOI.fullmatch(doi_key(doi)) is not None


def british_american_equal(first: str, second: str) -> bool:
    """True when two words differ only as British and American spellings do."""
    if first == second:
        return True
    return _spelling_key(first) == _spelling_key(second)


_SPELLING_RULES = (
    (re.compile(r"our(s?)$"), r"or\1"),  # behaviour/behavior
    (re.compile(r"is(e|ed|es|ing|ation|ations)$"), r"iz\1"),  # organise/organize
    (re.compile(r"yse(d|s)?$"), r"yze\1"),  # analyse/analyze
    (re.compile(r"tre(s?)$"), r"ter\1"),  # centre/center
    (re.compile(r"ae"), "e"),  # anaemia/anemia, paediatric/pediatric
    (re.compile(r"oe"), "e"),  # oesophagus/esophagus, oestrogen/estrogen
    (re.compile(r"ogue(s?)$"), r"og\1"),  # catalogue/catalog
    (re.compile(r"ence$"), "ense"),  # defence/defense
    (re.compile(r"ll(ed|ing|er)$"), r"l\1"),  # modelled/modeled
)


def _spelling_key(word: str) -> str:
    for pattern, replacement in _SPELLING_RULES:
        word = pattern.sub(replacement, word)
    return word
