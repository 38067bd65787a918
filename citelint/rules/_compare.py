"""What the rules that compare a reference with its record (CL2xx) share.

When a comparison applies, how sure a finding is (from the match's
confidence), and how a fix replaces a printed value while keeping the
file's own style (BibTeX braces, a year's suffix, a "doi:" prefix).
"""

from __future__ import annotations

from citelint.model import Applicability, Fix, Match, Reference, Severity, Span

# A match at least this confident may carry errors and safe fixes.
CONFIDENT = 0.9

_DELIMITERS = (("{", "}"), ('"', '"'))


def compared(match: Match) -> bool:
    return match.status == "matched" and match.record is not None


def confident(match: Match) -> bool:
    return (match.confidence or 0.0) >= CONFIDENT


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
