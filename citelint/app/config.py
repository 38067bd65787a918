"""Configuration: ``[tool.citelint]`` in pyproject.toml, or citelint.toml, into frozen Settings.

Unknown keys are errors that name the key and suggest the nearest valid one,
so a typo never silently disables a setting.
"""

from __future__ import annotations

import dataclasses
import difflib
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from citelint.model import SEVERITIES
from citelint.rule_codes import code_of

CONFIG_FILES = ("citelint.toml", ".citelint.toml", "pyproject.toml")
FAIL_ON_LEVELS = ("error", "warning", "info", "unchecked")

_KEYS = ("select", "ignore", "severity", "per-file-ignores", "fail-on", "mailto", "index", "rules")


class ConfigError(Exception):
    """A configuration problem, as one line naming the file."""


@dataclass(frozen=True)
class Settings:
    select: tuple[str, ...] = ("CL",)
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, str] = field(default_factory=dict)  # code -> severity
    per_file_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # glob -> codes
    fail_on: tuple[str, ...] = ("warning",)
    mailto: str | None = None
    index: str | None = None  # a local index folder (relative paths: to the configuration file's folder)
    rule_options: Mapping[str, Any] = field(default_factory=dict)  # code -> frozen options
    path: Path | None = None  # the file the settings came from; globs are relative to its folder


def _load_toml(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None


def find_config(start: Path) -> Path | None:
    """The nearest configuration file from ``start`` upward (a pyproject.toml counts only with [tool.citelint])."""
    folder = start if start.is_dir() else start.parent
    for directory in (folder.resolve(), *folder.resolve().parents):
        for name in CONFIG_FILES:
            candidate = directory / name
            if not candidate.is_file():
                continue
            if name != "pyproject.toml":
                return candidate
            try:
                tool = _load_toml(candidate).get("tool", {})
                if isinstance(tool, dict) and "citelint" in tool:
                    return candidate
            except ConfigError:
                return candidate  # a broken pyproject is reported, not skipped
    return None


def load_settings(path: Path | None) -> Settings:
    if path is None:
        return Settings()
    document = _load_toml(path)
    table: Any = document
    if path.name == "pyproject.toml":
        tool = document.get("tool", {})
        table = tool.get("citelint", {}) if isinstance(tool, dict) else None
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.citelint] must be a table")
    return parse_settings(table, path)


def _suggest(key: str, valid: tuple[str, ...] | list[str]) -> str:
    close = difflib.get_close_matches(key, valid, n=1)
    return f" (did you mean '{close[0]}'?)" if close else f" (valid: {', '.join(valid)})"


def _string_list(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{where}: expected a list of strings")
    return tuple(value)


def parse_codes(value: Any, where: str) -> tuple[str, ...]:
    """Rule codes, code prefixes, rule names or ALL, as code prefixes (ALL: every rule)."""
    from citelint.rules import RULES

    codes = []
    for written in _string_list(value, where):
        code = code_of(written.strip())
        if code != "ALL" and not any(rule.startswith(code) for rule in RULES):
            names = [rule.NAME for rule in RULES.values()]
            written = written.strip()
            valid = names if "-" in written else list(RULES)
            raise ConfigError(f"{where}: no rule code starts with '{written}' and no rule is named so"
                              f"{_suggest(written.lower() if valid is names else code, valid)}")
        codes.append("CL" if code == "ALL" else code)
    return tuple(codes)


def parse_fail_on(value: str, where: str) -> tuple[str, ...]:
    levels = tuple(level.strip() for level in value.split(",") if level.strip())
    for level in levels:
        if level not in FAIL_ON_LEVELS:
            raise ConfigError(f"{where}: unknown level '{level}'{_suggest(level, FAIL_ON_LEVELS)}")
    if not levels:
        raise ConfigError(f"{where}: expected one of {', '.join(FAIL_ON_LEVELS)}")
    return levels


def _rule_options(table: Any, where: str) -> dict[str, Any]:
    from citelint.rules import RULES

    if not isinstance(table, dict):
        raise ConfigError(f"{where}: expected a table of rules")
    by_name = {rule.NAME: code for code, rule in RULES.items()}
    options: dict[str, Any] = {}
    for name, values in table.items():
        code = name.upper() if name.upper() in RULES else by_name.get(name)
        if code is None:
            raise ConfigError(f"{where}: unknown rule '{name}'{_suggest(name, list(by_name) + list(RULES))}")
        defaults = RULES[code].OPTIONS
        if defaults is None:
            raise ConfigError(f"{where}.{name}: rule {code} has no options")
        if not isinstance(values, dict):
            raise ConfigError(f"{where}.{name}: expected a table of options")
        known = [option.name for option in dataclasses.fields(defaults)]
        changes = {}
        for key, value in values.items():
            attribute = key.replace("-", "_")
            if attribute not in known:
                raise ConfigError(f"{where}.{name}: unknown option '{key}'{_suggest(attribute, known)}")
            default = getattr(defaults, attribute)
            if isinstance(default, tuple):
                value = _string_list(value, f"{where}.{name}.{key}")
            elif not isinstance(value, type(default)) or isinstance(value, bool) != isinstance(default, bool):
                raise ConfigError(f"{where}.{name}.{key}: expected {type(default).__name__}")
            changes[attribute] = value
        options[code] = dataclasses.replace(defaults, **changes)
    return options


def parse_settings(table: Mapping[str, Any], path: Path | None = None) -> Settings:
    where = str(path) if path else "configuration"
    for key in table:
        if key not in _KEYS:
            raise ConfigError(f"{where}: unknown key '{key}'{_suggest(key, _KEYS)}")
    values: dict[str, Any] = {"path": path}
    if "select" in table:
        values["select"] = parse_codes(table["select"], f"{where}: select")
    if "ignore" in table:
        values["ignore"] = parse_codes(table["ignore"], f"{where}: ignore")
    if "severity" in table:
        severity = table["severity"]
        if not isinstance(severity, dict):
            raise ConfigError(f"{where}: severity: expected a table of CODE = level")
        checked = {}
        for code, level in severity.items():
            (code,) = parse_codes([code], f"{where}: severity")
            if level not in SEVERITIES:
                raise ConfigError(f"{where}: severity.{code}: unknown level '{level}'{_suggest(str(level), SEVERITIES)}")
            checked[code] = level
        values["severity"] = checked
    if "per-file-ignores" in table:
        ignores = table["per-file-ignores"]
        if not isinstance(ignores, dict):
            raise ConfigError(f"{where}: per-file-ignores: expected a table of glob = [codes]")
        values["per_file_ignores"] = {
            glob: parse_codes(codes, f"{where}: per-file-ignores.{glob}") for glob, codes in ignores.items()
        }
    if "fail-on" in table:
        if not isinstance(table["fail-on"], str):
            raise ConfigError(f"{where}: fail-on: expected a string")
        values["fail_on"] = parse_fail_on(table["fail-on"], f"{where}: fail-on")
    if "mailto" in table:
        if not isinstance(table["mailto"], str):
            raise ConfigError(f"{where}: mailto: expected a string")
        values["mailto"] = table["mailto"]
    if "index" in table:
        if not isinstance(table["index"], str):
            raise ConfigError(f"{where}: index: expected a string")
        values["index"] = str(path.parent / table["index"]) if path else table["index"]
    if "rules" in table:
        values["rule_options"] = _rule_options(table["rules"], f"{where}: rules")
    return Settings(**values)
