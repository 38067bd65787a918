from __future__ import annotations

from pathlib import Path

import pytest

from citelint.app.config import ConfigError, find_config, load_settings, parse_settings


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"selct": ["CL1"]}, "unknown key 'selct' (did you mean 'select'?)"),
        ({"fail_on": "error"}, "unknown key 'fail_on' (did you mean 'fail-on'?)"),
        ({"select": ["XY1"]}, "no rule code starts with 'XY1'"),
        ({"select": "CL1"}, None),
        ({"fail-on": "warnings"}, "unknown level 'warnings' (did you mean 'warning'?)"),
        ({"severity": {"CL001": "fatal"}}, "unknown level 'fatal'"),
        ({"severity": ["CL001"]}, "expected a table"),
        ({"rules": {"reference-unparseable": {}}}, "unknown rule 'reference-unparseable' (did you mean 'reference-unparsable'?)"),
        ({"rules": {"CL001": {"x": 1}}}, "rule CL001 has no options"),
        ({"per-file-ignores": {"*.bib": ["CL0"]}}, None),
        ({"mailto": 3}, "mailto: expected a string"),
    ],
)
def test_configuration_is_validated(table, message):
    if message is None:
        parse_settings(table)
        return
    with pytest.raises(ConfigError) as error:
        parse_settings(table)
    assert message in str(error.value)


def test_settings_values():
    settings = parse_settings({"select": ["cl1", "CL2"], "ignore": ["CL102"], "fail-on": "error,unchecked",
                               "severity": {"CL001": "info"}, "mailto": "me@example.org"})
    assert settings.select == ("CL1", "CL2")
    assert settings.ignore == ("CL102",)
    assert settings.fail_on == ("error", "unchecked")
    assert settings.severity == {"CL001": "info"}
    assert settings.mailto == "me@example.org"


def test_config_is_found_upward_and_pyproject_needs_a_citelint_table(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text("[tool.other]\nx = 1\n")
    nested = tmp_path / "paper" / "refs"
    nested.mkdir(parents=True)
    assert find_config(nested / "refs.bib") is None
    (tmp_path / "pyproject.toml").write_text('[tool.citelint]\nignore = ["CL0"]\n')
    assert find_config(nested / "refs.bib") == (tmp_path / "pyproject.toml").resolve()
    assert load_settings(find_config(nested)).ignore == ("CL0",)
    (tmp_path / "paper" / "citelint.toml").write_text('select = ["CL3"]\n')
    assert load_settings(find_config(nested)).select == ("CL3",)


def test_broken_toml_is_one_line(tmp_path: Path):
    path = tmp_path / "citelint.toml"
    path.write_text("select = [\n")
    with pytest.raises(ConfigError) as error:
        load_settings(path)
    assert str(error.value).startswith(str(path)) and "\n" not in str(error.value)
