"""Every module of the package imports (the smoke run of `make test-versions` runs this on the
oldest and newest declared Python: a syntax or `re` feature a version lacks fails here).
A module that needs an optional extra may fail only for want of that extra's library."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import scraper

OPTIONAL = {
    "distributed", "dask", "pyarrow", "sklearn", "atheris", "readability", "html_text", "torch",
}
"""Top-level libraries of the extras (pyproject.toml `[project.optional-dependencies]`)."""
MODULES = sorted(
    info.name for info in pkgutil.walk_packages(scraper.__path__, prefix="scraper.")
)


@pytest.mark.parametrize("name", MODULES)
def test_every_module_imports(name: str) -> None:
    try:
        importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if (exc.name or "").split(".")[0] not in OPTIONAL:
            raise
        pytest.skip(f"{name} needs the optional {exc.name}")
