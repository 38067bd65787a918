"""Text patterns that several modules share: one copy each, so that they cannot drift apart.

- ``REFERENCES_TITLE``: the titles a reference list goes under, in the languages seen in
  manuscripts; each reader anchors it in its own form of heading (a Markdown heading, a Word
  paragraph, a line of a plain-text file).
- ``DOI_PREFIX``: how a DOI begins (``DOI_REGISTRANT``: ``10.`` and a registrant code of 4 to 9
  digits; then a slash); each user says for itself where the suffix ends (at a space, a quote, a
  bracket).
- ``doi_length``: where a DOI ends when an export glued the next token onto it with no space
  (``10.1038/nm.2234[doi]``, ``...073[arXiv:1606.01234]``, ``...2011.01.001.URL http://``): a
  bracketed export tag, an opening bracket never closed, or a full stop before the reference's
  next element is not part of the DOI. Brackets that close stay (BioOne's SICI DOIs hold them:
  ``10.1656/1092-6194(2007)14[1:TPOIMI]2.0.CO;2``).
- ``YEAR``: a number that can be a year of publication in printed text, 1500 to 2099. One range on
  purpose: early printed books are cited (Vesalius 1543), and a wider guess only turns more page
  numbers into years. Each user adds the context it needs (a letter suffix, neighbouring characters).
- ``YEAR_DIGITS``: the four digits of a year field (``2019``, ``2019-05-04``, ``c. 1890``), any
  value, so that an implausible year can be reported rather than read past. A year field that
  starts with a minus sign is a year before the common era as biblatex writes it (``-0350``,
  ``-3000~``): it has none, as no year of ours compares with it.
- ``SESSION_NUMBER``: a number and a full stop that begin a deposited title ("5.W.G. Posterwalk: ...", an
  abstract's session): printed first, in a reference without authors, a reader strips it as the list's number,
  so the title is also cited without it.
- ``fenced_blocks``: Markdown's fenced code blocks as CommonMark reads them: a fence closes
  only on a line of the same character at least as long as the opening one, with nothing after
  it, and an unclosed fence runs to the end. A list inside an example block is no reference list.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

REFERENCES_TITLE = (
    r"(?:references?(?: list| cited| and notes)?|notes and references|bibliography|works cited"
    r"|literature(?: cited)?|cited literature|sources|literaturverzeichnis|literatur|bibliographie"
    r"|r[ée]f[ée]rences(?: bibliographiques)?|referencias)"
)

DOI_REGISTRANT = r"10\.\d{4,9}"

DOI_PREFIX = DOI_REGISTRANT + "/"

# What may stand before a DOI in a DOI field: its resolver's address or the "doi:" label (match at the start).
DOI_RESOLVER = re.compile(r"(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)

_GLUED_TAIL = re.compile(
    r"\[(?i:doi|pii|pmid|pmcid|pubmed|medline|arxiv)\b"
    r"|\.(?=(?:URL|Available|Accessed|Retrieved|PMID|PMCID|arXiv|ISBN|ISSN|Epub)\b)"  # as references print them
)


def doi_length(doi: str) -> int:
    """The length of the DOI proper at the start of ``doi``: before a glued-on tag or element."""
    end = len(doi)
    tail = _GLUED_TAIL.search(doi)
    if tail is not None:
        end = tail.start()
    opening = doi.find("[", 0, end)
    while opening >= 0:
        closing = doi.find("]", opening, end)
        if closing < 0:
            return opening  # "10.1103/PhysRevD.94.074073[arXiv": a bracket the DOI never closes
        opening = doi.find("[", closing, end)
    return end


YEAR = r"(?:1[5-9]\d\d|20\d\d)"

YEAR_DIGITS = re.compile(r"(?<!\d)(?<!^-)\d{4}(?!\d)")

SESSION_NUMBER = re.compile(r"^\s*\d{1,3}\.\s*(?=[^\W\d])")

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})([^\r\n]*)$", re.MULTILINE)


def fenced_blocks(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each fenced code block of a Markdown text, fences included, in text order."""
    opening: tuple[int, str] | None = None
    for fence in _FENCE.finditer(text):
        marks, rest = fence.group(1), fence.group(2)
        if opening is None:
            if not (marks[0] == "`" and "`" in rest):  # backticks in the info string: no fence
                opening = (fence.start(), marks)
        elif marks[0] == opening[1][0] and len(marks) >= len(opening[1]) and not rest.strip():
            yield opening[0], fence.end()
            opening = None
    if opening is not None:  # an unclosed fence runs to the end, as in CommonMark
        yield opening[0], len(text)
