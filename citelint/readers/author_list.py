"""A printed author list: where it ends in a reference, and the names in it.

Two things the labeller's neighbours need by pattern: whether a line opens with an author list (the text
reader tells a new reference from a wrapped line by it, and a reference list from the prose above it), and
the names of an author list the labeller marked, each with its span ("Smith, J., Jones, K." / "J. Smith and
K. Jones" / "Smith J, Jones K" / "World Health Organization"). Every pattern is linear (no two repetitions can
split the same text two ways), so hostile input costs time proportional to its length.
"""

from __future__ import annotations

import re

from citelint.fields.patterns import YEAR
from citelint.model import Author

_UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u017f"
_LOWER = "a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u024f"
_YEAR = rf"{YEAR}(?:[a-z](?![a-z]))?"
_STATUS = r"in press|forthcoming|accepted|submitted|under review"

_PAREN_YEAR = re.compile(
    rf"[(\[]\s*(?:(?P<year>{_YEAR})(?:\s*,[^()\n]{{0,40}})?|(?P<status>{_STATUS})|n\.\s?d\.?|no date)\s*[)\]]",
    re.IGNORECASE,
)
# The year is followed by punctuation, so that a title starting with one is not read as it: "2023 4th Conference".
_BARE_YEAR = re.compile(
    rf"[.,]\s+(?:(?P<year>{_YEAR})(?:\s*[.,:](?=\s|$)|\s*$)|n\.\s?d\.(?:\s*[.,:])?(?=\s|$))"
)
_QUOTE_OPEN = re.compile(r"[\u201c\u2018\"\u00ab]")
_EDITORS_SUFFIX = re.compile(r"(?:[\s,]+\(?|\()(?:[Ee]ds?|[Ee]ditors?|Hrsg)\b\.?\)?[\s.,]*$")
_LNCS_COLON = re.compile(r"(?<=[A-Z]\.):\s")
_SEPARATOR = re.compile(r"[,.:]\s+")
_FULL_STOP = re.compile(r"\.(?=\s|$)")
_ET_AL_BEFORE = re.compile(r"(?<!\w)al$")
ET_AL_NEXT = re.compile(r"\s*et\.?\s*al\.")
_DOTTED_WORD = re.compile(r"[A-Z][a-z]+\.")
_NOT_IN_NAMES = re.compile(r"[\d\"\u201c\u201d?!:()\[\]]")
_ACRONYM = re.compile(r"\b[A-Z]{2,}\b")
_ORGANISATION_CONNECTORS = frozenset(("of", "for", "and", "the", "on", "&", "in", "to", "at", "de", "du", "la", "und"))
_CONNECTOR = re.compile(r"\s(?:of|for|the|on)\s")
_AND = re.compile(r"(?<!\s)\s+(?:and|&)\s+")
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
NAME_SEPARATOR = re.compile(r"[,;&]|\band\b")
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

Located = tuple[Author, int, int]  # an author and its span in the reference


def fold(text: str) -> str:
    return " ".join(text.split())


def starts_with_authors(text: str) -> bool:
    """Whether the text opens with an author list or an organisation, as a reference does."""
    if _AUTHOR_OPENING.match(text):
        return True
    head = find_head(text, len(text))
    return head is not None and head[0] > 0


def given_first_list_end(text: str) -> int | None:
    """Where a list of given-first full names that opens the text ends, with at least two names ("Steve G.
    Gillard, Christine Edwards, and Jean-Pierre Le Roux."), as natbib's plainnat and Chicago notes print it."""
    listed = _FULL_NAME_LIST.match(text)
    return listed.start("end") if listed and listed.group("more") else None


def find_head(text: str, end: int) -> tuple[int, tuple[int, int] | None, int] | None:
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
        if ET_AL_NEXT.match(text, stop.end()):
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


def split_authors(text: str, start: int, end: int) -> tuple[list[Located], bool]:
    block_end = end
    while block_end > start and text[block_end - 1] in " \t\r\n.,;:":
        block_end -= 1
    editors = _EDITORS_SUFFIX.search(text, max(start, block_end - 16), min(len(text), block_end + 1))
    if editors:
        block_end = editors.start()
    et_al = _ET_AL.search(text, max(start, block_end - 20), min(len(text), block_end + 1))
    if et_al:
        block_end = et_al.start()
    block = fold(text[start:block_end])  # folded: the name patterns assume single spaces
    if "," not in block and ";" not in block and _is_organisation(block):
        a, b = _trim(text, start, block_end)
        return [(Author(organisation=fold(text[a:b])), a, b)], bool(et_al)
    stretches = _between(NAME_SEPARATOR, text, start, block_end)
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
        or (_is_given(second) and (" " not in second or not _person_shape(fold(text[pieces[0][0] : pieces[0][1]]))))
    )
    authors: list[Located] = []
    index = 0
    while index < len(pieces):
        a, b = pieces[index]
        piece = fold(text[a:b])
        if inverted and index + 1 < len(pieces) and _pairs_with_next(text, pieces, index):
            c, d = pieces[index + 1]
            authors.append((Author(family=piece, given=fold(text[c:d])), a, d))
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
    return index == 0 or _is_initials(following) or not _FULL_NAME.fullmatch(fold(text[slice(*pieces[index])]))


def _is_organisation(piece: str) -> bool:
    """ "Department of Health", "NHS England", "World Health Organization": capitalised words and connectors."""
    words = piece.split()
    if not all(word[0].isupper() or word in _ORGANISATION_CONNECTORS or not word[0].isalpha() for word in words):
        return False
    if _ORGANISATION_WORDS.search(piece):
        return True
    if _INITIAL_DOT.search(piece) or vancouver_name(piece):
        return False  # initials: people
    if _ACRONYM.search(piece) or _CONNECTOR.search(piece):
        return True
    return len(words) > 3 and not all(
        vancouver_name(person) or _FULL_NAME.fullmatch(person) for person in _AND.split(piece)
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
    vancouver = vancouver_name(piece)
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


def vancouver_name(piece: str) -> re.Match[str] | None:
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
