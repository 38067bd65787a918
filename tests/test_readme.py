"""The README stays true: its set-up commands are the ones CI runs, its rules table is the registry's."""

from __future__ import annotations

import re
from pathlib import Path

from citelint.app.docs import rules_table
from citelint.rules import RULES

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_first_two_commands_are_what_ci_runs():
    commands = re.findall(r"```sh\n(python3 -m venv .venv && \. \.venv/bin/activate && .+)\n```", README[:1200])
    assert len(commands) == 2
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for command in commands:
        steps = command.split(" && ", 2)[2]
        assert steps in ci, steps


def test_rules_table_is_generated_from_the_registry():
    start = README.index("<!-- rules-table")
    start = README.index("\n", start) + 1
    end = README.index("<!-- end rules-table -->")
    assert README[start:end].strip() == rules_table("markdown"), "run: citelint rules --format markdown"


def test_the_rules_page_that_sarif_links_to_is_generated_from_the_registry():
    from citelint.app.docs import rules_page
    from citelint.report.sarif import RULES_DOC_URI

    page = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert page == rules_page() + "\n", "run: python scripts/make_rules_page.py"
    assert RULES_DOC_URI.endswith("/docs/rules.md")
    for code in RULES:
        assert f"\n## {code}\n" in page  # the heading GitHub anchors as #clNNN
