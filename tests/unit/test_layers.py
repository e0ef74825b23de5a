"""The sellerlink package in layers: a package imports only packages below it (or beside it in
the foundation), never one above, and no two packages import each other, however indirectly.
Imports inside functions and under TYPE_CHECKING count: they are dependencies all the same.

A new package takes its place in LAYERS: above everything it imports, below everything that
imports it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2] / "layers" / "sellerlink" / "sellerlink"
FUNCTIONS = Path(__file__).parents[2] / "functions"

LAYERS: list[tuple[str, ...]] = [
    # foundation: no domain in it
    ("errors", "bodies", "clock", "marketplaces", "model", "observability", "startup", "table"),
    # e-mail: addresses, messages, the sending port, one-time links (no domain in it either)
    ("email",),
    # domain, lowest first
    ("accounts",),
    ("programs",),
    ("attribution",),
    ("amazon",),
    ("connections",),
    ("catalog",),
    ("partners",),
    ("terms",),
    ("links",),
    ("marketplace",),
    ("ledger",),
    ("reports",),
    ("earnings",),
    ("payouts",),
    ("pulls",),
    ("onboarding",),
    ("webhooks",),
    ("notifications",),
    # the HTTP edge, then configuration and the composition roots
    ("api", "dashboard"),
    ("settings",),
    ("wiring",),
]
RANK = {package: rank for rank, group in enumerate(LAYERS) for package in group}


def package_of(path: Path) -> str:
    return path.relative_to(ROOT).parts[0].removesuffix(".py")


def imported(path: Path) -> Iterator[str]:
    """The sellerlink packages a module imports, wherever the import stands in it."""
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "sellerlink" and len(parts) > 1 and parts[1] in RANK:
                yield parts[1]


def graph() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {package: set() for package in RANK}
    for path in ROOT.rglob("*.py"):
        if path.parent == ROOT and path.name == "__init__.py":
            continue
        source = package_of(path)
        edges[source] |= {target for target in imported(path) if target != source}
    return edges


def modules() -> list[Path]:
    return sorted(
        path for path in ROOT.rglob("*.py") if not (path.parent == ROOT and path.name == "__init__.py")
    )


def test_every_package_has_its_place_in_the_layers() -> None:
    assert {package_of(path) for path in modules()} == set(RANK)


def test_no_package_imports_one_above_it() -> None:
    """Packages of one layer may import each other (the foundation's table imports errors);
    the next test keeps them from going round in circles."""
    upward = sorted(
        f"{source} imports {target}"
        for source, targets in graph().items()
        for target in targets
        if RANK[target] > RANK[source]
    )
    assert upward == []


def test_no_two_packages_depend_on_each_other() -> None:
    edges = graph()

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        return any(step == goal or reaches(step, goal, seen | {step}) for step in edges[start] - seen)

    assert sorted(p for p in edges if reaches(p, p, set())) == []


@pytest.mark.parametrize("package", ["settings", "wiring"])
def test_only_the_composition_roots_read_settings_and_only_handlers_import_them(package: str) -> None:
    allowed = {"wiring"} if package == "settings" else set()
    importers = {package_of(path) for path in modules() if package in set(imported(path))} - {package}
    assert importers <= allowed
    if package == "wiring":
        handlers = {
            path.parent.name for path in FUNCTIONS.glob("*/app.py") if "wiring" in set(imported(path))
        }
        assert handlers == {path.parent.name for path in FUNCTIONS.glob("*/app.py")}


def test_aws_clients_and_secrets_are_made_only_in_the_composition_roots() -> None:
    """boto3 clients and Powertools' secret reads belong to sellerlink.wiring; the table module's
    own resource is built there too (its default is for tests)."""
    made = sorted(
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in modules()
        if package_of(path) not in ("wiring", "table")
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("client", "resource", "get_secret", "get_parameter")
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id in ("boto3", "parameters")
    )
    assert made == []
