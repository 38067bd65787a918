"""What a run produces, as the reporters receive it."""

from __future__ import annotations

from dataclasses import dataclass

from citelint.model import Finding, Match, Reference


@dataclass(frozen=True)
class ReferenceResult:
    reference: Reference
    match: Match
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class FileResult:
    path: str
    text: str  # the decoded file, for showing spans in context
    references: tuple[ReferenceResult, ...]
    findings: tuple[Finding, ...] = ()  # about the file's text, not one reference: its citations


@dataclass(frozen=True)
class InputRemark:
    """One line about an input file, naming file and line."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class InputError(InputRemark):
    """A file that could not be read at all: the run exits 2."""


@dataclass(frozen=True)
class InputNotice(InputRemark):
    """Something worth knowing about a readable file (empty, no references, an include refused)."""


@dataclass(frozen=True)
class Report:
    files: tuple[FileResult, ...]
    errors: tuple[InputError, ...] = ()  # files that could not be read: the run exits 2
    notices: tuple[InputNotice, ...] = ()  # readable files worth a remark (empty, no references)
