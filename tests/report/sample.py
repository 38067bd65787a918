"""One report built by hand, rendered by every golden test.

Three files (a manuscript with a finding about a citation, a reference
list and a .bib), clean and dirty references, every
match status, findings of every severity with safe, unsafe and no fixes, a
hostile reference (workflow-command separators, percent signs, CR/LF, Rich
markup, ANSI escapes), input errors and a notice. Rule metadata is fixed
here too, so the goldens do not change when rules are added to the registry.
"""

from __future__ import annotations

import types

from citelint.app.results import FileResult, InputError, InputNotice, ReferenceResult, Report
from citelint.model import Author, Finding, Fix, Match, Record, Reference, SourceText

_TEXT_REFERENCES = [
    ("[1] Smith, J., & Jones, K. (2010). Deep learning of citations. Journal of Examples, 12(3), 45-67. "
     "https://doi.org/10.1234/jex.2010.45"),
    "[2] World Health Organization. (2019). Global report on citations. WHO Press.",
    "[3] Brown, A. (2015). A study with two candidate records. Review of Things, 4, 1-10.",
    "[4] Grün, B. (2018). Lost in the archive. Obscure Letters, 9, 100-110.",
    "[5] Black, C. (2021). A lookup that failed. Journal of Timeouts, 2(1), e1234.",
    "[6] White, D. (2012). Offline only. Offline Journal, 7, 3-9. doi:10.5555/offline.7.",
    "[7] garbled ;; 2011 ;; no structure at all",
]

_BIB = (
    "@article{evil2020,\r\n"
    "  title = {Title with :: and 100% and [bold]markup[/bold] \x1b[31mred\x1b[0m},\r\n"
    "  author = {Evil, Eve},\r\n"
    "  journal = {J. Hack::error file=x::pwned},\r\n"
    "  year = {2020}\r\n"
    "}\r\n"
    "\r\n"
    "@book{clean2001,\r\n"
    "  title = {A clean book},\r\n"
    "  author = {Clean, Carl},\r\n"
    "  year = {2001}\r\n"
    "}\r\n"
)

_RULE_DOC = """{summary}

What it does:
    {what}

Why it matters:
    A wrong {field} sends readers to the wrong place.

Example:
    Failing: ``{failing}``
    Passing: ``{passing}``

Fix safety:
    {safety}

Options:
    None.
"""


def _rule(code: str, name: str, severity: str, fixable: bool, summary: str, what: str, field: str,
          failing: str, passing: str, safety: str) -> types.ModuleType:
    module = types.ModuleType(f"sample_rules.{name}", _RULE_DOC.format(
        summary=summary, what=what, field=field, failing=failing, passing=passing, safety=safety))
    module.CODE, module.NAME, module.SEVERITY, module.FIXABLE = code, name, severity, fixable
    module.NEEDS_RECORD, module.SUMMARY, module.OPTIONS = code.startswith("CL2"), summary, None
    return module


RULES = {
    rule.CODE: rule
    for rule in (
        _rule("CL001", "reference-unparsable", "warning", False, "A reference that could not be split into fields.",
              "Reports a reference that no citation style explains.", "reference", "garbled ;; 2011",
              "Smith, J. (2011). Title. Journal, 1, 1-2.", "No fix."),
        _rule("CL104", "doi-trailing-punctuation", "warning", True, "A DOI with trailing punctuation.",
              "Reports a DOI that ends in a full stop or comma.", "DOI", "doi:10.5555/x.", "doi:10.5555/x",
              "Safe: the punctuation is never part of a DOI."),
        _rule("CL110", "title-markup", "info", False, "Markup left in a title.",
              "Reports formatting commands or escape characters left in a title.", "title", "{[bold]x}", "{x}",
              "No fix."),
        _rule("CL203", "pages-mismatch", "error", True, "Pages that differ from the published record.",
              "Compares the printed page range with the record's.", "page range", "45-67", "45-76",
              "Safe when the record's pages are known."),
        _rule("CL204", "year-mismatch", "warning", True, "A year matching no date of the record.",
              "Compares the printed year with the record's print, online and issue years.", "year", "(2010)",
              "(2011)", "Unsafe: the author may cite an earlier version."),
        _rule("CL401", "citation-without-entry", "error", False, "A key cited that no entry has.",
              "Reports a cited key with no entry in the reference list.", "key", "\\cite{smith2010}",
              "\\cite{smith2011}", "No fix."),
    )
}


def _record(doi: str, title: str, **fields) -> Record:
    return Record(doi=doi, title=title, type="journal-article", **fields)


