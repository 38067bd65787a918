"""Citations written out in a manuscript's body text: ``[12]`` and ``(Smith et al., 2010)``.

Between the start of the body and the reference list of a Markdown, Word or
plain-text manuscript it finds

- numbered citations in square brackets: ``[12]``, ``[1, 2]``, ``[1;2]``,
  ``[1–3, 7]``; a range gives every number in it, each spanning the range;
- parenthetical author-year citations: ``(Smith & Jones, 2010)``, ``(see
  van der Berg et al. 2010a, b, p. 5; cf. WHO, n.d.)``;
- narrative ones: ``Smith (2010)``, ``Smith et al.'s (2010, 2012)``,
  ``Smith, Jones, and Lee (in press)``;
- organisations as authors, in both forms: ``(World Health Organization
  [WHO], 2021)``, ``the Centers for Disease Control and Prevention (2020)``,
  ``National Institute of Mental Health (NIMH, 2020)``: two to twelve
  capitalised words or acronyms joined by of, for, and, on, the, in, &, de,
  du, des, der or für. The name is one of ``names``, without a leading "the"
  or the abbreviation. Any phrase of that shape reads as an organisation
  ("Garcia Marquez (1967)", "New York (2010)"), so such a name is worth
  reporting only when an entry confirms it.

What it finds is reported as an error ("cited but no entry", "year differs
from the list"), so it would rather miss an odd form than invent a
citation. It deliberately does not read: numbers in parentheses or
superscripts; brackets right after a word or a bracket (``x[1]``: an
index), Markdown links and footnotes, years or anything but plain positive
numbers in brackets (``[2010]``, ``[1.5]``); a parenthesis of which any
part is not names and years (``(Smith, 2010; unpublished)``), lists of
names without "and" or "&", author-year in square brackets, narrative
citations after an article ("the Smith (2010) model"; an organisation may
follow "the"), a narrative organisation not set off from the words before it
("In New York City (2010)" is not "New York City"), initials as a reference
prints them ("Philips, BL (2016)", "Smith JA (2010)"), and the authority
after an italic species name ("*Parus major* (Linnaeus, 1758)"). Words that
stand before years without being authors ("March 2010", "Table 2", "Windows
(2010)") are refused by a stoplist, also as an organisation's first word
("Phase III Trial"), which refuses the few surnames that are such words
("May", "Law") and common place names ("surveyed in Germany (2010)"); a
shorter one refuses what ends a phrase without naming an author ("Microsoft
Word", "Framingham Heart Study", "United States"). Code spans, fenced code
blocks, HTML comments, URLs and ``$math$`` are skipped.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import heapq
import re
from collections.abc import Callable, Iterator

from citelint.citations import Citation
from citelint.model import SourceText
from citelint.patterns import DOI_PREFIX, YEAR, fenced_blocks

# Skipped text is overwritten with this: a word character, so "`a`[1]" reads as
# an index, and not a letter, so it is never part of a name.
_MASK = "_"
_LONGEST_BRACKET = 100
_LONGEST_PARENTHESIS = 300
_LONGEST_RANGE = 200  # "[1-500]" is no range of citations
_LONGEST_INLINE_MATH = 1000
_MOST_NAMES = 20  # a longer chain is not reported: its first name would be a guess
_MOST_YEARS = 20
_LONGEST_WORD = 60
_MOST_SPACE = 8  # between a narrative citation's names and its "("

_BACKTICKS = re.compile(r"`+")
_BLANK_LINE = re.compile(r"\n[ \t]*\r?\n")
_DISPLAY_MATH = re.compile(r"\$\$[^$]{1,5000}\$\$")
# Pandoc's rule: "$" opens before a non-space, closes after one and not before a
# digit, so "$5 and $10" is no math.
_INLINE_MATH = re.compile(
    rf"(?<!\\)\$(?=[^\s$])(?:[^$\n]|\n(?![ \t]*\r?\n)){{1,{_LONGEST_INLINE_MATH}}}(?<=[^\s\\])\$(?!\d)"
)
# Not "()[]": they close a Markdown link around the URL more often than they belong to it.
_URL = re.compile(rf"\b(?:(?:https?|ftp)://|www\.|doi:\s?10\.|{DOI_PREFIX})[^\s<>\"()\[\]]+", re.IGNORECASE)

_BRACKET = re.compile(rf"\[([^\[\]\n]{{1,{_LONGEST_BRACKET}}})\]")
_NUMBER = r"[1-9]\d{0,3}"
_DASH = r"[-‐‑‒–—]"
_ITEM = re.compile(rf"({_NUMBER})(?:\s*{_DASH}\s*({_NUMBER}))?")
_NUMBERS = re.compile(rf"\s*{_NUMBER}(?:\s*{_DASH}\s*{_NUMBER})?(?:\s*[,;]\s*{_NUMBER}(?:\s*{_DASH}\s*{_NUMBER})?)*\s*")
_BRACKET_DASH = re.compile(rf"[ \t]*{_DASH}[ \t]*\[")  # between the brackets of "[1]–[3]"
_NOT_BEFORE_BRACKET = frozenset("])\\^!")  # x[1], a[1][2], f(x)[1], \[, ^[footnote], ![image]
_NOT_AFTER_BRACKET = frozenset("([{")  # [1](link), [1][label], [1]{.class}

_PARENTHESIS = re.compile(rf"\(([^()]{{1,{_LONGEST_PARENTHESIS}}})\)")
_PARTICLE = r"[vV]an|[vV]on|[dD]e|[dD]er|[dD]en|[dD]a|[dD]el|[dD]ella|[dD]i|[dD]u|[lL]e|[lL]a|[tT]en|[tT]er"
_JOINERS = "'’-‐‑"
_WORD = r"[^\W\d_]+(?:['’\-‐‑][^\W\d_]+)*"
_NAME = re.compile(rf"(?:(?:{_PARTICLE})\s+){{0,3}}({_WORD})(?![\w'’\-‐‑])")
# A word glued to something, or quoted ("‘Ponds’ (2010)" is a title, not Ponds' work).
_NOT_BEFORE_NAME = _JOINERS + _MASK + "\"“‘"
_PARTICLE_BEFORE = re.compile(rf"(?<![\w'’\-‐‑])(?:{_PARTICLE})\s+\Z")
_ET_AL = re.compile(r",?\s+et\.?\s+al(?:\.|(?!\w))")
_ET_AL_BEFORE = re.compile(r",?\s+et\.?\s+al\.?\Z")
_AND = re.compile(r"\s*,?\s*(?:&|and(?=\s))\s*")
_AND_BEFORE = re.compile(r",?\s*(?:&|(?<!\w)and(?=\s))\s*\Z")
_COMMA = re.compile(r"\s*,\s*")
_COMMA_BEFORE = re.compile(r",\s*\Z")
# Years 1500-2100, a letter after one when an author has several that year
# (not "s": "2010s" is a decade), and the forms of a work without a year.
_YEAR = re.compile(rf"{YEAR}[a-rt-z]?(?!\w)|(?i:in\s+press|forthcoming)(?!\w)|(?i:n\.\s?d\.)")
_LETTER_YEAR = re.compile(r"\s*,\s*([a-rt-z])(?![\w.])")  # the "b" of "2010a, b"
_LEAD_IN = re.compile(
    r"(?:see\s+also|but\s+see|see|also|compare|for\s+example|for\s+instance|for\s+a\s+review,?\s+see"
    r"|e\.\s?g\.|cf\.|i\.\s?e\.|viz\.)(?:,|(?=\s))\s*",
    re.IGNORECASE,
)
_LOCATOR = re.compile(
    r"\s*(?:,\s*(?:pp?\.|pages?\b|chaps?\.|ch\.|chapters?\b|paras?\.|¶|§|sect?s?\.|sections?\b|tables?\b"
    r"|figs?\.|figures?\b|vol\.|col\.|nn?\.|notes?\b|ll?\.|lines?\b|appendix\b|app\.|emphasis\b|italics\b)"
    r"[^;]{0,40}|:\s*\d{1,5}(?:\s*[-‐–—]\s*\d{1,5})?)",
    re.IGNORECASE,
)

# Capitalised words that stand before a year without being an author. Quarters
# ("Q1") and the like hold digits, so are never read as names anyway.
_NOT_AUTHORS = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "monday",
    "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "tues", "wed", "thu", "thur",
    "thurs", "fri", "sat", "spring", "summer", "autumn", "fall", "winter", "in", "since", "from", "until", "till",
    "before", "after", "by", "during", "between", "around", "circa", "ca", "through", "to", "of", "for", "on", "at",
    "as", "up", "early", "late", "mid", "end", "approximately", "approx", "about", "only", "both", "all", "each",
    "every", "per", "total", "overall", "year", "years", "quarter", "term", "semester", "session", "week", "weeks",
    "day", "days", "month", "months", "decade", "century", "era", "period", "cycle", "table", "tables", "figure",
    "figures", "fig", "figs", "appendix", "chapter", "section", "pages", "part", "article", "paragraph", "para",
    "line", "item", "annex", "schedule", "note", "notes", "panel", "exhibit", "equation", "eq", "example",
    "footnote", "version", "release", "update", "updates", "phase", "wave", "study", "studies", "experiment",
    "trial", "census", "survey", "cohort", "round", "edition", "ed", "eds", "vol", "volume", "issue", "no",
    "number", "series", "sample", "dataset", "data", "source", "sources", "windows", "python", "linux", "excel",
    "word", "office", "matlab", "stata", "spss", "sas", "java", "javascript", "android", "ubuntu", "model",
    "models", "class", "grade", "level", "stage", "type", "group", "age", "aged", "born", "died", "est", "founded",
    "released", "published", "updated", "accessed", "retrieved", "revised", "amended", "adopted", "enacted",
    "signed", "filed", "received", "accepted", "submitted", "reprinted", "translated", "original", "dated", "date",
    "last", "first", "next", "previous", "covid", "sars", "mers", "copyright", "act", "law", "decree", "directive",
    "regulation", "protocol", "agreement", "convention", "treaty", "bill", "statute", "constitution", "code",
    "standard", "rule", "rules", "conference", "workshop", "symposium", "meeting", "congress", "summit",
    "proceedings", "games", "olympics", "cup", "election", "elections", "budget", "fiscal", "fy", "neurips", "nips",
    "icml", "iclr", "cvpr", "iccv", "eccv", "acl", "emnlp", "naacl", "coling", "aaai", "ijcai", "kdd", "sigir",
    "siggraph", "sigmod", "vldb", "www", "chi", "icse", "icassp", "interspeech", "miccai", "uai", "aistats", "colt",
    "wsdm", "cikm", "nature", "science", "cell", "lancet", "neuron", "pnas", "plos", "bmj", "jama", "nejm",
    "results", "methods", "discussion", "introduction", "conclusion", "conclusions", "abstract", "background",
    "summary", "overview", "supplementary", "report", "reports", "us", "usa", "uk", "ad", "bc", "bce", "ce",
    "mean", "median", "average", "baseline", "control", "treatment", "usd", "eur", "gbp", "jpy", "cny", "cad",
    "aud", "gdp", "gni", "ppp", "cpi",
    # places, for "surveyed in Germany (2010)"
    "europe", "africa", "asia", "america", "americas", "oceania", "australia", "canada", "china", "japan", "india",
    "germany", "france", "italy", "spain", "portugal", "brazil", "mexico", "russia", "england", "scotland",
    "ireland", "britain", "sweden", "norway", "denmark", "finland", "netherlands", "switzerland", "austria",
    "belgium", "poland", "greece", "turkey", "korea", "taiwan", "iran", "iraq", "egypt", "nigeria", "kenya",
    "ghana", "ethiopia", "uganda", "tanzania", "argentina", "chile", "peru", "colombia", "pakistan", "bangladesh",
    "indonesia", "vietnam", "thailand", "malaysia", "singapore", "philippines", "zealand", "california", "texas",
    "florida", "ontario", "quebec",
    # software and standards, for "(RFC 2008)"
    "rfc", "pep", "cve", "pr", "bug", "build", "patch", "ticket", "revision", "rev", "gpl", "lgpl", "bsd", "mpl",
})
# Before a narrative citation's names, these make it another construction: "the Smith (2010) model".
_ARTICLES = frozenset({"the", "a", "an", "this", "that", "these", "those", "our", "their", "its", "his", "her",
                       "my", "your", "each", "every", "any", "no", "some"})
# Capitalised words that may stand right before a narrative citation's names; any
# other ("New York (2010)", "John Smith (2010)", "Toy Story (1995)") makes the
# names part of a longer proper noun.
_OPENERS = frozenset({
    "as", "in", "on", "at", "by", "for", "from", "with", "without", "unlike", "like", "following", "per", "after",
    "before", "since", "because", "although", "though", "while", "whereas", "when", "where", "if", "unless",
    "until", "whether", "both", "either", "neither", "only", "even", "thus", "hence", "so", "but", "and", "or",
    "nor", "yet", "also", "then", "later", "earlier", "recently", "here", "there", "see", "cf", "citing", "using",
    "adapting", "extending", "replicating", "similarly", "likewise", "conversely", "however", "moreover",
    "furthermore", "indeed", "notably", "specifically", "originally", "subsequently", "finally", "first", "second",
    "third", "next", "lastly", "to", "of", "via", "against", "among", "compare", "including", "especially",
    "particularly", "contrary", "instead", "regardless", "irrespective", "ahead", "outside", "inside",
})
# "Department of Health (2007)", "University of Oxford (2010)": the end of an organisation's name.
_INSIDE_NAMES = frozenset({"of", "for", "on"})
# A species in italics: "*Spheniscus magellanicus* (Forster, 1781)" names who described it, not a work cited.
_SPECIES_BEFORE = re.compile(r"[*_](?:[A-Z][a-z]+|[A-Z]\.)\s[a-z]+(?:\s[a-z]+)?[*_]\s*\Z")

# An organisation as author: "World Health Organization", "Centers for Disease Control and Prevention".
_MOST_ORGANISATION_WORDS = 12  # connectors included
_ORGANISATION_WORD = re.compile(rf"(?:{_WORD}|&)(?![\w'’\-‐‑])")
_CONNECTORS = frozenset({"of", "for", "and", "on", "the", "in", "&", "de", "du", "des", "der", "für"})
# APA's first citation of an organisation: "(World Health Organization [WHO], 2021)".
_ABBREVIATION = re.compile(r"\s*\[[A-Z][A-Za-z&]{1,15}\]")
# Stoplisted words that open organisations' names: "Office for National Statistics", "UK Biobank".
_ORGANISATION_OPENERS = frozenset({"office", "us", "uk", "usa"})
# Last words of capitalised phrases before a year that name no author: a product, a document, an event, a place.
_NOT_ORGANISATION_ENDS = frozenset({
    "word", "excel", "windows", "studio", "report", "reports", "study", "studies", "trial", "trials", "cohort",
    "census", "dataset", "index", "edition", "version", "release", "update", "guideline", "guidelines", "election",
    "elections", "games", "olympics", "cup", "war", "pandemic", "crisis", "city", "county", "states", "kingdom",
    "province", "island", "islands", "republic",
})


_Years = list[tuple[int, int, str]]  # each year's start, end and text: "2010a"
_Build = Callable[[int], Iterator[Citation]]  # a group's citations, given its number


@dataclasses.dataclass(frozen=True)
class _Names:
    spans: tuple[tuple[int, int], ...]  # each name as printed, particles included
    et_al: bool


def prose_citations(source: SourceText, start: int, end: int) -> tuple[Citation, ...]:
    """The numbered and author-year citations printed in ``source.text[start:end]``, in text order."""
    text = source.text
    masked = text[:start] + _masked(text[start:end]) + text[end:]
    # Each finder gives its groups in text order, each with where it starts and how to build its citations.
    found = heapq.merge(_numbered(source, masked, start, end), _author_year(source, masked, start, end),
                        key=lambda group: group[0])
    return tuple(citation for number, (_, build) in enumerate(found) for citation in build(number))


def _masked(body: str) -> str:
    """The body with what is never prose (code, comments, math, URLs) overwritten, offsets kept."""
    body = _blank(body, fenced_blocks(body))
    body = _blank(body, _code_spans(body))
    body = _blank(body, _comments(body))
    body = _blank(body, ((m.start(), m.end()) for m in _DISPLAY_MATH.finditer(body)))
    body = _blank(body, ((m.start(), m.end()) for m in _INLINE_MATH.finditer(body)))
    return _blank(body, ((m.start(), m.end()) for m in _URL.finditer(body)))


def _blank(text: str, spans: Iterator[tuple[int, int]]) -> str:
    pieces = []
    position = 0
    for start, end in spans:  # in order, not overlapping
        pieces.append(text[position:start])
        pieces.append(_MASK * (end - start))
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def _code_spans(text: str) -> Iterator[tuple[int, int]]:
    """Backtick strings closed by one of the same length in the same paragraph."""
    runs = [(run.start(), run.end()) for run in _BACKTICKS.finditer(text)]
    next_same: list[int | None] = [None] * len(runs)
    last_of_length: dict[int, int] = {}
    for index in reversed(range(len(runs))):
        length = runs[index][1] - runs[index][0]
        next_same[index] = last_of_length.get(length)
        last_of_length[length] = index
    blank_lines = [blank.start() for blank in _BLANK_LINE.finditer(text)]
    index = 0
    while index < len(runs):
        closer = next_same[index]
        if closer is not None and not _blank_line_between(blank_lines, runs[index][1], runs[closer][0]):
            yield runs[index][0], runs[closer][1]
            index = closer + 1
        else:
            index += 1


def _blank_line_between(blank_lines: list[int], start: int, end: int) -> bool:
    first = bisect.bisect_left(blank_lines, start)
    return first < len(blank_lines) and blank_lines[first] < end


def _comments(text: str) -> Iterator[tuple[int, int]]:
    position = 0
    while (opening := text.find("<!--", position)) != -1:
        closing = text.find("-->", opening + 4)
        if closing == -1:  # unclosed: literal text, and no later comment can close either
            return
        yield opening, closing + 3
        position = closing + 3


def _numbered(source: SourceText, masked: str, start: int, end: int) -> Iterator[tuple[int, _Build]]:
    brackets = list(_number_brackets(masked, start, end))
    index = 0
    while index < len(brackets):
        opening, closing, items = brackets[index]
        following = brackets[index + 1] if index + 1 < len(brackets) else None
        if following and len(items) == 1 == len(following[2]) and _BRACKET_DASH.fullmatch(
                masked, closing, following[0] + 1):
            # "[1]–[3]": a range written across two brackets, as IEEE prints it.
            (low, high, _, _), (next_low, next_high, _, _) = items[0], following[2][0]
            if low == high and next_low == next_high and low < next_low <= low + _LONGEST_RANGE:
                items = [(low, next_low, opening, following[1])]
                index += 1
        yield items[0][2], functools.partial(_numbered_citations, source, items)
        index += 1


def _number_brackets(masked: str, start: int, end: int) -> Iterator[tuple[int, int, list[tuple[int, int, int, int]]]]:
    """Each bracket of citation numbers: where it opens and closes, and its numbers and ranges."""
    for bracket in _BRACKET.finditer(masked, start, end):
        opening, closing = bracket.start(), bracket.end()
        before = masked[opening - 1] if opening > start else " "
        after = masked[closing] if closing < end else " "
        if before.isalnum() or before == _MASK or before in _NOT_BEFORE_BRACKET or after in _NOT_AFTER_BRACKET:
            continue
        if after == ":" and _starts_line(masked, opening, start):  # "[1]: https://...", a link definition
            continue
        if not _NUMBERS.fullmatch(masked, bracket.start(1), bracket.end(1)):
            continue
        items = _bracket_items(masked, bracket.start(1), bracket.end(1))
        if items:
            yield opening, closing, items


def _starts_line(text: str, position: int, floor: int) -> bool:
    """Whether at most three spaces stand between the start of the line and ``position``."""
    lead = position
    while lead > floor and position - lead < 3 and text[lead - 1] == " ":
        lead -= 1
    return lead == floor or text[lead - 1] in "\r\n"


def _bracket_items(masked: str, start: int, end: int) -> list[tuple[int, int, int, int]]:
    """Each number or range of a bracket (low, high, start, end), or none when it is no citation (a year, a huge range)."""
    items = []
    for item in _ITEM.finditer(masked, start, end):
        low = int(item.group(1))
        high = int(item.group(2)) if item.group(2) else low
        if 1500 <= low <= 2100 or 1500 <= high <= 2100:
            return []
        if high < low or (item.group(2) and (high == low or high - low + 1 > _LONGEST_RANGE)):
            return []
        items.append((low, high, item.start(), item.end()))
    return items


def _numbered_citations(source: SourceText, items: list[tuple[int, int, int, int]], group: int) -> Iterator[Citation]:
    for low, high, start, end in items:
        span = source.span(start, end)
        for number in range(low, high + 1):
            yield Citation(file=source.path, span=span, group=group, number=number)


def _author_year(source: SourceText, masked: str, start: int, end: int) -> Iterator[tuple[int, _Build]]:
    for parenthesis in _PARENTHESIS.finditer(masked, start, end):
        inside_start, inside_end = parenthesis.start(1), parenthesis.end(1)
        link_target = parenthesis.start() > start and masked[parenthesis.start() - 1] == "]"  # [text](Smith,2010)
        if link_target or _BLANK_LINE.search(masked, inside_start, inside_end):
            continue
        years = _years_to_end(masked, _skip_space(masked, inside_start, inside_end), inside_end)
        narrative = years is not None
        if years is not None:
            names = _narrative_names(masked, parenthesis.start(), start)
            cited = [(names, years)] if names is not None else []
        else:
            cited = _parenthetical(masked, inside_start, inside_end)
            if cited and _SPECIES_BEFORE.search(masked, max(start, parenthesis.start() - 80), parenthesis.start()):
                continue
            cited = _spelt_out(masked, parenthesis.start(), start, cited)
        if cited:
            yield cited[0][0].spans[0][0], functools.partial(_author_year_citations, source, cited, narrative)


def _author_year_citations(source: SourceText, cited: list[tuple[_Names, _Years]], narrative: bool,
                           group: int) -> Iterator[Citation]:
    for names, years in cited:
        printed = tuple(" ".join(source.text[name_start:name_end].split()) for name_start, name_end in names.spans)
        first = names.spans[0][0]
        for year_start, year_end, year in years:
            yield Citation(file=source.path, span=source.span(first, year_end), group=group, names=printed,
                           et_al=names.et_al, year=year, year_span=source.span(year_start, year_end),
                           narrative=narrative)


def _parenthetical(text: str, start: int, end: int) -> list[tuple[_Names, _Years]]:
    """Names and years of each ;-separated part, or nothing unless every part has them."""
    cited = []
    part_start = start
    while part_start <= end:
        semicolon = text.find(";", part_start, end)
        part_end = end if semicolon == -1 else semicolon
        found = _names_and_years(text, part_start, part_end)
        if found is None:
            return []
        cited.append(found)
        part_start = part_end + 1
    return cited


def _names_and_years(text: str, start: int, end: int) -> tuple[_Names, _Years] | None:
    position = _skip_space(text, start, end)
    for _ in range(2):  # "see, e.g.,"
        lead_in = _LEAD_IN.match(text, position, end)
        if lead_in:
            position = lead_in.end()
    # "Smith and Jones" before "Health and Safety Executive"; a double family name ("Arun Anoop et al.") last.
    for names_after in (_names_after, _organisation_after, _double_name_after):
        found = names_after(text, position, end)
        if found is None:
            continue
        names, names_end = found
        names_end = _skip_space(text, names_end, end)
        if text.startswith(",", names_end, end):
            names_end = _skip_space(text, names_end + 1, end)
        years = _years_to_end(text, names_end, end)
        if years is not None:
            return names, years
    return None


def _double_name_after(text: str, start: int, end: int) -> tuple[_Names, int] | None:
    """Names whose first is a double family name: "Arun Anoop et al.", "García Márquez & Lee"."""
    first = _name_at(text, start, end)
    second = _name_at(text, _skip_space(text, first[1], end), end) if first else None
    if first is None or second is None or second[0] == first[1]:
        return None
    return _names_after(text, start, end, first=(first[0], second[1]))


def _names_after(text: str, start: int, end: int,
                 first: tuple[int, int] | None = None) -> tuple[_Names, int] | None:
    """"Smith", "Smith et al.", "Smith and Jones", "Smith, Jones, & Lee" from ``start``, and where they end."""
    first = first or _name_at(text, start, end)
    if first is None:
        return None
    spans = [first]
    position = first[1]
    while len(spans) <= _MOST_NAMES:
        et_al = _ET_AL.match(text, position, end)
        if et_al:
            return _Names(tuple(spans), True), et_al.end()
        conjunction = _AND.match(text, position, end)
        name = _name_at(text, conjunction.end(), end) if conjunction else None
        if name is not None:
            spans.append(name)
            return _Names(tuple(spans), False), name[1]
        comma = _COMMA.match(text, position, end)
        name = _name_at(text, comma.end(), end) if comma else None
        if name is None:
            break
        spans.append(name)
        position = name[1]
    if len(spans) > 1:  # "Paris, France, 2010": a list of authors ends in "and" or "&"
        return None
    return _Names(tuple(spans), False), position


def _name_at(text: str, start: int, end: int) -> tuple[int, int] | None:
    name = _NAME.match(text, start, end)
    if name is None or not _is_family_name(name.group(1)):
        return None
    return name.start(), name.end()


def _is_family_name(word: str) -> bool:
    """A capitalised word (or an acronym like "WHO") that is not one of the words that precede years."""
    return len(word) >= 2 and word[0].isupper() and word.casefold() not in _NOT_AUTHORS


def _organisation_after(text: str, start: int, end: int) -> tuple[_Names, int] | None:
    """"World Health Organization", "World Health Organization [WHO]" from ``start``, and where it ends."""
    words: list[tuple[int, int]] = []
    position = start
    while len(words) <= _MOST_ORGANISATION_WORDS:
        word = _ORGANISATION_WORD.match(text, position, end)
        if word is None or not _in_organisation(word.group()):
            break
        words.append(word.span())
        position = _skip_space(text, word.end(), end)
        if position == word.end():
            break
    if words and text[words[0][0] : words[0][1]].casefold() == "the":
        words.pop(0)
    while words and text[words[-1][0] : words[-1][1]] in _CONNECTORS:  # what follows is then no year: refused
        words.pop()
    name = _organisation_name(text, words)
    if name is None:
        return None
    abbreviation = _ABBREVIATION.match(text, name[1], end)
    return _Names((name,), False), abbreviation.end() if abbreviation else name[1]


def _in_organisation(word: str) -> bool:
    return word in _CONNECTORS or (len(word) >= 2 and word[0].isupper())


def _organisation_name(text: str, words: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The span of the organisation's name these words print, or None when they are something else."""
    if not 2 <= len(words) <= _MOST_ORGANISATION_WORDS:
        return None
    printed = [text[word_start:word_end] for word_start, word_end in words]
    first, last = printed[0], printed[-1]
    if first in _CONNECTORS or last in _CONNECTORS:
        return None
    if first.casefold() in _NOT_AUTHORS - _ORGANISATION_OPENERS or last.casefold() in _NOT_ORGANISATION_ENDS:
        return None  # "In March", "Phase III Trial", "Microsoft Word"
    if len(printed) == 2 and last.isupper() and len(last) <= 3 and not first.isupper():
        return None  # "Smith JA": a family name and initials
    return words[0][0], words[-1][1]


