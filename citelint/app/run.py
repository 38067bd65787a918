"""The ``check`` pipeline: read every file, look every reference up at once, run the rules, report.

Data flows one way: files -> references -> matches (the only network step,
all references together so the lookups run concurrently) -> findings ->
report. A file that cannot be read is an input error (exit 2) while the
other files are still checked.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from citelint.app.config import (
    ConfigError,
    Settings,
    find_config,
    load_settings,
    parse_codes,
    parse_fail_on,
)
from citelint.app.errors import EXIT_FINDINGS, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, UsageError
from citelint.app.gitfiles import GitError
from citelint.app.results import FileResult, InputError, InputNotice, Report
from citelint.model import OFFLINE, SEVERITY_RANK, Finding, Match, Reference, ReferenceId, SourceText
from citelint.sources import MetadataSource

if TYPE_CHECKING:
    from citelint.citations.resolve import Document


@dataclass(frozen=True)
class _ReadFile:
    source: SourceText
    references: list[Reference]
    settings: Settings
    reader: str
    links: list[str]  # the bibliography files it names, as real paths (some may be missing or refused)
    folder: str  # the folder being checked, which the files it names must not leave


class _SettingsByFile:
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


def _default_paths(quiet: bool) -> list[str]:
    """With no paths: the supported files git tracks here (said on stderr), else the current folder."""
    from citelint.app.gitfiles import GitError, tracked_files

    try:
        files = tracked_files(Path.cwd())
    except GitError:
        return ["."]
    if not quiet:
        listed = ", ".join(files[:10]) + (f" and {len(files) - 10} more" if len(files) > 10 else "")
        print(f"citelint: checking {len(files)} files tracked by git{': ' if files else ''}{listed}", file=sys.stderr)
    return files


def _changed_lines(path: str, since: str) -> set[int] | None:
    """Lines of a file changed since a git ref; None when every reference counts as changed."""
    from citelint.app.gitfiles import changed_lines

    if path == "<stdin>":
        return None
    return changed_lines(since, path, Path.cwd())


_NOT_PRINTED = Match(status="offline", reason="never cited, so never printed: not looked up")


def _unprinted(documents: Sequence[Document]) -> set[ReferenceId]:
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


def _unprinted_notices(files: Sequence[_ReadFile], unprinted: set[ReferenceId]) -> list[InputNotice]:
    notices = []
    for file in files:
        count = sum(1 for reference in file.references if reference.identity in unprinted)
        if count:
            entries = "entry" if count == 1 else "entries"
            notices.append(InputNotice(file.source.path, None, f"{count} {entries} no manuscript cites: "
                                      "reported as never cited (CL402), not otherwise checked"))
    return notices


def _real(path: str) -> str:
    import os

    return path if path == "<stdin>" else os.path.realpath(path)


def _touched(reference: Reference, lines: set[int] | None) -> bool:
    return lines is None or any(reference.span.line <= line <= reference.span.end_line for line in lines)


def _read_all(paths: Sequence[str], settings: _SettingsByFile, input_format: str | None = None, *,
              named_by_user: bool = True) -> tuple[list[_ReadFile], list[InputError], list[InputNotice]]:
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

    files: list[_ReadFile] = []
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
        files.append(_ReadFile(source, references, settings.for_file(item), reader, links, folder))
    return files, errors, notices


def _documents(files: list[_ReadFile], notices: list[InputNotice]) -> tuple[list[Document], dict[str, SourceText]]:
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

        def load_included(path: str, file: _ReadFile = file, refused: list[InputNotice] = refused) -> SourceText | None:
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


def _lookup(
    arguments: argparse.Namespace, references: list[Reference], environ: Mapping[str, str], config: Settings
) -> list[Match]:
    """Every reference's match, looked up together so the lookups share one limiter and pool."""
    if not references:
        return []
    datacite = None
    decisions = None
    source: MetadataSource
    index = arguments.index or config.index
    if arguments.snapshot:
        from citelint.sources.snapshot import SnapshotSource

        try:
            source = SnapshotSource(arguments.snapshot)
        except (OSError, ValueError) as error:
            raise ConfigError(f"--snapshot: {error}") from None
    elif index:
        from citelint.index import IndexFailure
        from citelint.sources.index import open_index

        try:
            source = open_index(index)
        except IndexFailure as error:
            raise ConfigError(f"--index: {error}") from None
    elif arguments.offline and arguments.no_cache:
        return [OFFLINE] * len(references)
    else:
        from citelint.sources.crossref import CrossrefSource
        from citelint.sources.settings import resolve_settings

        source_settings = resolve_settings(
            {
                "offline": arguments.offline,
                "mailto": arguments.mailto,
                "crossref_url": arguments.crossref_url,
                "cache_dir": arguments.cache_dir,
                "use_cache": not arguments.no_cache,
                "refresh": arguments.refresh,
            },
            environ,
            {"mailto": config.mailto} if config.mailto else {},
        )
        crossref = CrossrefSource(source_settings)
        source = crossref
        from citelint.match.decisions import open_decisions
        from citelint.sources.datacite import open_datacite

        decisions = open_decisions(source_settings)  # a warm rerun reuses the matcher's decisions

        # DOIs of data sets and software are DataCite's: Crossref's 404 for them is not "unknown".
        datacite = open_datacite(source_settings, environ)
        if not arguments.quiet:
            for notice in dict.fromkeys((*crossref.notices, *datacite.notices)):
                print(f"citelint: {notice}", file=sys.stderr)

    from citelint.match.alignment import locate
    from citelint.match.lookup import check_unknown_doi, lookup_all
    from citelint.match.matching import match_reference

    def match_one(reference: Reference) -> Match:
        remembered = decisions.recall(reference) if decisions is not None else None
        if remembered is not None:
            return remembered
        match = match_reference(reference, source)
        if datacite is not None:
            match = check_unknown_doi(reference, match, datacite)
        if match.status == "matched" and match.record is not None:  # located once, kept with the decision
            match = dataclasses.replace(match, alignment=locate(reference, match.record))
        if decisions is not None:
            decisions.keep(reference, match)
        return match

    progress = None
    if sys.stderr.isatty() and not arguments.quiet and terminal_format(arguments) == "rich":
        from citelint.report.rich import progress_bar

        progress = progress_bar()
    try:
        return lookup_all(references, match_one, source.concurrency, progress.update if progress else None)
    finally:
        if progress:
            progress.close()
        if not arguments.quiet and datacite is not None:  # e.g. a damaged cache rebuilt during the run
            for notice in dict.fromkeys((*crossref.run_notices, *datacite.run_notices)):
                print(f"citelint: {notice}", file=sys.stderr)


