"""A DOI that is not written as a DOI.

What it does:
    Reports a printed DOI that does not have the shape ``10.NNNN/suffix``
    once its link or label is set aside (``https://doi.org/``, ``doi:`` are
    fine), that carries trailing punctuation (one period closing a
    plain-text reference is its own), embedded spaces or a dash
    that is not a hyphen, or whose prefix is written twice
    (``doi:https://doi.org/10...``), or that has an export's tag or the
    reference's next element glued on (``10.1038/nm.2234 [doi]``,
    ``...074073[arXiv:1606.01234]``, ``...001.URL``). A shortDOI, the
    short alias doi.org resolves (``10/fg6rf9``, or ``fg6rf9`` in a DOI
    field or after ``https://doi.org/``, as APA 7 prints them), is a DOI
    and is left alone; brackets that close inside a DOI are part of it
    (BioOne's ``...14[1:TPOIMI]2.0.CO;2``).

Why it matters:
    A DOI is an exact identifier: a stray period or space makes the link
    fail, and automated checks, citation indexes and readers can no longer
    resolve the reference.

Example:
    Failing: ``... Nature 521, 436-444. https://doi.org/10.1038/ nature14539``
    Passing: ``... Nature 521, 436-444. https://doi.org/10.1038/nature14539``

Fix safety:
    Removing trailing punctuation, a repeated prefix, a glued-on tag, or a space next to
    "/", "." or "-" (a line break) is safe: the correction is mechanical. A
    space between two letters or digits, or an en dash replaced by a hyphen,
    is unsafe: almost always right, but the DOI itself is not checked. A DOI of
    the wrong shape gets no fix.

Options:
    None.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from citelint.fields.normalize import is_short_doi
from citelint.fields.patterns import DOI_PREFIX, doi_length
from citelint.model import Diagnostic, Fix, Match, Reference
from citelint.rules._compare import fields_guessed
from citelint.rules._rule import Context

CODE = "CL103"
NAME = "doi-malformed"
SEVERITY = "warning"
FIXABLE = True
NEEDS_RECORD = False
SCOPE = "reference"
SUMMARY = "A DOI with the wrong shape, trailing punctuation, spaces or a doubled prefix."
OPTIONS = None

_PREFIX = re.compile(r"^(?:(?:https?://)?(?:dx\.|www\.)?doi\.org/|info:doi/|doi:\s*|doi\s+)", re.IGNORECASE)
_OTHER_LINK = re.compile(r"^https?://(?!(?:dx\.|www\.)?doi\.org/)", re.IGNORECASE)
_SHAPE = re.compile(rf"^{DOI_PREFIX}\S+$")
_LOOSE_SPACE = re.compile(r"\w\s+\w")
_TRAILING = re.compile(r"[.,;:]+$")
_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-"})


def check(reference: Reference, match: Match, context: Context) -> Iterator[Diagnostic]:
    printed = reference.printed("doi") or reference.doi
    if not printed:
        return
    printed = printed.strip()
    if _OTHER_LINK.match(printed):
        return  # a publisher's link, not a DOI as written
    label, doi = _split_label(printed)
    problems = []
    applicability = "safe"
    repeated = _PREFIX.match(doi)
    while repeated:
        doi = doi[repeated.end() :]
        problems.append("its prefix is written twice")
        repeated = _PREFIX.match(doi)
    glued = doi_length(doi)
    if glued < len(doi):  # "10.1038/nm.2234 [doi]": an export's tag after the DOI
        problems.append(f"it ends with {doi[glued:].strip()!r}, which is not part of it")
        doi = doi[:glued].rstrip()
    if re.search(r"\s", doi):
        if _LOOSE_SPACE.search(doi):
            applicability = "unsafe"  # a space between two word characters may end the DOI instead
        doi = re.sub(r"\s+", "", doi)
        problems.append("it contains spaces")
    trailing = _TRAILING.search(doi)
    if trailing and not _ends_sentence(reference, printed):
        doi = doi[: trailing.start()]
        problems.append(f"it ends with {trailing[0]!r}")
    if doi.endswith(")") and doi.count(")") > doi.count("("):
        doi = doi[:-1]
        problems.append("it ends with an unmatched ')'")
    dashless = doi.translate(_DASHES)
    if dashless != doi:
        doi = dashless
        problems.append("it has a dash where DOIs have a hyphen")
        applicability = "unsafe"
    if not _SHAPE.match(doi) and not is_short_doi(doi):
        yield Diagnostic(
            field="doi",
            message=f"{printed!r} is not a DOI: DOIs have the form 10.NNNN/suffix",
            span=reference.span_of("doi"),
            found=printed,
        )
        return
    if not problems:
        return
    corrected = label + doi
    yield Diagnostic(
        field="doi",
        message=f"malformed DOI: {'; '.join(dict.fromkeys(problems))}",
        span=reference.span_of("doi"),
        found=printed,
        expected=corrected,
        fix=Fix(corrected, applicability) if "doi" in reference.spans else None,  # type: ignore[arg-type]
    )


def _split_label(printed: str) -> tuple[str, str]:
    """The link or label the author wrote before the DOI, kept as is, and the DOI itself."""
    label = _PREFIX.match(printed)
    if label is None:
        return "", printed
    return printed[: label.end()], printed[label.end() :]


def _ends_sentence(reference: Reference, printed: str) -> bool:
    """In plain text one period after a DOI closes the reference or its element, not the DOI."""
    return fields_guessed(reference) and printed.endswith(".") and not printed.endswith("..")
