"""The accuracy gate in the suite: our figures on the fixed sample (tests/eval/gate/pages.txt)
against the floors pinned in tests/eval/gate/floors.toml, when the evaluation set sits next to
the checkout (`../shared/datasets/main-content-eval`); skipped, with the reason in pytest's
summary, when it does not. And the rule on lowering a floor: the commit that lowers one says
so in its message, which the git history shows.

Deselect the gate while iterating with `pytest -m "not gate"`.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from scraper.errors import ConfigError
from scraper.eval.data import load_truth
from scraper.eval.floors import (
    KINDS,
    METRICS,
    diff,
    lowered,
    lowered_line,
    parse_floors,
    read_floors,
)
from scraper.eval.gate import render, run_check
from scraper.eval.sample import read_ids, stratified_sample
from scraper.eval.settings import DATASET, FLOORS_FILE, IDS_FILE, PER_DATASET, SAMPLE_SEED

ROOT = Path(__file__).resolve().parents[2]
EVAL_SET = (ROOT / DATASET).resolve()
SOURCE_DATASETS = 6


def needs_eval_set(what: str) -> pytest.MarkDecorator:
    missing = not (EVAL_SET / "truth.jsonl").is_file()
    where = f"no evaluation set at {EVAL_SET} ({DATASET} from the checkout)"
    return pytest.mark.skipif(missing, reason=f"{what} not run: {where}")


def test_the_floors_are_pinned_for_the_committed_sample() -> None:
    ids = read_ids(ROOT / IDS_FILE)
    floors = read_floors(ROOT / FLOORS_FILE)
    assert len(ids) == floors.pages == SOURCE_DATASETS * PER_DATASET
    datasets = {page_id.split("/")[0] for page_id in ids}
    assert len(datasets) == SOURCE_DATASETS
    gated = {(dataset, metric) for _, dataset, metric in floors.values}
    assert gated >= {(dataset, metric) for dataset in datasets for metric in METRICS}
    assert {kind for kind, _, _ in floors.values} == set(KINDS)


@needs_eval_set("sample check")
def test_the_sample_is_drawn_again_by_its_command() -> None:
    """The ids file is what `scraper gate sample` (its header says how) draws from the set."""
    drawn = stratified_sample(load_truth(EVAL_SET), PER_DATASET, SAMPLE_SEED)
    assert read_ids(ROOT / IDS_FILE) == drawn


@pytest.mark.gate
@needs_eval_set("accuracy gate")
def test_accuracy_gate() -> None:
    checks, measured = run_check(EVAL_SET, ROOT / IDS_FILE, ROOT / FLOORS_FILE)
    if not all(item.passed for item in checks):
        pytest.fail(
            "accuracy below the pinned floors (a regression, or an intended trade-off: then"
            " `scraper gate update --lower REASON` and the printed lines in the commit message)\n"
            + render(checks, measured),
            pytrace=False,
        )


def _git(repo: Path, *args: str) -> str:
    command = ["git", "-C", str(repo), "-c", "core.quotepath=off", *args]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def _floors_at(repo: Path, commit: str, path: str) -> str | None:
    try:
        return _git(repo, "show", f"{commit}:{path}")
    except subprocess.CalledProcessError:  # no such file then, or no such commit (shallow)
        return None


def undeclared_lowerings(repo: Path, path: str) -> list[str]:
    """Each commit that lowered a floor in `path` without the line that says so."""
    problems = []
    for commit in _git(repo, "log", "--no-merges", "--format=%H", "--", path).split():
        after = _floors_at(repo, commit, path)
        before = _floors_at(repo, f"{commit}^", path)
        try:
            old = parse_floors(before) if before is not None else None
            new = parse_floors(after) if after is not None else None
        except ConfigError:
            continue  # not a floors file then: nothing was pinned to lower
        message = _git(repo, "log", "-1", "--format=%B", commit)
        for change in lowered(diff(old, new)):
            if lowered_line(change) not in message:
                problems.append(f"{commit[:10]} lacks the line: {lowered_line(change)}")
    return problems


def _in_git_checkout() -> bool:
    if shutil.which("git") is None:
        return False
    try:
        return _git(ROOT, "rev-parse", "--show-toplevel").strip() == str(ROOT)
    except subprocess.CalledProcessError:
        return False


@pytest.mark.skipif(not _in_git_checkout(), reason="floor history not checked: not a git checkout")
def test_every_lowered_floor_is_declared_in_its_commit_message() -> None:
    assert undeclared_lowerings(ROOT, FLOORS_FILE.as_posix()) == []


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_the_history_check_catches_an_undeclared_lowering(tmp_path: Path) -> None:
    """On a repo made here: the check is not a walk that sees nothing."""
    floors = tmp_path / "floors.toml"
    pinned = '[sample]\npages = 2\nsha256 = "x"\n[full_text.ALL]\nf1 = {}\nprecision = 0.9\n'
    _git(tmp_path, "init", "-q")
    identity = ("-c", "user.name=gate", "-c", "user.email=gate@localhost")

    def commit(f1: str, message: str) -> None:
        floors.write_text(pinned.format(f1))
        _git(tmp_path, "add", "floors.toml")
        _git(tmp_path, *identity, "commit", "-q", "-m", message)

    commit("0.910", "Pin the floors")
    commit("0.915", "Raise a floor")
    assert undeclared_lowerings(tmp_path, "floors.toml") == []
    commit("0.905", "A trade-off\n\nFloor lowered: full_text.ALL.f1 0.915 -> 0.905 because x")
    assert undeclared_lowerings(tmp_path, "floors.toml") == []
    commit("0.900", "Quietly lower a floor")
    assert [line.split(" ", 1)[1] for line in undeclared_lowerings(tmp_path, "floors.toml")] == [
        "lacks the line: Floor lowered: full_text.ALL.f1 0.905 -> 0.900"
    ]
