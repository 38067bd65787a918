"""What a record says about the status of its work: notices and versions.

Crossref links a work to the notices that update it (``updated-by``) and a
notice to the work it updates (``update-to``), each with a type from an open
vocabulary written in several ways ("expression_of_concern",
"expression-of-concern", "Partial_Retraction"). These helpers reduce the
types to a few kinds, merge a notice listed once per source (publisher and
Retraction Watch), describe a notice for a message, and tell a preprint
from the work it became.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Literal

from citelint.fields.normalize import doi_key, text_key
from citelint.model import Record, Reference, Update

UpdateKind = Literal["retraction", "concern", "correction"]

_KINDS: Mapping[str, UpdateKind] = {
    "retraction": "retraction",
    "partial retraction": "retraction",
    "withdrawal": "retraction",
    "removal": "retraction",
    "expression of concern": "concern",
    "correction": "correction",
    "erratum": "correction",
    "corrigendum": "correction",
    "addendum": "correction",
}
# "new_version" is deliberately absent: publishers (PLOS) use it for a revised
# deposit of the same work, often pointing at the work itself; nothing to report.

_SOURCES = {"publisher": "the publisher", "retraction-watch": "Retraction Watch"}

# Elsevier prints "RETRACTED:" / "WITHDRAWN:", Springer "RETRACTED ARTICLE:". Title-case
# "Retracted: <title>" is left out: it is how Hindawi and Wiley title the notice itself.
_RETRACTED_TITLE = re.compile(r"^(?:RETRACTED(?: ARTICLE)?|WITHDRAWN|Withdrawn)\s*:")

_PREPRINT_PREFIXES = frozenset({
    "10.48550",  # arXiv
    "10.1101",  # bioRxiv, medRxiv (numeric suffixes; Cold Spring Harbor's journals share the prefix)
    "10.2139",  # SSRN
    "10.21203",  # Research Square
    "10.31234",  # PsyArXiv
    "10.31219",  # OSF Preprints
})
_PREPRINT_HOSTS = re.compile(
    r"(?:^|[/.@])(?:arxiv\.org|biorxiv\.org|medrxiv\.org|ssrn\.com|researchsquare\.com|psyarxiv\.com|osf\.io)"
    r"(?:[/:?#]|$)",
    re.IGNORECASE,
)
# A printed container naming a server: "bioRxiv", "arXiv preprint arXiv:2101.00001", "SSRN Electronic Journal",
# Google Scholar's "Available at SSRN 5224452".
_PREPRINT_SERVER = re.compile(
    r"^(?:available at )?(?:arxiv|biorxiv|medrxiv|chemrxiv|techrxiv|ssrn|psyarxiv|research square|osf preprints)\b"
)


def normal_type(update_type: str) -> str:
    """"Expression_of_Concern" -> "expression of concern"."""
    return " ".join(update_type.lower().replace("_", " ").replace("-", " ").split())


def update_kind(update_type: str) -> UpdateKind | None:
    """The kind of a Crossref update type; None for the rest (new_version, clarification...)."""
    return _KINDS.get(normal_type(update_type))


def notices(updates: Iterable[Update], kind: UpdateKind, *, excluding: str = "") -> tuple[Update, ...]:
    """The updates of one kind, each notice once: a notice listed by two sources is merged.

    ``excluding`` drops updates whose DOI is that one (a notice-side record
    listing itself).
    """
    merged: dict[str, Update] = {}
    for update in updates:
        if update_kind(update.type) != kind:
            continue
        key = doi_key(update.doi)
        if excluding and key == doi_key(excluding):
            continue
        earlier = merged.get(key)
        merged[key] = update if earlier is None else _merge(earlier, update)
    return tuple(merged.values())


def _merge(first: Update, second: Update) -> Update:
    sources = [s for s in dict.fromkeys((first.source, second.source)) if s]
    dates = [d for d in (first.date, second.date) if d]
    return Update(
        type=first.type,
        doi=first.doi,
        date=min(dates) if dates else None,
        source=", ".join(sources) or None,
        label=first.label or second.label,
    )


def describe(update: Update) -> str:
    """``https://doi.org/10.x/y (2010-02-06, Retraction Watch)``: where the notice is, when, who says so."""
    details = [update.date] if update.date else []
    if update.source:
        details.append(" and ".join(_SOURCES.get(s.strip(), s.strip()) for s in update.source.split(",")))
    suffix = f" ({', '.join(details)})" if details else ""
    return f"https://doi.org/{update.doi}{suffix}"


def retracted_title_mark(record: Record) -> str:
    """The "RETRACTED:" the publisher put before the record's title, or ""."""
    found = _RETRACTED_TITLE.match(record.title)
    return found[0] if found else ""


def mentions(reference: Reference, *stems: str) -> bool:
    """Whether the reference, outside its title, already says so ("[Retracted]", "Erratum in: ...").

    The title is left out: an article about retractions is not a note that
    the article was retracted.
    """
    text = reference.text
    title = reference.printed("title")
    if title:
        text = text.replace(title, " ")
    printed = f" {text_key(text)}"
    return any(f" {stem}" in printed for stem in stems)


def is_preprint(reference: Reference, record: Record | None) -> bool:
    """Whether the reference cites a preprint: by the record's type or the printed DOI, URL or server."""
    if record is not None and (record.type == "posted-content" or _doi_prefix(record.doi) in _PREPRINT_PREFIXES):
        return True
    if reference.doi and _doi_prefix(reference.doi) in _PREPRINT_PREFIXES:
        return True
    if reference.url and _PREPRINT_HOSTS.search(reference.url):
        return True
    return bool(_PREPRINT_SERVER.match(text_key(reference.container or "")))


def _doi_prefix(doi: str) -> str:
    """The registrant prefix of a preprint server's DOI, or "" when the DOI is a journal's under the same prefix."""
    prefix, _, suffix = doi_key(doi).partition("/")
    if prefix == "10.1101" and not suffix[:1].isdigit():
        return ""  # Genome Research (10.1101/gr.…), Genes & Development (10.1101/gad.…)
    return prefix


def published_versions(record: Record) -> tuple[str, ...]:
    """The DOIs of the published work(s) a preprint record became."""
    return tuple(dict.fromkeys(doi_key(doi) for doi in record.relations.get("is-preprint-of", ()) if doi))


def preprint_versions(record: Record) -> tuple[str, ...]:
    """The DOIs of the preprint(s) of a published record."""
    return tuple(dict.fromkeys(doi_key(doi) for doi in record.relations.get("has-preprint", ()) if doi))
