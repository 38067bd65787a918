"""The contract every rule module follows.

A rule is a module with constants at the top and one check function. A
reference rule checks one reference at a time:

    CODE = "CL101"                # stable; CL0xx meta, CL1xx offline, CL2xx record, CL3xx status, CL4xx citations
    NAME = "page-separator-lost"  # names the pattern flagged
    SEVERITY = "warning"          # default severity
    FIXABLE = True                # whether it can ever offer a fix
    NEEDS_RECORD = False          # True: only runs when a record was matched
    SCOPE = "reference"           # what it checks: one of SCOPES (below)
    SUMMARY = "One line for `citelint rules`."
    OPTIONS = SomeFrozenOptions() # typed, frozen defaults; None when the rule has none
    SUPERSEDED_BY = ("CL106",)    # optional: rules whose finding on a reference makes this one's redundant

    def check(reference, match, context) -> Iterator[Diagnostic]: ...

A rule that looks at the whole file (duplicates, the file's page style) may
also define ``prepare(context)``: the engine calls it once per file and hands
its result to every ``check`` of that file as ``context.prepared``. (Called
alone, as in a test, ``check`` prepares for itself.)

A manuscript rule (``SCOPE = "citations"``) checks a manuscript's citations
against its reference list instead:

    def check_citations(document, context) -> Iterator[Diagnostic]: ...

where ``document`` is a ``citelint.citations.resolve.Document`` and each
diagnostic names the ``file`` its span is in.

The engine chooses what to run, and on what, by the declared scope:

- ``"reference"``: each reference, as read;
- ``"record"``: each reference, as it stands against its matched record (its fields read
  where the record's stand in its text, when one was matched);
- ``"entry"``: each bibliography entry beside the manuscripts citing it, also the entries
  no manuscript prints (which get no other rule);
- ``"citations"``: each manuscript's citations (a manuscript rule).

The module docstring is the user documentation shown by `citelint explain`,
with the sections "What it does", "Why it matters", "Example" (a failing and
a passing reference), "Fix safety" and "Options".
Rules are pure: no I/O, no clock (``context.today``), no mutation of options.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeAlias, TypeGuard

from citelint.citations.resolve import Document
from citelint.model import Diagnostic, Match, Reference


@dataclass(frozen=True)
class Context:
    options: Any  # the rule's OPTIONS, with the user's configuration applied
    references: Sequence[Reference]  # every reference of the same file, in order
    today: datetime.date
    matches: Sequence[Match] = ()  # the lookup result of each of `references`, aligned with it
    # The manuscripts citing these references (empty when none was checked with them).
    documents: Sequence[Document] = ()
    prepared: Any = None  # what the rule's prepare(context) returned for this file, if it has one


SCOPES = ("reference", "record", "entry", "citations")


class _Rule(Protocol):
    CODE: str
    NAME: str
    SEVERITY: str
    FIXABLE: bool
    NEEDS_RECORD: bool
    SCOPE: str
    SUMMARY: str
    OPTIONS: Any
    __doc__: str | None


class ReferenceRule(_Rule, Protocol):
    def check(self, reference: Reference, match: Match, context: Context) -> Iterator[Diagnostic]: ...


class ManuscriptRule(_Rule, Protocol):
    def check_citations(self, document: Document, context: Context) -> Iterator[Diagnostic]: ...


RuleModule: TypeAlias = ReferenceRule | ManuscriptRule


def is_manuscript_rule(rule: RuleModule) -> TypeGuard[ManuscriptRule]:
    return rule.SCOPE == "citations"


def is_reference_rule(rule: RuleModule) -> TypeGuard[ReferenceRule]:
    return rule.SCOPE != "citations"


def prepared(rule: Any, context: Context) -> Context:
    """The context with the rule's once-per-file preparation in it (unchanged for a rule without one)."""
    prepare = getattr(rule, "prepare", None)
    return context if prepare is None else dataclasses.replace(context, prepared=prepare(context))


DOC_SECTIONS = ("What it does", "Why it matters", "Example", "Fix safety", "Options")
