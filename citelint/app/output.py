"""The check's output step: the report to standard output and --output files, and the exit status it makes."""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from citelint.app.check_arguments import CheckOptions
from citelint.app.errors import UsageError
from citelint.app.results import InputError, Report
from citelint.model import SEVERITY_RANK


def should_fail(report: Report, fail_on: tuple[str, ...]) -> bool:
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


def terminal_format(options: CheckOptions, outputs: Sequence[tuple[str, Path]] = ()) -> str:
    """What standard output gets: --format, else the full report on a terminal and one line a finding elsewhere.

    With --output the files get --format and standard output the human report.
    """
    if options.format and not (outputs and options.format != "concise"):
        return str(options.format)
    return "rich" if sys.stdout.isatty() else "concise"


def emit_report(report: Report, options: CheckOptions, environ: Mapping[str, str],
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
    if options.statistics:
        from citelint.report import statistics

        sys.stdout.write(statistics.render(report, as_json=options.format == "json" and not outputs))
        return
    if (outputs or not options.format) and environ.get("GITHUB_ACTIONS") == "true":
        sys.stdout.write(_render("github", report))
    shown = terminal_format(options, outputs)
    if shown == "rich":
        from citelint.report.rich import print_report

        print_report(report, no_color=options.no_color, quiet=options.quiet)
    elif shown == "concise":
        from citelint.report import concise

        sys.stdout.write(concise.render(report, quiet=options.quiet))
    else:
        sys.stdout.write(_render(shown, report))


def check_options(options: CheckOptions) -> list[tuple[str, Path]]:
    """Refuse combinations that cannot work before anything is read, looked up or written."""
    if options.unsafe_fixes and not (options.fix or options.diff):
        raise UsageError("--unsafe-fixes needs --fix or --diff")
    if options.snapshot and options.index:
        raise UsageError("--snapshot and --index: choose one source of records")
    if options.fix and options.diff:
        raise UsageError("--fix and --diff: choose one (--diff shows what --fix would write)")
    outputs = parse_outputs(options.output, options.format)
    if outputs and (options.diff or options.write_baseline):
        raise UsageError("--output has no effect with --diff or --write-baseline")
    return outputs


def say_errors(errors: Sequence[InputError]) -> None:
    for error in errors:
        print(f"citelint: error: {error}", file=sys.stderr)
