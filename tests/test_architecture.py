"""The package's shape, checked by reading its imports (every import statement, lazy ones in
functions and type-checking ones included): data flows one way, so imports go one way.

    cli → jobs, eval, fixtures, report → cleaners, sources → normalize → records, errors, config

A unit may import itself and units of lower layers only; units of one layer do not import
each other (cleaning never fetches, a job never evaluates). No module imports itself back
through others, subpackages that are not nested in one another form no cycle, and job sinks
know nothing of the job state that feeds them.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterator
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "scraper"
LAYERS: tuple[tuple[str, ...], ...] = (
    ("core",),
    ("normalize",),
    ("cleaners", "sources"),
    ("jobs", "eval", "fixtures", "report"),
    ("cli",),
    ("api",),
)
CORE = {"records", "structure", "errors", "config", "registry", "compiled"}
"""Top-level modules every layer may use: the records (and their body's structure), the
exception tree, configuration, the registry of names (which refers to classes by strings
only), and the check of the optional compiled modules."""
API = {"__init__", "__main__"}
"""`scraper` itself: the public façade re-exports from below; nothing imports it back."""
ISOLATED = {"scraper.jobs.sinks": "scraper.jobs"}
"""Subpackages that may not import the rest of the package they sit in."""


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str) -> Iterator[tuple[str, int]]:
    """(imported module of ours, line) for every import statement in module `name`."""
    path = modules()[name]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            if target in modules():
                yield target, node.lineno


def unit(name: str) -> str:
    parts = name.split(".")
    if len(parts) == 1 or parts[1] in API:
        return "api"
    return "core" if parts[1] in CORE else parts[1]


def layer(unit_name: str) -> int:
    for level, units in enumerate(LAYERS):
        if unit_name in units:
            return level
    raise AssertionError(f"scraper.{unit_name} is in no layer: add it to LAYERS")


def package_of(name: str) -> str:
    path = modules()[name]
    return name if path.name == "__init__.py" else name.rpartition(".")[0]


def test_every_module_has_a_layer() -> None:
    for name in modules():
        layer(unit(name))


def test_imports_follow_the_layer_order() -> None:
    wrong = []
    for name in modules():
        here = unit(name)
        for target, line in imports_of(name):
            there = unit(target)
            if there != here and layer(there) >= layer(here):
                wrong.append(f"{name}:{line} imports {target} ({here} → {there})")
    assert not wrong, "imports against the layer order:\n" + "\n".join(wrong)


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of `graph`, as the nodes along it, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_module_imports_itself_back() -> None:
    graph = {name: {t for t, _ in imports_of(name) if t != name} for name in modules()}
    cycle = _cycle(graph)
    assert cycle is None, "import cycle: " + " → ".join(cycle or [])


def test_no_cycle_between_packages() -> None:
    """Edges between packages of which neither contains the other (a package may use its
    own subpackages, and they its shared modules)."""
    graph: dict[str, set[str]] = defaultdict(set)
    for name in modules():
        here = package_of(name)
        for target, _ in imports_of(name):
            there = package_of(target)
            nested = here.startswith(there + ".") or there.startswith(here + ".")
            if there != here and not nested:
                graph[here].add(there)
    cycle = _cycle(graph)
    assert cycle is None, "package cycle: " + " → ".join(cycle or [])


def test_isolated_subpackages_stay_out_of_their_parent() -> None:
    wrong = []
    for name in modules():
        for sub, parent in ISOLATED.items():
            if not (name == sub or name.startswith(sub + ".")):
                continue
            for target, line in imports_of(name):
                inside = target == sub or target.startswith(sub + ".")
                if target.startswith(parent + ".") and not inside:
                    wrong.append(f"{name}:{line} imports {target}")
    assert not wrong, "\n".join(wrong)


def test_the_checks_see_a_wrong_import(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The walk itself: a cleaner that imports a fetcher, written into a copy of the
    package, is caught (so a passing check above is not a walk that saw nothing)."""
    copy = tmp_path / "scraper"
    for path in PACKAGE.rglob("*.py"):
        target = copy / path.relative_to(PACKAGE)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (copy / "cleaners" / "sneaky.py").write_text("from scraper.sources.files import load_page\n")
    monkeypatch.setattr(__import__(__name__, fromlist=["PACKAGE"]), "PACKAGE", copy)
    modules.cache_clear()
    try:
        try:
            test_imports_follow_the_layer_order()
        except AssertionError as exc:
            assert "scraper.cleaners.sneaky:1 imports scraper.sources.files" in str(exc)
        else:
            raise AssertionError("the wrong import went unnoticed")
    finally:
        modules.cache_clear()