def _years_to_end(text: str, start: int, end: int) -> _Years | None:
    """"2010a, b, 2011, p. 5" filling ``text[start:end]``: each year's span and text."""
    year = _YEAR.match(text, start, end)
    if year is None:
        return None
    years = [(year.start(), year.end(), year.group())]
    position = year.end()
    while len(years) < _MOST_YEARS:
        previous = years[-1][2]
        letter = _LETTER_YEAR.match(text, position, end)
        if letter and len(previous) == 5 and previous[:4].isdigit():
            years.append((letter.start(1), letter.end(1), previous[:4] + letter.group(1)))
            position = letter.end()
            continue
        comma = _COMMA.match(text, position, end)
        year = _YEAR.match(text, comma.end(), end) if comma else None
        if year is None:
            break
        years.append((year.start(), year.end(), year.group()))
        position = year.end()
    locator = _LOCATOR.match(text, position, end)
    if locator:
        position = locator.end()
    return years if _skip_space(text, position, end) == end else None


def _narrative_names(text: str, opening: int, floor: int) -> _Names | None:
    """Who a narrative citation cites: the people named before its "(", or an organisation whose name starts earlier."""
    persons = _names_before(text, opening, floor)
    organisation = _organisation_before(text, opening, floor)
    # "Disease Control and Prevention (2020)" is no "Prevention (2020)"; "Smith and Jones (2010)" are two people.
    if organisation is not None and (persons is None or organisation.spans[0][0] < persons.spans[0][0]):
        return organisation
    return persons


