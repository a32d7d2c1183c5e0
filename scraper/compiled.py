"""The package's optional compiled modules (setup.py builds them with Cython where a C compiler
is there), checked in one place: each has Python code beside it that does the same work and
runs wherever the compiled one is missing or must not be used."""

from __future__ import annotations

import os
from collections.abc import Callable
from types import ModuleType
from typing import Any


def compiled(load: Callable[[], ModuleType], name: str, reads_lxml: bool = False) -> Any:
    """`name` from the compiled module `load` imports; None where the package was installed
    without it, where `SCRAPER_PURE_PYTHON` is set, or, for a module that reads lxml's
    structs (`reads_lxml`), where it was built against another lxml than the one running
    (its `LXML_BUILT_WITH`), whose structs may be laid out otherwise."""
    if os.environ.get("SCRAPER_PURE_PYTHON"):
        return None
    try:
        module = load()
    except ImportError:
        return None
    if reads_lxml:
        from lxml import etree

        if etree.__version__ != getattr(module, "LXML_BUILT_WITH", None):
            return None
    return getattr(module, name)
