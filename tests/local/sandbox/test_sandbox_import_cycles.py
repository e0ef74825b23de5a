"""No two sandbox modules import each other, even through a chain or an import inside a function."""

from __future__ import annotations

import ast
from pathlib import Path

import sellerlink_local.sandbox

PACKAGE = "sellerlink_local.sandbox"


def module_names(root: Path, package: str) -> dict[str, Path]:
    """Every module of the package, by dotted name (a package by its own name, for its __init__)."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join([package, *parts])] = path
    return found


def imported(module: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The package's modules that ``module`` imports, wherever the import statement stands."""
    is_package = path.name == "__init__.py"
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".")[: len(module.split(".")) - node.level + is_package]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                names.add(submodule if submodule in modules else base)
    return {name for name in names if name in modules and name != module}


def import_graph(root: Path, package: str) -> dict[str, set[str]]:
    modules = module_names(root, package)
    return {module: imported(module, path, modules) for module, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import one another, directly or through others (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while not group or group[-1] != node:
                group.append(stack.pop())
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_a_cycle_through_an_import_inside_a_function_is_found(tmp_path: Path) -> None:
    # Given two modules that import each other, one of them only inside a function
    (tmp_path / "__init__.py").write_text("")
    (tmp_path / "state.py").write_text("def reset():\n    from .tokens import TokenBook\n")
    (tmp_path / "tokens.py").write_text("from pkg.state import reset\n")
    # When the package's import graph is read
    found = cycles(import_graph(tmp_path, "pkg"))
    # Then the pair is a cycle
    assert found == [["pkg.state", "pkg.tokens"]]


def test_the_sandbox_has_no_import_cycle() -> None:
    # Given the sandbox's modules and what each imports, at the top or inside a function
    graph = import_graph(Path(sellerlink_local.sandbox.__file__).parent, PACKAGE)
    assert f"{PACKAGE}.state" in graph[f"{PACKAGE}.server"]  # the graph sees relative imports
    # Then no chain of imports leads from a module back to itself
    assert cycles(graph) == [], "these sandbox modules import one another"
