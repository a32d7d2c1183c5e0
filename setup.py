"""The compiled modules: `scraper/cleaners/_walk.pyx` (the segmenter's walk),
`scraper/cleaners/_trees.pyx` (the block models' tree walk) and `scraper/normalize/_marks.pyx`
(the search for a marked post title); pyproject.toml holds everything else.

They are optional twice over: where Cython, lxml's headers or a C compiler are missing, the
package installs without them, and the Python code each replaces runs instead:
`scraper.cleaners.dom` walks the tree in Python (the same blocks, about four times the cost of
the walk), `scraper.cleaners.block_model` the trees with numpy (the same probabilities),
`scraper.normalize.post_title` every node (the same title). `SCRAPER_PURE_PYTHON=1` skips them.
"""

from __future__ import annotations

import os
import sys

from setuptools import setup
from setuptools.command.build_ext import build_ext


def _skipped(reason: object) -> None:
    print(
        f"scraper: compiled modules not built ({reason}); the Python walk and numpy serve",
        file=sys.stderr,
    )


class _OptionalBuildExt(build_ext):
    """A failed compile is a warning, never a failed install."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:  # the compiler's set-up; any failure leaves the Python walk
            _skipped(exc)

    def build_extension(self, ext) -> None:  # type: ignore[no-untyped-def]
        try:
            super().build_extension(ext)
        except Exception as exc:  # compiling or linking the module
            _skipped(exc)


def _extensions() -> list:  # type: ignore[type-arg]
    if os.environ.get("SCRAPER_PURE_PYTHON"):
        return []
    try:
        import lxml
        from Cython.Build import cythonize
        from setuptools import Extension
    except ImportError as exc:
        _skipped(exc)
        return []
    walk = Extension(
        "scraper.cleaners._walk",
        ["scraper/cleaners/_walk.pyx"],
        include_dirs=lxml.get_include(),
    )
    trees = Extension("scraper.cleaners._trees", ["scraper/cleaners/_trees.pyx"])
    marks = Extension(
        "scraper.normalize._marks",
        ["scraper/normalize/_marks.pyx"],
        include_dirs=lxml.get_include(),
    )
    try:
        return cythonize([walk, trees, marks], quiet=True)  # type: ignore[no-any-return]
    except Exception as exc:
        _skipped(exc)
        return []


setup(ext_modules=_extensions(), cmdclass={"build_ext": _OptionalBuildExt})