def _text_file() -> FileResult:
    path = "paper/refs.txt"
    text = "\n".join(_TEXT_REFERENCES) + "\n"
    source = SourceText(path, text)

    def reference(number: int, **fields) -> Reference:
        line = _TEXT_REFERENCES[number - 1]
        start = text.index(line)
        spans = {}
        for name, value in fields.items():
            if isinstance(value, str) and name not in ("key", "parse_problem") and value in line:
                offset = start + line.index(value)
                spans[name] = source.span(offset, offset + len(value))
        return Reference(text=line, file=path, span=source.span(start, start + len(line)), index=number,
                         kind="text", key=f"[{number}]", spans=spans, **fields)

    smith = reference(1, authors=(Author("Smith", "J."), Author("Jones", "K.")), year="2010",
                      title="Deep learning of citations", container="Journal of Examples", volume="12", issue="3",
                      pages="45-67", doi="10.1234/jex.2010.45")
    smith_record = _record("10.1234/jex.2010.45", "Deep learning of citations", page="45-76", year_print=2011,
                           year_online=2011, volume="12", issue="3", container="Journal of Examples")
    who = reference(2, authors=(Author(organisation="World Health Organization"),), year="2019",
                    title="Global report on citations", publisher="WHO Press", type="book")
    brown = reference(3, authors=(Author("Brown", "A."),), year="2015", title="A study with two candidate records",
                      container="Review of Things", volume="4", pages="1-10")
    green = reference(4, authors=(Author("Grün", "B."),), year="2018", title="Lost in the archive",
                      container="Obscure Letters", volume="9", pages="100-110")
    black = reference(5, authors=(Author("Black", "C."),), year="2021", title="A lookup that failed",
                      container="Journal of Timeouts", volume="2", issue="1", article_number="e1234")
    white = reference(6, authors=(Author("White", "D."),), year="2012", title="Offline only",
                      container="Offline Journal", volume="7", pages="3-9", doi="10.5555/offline.7.")
    garbled = reference(7, parse_problem="no author, year and title pattern recognised")

    smith_pages, smith_year = smith.spans["pages"], smith.spans["year"]
    white_doi = white.spans["doi"]
    return FileResult(path, text, (
        ReferenceResult(smith, Match("matched", smith_record, 0.97, "crossref", via="doi", doi_status="same"), (
            Finding("CL203", "pages-mismatch", "error", "pages", "page range differs from the published record",
                    smith_pages, found="45-67", expected="45-76", fix=Fix("45-76", "safe"),
                    evidence="https://doi.org/10.1234/jex.2010.45"),
            Finding("CL204", "year-mismatch", "warning", "year", "year matches no date of the published record",
                    smith_year, found="2010", expected="2011", fix=Fix("2011", "unsafe"),
                    evidence="https://doi.org/10.1234/jex.2010.45"),
        )),
        ReferenceResult(who, Match("matched", _record("10.5555/who.2019", "Global report on citations"), 0.91,
                                   "crossref", via="search"), ()),
        ReferenceResult(brown, Match("ambiguous", candidates=(
            _record("10.5555/rot.4.1", "A study with two candidate records"),
            _record("10.5555/rot.4.1-erratum", "A study with two candidate records (erratum)"),
        ), source="crossref", via="search", reason="two records fit equally well"), ()),
        ReferenceResult(green, Match("not-found", source="crossref", via="search",
                                     reason="no record close enough"), ()),
        ReferenceResult(black, Match("unchecked", reason="Crossref did not answer (timeout)"), ()),
        ReferenceResult(white, Match("offline"), (
            Finding("CL104", "doi-trailing-punctuation", "warning", "doi", "DOI ends with punctuation",
                    white_doi, found="10.5555/offline.7.", expected="10.5555/offline.7",
                    fix=Fix("10.5555/offline.7", "safe")),
        )),
        ReferenceResult(garbled, Match("unchecked", reason="could not be parsed"), (
            Finding("CL001", "reference-unparsable", "warning", "format",
                    "could not read this reference: no author, year and title pattern recognised", garbled.span),
        )),
    ))


def _bib_file() -> FileResult:
    path = "paper/library.bib"
    source = SourceText(path, _BIB)
    evil_end = _BIB.index("}\r\n\r\n") + 1
    evil_text = _BIB[:evil_end]
    title_value = "Title with :: and 100% and [bold]markup[/bold] \x1b[31mred\x1b[0m"
    title_start = _BIB.index(title_value)
    evil = Reference(
        text=evil_text, file=path, span=source.span(0, evil_end), index=1, kind="bibtex", key="evil2020",
        authors=(Author("Evil", "Eve"),), year="2020", title=title_value, container="J. Hack::error file=x::pwned",
        type="article", spans={"title": source.span(title_start, title_start + len(title_value))},
    )
    clean_start = _BIB.index("@book")
    clean_end = _BIB.index("}\r\n", _BIB.index("year = {2001}")) + 1
    clean = Reference(
        text=_BIB[clean_start:clean_end], file=path, span=source.span(clean_start, clean_end), index=2,
        kind="bibtex", key="clean2001", authors=(Author("Clean", "Carl"),), year="2001", title="A clean book",
        type="book",
    )
    hostile_found = "[bold]markup[/bold] \x1b[31mred\x1b[0m\r\n::error::injected 100%"
    return FileResult(path, _BIB, (
        ReferenceResult(evil, Match("not-found", source="crossref", via="search",
                                    reason="no record close enough"), (
            Finding("CL110", "title-markup", "info", "title",
                    "title contains markup: [bold] and an escape sequence\n::warning::second line",
                    evil.spans["title"], found=hostile_found, expected=None),
        )),
        ReferenceResult(clean, Match("matched", _record("10.5555/clean.2001", "A clean book"), 0.99, "snapshot",
                                     via="search"), ()),
    ))


_MANUSCRIPT = (
    "\\section{Introduction}\n"
    "Citations rot \\citep{smith2010, brown2015}, as shown before~\\cite{gren2018}.\n"
    "\\bibliography{refs}\n"
)


def _manuscript() -> FileResult:
    """A manuscript whose findings are about its citations, with no reference list of its own."""
    path = "paper/paper.tex"
    source = SourceText(path, _MANUSCRIPT)
    at = _MANUSCRIPT.index("gren2018")
    return FileResult(path, _MANUSCRIPT, (), (
        Finding("CL401", "citation-without-entry", "error", "citation",
                "'gren2018' is cited but no entry has this key (did you mean 'grun2018'?)",
                source.span(at, at + len("gren2018")), found="gren2018", expected="grun2018"),
    ))


REPORT = Report(
    files=(_manuscript(), _text_file(), _bib_file()),
    errors=(
        InputError("paper/missing.txt", None, "no such file"),
        InputError("paper/broken,name.bib", 3, "unbalanced braces: %s\n::error::x"),
    ),
    notices=(InputNotice("paper/empty.txt", None, "empty file, no references"),),
)
