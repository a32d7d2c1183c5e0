"""What the package's own source may not do, checked by reading it (so a new module that
slips is caught): untrusted data is never unpickled or evaluated, config and job files are
data (TOML/JSON parsers only), every XML/HTML parser is built with network access and
entity resolution off, and no file path is built from a fixture name or URL unchecked.

Pickling does happen where *our own* objects cross a process boundary (multiprocessing,
Dask): those are our records, never bytes read from a page, file or response.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from scraper.errors import InputError
from scraper.fetch.recorder import case_folder

PACKAGE = Path(__file__).resolve().parent.parent / "scraper"
SOURCES = sorted(PACKAGE.rglob("*.py"))
UNSAFE_MODULES = {"pickle", "dill", "cloudpickle", "marshal", "shelve", "yaml", "jsonpickle"}
UNSAFE_CALLS = {"eval", "exec", "__import__", "compile"}
PARSERS = {"XMLParser", "HTMLParser", "iterparse", "XMLPullParser", "HTMLPullParser"}


def _trees() -> list[tuple[Path, ast.Module]]:
    return [(path, ast.parse(path.read_text(encoding="utf-8"))) for path in SOURCES]


def test_no_unpickling_or_evaluating_anywhere() -> None:
    found = []
    for path, tree in _trees():
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name.split(".")[0] for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [(node.module or "").split(".")[0]]
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                names = [node.func.id] if node.func.id in UNSAFE_CALLS else []
            else:
                continue
            found += [f"{path.name}:{node.lineno} {n}" for n in names if n in UNSAFE_MODULES]
            if isinstance(node, ast.Call):
                found += [f"{path.name}:{node.lineno} {n}()" for n in names]
    assert found == []
    assert len(SOURCES) > 40  # the scan did read the package


def test_every_markup_parser_is_built_without_network_or_entities() -> None:
    """Each lxml parser the package builds says `no_network=True`, and each XML one also
    `resolve_entities=False` (lxml's default resolves internal entities)."""
    built = []
    for path, tree in _trees():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            if node.func.attr not in PARSERS:
                continue
            options = {k.arg: getattr(k.value, "value", None) for k in node.keywords}
            built.append(f"{path.name}:{node.lineno}")
            assert options.get("no_network") is True, f"{path.name}:{node.lineno}"
            if "HTML" not in node.func.attr:
                assert options.get("resolve_entities") is False, f"{path.name}:{node.lineno}"
    assert len(built) >= 3  # dom.py's HTML parser, the sitemap and the feed parsers


IMPORTERS_ALLOWED = {"registry.py", "eval_pool.py", "eval_run.py"}
"""Modules named in fixed tables, never a path read from input: the registry imports the
classes its tables (and installed entry points) name, a job file picks one of those names;
the evaluation pool imports the extractors' libraries (`REQUIRES` in eval_run.py), which
checks they are installed with `find_spec`."""


def test_config_is_read_by_data_parsers_only() -> None:
    """Configuration comes through tomllib (and JSON for sidecars): nothing in the package
    imports code by a name it read (importlib, runpy), except the registry."""
    for path, tree in _trees():
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                module = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
                root = (module or "").split(".")[0]
                if root == "importlib" and path.name in IMPORTERS_ALLOWED:
                    continue
                assert root not in {"runpy", "importlib", "imp"}, f"{path.name}:{node.lineno}"


@pytest.mark.parametrize(
    "name",
    ["..", "../x", "../../etc", "/abs", "a/../../b", "a\\..\\b", "%2e%2e", "x/", "", "-x", "é"],
)
def test_fixture_names_cannot_leave_the_fixtures_folder(name: str, tmp_path: Path) -> None:
    with pytest.raises(InputError):
        case_folder(tmp_path, name)


def test_a_plain_fixture_name_stays_inside(tmp_path: Path) -> None:
    folder = case_folder(tmp_path, "html-city-paper.v2")
    assert folder.resolve().parent == tmp_path.resolve()
