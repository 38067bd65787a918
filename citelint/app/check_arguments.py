"""The options of ``citelint check``, in one place for the command line and for ``citelint audit``,
which checks each manuscript in a worker with the options its user gave: parsed once, into a typed
``CheckOptions`` that the check reads."""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from citelint.readers import INPUT_FORMATS
from citelint.report import FORMATS


def rule_codes(value: str) -> list[str]:
    """Rule codes, code prefixes or rule names, comma-separated (checked against the registry later)."""
    return [code.strip() for code in value.split(",") if code.strip()]


def add_check_arguments(check: argparse.ArgumentParser) -> None:
    check.add_argument("paths", nargs="*", metavar="PATH", help="files, folders, or - for standard input (default: the supported files git tracks here, else .)")
    check.add_argument("--format", choices=FORMATS,
                       help="output format (default: rich on a terminal, concise, one line a finding, otherwise)")
    check.add_argument("--statistics", action="store_true",
                       help="print how many findings each rule raised instead of the findings (JSON with --format json)")
    check.add_argument("--input-format", choices=INPUT_FORMATS, metavar="FORMAT",
                       help="read the files named, and standard input, as FORMAT whatever their extension: "
                            + ", ".join(INPUT_FORMATS))
    check.add_argument("--output", action="append", metavar="[FORMAT:]FILE",
                       help="also write the report to FILE (repeatable; format from --format, a FORMAT: prefix, or the extension .json/.sarif/.md); the terminal gets the human report")
    check.add_argument("--select", type=rule_codes, metavar="RULES",
                       help="rule codes, prefixes or names to enable (comma-separated)")
    check.add_argument("--ignore", type=rule_codes, default=[], metavar="RULES",
                       help="rule codes, prefixes or names to disable")
    check.add_argument("--fail-on", metavar="LEVEL", help="lowest severity that fails the run: error, warning (default), info; add ',unchecked' to fail on references that could not be looked up")
    check.add_argument("--exit-zero", action="store_true",
                       help="exit 0 even when there are findings (2 still means a file could not be read)")
    check.add_argument("--config", metavar="FILE", help="configuration file (default: nearest citelint.toml or pyproject.toml)")
    check.add_argument("-q", "--quiet", action="store_true", help="print findings only, no summary or hints")
    check.add_argument("--no-color", action="store_true", help="no colours (also when NO_COLOR is set)")
    check.add_argument("--baseline", metavar="FILE", help="report only findings not recorded in this baseline")
    check.add_argument("--write-baseline", metavar="FILE", help="record the current findings as the baseline and exit 0")
    check.add_argument("--changed-since", metavar="REF", help="check only references whose lines changed since the git REF")
    lookup = check.add_argument_group("looking up published records")
    lookup.add_argument("--offline", action="store_true", help="never touch the network (cached answers are still used)")
    lookup.add_argument("--snapshot", metavar="PATH", help="look records up in a local snapshot of Crossref records (file or folder)")
    lookup.add_argument("--index", metavar="DIR", help="look records up in a local index built by citelint index build (no network)")
    lookup.add_argument("--mailto", metavar="EMAIL", help="your e-mail for Crossref's polite pool (or CITELINT_MAILTO / CR_API_MAILTO)")
    lookup.add_argument("--crossref-url", metavar="URL", help="Crossref API base URL (or CITELINT_CROSSREF_URL)")
    lookup.add_argument("--cache-dir", metavar="DIR", help="where the response cache lives (or CITELINT_CACHE_DIR)")
    lookup.add_argument("--no-cache", action="store_true", help="neither read nor write the response cache")
    lookup.add_argument("--refresh", action="store_true", help="ignore cached answers and store fresh ones")
    fixing = check.add_argument_group("fixing")
    fixing.add_argument("--fix", action="store_true", help="apply safe fixes in place (standard input: print the corrected text)")
    fixing.add_argument("--unsafe-fixes", action="store_true", help="with --fix or --diff, apply unsafe fixes too")
    fixing.add_argument("--diff", action="store_true", help="print the diff --fix would apply and write nothing (exit 1 if there is one)")


@dataclass(frozen=True)
class CheckOptions:
    """What ``citelint check`` was asked to do (see add_check_arguments for each option's meaning)."""

    paths: tuple[str, ...] = ()
    format: str | None = None
    statistics: bool = False
    input_format: str | None = None
    output: tuple[str, ...] = ()
    select: tuple[str, ...] = ()  # empty: the configuration's selection
    ignore: tuple[str, ...] = ()
    fail_on: str | None = None
    exit_zero: bool = False
    config: str | None = None
    quiet: bool = False
    no_color: bool = False
    baseline: str | None = None
    write_baseline: str | None = None
    changed_since: str | None = None
    offline: bool = False
    snapshot: str | None = None
    index: str | None = None
    mailto: str | None = None
    crossref_url: str | None = None
    cache_dir: str | None = None
    no_cache: bool = False
    refresh: bool = False
    fix: bool = False
    unsafe_fixes: bool = False
    diff: bool = False

    @classmethod
    def from_arguments(cls, arguments: argparse.Namespace) -> CheckOptions:
        """The options add_check_arguments parsed (lists as tuples, an option not given as its default)."""
        values: dict[str, Any] = {}
        for field in dataclasses.fields(cls):
            value = getattr(arguments, field.name)
            values[field.name] = field.default if value is None else tuple(value) if isinstance(value, list) else value
        return cls(**values)


def parse_check_arguments(argv: Sequence[str]) -> CheckOptions:
    """The options of ``citelint check ARGV``, as the command line reads them."""
    parser = argparse.ArgumentParser(prog="citelint check")
    add_check_arguments(parser)
    return CheckOptions.from_arguments(parser.parse_args(argv))
