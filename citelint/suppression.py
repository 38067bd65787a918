"""Inline suppressions: ``citelint: ignore[CODE,...] reason="..." until=YYYY-MM-DD``.

The directive stands in a comment of the file's own kind: ``% ...`` in .bib
and LaTeX, ``# ...``, ``// ...`` or ``<!-- ... -->`` in reference lists and
Markdown. Readers decide which comments belong to which reference; this
module only finds and parses them.
"""

from __future__ import annotations

import re

from citelint.model import SourceText, Suppression

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
        codes = tuple(code.strip().upper() for code in directive["codes"].split(",") if code.strip())
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


def suppresses(suppression: Suppression, code: str) -> bool:
    """Whether the directive covers the code; codes are prefixes, and an empty list covers all."""
    return not suppression.codes or any(code.startswith(prefix) for prefix in suppression.codes)