def _fails(report: Report, fail_on: tuple[str, ...]) -> bool:
    levels = [level for level in fail_on if level in SEVERITY_RANK]
    threshold = min((SEVERITY_RANK[level] for level in levels), default=None)
    for file in report.files:
        if threshold is not None and any(SEVERITY_RANK[finding.severity] >= threshold for finding in file.findings):
            return True
        for result in file.references:
            if "unchecked" in fail_on and result.match.status == "unchecked":
                return True
            if threshold is not None and any(SEVERITY_RANK[finding.severity] >= threshold for finding in result.findings):
                return True
    return False


_EXTENSION_FORMATS = {".json": "json", ".sarif": "sarif", ".md": "markdown"}


def parse_outputs(values: Sequence[str], default_format: str | None) -> list[tuple[str, Path]]:
    """``--output [FORMAT:]FILE`` values as (format, path): the prefix, else the extension, else --format."""
    from citelint.report import FORMATS

    outputs = []
    for value in values:
        prefix, separator, rest = value.partition(":")
        if separator and prefix in FORMATS and rest:
            outputs.append((prefix, Path(rest)))
            continue
        format_name = _EXTENSION_FORMATS.get(Path(value).suffix.lower()) or default_format
        if format_name is None:
            raise UsageError(f"--output {value}: say which format, e.g. --format json or --output json:{value}")
        outputs.append((format_name, Path(value)))
    return outputs


def _render(format_name: str, report: Report) -> str:
    from citelint.report import render

    text = render(format_name, report)
    return text if text.endswith("\n") else text + "\n"


def terminal_format(arguments: argparse.Namespace, outputs: Sequence[tuple[str, Path]] = ()) -> str:
    """What standard output gets: --format, else the full report on a terminal and one line a finding elsewhere.

    With --output the files get --format and standard output the human report.
    """
    if arguments.format and not (outputs and arguments.format != "concise"):
        return str(arguments.format)
    return "rich" if sys.stdout.isatty() else "concise"