def _names_before(text: str, opening: int, floor: int) -> _Names | None:
    """The names of a narrative citation, printed right before its "(" at ``opening``."""
    end = _possessor_end(text, opening, floor)
    et_al = _ET_AL_BEFORE.search(text, max(floor, end - 16), end)
    if et_al:
        end = et_al.start()
    last = _name_ending_at(text, end, floor)
    if last is None:
        return None
    spans = [last]
    conjunction = None if et_al else _AND_BEFORE.search(text, max(floor, last[0] - 12), last[0])
    if conjunction:
        name = _name_ending_at(text, _space_before(text, conjunction.start(), floor), floor)
        while name is not None:
            if len(spans) > _MOST_NAMES:
                return None
            spans.insert(0, name)
            comma = _COMMA_BEFORE.search(text, max(floor, name[0] - 12), name[0])
            name = _name_ending_at(text, _space_before(text, comma.start(), floor), floor) if comma else None
    if _another_construction(text, spans[0][0], floor):
        return None
    first_start, first_end = spans[0]
    if text[first_start:first_end].isupper() and text.endswith(",", floor, _space_before(text, first_start, floor)):
        return None  # "Philips, BL (2016)": initials in a list of authors, as a reference prints them
    return _Names(tuple(spans), et_al is not None)


