"""What the rules that compare a reference with its record (CL2xx) share.

When a comparison applies, how sure a finding is (from the match's
confidence), how a fix replaces a printed value while keeping the file's
own style (BibTeX braces, a year's suffix, a "doi:" prefix), and how a
difference is checked against the reference as printed before the
reader's split into fields is believed.
"""

from __future__ import annotations

import re

from citelint.fields.normalize import doi_key, is_short_doi
from citelint.fields.patterns import DOI_PREFIX
from citelint.model import Applicability, Fix, Match, Record, Reference, Severity, Span
from citelint.readers import DELIMITED_KINDS

# A match at least this confident may carry errors and safe fixes.
CONFIDENT = 0.9

_DELIMITERS = (("{", "}"), ('"', '"'))


def compared(match: Match) -> bool:
    return match.status == "matched" and match.record is not None


def confident(match: Match) -> bool:
    return (match.confidence or 0.0) >= CONFIDENT


def record_with_other_doi(reference: Reference, match: Match) -> Record | None:
    """The matched record when the reference prints a DOI that is not the record's."""
    record = match.record
    if not compared(match) or record is None or not record.doi or not reference.doi or is_short_doi(reference.doi):
        return None  # which DOI a shortDOI stands for only doi.org knows
    return record if doi_key(record.doi) != doi_key(reference.doi) else None


def mismatch_severity(match: Match) -> Severity:
    return "error" if confident(match) else "warning"


def sub_span(reference: Reference, start: int, end: int) -> Span:
    """The span of file offsets start..end, which lie inside the reference."""
    return Span(start, end, *_position(reference, start), *_position(reference, end))


def _position(reference: Reference, offset: int) -> tuple[int, int]:
    before = reference.text[: offset - reference.span.start]
    newlines = before.count("\n")
    if newlines == 0:
        return reference.span.line, reference.span.column + len(before)
    return reference.span.line + newlines, len(before) - before.rfind("\n")


def value_fix(reference: Reference, field: str, old: str, new: str, *, safe: bool) -> Fix | None:
    """Replace `old` by `new` inside the printed field, or the whole value inside its delimiters.

    None when the field has no span: there is nothing to edit.
    """
    span = reference.spans.get(field)
    printed = reference.printed(field)
    if span is None or printed is None:
        return None
    applicability: Applicability = "safe" if safe else "unsafe"
    at = printed.find(old) if old else -1
    if at < 0:
        at = printed.lower().find(old.lower()) if old else -1
    if at >= 0:
        start = span.start + at
        return Fix(new, applicability, sub_span(reference, start, start + len(old)))
    for opening, closing in _DELIMITERS:
        if len(printed) >= 2 and printed.startswith(opening) and printed.endswith(closing):
            return Fix(new, applicability, sub_span(reference, span.start + 1, span.end - 1))
    return Fix(new, applicability, span)


# Reader-error guards. A text reader splits a reference into fields by its
# punctuation and can put a boundary in the wrong place ("et al." inside the
# title, the journal cut at an abbreviation's dot); these helpers check a
# difference against the reference exactly as printed before it is reported.



def fields_guessed(reference: Reference) -> bool:
    """Whether the reader split the reference into fields by its punctuation, and so may have misplaced an edge."""
    return reference.kind not in DELIMITED_KINDS


# Punctuation that ends one field and starts another: quotes around a title,
# a full stop or semicolon between fields.
_FIELD_BREAK = re.compile(r"[“”\"«»„]|(?<![^\W\d_])['‘’]|['‘’](?![^\W\d_])|[.;](?:\s|$)")


def field_break(between: str) -> bool:
    """Whether the text between two words holds punctuation that separates fields."""
    return bool(_FIELD_BREAK.search(between))


def local_span(reference: Reference, field: str) -> tuple[int, int] | None:
    """The field's start and end offsets in ``reference.text``, or None when the field has no span."""
    span = reference.spans.get(field)
    if span is None:
        return None
    return span.start - reference.span.start, span.end - reference.span.start


def around(reference: Reference, field: str) -> tuple[str, str] | None:
    """The printed reference before and after the field, or None when the field has no span."""
    offsets = local_span(reference, field)
    if offsets is None:
        return None
    return reference.text[: offsets[0]], reference.text[offsets[1] :]


# A DOI or URL often spells out the title or an author's name ("10.1045/november2015-tkaczyk"),
# so it is no evidence of what the reference prints.
_LINK = re.compile(rf"(?:https?://|www\.|\b{DOI_PREFIX})\S+", re.IGNORECASE)


def blank_links(text: str) -> str:
    """The text with every DOI and URL blanked out, offsets unchanged."""
    return _LINK.sub(lambda found: " " * len(found.group()), text)
