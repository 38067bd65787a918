"""A page range that cannot be right as printed.

What it does:
    Reports a page field whose range runs backwards ("96-82"), whose
    separator mixes dash characters ("82–-96"), that ends in a dangling
    separator ("82-"), or that has a letter where a digit belongs ("8l-96",
    "1O5"). Legitimate forms are never findings: article numbers
    ("e0123456"), supplement pages ("S12-S19"), roman numerals ("xi-xv"),
    abbreviated ends ("1493-6", "238-49"), and a one-page range written
    twice ("82-82").

Why it matters:
    A malformed range points nowhere; it usually comes from OCR (l for 1, O
    for 0), from a typo, or from a converter that mangled the dash.

Example:
    Failing: ``Smith J (2010) Title. J Biol 31: 8l-96.``
    Passing: ``Smith J (2010) Title. J Biol 31: 81-96.``

Fix safety:
    A mixed separator is replaced by the file's range separator: safe (only
    the dash changes). A look-alike letter is replaced by its digit: unsafe
    (the reading is a guess). A backwards range or a dangling separator has
    no fix: only the record knows the right pages.

Options:
    None.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from citelint.fields.pages import DASHES, RangeStyle, entry_range_style, expand_end, parse_pages, printed_pages, range_style
from citelint.model import Diagnostic, Fix, Match, Reference
from citelint.rules._rule import Context

CODE = "CL102"
NAME = "page-range-malformed"
SEVERITY = "warning"
FIXABLE = True
NEEDS_RECORD = False
SCOPE = "reference"
SUMMARY = "A page range that runs backwards, mixes separators or has letters for digits."
OPTIONS = None

_LOOKALIKES = str.maketrans({"l": "1", "I": "1", "O": "0", "o": "0"})
# A page token with a look-alike letter between or after digits ("8l", "1O5"), or before two or more ("l23").
_LOOKALIKE_TOKEN = re.compile(r"(?<![A-Za-z])(?=[\dlIOo]*\d)(?:\d+[lIOo][\dlIOo]*|[lIOo]\d{2,}[\dlIOo]*)(?![A-Za-z])")
_DANGLING = re.compile(rf"^\s*\w+\s*[{DASHES}]+\s*$")
_PREFIXED = re.compile(r"^([A-Za-z]*)(\d+)$")
_SEPARATOR = re.compile(rf"\s*[{DASHES}]+\s*")


def prepare(context: Context) -> RangeStyle:
    """How the file writes page ranges, counted once per file."""
    return range_style(context.references)


def check(reference: Reference, match: Match, context: Context) -> Iterator[Diagnostic]:
    printed = (printed_pages(reference) or "").strip()
    if not printed:
        return
    span = reference.span_of("pages")
    lookalikes = _LOOKALIKE_TOKEN.findall(printed)
    if lookalikes:
        corrected = _LOOKALIKE_TOKEN.sub(lambda found: found[0].translate(_LOOKALIKES), printed)
        yield Diagnostic(
            field="pages",
            message=f"letter where a digit belongs in pages {printed!r} ({', '.join(lookalikes)})",
            span=span,
            found=printed,
            expected=corrected,
            fix=_fix(reference, corrected, "unsafe"),
        )
        return
    if _DANGLING.match(printed):
        yield Diagnostic(
            field="pages",
            message=f"page range {printed!r} has no end page",
            span=span,
            found=printed,
        )
        return
    pages = parse_pages(printed)
    if pages is None or pages.last is None or pages.separator is None:
        return
    separator = pages.separator
    if len(set(separator)) > 1:
        file_style: RangeStyle = context.prepared or prepare(context)
        wanted = entry_range_style(file_style, reference).separator
        corrected = _SEPARATOR.sub(wanted, printed, count=1)
        yield Diagnostic(
            field="pages",
            message=f"page range {printed!r} mixes dash characters in its separator",
            span=span,
            found=printed,
            expected=corrected,
            fix=_fix(reference, corrected, "safe"),
        )
        return
    yield from _backwards(reference, printed, pages.first, pages.last)


def _backwards(reference: Reference, printed: str, first: str, last: str) -> Iterator[Diagnostic]:
    """A numeric range whose end comes before its start (same prefix letters, or none)."""
    first_parts, last_parts = _PREFIXED.match(first), _PREFIXED.match(last)
    if first_parts is None or last_parts is None or last_parts[1] not in ("", first_parts[1]):
        return
    first_digits, last_digits = first_parts[2], last_parts[2]
    end = int(expand_end(first_digits, last_digits))
    if end >= int(first_digits):
        return
    abbreviated = len(last_digits) < len(first_digits)
    # "238-31" could be an abbreviation that carries (238-331): only a same-length descent is sure.
    yield Diagnostic(
        field="pages",
        message=f"page range {printed!r} runs backwards: it ends at {end}, before its first page {first_digits}",
        span=reference.span_of("pages"),
        found=printed,
        severity="info" if abbreviated else None,
    )


def _fix(reference: Reference, replacement: str, applicability: str) -> Fix | None:
    if "pages" not in reference.spans:
        return None  # the value was normalised: there is no printed text to replace
    return Fix(replacement=replacement, applicability=applicability)  # type: ignore[arg-type]