def _possessor_end(text: str, opening: int, floor: int) -> int:
    """Where the name ends that stands before ``opening``, but for white space and a possessive "'s"."""
    end = _space_before(text, opening, floor)
    if text.endswith(("'s", "’s"), floor, end):
        return end - 2
    if text.endswith(("s'", "s’"), floor, end):
        return end - 1
    return end


def _organisation_before(text: str, opening: int, floor: int) -> _Names | None:
    """An organisation's name filling the words right before a narrative citation's "(" at ``opening``."""
    words: list[tuple[int, int]] = []
    position = _possessor_end(text, opening, floor)
    while len(words) <= _MOST_ORGANISATION_WORDS + 2:  # room for "As the"
        glued_ampersand = position > floor and text[position - 1] == "&"
        word_start = position - 1 if glued_ampersand else _word_start(text, position, floor)
        if word_start == position or not _in_organisation(text[word_start:position]):
            break
        words.insert(0, (word_start, position))
        position = _space_before(text, word_start, floor)
        if position == word_start:
            break
    else:
        return None  # too long to tell where the name starts
    if not words:
        return None
    glued_to = text[words[0][0] - 1] if words[0][0] > floor else " "
    if glued_to.isalnum() or glued_to in _NOT_BEFORE_NAME:
        return None
    words = _without_lead_in(text, words)
    name = _organisation_name(text, words)
    if name is None or _word_before(text, name[0], floor)[1].casefold() in _ARTICLES - {"the"}:
        return None  # "this Random Forest (2001)"
    return _Names((name,), False)


