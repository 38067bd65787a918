"""Write docs/rules.md, the page SARIF's help links point to, from the rule registry.

    .venv/bin/python scripts/make_rules_page.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from citelint.app.docs import rules_page

if __name__ == "__main__":
    (ROOT / "docs" / "rules.md").write_text(rules_page() + "\n", encoding="utf-8")
