"""Inline suppressions: ``citelint: ignore[CODE,...] reason="..." until=YYYY-MM-DD``.

A directive names rules by code, code prefix or name (``ignore[page-separator-lost]``);
what names no rule is kept as written, for CL003 to report.

The directive stands in a comment of the file's own kind: ``% ...`` in .bib
and LaTeX, ``# ...``, ``// ...`` or ``<!-- ... -->`` in reference lists and
Markdown. Readers decide which comments belong to which reference; this
module only finds and parses them.
"""

from __future__ import annotations

import re

from citelint.model import SourceText, Suppression
from citelint.rule_codes import rule_code

_DIRECTIVE = re.compile(
    r"(?:%|#|//|<!--)[ \t]*citelint:[ \t]*ignore\[(?P<codes>[^\]\r\n]{0,200})\]"
    r"(?P<options>[^\r\n]{0,400})"
)
_REASON = re.compile(r"""reason=(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)')""")
_UNTIL = re.compile(r"until=(?P<until>[^\s,;>\"']+)")


def find_suppressions(source: SourceText, start: int, end: int) -> tuple[Suppression, ...]:
    """Every suppression directive within ``source.text[start:end]``."""
    found = []
    for directive in _DIRECTIVE.finditer(source.text, start, end):
        codes = tuple(rule_code(written.strip()) for written in directive["codes"].split(",") if written.strip())
        options = directive["options"]
        if options.rstrip().endswith("-->"):
            options = options.rstrip()[:-3]
        reason = _REASON.search(options)
        until = _UNTIL.search(options)
        found.append(
            Suppression(
                codes=codes,
                span=source.span(directive.start(), directive.end()),
                reason=(reason["double"] if reason["double"] is not None else reason["single"]) if reason else None,
                until=until["until"] if until else None,
            )
        )
    return tuple(found)


_COMMENT_LINE = re.compile(r"[ \t]*(?:%|#|//|<!--)")


def directives_at_line(source: SourceText, line: int) -> list[Suppression]:
    """The directives that cover a citation on ``line``: on that line, or alone on the line above it."""
    directives = list(find_suppressions(source, *source.line_bounds(line)))
    if line > 1:
        above_start, above_end = source.line_bounds(line - 1)
        if _COMMENT_LINE.match(source.text, above_start, above_end):
            directives.extend(find_suppressions(source, above_start, above_end))
    return directives


def suppresses(suppression: Suppression, code: str) -> bool:
    """Whether the directive covers the code; codes are prefixes, and an empty list covers all."""
    return not suppression.codes or any(code.startswith(prefix) for prefix in suppression.codes)
