"""Command line: ``citelint check|rules|explain|cache|index|audit``. Argument parsing and wiring only."""

from __future__ import annotations

import os
import sys

from citelint import __version__
from citelint.app.errors import EXIT_FINDINGS, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, UsageError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at start-up
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence


def build_parser() -> argparse.ArgumentParser:
    # Imported here, not at start-up: `citelint --version` (a hook's or CI's probe) imports none of it.
    import argparse

    from citelint.app.check_arguments import add_check_arguments, rule_codes

    parser = argparse.ArgumentParser(
        prog="citelint", description="Check a manuscript's references against their published records."
    )
    parser.add_argument("--version", action="version", version=f"citelint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser("check", help="check the references in files or folders")
    add_check_arguments(check)

    rules = commands.add_parser("rules", help="list every rule")
    rules.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    explain = commands.add_parser("explain", help="show a rule's documentation")
    explain.add_argument("rule", metavar="CODE", help="rule code (CL101) or name (page-separator-lost)")
    cache = commands.add_parser("cache", help="inspect or clear the response cache")
    cache.add_argument("action", choices=("info", "clear"))
    cache.add_argument("--cache-dir", metavar="DIR", help="where the response cache lives (or CITELINT_CACHE_DIR)")
    audit = commands.add_parser("audit", help="check many manuscripts against a local index, findings as rows")
    audit.add_argument("manuscripts", nargs="+", metavar="MANUSCRIPT",
                       help="manuscript files, or folders whose files and subfolders (one submission each) are manuscripts")
    audit.add_argument("--index", required=True, metavar="DIR", help="the local index (citelint index build)")
    audit.add_argument("--out", required=True, metavar="FILE", help="findings, one a row: JSON Lines, or Parquet for FILE.parquet (needs pyarrow)")
    audit.add_argument("--workers", type=int, metavar="N", help="worker processes (default: every core); with --scheduler local, Dask workers")
    audit.add_argument("--scheduler", metavar="ADDRESS", help="run on the Dask scheduler at ADDRESS, or on a local Dask cluster with 'local' (the cluster extra: pip install 'dask[distributed]')")
    audit.add_argument("--select", type=rule_codes, metavar="CODES", help="rule codes or prefixes to enable (comma-separated)")
    audit.add_argument("--ignore", type=rule_codes, default=[], metavar="CODES", help="rule codes or prefixes to disable")
    audit.add_argument("-q", "--quiet", action="store_true", help="no summary")
    index = commands.add_parser("index", help="build or inspect a local index of Crossref records")
    index_commands = index.add_subparsers(dest="index_command", metavar="ACTION", required=True)
    build = index_commands.add_parser(
        "build", help="index Crossref records: the public data file (*.json.gz), JSON Lines, or a snapshot folder")
    build.add_argument("sources", nargs="+", metavar="SOURCE", help="files or folders of Crossref work records")
    build.add_argument("--out", required=True, metavar="DIR", help="the index folder (run again to continue an interrupted build)")
    build.add_argument("--update", action="store_true", help="add a newer snapshot to the index in DIR (a newer record replaces its DOI's older one)")
    build.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    info = index_commands.add_parser("info", help="what an index holds: records, size, build date, sources")
    info.add_argument("folder", metavar="DIR")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    if list(sys.argv[1:] if argv is None else argv) == ["--version"]:  # answered before any parser is built
        print(f"citelint {__version__}")
        return EXIT_OK
    parser = build_parser()
    arguments = parser.parse_args(argv)
    try:
        if arguments.command == "check":
            import datetime

            from citelint.app.check_arguments import CheckOptions
            from citelint.app.run import run_check

            return run_check(CheckOptions.from_arguments(arguments), environ=os.environ, today=datetime.date.today())
        if arguments.command == "rules":
            from citelint.app.docs import rules_table

            print(rules_table(arguments.format))
            return EXIT_OK
        if arguments.command == "explain":
            from citelint.app.docs import explain

            print(explain(arguments.rule))
            return EXIT_OK
        if arguments.command == "cache":
            return _cache(arguments)
        if arguments.command == "audit":
            from citelint.app.audit import run_audit

            return run_audit(arguments)
        if arguments.command == "index":
            from citelint.index.command import run_index

            return run_index(arguments)
    except UsageError as error:
        print(f"citelint: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("citelint: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader of the output went away (`citelint rules | head`); the run cannot vouch for its result.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FINDINGS
    except OSError as error:
        print(f"citelint: error: cannot write the output: {error.strerror or error}", file=sys.stderr)
        return EXIT_USAGE
    parser.print_help()
    return EXIT_USAGE


def _cache(arguments: argparse.Namespace) -> int:
    from citelint.match.decisions import FILE_NAME as DECISIONS
    from citelint.sources import cache
    from citelint.sources.datacite import CACHE_FILE as DATACITE_CACHE
    from citelint.sources.settings import resolve_settings

    settings = resolve_settings({"cache_dir": arguments.cache_dir}, os.environ, {})
    for file_name in (cache.FILE_NAME, DATACITE_CACHE, DECISIONS):
        print(cache.info(settings, file_name) if arguments.action == "info" else cache.clear(settings, file_name))
    return EXIT_OK

