"""Every rule's code and name: the table the rule registry loads its rules from, and the words
configuration files and inline suppressions name rules with.

It imports nothing, so that reading a suppression (a reader's work) or a configuration file needs
no rule: the rules import the readers' vocabulary, and the registry imports the rules.
"""

from __future__ import annotations

import difflib

# code -> name, in code order: one line per rule module, citelint/rules/<name with underscores>.py
RULE_NAMES: dict[str, str] = {
    "CL001": "reference-unparsable",
    "CL002": "suppression-expired",
    "CL003": "suppression-rule-unknown",
    "CL004": "citation-suppression-rule-unknown",
    "CL101": "page-separator-lost",
    "CL102": "page-range-malformed",
    "CL103": "doi-malformed",
    "CL104": "year-implausible",
    "CL105": "in-press-stale",
    "CL106": "duplicate-reference",
    "CL107": "title-misspelled",
    "CL108": "required-field-missing",
    "CL201": "pages-mismatch",
    "CL202": "title-mismatch",
    "CL203": "year-mismatch",
    "CL204": "volume-mismatch",
    "CL205": "issue-mismatch",
    "CL206": "authors-mismatch",
    "CL207": "container-mismatch",
    "CL208": "doi-missing",
    "CL209": "doi-wrong-work",
    "CL210": "doi-unknown",
    "CL301": "record-not-found",
    "CL302": "record-ambiguous",
    "CL303": "retracted-work-cited",
    "CL304": "expression-of-concern",
    "CL305": "correction-published",
    "CL306": "in-press-now-published",
    "CL307": "preprint-has-published-version",
    "CL308": "reference-unverifiable",
    "CL309": "same-work-cited-twice",
    "CL401": "citation-without-entry",
    "CL402": "entry-never-cited",
    "CL403": "duplicate-citation-key",
    "CL404": "citation-disagrees-with-entry",
    "CL405": "citation-out-of-order",
}

_CODES_BY_NAME = {name: code for code, name in RULE_NAMES.items()}


def code_of(written: str) -> str:
    """A rule code or prefix as written, or a rule's name, as a code (upper case); ALL stays ALL."""
    return _CODES_BY_NAME.get(written.lower(), written.upper())


def names_no_rule(written: str) -> bool:
    """Whether an entry is neither a rule's code, a prefix of codes, nor a rule's name."""
    return not any(code.startswith(written) for code in RULE_NAMES)


def rule_code(written: str) -> str:
    """The code (or prefix) a suppression entry names; the entry as written when it names no rule."""
    code = code_of(written)
    return written if names_no_rule(code) else code


def unknown_rule_message(written: str) -> str:
    """What CL003 and CL004 say about an entry naming no rule, with the closest rule when there is one."""
    known = list(RULE_NAMES.values()) if "-" in written else list(RULE_NAMES)
    close = difflib.get_close_matches(written.lower() if "-" in written else written.upper(), known, n=1)
    closest = f" (did you mean '{close[0]}'?)" if close else ""
    return f"suppression names no rule: '{written}'{closest}; it suppresses nothing"