def _emit(report: Report, arguments: argparse.Namespace, environ: Mapping[str, str],
          outputs: Sequence[tuple[str, Path]]) -> None:
    """The report to its files (--output) and to standard output.

    With --output, standard output gets the human report; on GitHub Actions
    with no format asked for, annotations come first, then the human report.
    --statistics puts counts per rule in place of the findings.
    """
    for format_name, path in outputs:
        try:
            path.write_text(_render(format_name, report), encoding="utf-8")
        except OSError as error:
            raise UsageError(f"--output {path}: cannot write: {error.strerror or error}") from None
    if arguments.statistics:
        from citelint.report import statistics

        sys.stdout.write(statistics.render(report, as_json=arguments.format == "json" and not outputs))
        return
    if (outputs or not arguments.format) and environ.get("GITHUB_ACTIONS") == "true":
        sys.stdout.write(_render("github", report))
    shown = terminal_format(arguments, outputs)
    if shown == "rich":
        from citelint.report.rich import print_report

        print_report(report, no_color=arguments.no_color, quiet=arguments.quiet)
    elif shown == "concise":
        from citelint.report import concise

        sys.stdout.write(concise.render(report, quiet=arguments.quiet))
    else:
        sys.stdout.write(_render(shown, report))


def _check_options(arguments: argparse.Namespace) -> list[tuple[str, Path]]:
    """Refuse combinations that cannot work before anything is read, looked up or written."""
    if arguments.unsafe_fixes and not (arguments.fix or arguments.diff):
        raise UsageError("--unsafe-fixes needs --fix or --diff")
    if arguments.snapshot and arguments.index:
        raise UsageError("--snapshot and --index: choose one source of records")
    if arguments.fix and arguments.diff:
        raise UsageError("--fix and --diff: choose one (--diff shows what --fix would write)")
    outputs = parse_outputs(arguments.output or [], arguments.format)
    if outputs and (arguments.diff or arguments.write_baseline):
        raise UsageError("--output has no effect with --diff or --write-baseline")
    return outputs


def _say_errors(errors: Sequence[InputError]) -> None:
    for error in errors:
        print(f"citelint: error: {error}", file=sys.stderr)