def _without_lead_in(text: str, words: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The words after a sentence's opening and the article: "As the", "Following", "The", "in"."""
    printed = [text[word_start:word_end] for word_start, word_end in words]
    opening = printed[0] if printed else ""
    before_article = len(printed) > 1 and printed[1] == "the" and opening.casefold() in _OPENERS | _NOT_AUTHORS
    skip = 1 if before_article or opening == "The" or opening.casefold() in _OPENERS - _NOT_AUTHORS else 0
    while skip < len(printed) and printed[skip] in _CONNECTORS:
        skip += 1
    return words[skip:]


def _spelt_out(text: str, opening: int, floor: int, cited: list[tuple[_Names, _Years]]) -> list[tuple[_Names, _Years]]:
    """"World Health Organization (WHO, 2021)", APA's narrative first citation, cites the organisation, not "WHO"."""
    if len(cited) != 1 or cited[0][0].et_al or len(cited[0][0].spans) != 1:
        return cited
    abbreviation_start, abbreviation_end = cited[0][0].spans[0]
    abbreviation = text[abbreviation_start:abbreviation_end]
    if not abbreviation.isupper() or _skip_space(text, opening + 1, abbreviation_start) != abbreviation_start:
        return cited
    organisation = _organisation_before(text, opening, floor)
    if organisation is None or text[organisation.spans[0][0]] != abbreviation[0]:
        return cited
    return [(organisation, cited[0][1])]


def _name_ending_at(text: str, end: int, floor: int) -> tuple[int, int] | None:
    """A family name, with its particles, that ends at ``end`` and is a whole word."""
    start = _word_start(text, end, floor)
    if start == end or (start > floor and (text[start - 1].isalnum() or text[start - 1] in _NOT_BEFORE_NAME)):
        return None
    if not _is_family_name(text[start:end]):
        return None
    for _ in range(3):  # "van der Berg"
        particle = _PARTICLE_BEFORE.search(text, max(floor, start - 12), start)
        if particle is None:
            break
        start = particle.start()
    return start, end


def _word_start(text: str, end: int, floor: int) -> int:
    """Where the run of letters (with inner hyphens and apostrophes) ending at ``end`` starts."""
    start = end
    lowest = max(floor, end - _LONGEST_WORD)
    while start > lowest:
        character = text[start - 1]
        inner_joiner = (character in _JOINERS and start < end and start - 2 >= floor
                        and text[start].isalpha() and text[start - 2].isalpha())
        if not (character.isalpha() or inner_joiner):
            break
        start -= 1
    return start


def _space_before(text: str, end: int, floor: int) -> int:
    """The start of the white space (at most one line break) that ends at ``end``."""
    start = end
    while start > max(floor, end - _MOST_SPACE) and text[start - 1].isspace():
        start -= 1
    return start if text.count("\n", start, end) <= 1 else end


def _another_construction(text: str, names_start: int, floor: int) -> bool:
    """Whether the word before the names makes them something else: "the Smith (2010) model", "New York (2010)"."""
    start, word = _word_before(text, names_start, floor)
    if word.casefold() in _ARTICLES:
        return True
    if word.casefold() in _INSIDE_NAMES:  # "the work of Smith (2010)", but "Department of Health (2007)"
        word = _word_before(text, start, floor)[1]
    return bool(word) and word[0].isupper() and word.casefold() not in _OPENERS


def _word_before(text: str, position: int, floor: int) -> tuple[int, str]:
    """The word that ends, but for white space, at ``position``, and where it starts; "" when none does."""
    end = _space_before(text, position, floor)
    start = _word_start(text, end, floor)
    return start, text[start:end]


def _skip_space(text: str, position: int, end: int) -> int:
    while position < end and text[position].isspace():
        position += 1
    return position
