"""The ``check`` pipeline: read every file, look every reference up at once, run the rules, report.

Data flows one way: files -> references -> matches (the only network step,
all references together so the lookups run concurrently) -> findings ->
report. A file that cannot be read is an input error (exit 2) while the
other files are still checked.
"""

from __future__ import annotations

import dataclasses
import datetime
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

from citelint.app.check_arguments import CheckOptions
from citelint.app.config import ConfigError, Settings, parse_codes, parse_fail_on
from citelint.app.errors import EXIT_FINDINGS, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, UsageError
from citelint.app.gitfiles import GitError
from citelint.app.output import check_options, emit_report, say_errors, should_fail, terminal_format
from citelint.app.reading import (
    NOT_PRINTED,
    SettingsByFile,
    default_paths,
    lines_changed,
    read_all,
    read_documents,
    real_path,
    touched,
    unprinted_entries,
    unprinted_notices,
)
from citelint.app.results import FileResult, InputError, Report
from citelint.model import OFFLINE, Finding, Match, Reference
from citelint.sources import MetadataSource


def _lookup(
    options: CheckOptions, references: list[Reference], environ: Mapping[str, str], config: Settings
) -> list[Match]:
    """Every reference's match, looked up together so the lookups share one limiter and pool."""
    if not references:
        return []
    datacite = None
    decisions = None
    source: MetadataSource
    index = options.index or config.index
    if options.snapshot:
        from citelint.sources.snapshot import SnapshotSource

        try:
            source = SnapshotSource(options.snapshot)
        except (OSError, ValueError) as error:
            raise ConfigError(f"--snapshot: {error}") from None
    elif index:
        from citelint.index import IndexFailure
        from citelint.sources.index import open_index

        try:
            source = open_index(index)
        except IndexFailure as error:
            raise ConfigError(f"--index: {error}") from None
    elif options.offline and options.no_cache:
        return [OFFLINE] * len(references)
    else:
        from citelint.sources.crossref import CrossrefSource
        from citelint.sources.settings import resolve_settings

        source_settings = resolve_settings(
            {
                "offline": options.offline,
                "mailto": options.mailto,
                "crossref_url": options.crossref_url,
                "cache_dir": options.cache_dir,
                "use_cache": not options.no_cache,
                "refresh": options.refresh,
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
        if not options.quiet:
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
    if sys.stderr.isatty() and not options.quiet and terminal_format(options) == "rich":
        from citelint.report.rich import progress_bar

        progress = progress_bar()
    try:
        return lookup_all(references, match_one, source.concurrency, progress.update if progress else None)
    finally:
        if progress:
            progress.close()
        if not options.quiet and datacite is not None:  # e.g. a damaged cache rebuilt during the run
            for notice in dict.fromkeys((*crossref.run_notices, *datacite.run_notices)):
                print(f"citelint: {notice}", file=sys.stderr)


def run_check(options: CheckOptions, *, environ: Mapping[str, str], today: datetime.date,
              emit: Callable[[Report], None] | None = None) -> int:
    """The check command; ``emit`` (as ``citelint audit`` uses it) takes the report, errors included,
    instead of its being written and printed."""
    from citelint.match.lookup import LookupInterrupted

    outputs = check_options(options)
    try:
        settings = SettingsByFile(options.config)
        paths = options.paths or default_paths(options.quiet)
        first_settings = settings.for_file(next((p for p in paths if p != "-"), "."))
        fail_on = parse_fail_on(options.fail_on, "--fail-on") if options.fail_on else first_settings.fail_on
        select = parse_codes(list(options.select), "--select") if options.select else None
        ignore = parse_codes(list(options.ignore), "--ignore")
        files, errors, notices = read_all(paths, settings, options.input_format,
                                           named_by_user=bool(options.paths))
        # With --changed-since only the changed references are looked up and reported, while the
        # rules still see the whole file (a new duplicate of an old reference is found).
        changed = [lines_changed(file.source.path, options.changed_since) if options.changed_since else None
                   for file in files]
        if files and all(lines == set() for lines in changed):
            # Nothing in any file named changed: no commit is being checked, the whole files are asked for
            # (`pre-commit run --all-files`, a run by hand), so every reference is checked.
            changed = [None] * len(files)
            if not options.quiet:
                print(f"citelint: nothing changed since {options.changed_since} in the files given: "
                      "checking every reference", file=sys.stderr)
        documents, cited_sources = read_documents(files, notices)
        unprinted = unprinted_entries(documents)
        notices.extend(unprinted_notices(files, unprinted))
        wanted = [reference for file, lines in zip(files, changed) for reference in file.references
                  if touched(reference, lines) and reference.identity not in unprinted]
        if options.changed_since and not options.quiet:  # "Passed" must not hide that nothing was checked
            skipped = sum(not touched(reference, lines) for file, lines in zip(files, changed)
                          for reference in file.references)
            print(f"citelint: {skipped} of {sum(len(file.references) for file in files)} references skipped as "
                  f"unchanged since {options.changed_since}", file=sys.stderr)
        try:
            matches, interrupted = _lookup(options, wanted, environ, first_settings), False
        except LookupInterrupted as stop:
            if options.fix or options.diff or options.write_baseline:
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
            cited_findings.setdefault(real_path(path), []).extend(findings)
    results = []
    for file, lines in zip(files, changed):
        file_matches = [looked_up.get(reference.identity, NOT_PRINTED if reference.identity in unprinted else OFFLINE)
                        for reference in file.references]
        checked = check_references(file.references, file_matches, file.settings, today=today,
                                   select=select, ignore=ignore, documents=citing.get(file.source.path, ()),
                                   citation_rules_only=unprinted)
        kept = tuple(result for result in checked if touched(result.reference, lines))
        about_text = tuple(finding for finding in cited_findings.pop(real_path(file.source.path), ())
                           if lines is None or finding.span.line in lines)
        results.append(FileResult(file.source.path, file.source.text, kept, about_text))
    included = {real_path(path): path for path in cited_sources}
    for real, findings in cited_findings.items():  # files a manuscript includes, read for their citations only
        path = included[real]
        try:
            lines = lines_changed(path, options.changed_since) if options.changed_since else None
        except GitError as error:
            raise UsageError(str(error)) from None
        kept_findings = tuple(finding for finding in findings if lines is None or finding.span.line in lines)
        if kept_findings:
            results.append(FileResult(path, cited_sources[path].text, (), kept_findings))

    if options.write_baseline:
        from citelint.app.baseline import BaselineError, write_baseline

        try:
            count = write_baseline(Path(options.write_baseline), results)
        except BaselineError as error:
            raise UsageError(str(error)) from None
        print(f"citelint: wrote {count} findings to baseline {options.write_baseline}", file=sys.stderr)
        say_errors(errors)
        return EXIT_USAGE if errors else EXIT_OK
    if options.baseline:
        from citelint.app.baseline import BaselineError, load_baseline, without_baseline

        try:
            known = load_baseline(Path(options.baseline))
        except BaselineError as error:
            raise UsageError(str(error)) from None
        results = [without_baseline(file, known, Path(options.baseline)) for file in results]

    report = Report(files=tuple(results), errors=tuple(errors), notices=tuple(notices))
    if options.fix or options.diff:
        from citelint.app.fixer import fix_files, summary

        outcome = fix_files(report, {**cited_sources, **{file.source.path: file.source for file in files}},
                            unsafe=options.unsafe_fixes, write=not options.diff)
        if not options.quiet or outcome.errors:
            for line in summary(outcome, unsafe=options.unsafe_fixes):
                print(f"citelint: {line}", file=sys.stderr)
        errors.extend(InputError(file.path, None, file.error.partition(": ")[2]) for file in outcome.files if file.error)
        if options.diff:
            sys.stdout.write("".join(file.diff for file in outcome.files))
            say_errors(errors)
            if errors:
                return EXIT_USAGE
            return EXIT_FINDINGS if any(file.diff for file in outcome.files) else EXIT_OK
        if outcome.stdout is not None:
            # Standard input: the corrected text goes to standard output, and nothing else does.
            sys.stdout.flush()
            sys.stdout.buffer.write(outcome.stdout)
            sys.stdout.flush()
            say_errors(errors)
            fails = should_fail(outcome.report, fail_on) and not options.exit_zero
            return EXIT_USAGE if errors else (EXIT_FINDINGS if fails else EXIT_OK)
        report = Report(files=outcome.report.files, errors=tuple(errors), notices=tuple(notices))
    if emit is not None:
        emit(report)
        return EXIT_USAGE if errors else (EXIT_FINDINGS if should_fail(report, fail_on) else EXIT_OK)
    emit_report(report, options, environ, outputs)
    listed = not options.statistics and terminal_format(options, outputs) in ("rich", "concise")
    if not options.quiet and not listed:  # the human reports list them themselves
        for notice in notices:
            print(f"citelint: {notice}", file=sys.stderr)
    say_errors(errors)
    if interrupted:
        print("citelint: interrupted; references not looked up are reported unchecked", file=sys.stderr)
        return EXIT_INTERRUPTED
    if errors:
        return EXIT_USAGE
    return EXIT_FINDINGS if should_fail(report, fail_on) and not options.exit_zero else EXIT_OK