def run_check(arguments: argparse.Namespace, *, environ: Mapping[str, str], today: datetime.date,
              emit: Callable[[Report], None] | None = None) -> int:
    """The check command; ``emit`` (as ``citelint audit`` uses it) takes the report, errors included,
    instead of its being written and printed."""
    from citelint.match.lookup import LookupInterrupted

    outputs = _check_options(arguments)
    try:
        settings = _SettingsByFile(arguments.config)
        paths = arguments.paths or _default_paths(arguments.quiet)
        first_settings = settings.for_file(next((p for p in paths if p != "-"), "."))
        fail_on = parse_fail_on(arguments.fail_on, "--fail-on") if arguments.fail_on else first_settings.fail_on
        select = parse_codes(arguments.select, "--select") if arguments.select else None
        ignore = parse_codes(arguments.ignore, "--ignore")
        files, errors, notices = _read_all(paths, settings, arguments.input_format,
                                           named_by_user=bool(arguments.paths))
        # With --changed-since only the changed references are looked up and reported, while the
        # rules still see the whole file (a new duplicate of an old reference is found).
        changed = [_changed_lines(file.source.path, arguments.changed_since) if arguments.changed_since else None
                   for file in files]
        if files and all(lines == set() for lines in changed):
            # Nothing in any file named changed: no commit is being checked, the whole files are asked for
            # (`pre-commit run --all-files`, a run by hand), so every reference is checked.
            changed = [None] * len(files)
            if not arguments.quiet:
                print(f"citelint: nothing changed since {arguments.changed_since} in the files given: "
                      "checking every reference", file=sys.stderr)
        documents, cited_sources = _documents(files, notices)
        unprinted = _unprinted(documents)
        notices.extend(_unprinted_notices(files, unprinted))
        wanted = [reference for file, lines in zip(files, changed) for reference in file.references
                  if _touched(reference, lines) and reference.identity not in unprinted]
        if arguments.changed_since and not arguments.quiet:  # "Passed" must not hide that nothing was checked
            skipped = sum(not _touched(reference, lines) for file, lines in zip(files, changed)
                          for reference in file.references)
            print(f"citelint: {skipped} of {sum(len(file.references) for file in files)} references skipped as "
                  f"unchanged since {arguments.changed_since}", file=sys.stderr)
        try:
            matches, interrupted = _lookup(arguments, wanted, environ, first_settings), False
        except LookupInterrupted as stop:
            if arguments.fix or arguments.diff or arguments.write_baseline:
                raise  # nothing is written from a run cut short
            # Ctrl-C: report what was found, the rest unchecked, and exit 130.
            matches, interrupted = stop.matches, True
        looked_up = {reference.identity: match for reference, match in zip(wanted, matches)}
    except (ConfigError, GitError) as error:
        raise UsageError(str(error)) from None

    from citelint.app.engine import check_document, check_references
    from citelint.citations.resolve import documents_by_file

    citing = documents_by_file(documents)
    settings_by_path = {file.source.path: file.settings for file in files}
    cited_findings: dict[str, list[Finding]] = {}
    for document in documents:
        found = check_document(document, settings_by_path[document.path], cited_sources, today=today,
                               select=select, ignore=ignore)
        for path, findings in found.items():  # by real path: an included file may also be checked itself
            cited_findings.setdefault(_real(path), []).extend(findings)
    results = []
    for file, lines in zip(files, changed):
        file_matches = [looked_up.get(reference.identity, _NOT_PRINTED if reference.identity in unprinted else OFFLINE)
                        for reference in file.references]
        checked = check_references(file.references, file_matches, file.settings, today=today,
                                   select=select, ignore=ignore, documents=citing.get(file.source.path, ()),
                                   citation_rules_only=unprinted)
        kept = tuple(result for result in checked if _touched(result.reference, lines))
        about_text = tuple(finding for finding in cited_findings.pop(_real(file.source.path), ())
                           if lines is None or finding.span.line in lines)
        results.append(FileResult(file.source.path, file.source.text, kept, about_text))
    included = {_real(path): path for path in cited_sources}
    for real, findings in cited_findings.items():  # files a manuscript includes, read for their citations only
        path = included[real]
        try:
            lines = _changed_lines(path, arguments.changed_since) if arguments.changed_since else None
        except GitError as error:
            raise UsageError(str(error)) from None
        kept_findings = tuple(finding for finding in findings if lines is None or finding.span.line in lines)
        if kept_findings:
            results.append(FileResult(path, cited_sources[path].text, (), kept_findings))

    if arguments.write_baseline:
        from citelint.app.baseline import BaselineError, write_baseline

        try:
            count = write_baseline(Path(arguments.write_baseline), results)
        except BaselineError as error:
            raise UsageError(str(error)) from None
        print(f"citelint: wrote {count} findings to baseline {arguments.write_baseline}", file=sys.stderr)
        _say_errors(errors)
        return EXIT_USAGE if errors else EXIT_OK
    if arguments.baseline:
        from citelint.app.baseline import BaselineError, load_baseline, without_baseline

        try:
            known = load_baseline(Path(arguments.baseline))
        except BaselineError as error:
            raise UsageError(str(error)) from None
        results = [without_baseline(file, known, Path(arguments.baseline)) for file in results]

    report = Report(files=tuple(results), errors=tuple(errors), notices=tuple(notices))
    if arguments.fix or arguments.diff:
        from citelint.app.fixer import fix_files, summary

        outcome = fix_files(report, {**cited_sources, **{file.source.path: file.source for file in files}},
                            unsafe=arguments.unsafe_fixes, write=not arguments.diff)
        if not arguments.quiet or outcome.errors:
            for line in summary(outcome, unsafe=arguments.unsafe_fixes):
                print(f"citelint: {line}", file=sys.stderr)
        errors.extend(InputError(file.path, None, file.error.partition(": ")[2]) for file in outcome.files if file.error)
        if arguments.diff:
            sys.stdout.write("".join(file.diff for file in outcome.files))
            _say_errors(errors)
            if errors:
                return EXIT_USAGE
            return EXIT_FINDINGS if any(file.diff for file in outcome.files) else EXIT_OK
        if outcome.stdout is not None:
            # Standard input: the corrected text goes to standard output, and nothing else does.
            sys.stdout.flush()
            sys.stdout.buffer.write(outcome.stdout)
            sys.stdout.flush()
            _say_errors(errors)
            fails = _fails(outcome.report, fail_on) and not arguments.exit_zero
            return EXIT_USAGE if errors else (EXIT_FINDINGS if fails else EXIT_OK)
        report = Report(files=outcome.report.files, errors=tuple(errors), notices=tuple(notices))
    if emit is not None:
        emit(report)
        return EXIT_USAGE if errors else (EXIT_FINDINGS if _fails(report, fail_on) else EXIT_OK)
    _emit(report, arguments, environ, outputs)
    listed = not arguments.statistics and terminal_format(arguments, outputs) in ("rich", "concise")
    if not arguments.quiet and not listed:  # the human reports list them themselves
        for notice in notices:
            print(f"citelint: {notice}", file=sys.stderr)
    _say_errors(errors)
    if interrupted:
        print("citelint: interrupted; references not looked up are reported unchecked", file=sys.stderr)
        return EXIT_INTERRUPTED
    if errors:
        return EXIT_USAGE
    return EXIT_FINDINGS if _fails(report, fail_on) and not arguments.exit_zero else EXIT_OK
