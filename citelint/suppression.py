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
        codes = tuple(_code(written.strip()) for written in directive["codes"].split(",") if written.strip())
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


def _code(written: str) -> str:
    from citelint.config import code_of
    from citelint.rules import RULES

    code = code_of(written)
    return code if any(rule.startswith(code) for rule in RULES) else written


def names_no_rule(written: str) -> bool:
    """Whether a directive's entry is neither a rule's code, a prefix of codes, nor a rule's name."""
    from citelint.rules import RULES

    return not any(rule.startswith(written) for rule in RULES)


def suppresses(suppression: Suppression, code: str) -> bool:
    """Whether the directive covers the code; codes are prefixes, and an empty list covers all."""
    return not suppression.codes or any(code.startswith(prefix) for prefix in suppression.codes)
