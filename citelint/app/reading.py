"""The check's reading step: every file asked for, the bibliography files its manuscripts name, and their citations.

A file that cannot be read is an input error while the other files are still read.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from citelint.app.config import ConfigError, Settings, find_config, load_settings
from citelint.app.gitfiles import GitError
from citelint.app.results import InputError, InputNotice
from citelint.model import Match, Reference, ReferenceId, SourceText

if TYPE_CHECKING:
    from citelint.citations.resolve import Document


@dataclass(frozen=True)
class ReadFile:
    source: SourceText
    references: list[Reference]
    settings: Settings
    reader: str
    links: list[str]  # the bibliography files it names, as real paths (some may be missing or refused)
    folder: str  # the folder being checked, which the files it names must not leave


class SettingsByFile:
    """Settings per file: --config for all, else the nearest configuration file of each."""

    def __init__(self, config: str | None) -> None:
        self._fixed: Settings | None = None
        self._by_path: dict[Path | None, Settings] = {}
        if config is not None:
            path = Path(config)
            if not path.is_file():
                raise ConfigError(f"{config}: no such configuration file")
            self._fixed = load_settings(path)

    def for_file(self, path: str) -> Settings:
        if self._fixed is not None:
            return self._fixed
        found = find_config(Path.cwd() if path == "-" else Path(path))
        if found not in self._by_path:
            self._by_path[found] = load_settings(found)
        return self._by_path[found]


def default_paths(quiet: bool) -> list[str]:
    """With no paths: the supported files git tracks here (said on stderr), else the current folder."""
    from citelint.app.gitfiles import tracked_files

    try:
        files = tracked_files(Path.cwd())
    except GitError:
        return ["."]
    if not quiet:
        listed = ", ".join(files[:10]) + (f" and {len(files) - 10} more" if len(files) > 10 else "")
        print(f"citelint: checking {len(files)} files tracked by git{': ' if files else ''}{listed}", file=sys.stderr)
    return files


def lines_changed(path: str, since: str) -> set[int] | None:
    """Lines of a file changed since a git ref; None when every reference counts as changed."""
    from citelint.app.gitfiles import changed_lines

    if path == "<stdin>":
        return None
    return changed_lines(since, path, Path.cwd())


NOT_PRINTED = Match(status="offline", reason="never cited, so never printed: not looked up")


def unprinted_entries(documents: Sequence[Document]) -> set[ReferenceId]:
    """Identities of the bibliography-file entries that no manuscript cites.

    BibTeX, biber and pandoc print only what is cited, so such an entry is in
    no manuscript: it is reported as never cited (CL402) and not otherwise
    checked, which keeps a shared library .bib of thousands of entries from
    being looked up entry by entry. A manuscript's own written list is printed
    whole and always checked.
    """
    judged: set[ReferenceId] = set()
    cited: set[ReferenceId] = set()
    for document in documents:
        linked = {entry.identity for entry in document.entries if entry.file != document.path}
        if document.cites_all:
            cited |= linked
        else:
            judged |= linked & document.judged
            cited |= document.cited
    return judged - cited


def unprinted_notices(files: Sequence[ReadFile], unprinted: set[ReferenceId]) -> list[InputNotice]:
    notices = []
    for file in files:
        count = sum(1 for reference in file.references if reference.identity in unprinted)
        if count:
            entries = "entry" if count == 1 else "entries"
            notices.append(InputNotice(file.source.path, None, f"{count} {entries} no manuscript cites: "
                                      "reported as never cited (CL402), not otherwise checked"))
    return notices


def real_path(path: str) -> str:
    import os

    return path if path == "<stdin>" else os.path.realpath(path)


def touched(reference: Reference, lines: set[int] | None) -> bool:
    return lines is None or any(reference.span.line <= line <= reference.span.end_line for line in lines)


def read_all(paths: Sequence[str], settings: SettingsByFile, input_format: str | None = None, *,
              named_by_user: bool = True) -> tuple[list[ReadFile], list[InputError], list[InputNotice]]:
    """Every file asked for, and the bibliography files the manuscripts among them name, each read once.

    ``input_format`` is the reader for the files named (and standard input); files found in
    folders or named by a manuscript are read by their extension. Only the files the user
    named (``named_by_user``: ``paths`` came from the command line) may lie outside the
    folder being checked; files found by a search, listed by git or named by a manuscript
    are read only inside it.
    """
    import os

    from citelint.app.containment import CheckedFolders, refusal, refused_notice
    from citelint.readers import InputFailure, discover, linked_files, read_input

    files: list[ReadFile] = []
    errors: list[InputError] = []
    notices: list[InputNotice] = []
    named = {path for path in paths if path == "-" or not os.path.isdir(path)}
    folders = CheckedFolders(paths)
    queue: list[str | InputError] = list(discover(list(paths)))
    folder_of: dict[str, str] = {}  # a file named by a manuscript: the manuscript's folder being checked
    seen: set[str] = set()
    while queue:
        item = queue.pop(0)
        if isinstance(item, InputError):
            errors.append(item)
            continue
        folder = folder_of.get(item) or folders.of(item)
        if item != "-":
            if item not in folder_of and not (named_by_user and item in named):
                reason = refusal(item, folder)  # a symlink out, found by a folder search or listed by git
                if reason:
                    notices.append(refused_notice(item, "found by a search", reason))
                    continue
            real = os.path.realpath(item)
            if real in seen:
                continue  # a .bib reached through a .tex and also given or found
            seen.add(real)
        forced = input_format if item in named else None
        try:
            source, reader, references = read_input(item, forced)
        except InputFailure as failure:
            errors.append(failure.error)
            continue
        except RecursionError:
            errors.append(InputError(item, None, "input nested too deeply to read"))
            continue
        links = []
        for linked in linked_files(source, reader, folder):
            reason = refusal(linked, folder)
            if reason:
                links.append(os.path.abspath(linked))
                notices.append(refused_notice(linked, f"named by {source.path}", reason))
                continue
            links.append(os.path.realpath(linked))
            if os.path.isfile(linked):
                queue.append(linked)
                folder_of.setdefault(linked, folder)
            else:
                notices.append(InputNotice(linked, None, f"named by {source.path} but not found"))
        if not source.text.strip():
            notices.append(InputNotice(source.path, None, "empty file, no references"))
        elif not references:
            if reader not in ("latex", "markdown"):  # a manuscript may keep its references elsewhere
                notices.append(InputNotice(source.path, None, "no references found"))
        elif reader == "text" and all(reference.parse_problem for reference in references):
            # A README or requirements.txt caught by a folder search or a hook's file pattern.
            notices.append(InputNotice(source.path, None, "no line reads as a reference; not a reference list, skipped"))
            references = []
        files.append(ReadFile(source, references, settings.for_file(item), reader, links, folder))
    return files, errors, notices


def read_documents(files: list[ReadFile], notices: list[InputNotice]) -> tuple[list[Document], dict[str, SourceText]]:
    """Each manuscript's citations resolved against its own list and the files it names.

    A manuscript that cites nothing, or names no list (a chapter compiled from
    another file), is not a document: there is nothing to hold its citations against.
    """
    import os

    from citelint.app.containment import refusal, refused_notice
    from citelint.citations.extract import citations_of
    from citelint.citations.resolve import resolve
    from citelint.readers import InputFailure, load, read

    by_path = {os.path.realpath(file.source.path): file for file in files if file.source.path != "<stdin>"}
    documents: list[Document] = []
    sources: dict[str, SourceText] = {}
    for file in files:
        refused: list[InputNotice] = []

        def load_included(path: str, file: ReadFile = file, refused: list[InputNotice] = refused) -> SourceText | None:
            reason = refusal(path, file.folder)
            if reason:
                refused.append(refused_notice(path, f"included by {file.source.path}", reason))
                return None
            try:
                return load(path)
            except (InputFailure, OSError):
                return None

        cited = citations_of(file.source, file.reader, file.references, load_included)
        notices.extend(refused)
        if cited is None or not (cited.citations or cited.cites_all):
            continue
        refused_paths = {notice.path for notice in refused}
        notices.extend(InputNotice(path, None, f"included by {file.source.path} but missing or unreadable; "
                                              "its citations are not checked")
                       for path in cited.missing if path not in refused_paths)
        unread = [link for link in file.links if link not in by_path]
        if unread:  # every key would look missing
            notices.append(InputNotice(file.source.path, None, "citations not checked against the list: "
                                      f"{os.path.basename(unread[0])} could not be read"))
            continue
        entries = list(file.references)
        for path, included in cited.sources.items():  # a thebibliography kept in an \input file
            if path != file.source.path:
                read_too = by_path.get(os.path.realpath(path))
                entries.extend(read_too.references if read_too else read(included, "latex"))
        for link in file.links:
            if by_path[link] is not file:
                entries.extend(by_path[link].references)
        if not entries and not file.links:
            continue
        documents.append(resolve(file.source.path, cited, entries, names_bibliography=bool(file.links)))
        sources.update(cited.sources)
    return documents, sources
