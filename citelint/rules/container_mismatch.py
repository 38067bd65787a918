"""Journal differs from the published record.

What it does:
    Reports a printed journal that is not the record's journal under any of
    its names: the full title, the record's short titles, ISO 4 and NLM
    abbreviations ("Br J Psychiatry" for "The British Journal of
    Psychiatry"), acronyms ("JAMA"), with or without "The", with "&" or
    "and", in any case and either spelling ("Paediatr" / "Pediatrics").
    Only journal articles are compared: book and proceedings titles are
    printed too freely.

Why it matters:
    A reference to the wrong journal cannot be found, and often means the
    details were copied from another reference.

Example:
    Failing: ``Smith J. Title. Nature Communications. 2010;2:1-9.`` (the record says Nature)
    Passing: ``Smith J. Title. Nature. 2010;2:1-9.``

Fix safety:
    The record's full journal title is offered as an unsafe fix: the style
    may want the abbreviation.

Options:
    None.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from citelint.journals import same_journal
from citelint.model import Diagnostic, Match, Reference
from citelint.normalize import strip_markup
from citelint.rules._compare import compared, mismatch_severity, value_fix
from citelint.rules._rule import Context

CODE = "CL207"
NAME = "container-mismatch"
SEVERITY = "error"
FIXABLE = True
NEEDS_RECORD = True
SUMMARY = "The printed journal is not the record's journal under any of its names."
OPTIONS = None

_LATEX_SPECIAL = re.compile(r"(?<!\\)[&%$#_]")
_JOURNAL_TYPES = frozenset({"journal-article", ""})


def check(reference: Reference, match: Match, context: Context) -> Iterator[Diagnostic]:
    if not compared(match) or not reference.container:
        return
    record = match.record
    assert record is not None
    if record.type not in _JOURNAL_TYPES or not record.container or same_journal(reference.container, record):
        return
    expected = strip_markup(record.container)
    replacement = _LATEX_SPECIAL.sub(r"\\\g<0>", expected) if reference.kind == "bibtex" else expected
    yield Diagnostic(
        field="container",
        message=f"journal {reference.container!r} is not the record's {expected!r}",
        span=reference.span_of("container"),
        found=reference.printed("container") or reference.container,
        expected=expected,
        fix=value_fix(reference, "container", reference.container, replacement, safe=False),
        severity=mismatch_severity(match),
        evidence=record.url,
    )
