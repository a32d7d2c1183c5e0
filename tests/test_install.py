"""The package as a user installs it: `pip install` (not editable) into a fresh venv, then the
installed `scraper` command cleans a page from another folder. It must find its rules and
models inside the installed package, not in this checkout.

The fresh venv reuses this environment's dependencies (a `.pth` line naming its
site-packages, which the venv's own site-packages precede) and the package is installed with
`--no-deps`, so the test needs no index for them and stays fast; the build itself gets
setuptools from pip's configured index (offline on this machine and CI).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from scraper.cleaners import block_model, dom
from scraper.normalize import post_title
from tests.conftest import FIXTURES, ROOT

pytestmark = pytest.mark.install
SOURCES = ("pyproject.toml", "setup.py", "README.md", "LICENSE", "scraper")
# what a build of this checkout left beside the sources (the compiled modules), not sources
BUILT = shutil.ignore_patterns("__pycache__", "*.so", "_walk.c", "_trees.c", "_marks.c")


def fresh_install(tmp_path: Path) -> Path:
    """A venv in `tmp_path` with the package pip-installed from a copy of the sources."""
    source = tmp_path / "src"
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=BUILT)
        else:
            source.mkdir(exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    own = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    shared = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(own, "reuse-test-deps.pth").write_text("\n".join(sorted(shared)) + "\n", "utf-8")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
         "--no-deps", str(source)],
        check=True, capture_output=True, text=True, timeout=300,
    )
    return env_dir


def test_an_installed_copy_cleans_a_page_from_another_folder(tmp_path: Path) -> None:
    env_dir = fresh_install(tmp_path)
    work = tmp_path / "elsewhere"
    work.mkdir()
    shutil.copy2(FIXTURES / "txt-advice-column" / "page.txt", work / "page.txt")
    expected = json.loads((FIXTURES / "txt-advice-column" / "expected.json").read_text("utf-8"))
    done = subprocess.run(
        [str(env_dir / "bin" / "scraper"), "clean", "page.txt"],
        cwd=work, capture_output=True, text=True, timeout=120,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    assert record["error"] is None
    assert record["title"] == expected["fields"]["title"]
    for text in expected["must_contain"]:
        assert text in record["body"]
    where = subprocess.run(
        [str(env_dir / "bin" / "python"), "-c",
         "import scraper.config as c; print(c.DEFAULTS_DIR)"],
        cwd=work, capture_output=True, text=True, check=True,
    ).stdout.strip()
    assert Path(where).is_relative_to(env_dir) and (Path(where) / "models").is_dir()
    compiled = subprocess.run(
        [str(env_dir / "bin" / "python"), "-c",
         "from scraper.cleaners import block_model, dom; from scraper.normalize import post_title;"
         " print(dom.COMPILED_WALK is not None, block_model.COMPILED_TREES is not None,"
         " post_title.COMPILED_MARKS is not None)"],
        cwd=work, capture_output=True, text=True, check=True,
    ).stdout.strip()
    # built from the sources as this checkout's were (the same compiler, Cython and lxml)
    here = (
        dom.COMPILED_WALK is not None,
        block_model.COMPILED_TREES is not None,
        post_title.COMPILED_MARKS is not None,
    )
    assert compiled == " ".join(map(str, here))
