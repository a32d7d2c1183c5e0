"""Every shell and Python example of the README runs as printed.

A newcomer pastes them: an example that dies (a missing `__main__` guard, a file that is not
there, an option that was renamed) is a broken promise. Blocks fenced as `sh` or `python` are
examples; a usage synopsis with placeholders is fenced as `text`. An example that cannot run
here says so on its first line (`# not run by the README test: why`), and one that ends with
another status than 0 says which and why (`# exit status 1: why`).

Each example runs in a folder of its own holding copies of what the README names (the
bundled fixtures and the example job), with the project's venv reachable as `.venv` and its
`scraper` command on PATH, so that it writes nothing into the checkout.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
FENCE = re.compile(r"^```([\w-]*)\n(.*?)^```", re.MULTILINE | re.DOTALL)
NOT_RUN = "# not run by the README test:"
EXIT_STATUS = re.compile(r"^# exit status (\d+):", re.MULTILINE)
RUN = ("sh", "python")


@dataclass(frozen=True)
class Example:
    language: str
    code: str
    line: int

    @property
    def status(self) -> int:
        said = EXIT_STATUS.search(self.code)
        return int(said.group(1)) if said else 0

    @property
    def skipped(self) -> str | None:
        first = self.code.splitlines()[0] if self.code else ""
        return first.removeprefix(NOT_RUN).strip() if first.startswith(NOT_RUN) else None


def examples() -> list[Example]:
    text = README.read_text(encoding="utf-8")
    return [
        Example(m.group(1), m.group(2), text.count("\n", 0, m.start()) + 1)
        for m in FENCE.finditer(text)
        if m.group(1) in RUN
    ]


def test_the_readme_has_examples_of_both_kinds() -> None:
    found = examples()
    assert {e.language for e in found} == set(RUN)
    assert sum(e.skipped is None for e in found) >= 4


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    work = tmp_path / "work"
    shutil.copytree(ROOT / "fixtures", work / "fixtures")
    jobs = work / "scraper" / "defaults" / "jobs"
    shutil.copytree(ROOT / "scraper" / "defaults" / "jobs", jobs)
    (work / ".venv").symlink_to(Path(sys.executable).parent.parent)
    return work


@pytest.mark.parametrize("example", examples(), ids=lambda e: f"{e.language}-line-{e.line}")
def test_the_example_runs(example: Example, folder: Path) -> None:
    if example.skipped is not None:
        assert example.skipped, "say why the example is not run"
        pytest.skip(example.skipped)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    if example.language == "python":
        # beside, not in, the folder: its `scraper/defaults/` copy would shadow the package
        script = folder.parent / "example.py"
        script.write_text(example.code, encoding="utf-8")
        command = [sys.executable, str(script)]
    else:
        command = ["bash", "-euo", "pipefail", "-c", example.code]
    done = subprocess.run(
        command, cwd=folder, env=env, capture_output=True, text=True, timeout=300
    )
    said = f"README line {example.line}:\n{done.stderr[-3000:]}"
    assert done.returncode == example.status, said
