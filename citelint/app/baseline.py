"""Baselines: record today's findings, then report only new ones.

A finding is identified by its rule, field and the content of its reference
(not its line), so edits elsewhere in the manuscript do not resurface old
findings; the same finding twice in a file is counted, so a new copy shows.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from citelint.app.results import FileResult, ReferenceResult
from citelint.fields.normalize import text_key
from citelint.model import Finding, Reference

FORMAT_VERSION = 1


class BaselineError(Exception):
    """A baseline file that cannot be read, as one line."""


def fingerprint(reference: Reference, finding: Finding) -> str:
    content = "\x1f".join((finding.code, finding.field, finding.found or "", text_key(reference.text)))
    return hashlib.sha256(content.encode("utf-8")).hexdigest()[:32]


def text_fingerprint(finding: Finding) -> str:
    """A finding about a file's text (its citations), by what it says rather than where."""
    content = "\x1f".join((finding.code, finding.field, finding.found or "", finding.expected or ""))
    return hashlib.sha256(content.encode("utf-8")).hexdigest()[:32]


def _file_key(path: str, baseline: Path) -> str:
    """The checked file's path relative to the baseline's folder, however it was typed."""
    if path == "<stdin>":
        return path
    real, folder = os.path.realpath(path), os.path.realpath(baseline.parent)
    try:
        return Path(os.path.relpath(real, folder)).as_posix()
    except ValueError:  # another drive on Windows
        return Path(real).as_posix()


def write_baseline(path: Path, files: Iterable[FileResult]) -> int:
    entries = [
        {"file": _file_key(file.path, path), "code": finding.code, "fingerprint": fingerprint(result.reference, finding)}
        for file in files
        for result in file.references
        for finding in result.findings
    ] + [
        {"file": _file_key(file.path, path), "code": finding.code, "fingerprint": text_fingerprint(finding)}
        for file in files
        for finding in file.findings
    ]
    document = {"citelint-baseline": FORMAT_VERSION, "findings": entries}
    try:
        path.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    except OSError as error:
        raise BaselineError(f"{path}: cannot write baseline: {error.strerror or error}") from None
    return len(entries)


def load_baseline(path: Path) -> Counter[tuple[str, str]]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        return Counter((entry["file"], entry["fingerprint"]) for entry in document["findings"])
    except OSError as error:
        raise BaselineError(f"{path}: cannot read baseline: {error.strerror or error}") from None
    except (ValueError, KeyError, TypeError):
        raise BaselineError(f"{path}: not a citelint baseline file") from None


def without_baseline(file: FileResult, known: Counter[tuple[str, str]], baseline: Path) -> FileResult:
    """The file's results less the findings the baseline already holds (``known`` is consumed)."""
    file_key = _file_key(file.path, baseline)

    def new(findings: Iterable[Finding], identify: Callable[[Finding], str]) -> tuple[Finding, ...]:
        kept = []
        for finding in findings:
            key = (file_key, identify(finding))
            if known[key] > 0:
                known[key] -= 1
            else:
                kept.append(finding)
        return tuple(kept)

    results = tuple(
        ReferenceResult(result.reference, result.match, new(result.findings, functools.partial(fingerprint, result.reference)))
        for result in file.references
    )
    return FileResult(file.path, file.text, results, new(file.findings, text_fingerprint))
