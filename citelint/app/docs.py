"""`citelint rules` and `citelint explain`, generated from the rule modules themselves."""

from __future__ import annotations

import inspect
import json

from citelint.rules import RULES, RuleModule


def find_rule(name: str) -> RuleModule:
    by_name = {rule.NAME: rule for rule in RULES.values()}
    rule = RULES.get(name.upper()) or by_name.get(name.lower())
    if rule is None:
        import difflib

        from citelint.app.errors import UsageError

        close = difflib.get_close_matches(name, [*RULES, *by_name], n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else " (see `citelint rules`)"
        raise UsageError(f"unknown rule '{name}'{hint}")
    return rule


def documentation(rule: RuleModule) -> str:
    return inspect.cleandoc(rule.__doc__ or "")


def section(rule: RuleModule, heading: str) -> str:
    """One section of a rule's documentation ("What it does", "Why it matters", ...)."""
    lines = documentation(rule).splitlines()
    collected: list[str] = []
    inside = False
    for line in lines:
        if line.rstrip() == f"{heading}:":
            inside = True
            continue
        if inside and line and not line.startswith(" ") and line.rstrip().endswith(":"):
            break
        if inside:
            collected.append(line.strip())
    return " ".join(part for part in collected if part).strip()


def rules_table(format_name: str = "text") -> str:
    rows = [
        {
            "code": code,
            "name": rule.NAME,
            "severity": rule.SEVERITY,
            "fixable": rule.FIXABLE,
            "needs_record": rule.NEEDS_RECORD,
            "summary": rule.SUMMARY,
        }
        for code, rule in RULES.items()
    ]
    if format_name == "json":
        return json.dumps(rows, indent=2)
    if format_name == "markdown":
        lines = ["| code | name | severity | fixable | summary |", "|---|---|---|---|---|"]
        for row in rows:
            fixable = "yes" if row["fixable"] else ""
            lines.append(f"| {row['code']} | {row['name']} | {row['severity']} | {fixable} | {row['summary']} |")
        return "\n".join(lines)
    name_width = max(len(rule.NAME) for rule in RULES.values())
    lines = [f"{'code':<6} {'name':<{name_width}} {'severity':<8} {'fix':<3} summary"]
    for row in rows:
        fixable = "yes" if row["fixable"] else ""
        lines.append(f"{row['code']:<6} {row['name']:<{name_width}} {row['severity']:<8} {fixable:<3} {row['summary']}")
    return "\n".join(lines)


def explain(name: str) -> str:
    rule = find_rule(name)
    fixable = "fixable" if rule.FIXABLE else "not fixable"
    needs = "compares with the published record" if rule.NEEDS_RECORD else "needs no matched record"
    header = f"{rule.CODE} {rule.NAME} (default severity: {rule.SEVERITY}; {fixable}; {needs})"
    return f"{header}\n\n{documentation(rule)}"


def rules_page() -> str:
    """docs/rules.md: every rule's documentation under a heading of its code, which SARIF's help links name."""
    parts = ["# citelint rules", "",
             "Generated from the rule modules by `python scripts/make_rules_page.py`; `citelint explain CODE` prints the same.",
             ""]
    for code, rule in RULES.items():
        parts += [f"## {code}", "", f"```text\n{explain(code)}\n```", ""]
    return "\n".join(parts)
