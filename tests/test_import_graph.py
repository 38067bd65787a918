"""The package's modules import each other one way: no module is its own ancestor.

Imports inside functions count (a lazy import still closes a cycle; it only hides it until run
time), as do the rule modules the registry loads by name; imports only for the type checker do not.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "citelint"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking_only(tree: ast.Module) -> set[int]:
    """The ids of the nodes inside ``if TYPE_CHECKING:`` blocks."""
    hidden: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING"):
            hidden.update(id(inner) for statement in node.body for inner in ast.walk(statement))
    return hidden


def _imports(tree: ast.Module, files: dict[str, Path]) -> set[str]:
    """The package modules a module imports, at its top level or inside its functions."""
    hidden = _type_checking_only(tree)
    imported: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in hidden:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                imported.add(submodule if submodule in files else node.module)
        elif isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
    return imported


def _import_graph() -> dict[str, set[str]]:
    """Each module and the package modules it imports."""
    files = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        imported = _imports(ast.parse(path.read_text(encoding="utf-8")), files)
        graph[name] = {other for other in imported if other in files and other != name}
    # The registry imports every rule module by name (importlib), which no import statement shows.
    graph["citelint.rules"] |= {name for name in files if name.startswith("citelint.rules.")
                                and not name.rpartition(".")[2].startswith("_")}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    done: set[str] = set()
    path: list[str] = []

    def visit(name: str) -> list[str] | None:
        if name in path:
            return [*path[path.index(name):], name]
        if name in done:
            return None
        path.append(name)
        for other in sorted(graph[name]):
            if (found := visit(other)) is not None:
                return found
        path.pop()
        done.add(name)
        return None

    for name in sorted(graph):
        if (found := visit(name)) is not None:
            return found
    return None


def test_no_import_cycle_inside_the_package() -> None:
    graph = _import_graph()
    assert "citelint.app.run" in graph and graph["citelint.app.cli"]  # the graph was read
    assert _cycle(graph) is None


def test_lazy_imports_and_the_registry_count() -> None:
    graph = _import_graph()
    assert "citelint.app.run" in graph["citelint.app.cli"]  # imported inside main(): --version stays instant
    assert "citelint.rules.page_separator_lost" in graph["citelint.rules"]


def test_the_registry_loads_every_rule_module() -> None:
    from citelint.rule_codes import RULE_NAMES
    from citelint.rules import RULES

    modules = {path.stem for path in (PACKAGE / "rules").glob("*.py") if not path.stem.startswith("_")}
    assert {module.__name__.rpartition(".")[2] for module in RULES.values()} == modules
    assert list(RULE_NAMES) == sorted(RULE_NAMES)


def test_a_cycle_is_found() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_a_lazy_import_is_an_edge_and_a_type_checking_one_is_not() -> None:
    files = {"citelint.a": Path("a.py"), "citelint.b": Path("b.py"), "citelint.c": Path("c.py")}
    tree = ast.parse(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from citelint.c import C\n"
        "def f():\n    from citelint.b import g\n    return g()\n"
    )
    assert _imports(tree, files) & set(files) == {"citelint.b"}
