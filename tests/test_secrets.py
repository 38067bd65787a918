"""Credentials and contact values holding a line break or control character are refused, never echoed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SECRET = "SECRET-token-91c2"


@pytest.mark.parametrize(("variable", "value"), [
    ("CR_API_PLUS", f"Bearer x\n{SECRET}"),
    ("CR_API_PLUS", f"x\r\nX-Injected: {SECRET}"),
    ("CR_API_PLUS", f"x\x1b]0;{SECRET}\x07"),
    ("CR_API_PLUS", f"x\u0085{SECRET}"),
    ("CITELINT_MAILTO", f"me@example.org\n{SECRET}"),
    ("CR_API_MAILTO", f"me@example.org\t{SECRET}"),
])
def test_a_value_with_a_control_character_is_refused_without_being_shown(tmp_path: Path, variable: str,
                                                                         value: str) -> None:
    (tmp_path / "refs.txt").write_text("Smith, J (2010) A title of a paper. Journal of Things, 3: 1-9.\n",
                                       encoding="utf-8")
    env = {key: item for key, item in os.environ.items() if not key.startswith(("CR_API", "CITELINT_"))}
    env.update({variable: value, "CITELINT_CACHE_DIR": str(tmp_path / "cache")})
    for output_format in ("json", "sarif", "github", "rich"):
        completed = subprocess.run(
            [sys.executable, "-m", "citelint", "check", "--offline", "--format", output_format, "refs.txt"],
            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, check=False)
        assert completed.returncode == 2, completed.stderr
        assert SECRET not in completed.stdout + completed.stderr
        assert completed.stderr.strip().splitlines() == [
            f"citelint: error: {variable} holds a line break or control character; fix it (its value is not shown)"]


def test_a_trailing_newline_is_trimmed_not_refused() -> None:
    from citelint.sources.settings import resolve_settings

    settings = resolve_settings({}, {"CR_API_PLUS": "token\n", "CITELINT_MAILTO": " me@example.org\r\n"}, {})
    assert (settings.plus_token, settings.mailto) == ("token", "me@example.org")
