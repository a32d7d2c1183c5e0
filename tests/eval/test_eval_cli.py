"""`scraper eval` end to end, as a subprocess, on a tiny evaluation set written in the
main-content-eval format, whose scores can be worked out by hand.

The `html-text` extractor (all visible text) is what makes them predictable: on a page whose
body is exactly the truth it is a perfect extractor, and on a page with no visible text its
output is empty.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from scraper.cli import cli
from scraper.eval.baselines import BASELINES
from tests.support.eval_set import eval_page, full_text, write_eval_set

STORY = (
    "The city council approved the new budget on Tuesday evening after a debate that lasted"
    " almost six hours, with several members asking for more money for schools and roads.\n"
    "The mayor said that the plan would keep taxes at the same level for another year, and"
    " that the council would review the spending again in the spring when the figures are in."
)
BRIEF = (
    "Heavy rain is expected across the north of the country later this week, and the weather"
    " service has warned that rivers in the valleys could rise above their banks by Friday."
)


PAGES = [
    eval_page(
        "alpha/perfect", "".join(f"<p>{p}</p>" for p in STORY.split("\n")), **full_text(STORY)
    ),
    eval_page("alpha/empty-output", "<script>var x = 1;</script>", **full_text(BRIEF)),
    eval_page("alpha/no-content", "<script>var y = 2;</script>", **full_text("")),
    eval_page("beta/perfect", f"<p>{BRIEF}</p>", **full_text(BRIEF)),
    eval_page(
        "gamma/snippets",
        f"<p>{STORY}</p><div>Subscribe now</div>",
        truth_kind="snippets",
        article_body=None,
        with_snippets=["approved the new  budget on Tuesday", "not on the page"],
        without_snippets=["Subscribe now", "Cookie settings"],
    ),
]


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_eval_set(tmp_path_factory.mktemp("eval-set"), PAGES)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "scraper", "eval", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def test_scores_match_the_benchmark_rules(dataset: Path, tmp_path: Path) -> None:
    summary_path, per_page_path = tmp_path / "eval.json", tmp_path / "pages.jsonl"
    result = run(
        str(dataset),
        "--extractors",
        "html-text",
        "--json",
        str(summary_path),
        "--per-page",
        str(per_page_path),
        "--bootstrap",
        "50",
    )
    assert result.returncode == 0, result.stderr
    scores = json.loads(summary_path.read_text())["results"]["html-text"]
    beta = scores["full_text"]["beta"]
    assert (beta["f1"], beta["precision"], beta["recall"], beta["accuracy"]) == (1.0, 1.0, 1.0, 1.0)
    # alpha: perfect (P 1, R 1), empty output (P undefined, R 0), empty truth and empty
    # output (in neither mean, but an exact match)
    alpha = scores["full_text"]["alpha"]
    assert (alpha["precision"], alpha["recall"], alpha["pages"]) == (1.0, 0.5, 3)
    assert alpha["f1"] == pytest.approx(2 / 3, abs=1e-4)
    assert alpha["accuracy"] == pytest.approx(2 / 3, abs=1e-4)
    overall = scores["full_text"]["ALL"]
    assert (overall["pages"], overall["precision"]) == (4, 1.0)
    assert overall["recall"] == pytest.approx(2 / 3, abs=1e-4)
    assert overall["f1"] == pytest.approx(0.8, abs=1e-4)
    # the snippet page is scored on its own: 1 of 2 wanted found, 1 of 2 unwanted found
    gamma = scores["snippets"]["gamma"]
    assert (gamma["precision"], gamma["recall"], gamma["accuracy"]) == (0.5, 0.5, 0.5)
    assert (gamma["pages"], gamma["snippets"]) == (1, 4)
    assert "gamma" not in scores["full_text"]
    rows = [json.loads(line) for line in per_page_path.read_text().splitlines()]
    assert [r["id"] for r in rows] == sorted(p["id"] for p, _ in PAGES)
    empty = next(r for r in rows if r["id"] == "alpha/empty-output")
    assert (empty["precision"], empty["recall"], empty["f1"]) == (None, 0.0, 0.0)
    assert "alpha (3 pages)" in result.stdout and "gamma (1 pages, 4 snippets)" in result.stdout


def test_baselines_run_side_by_side_per_source_dataset(dataset: Path, tmp_path: Path) -> None:
    summary_path = tmp_path / "eval.json"
    args = ["--baselines", "--dataset-name", "alpha", "--dataset-name", "gamma", "--jobs", "2"]
    result = run(str(dataset), *args, "--json", str(summary_path), "--bootstrap", "20")
    assert result.returncode == 0, result.stderr
    document = json.loads(summary_path.read_text())
    assert list(document["results"]) == ["scraper", *BASELINES]
    for name, scores in document["results"].items():
        assert list(scores["full_text"]) == ["ALL", "alpha"], name
        assert list(scores["snippets"]) == ["gamma"], name
        assert scores["pages"] == 4 and scores["docs_per_s"] > 0
        assert sum(scores["failures"].values()) == 0
        assert f"\n  {name} " in result.stdout
    for name in ("scraper", "trafilatura", "readability-lxml"):
        assert document["results"][name]["full_text"]["alpha"]["recall"] > 0


def test_the_learned_and_the_hand_set_core_are_extractors_of_their_own(
    dataset: Path, tmp_path: Path
) -> None:
    """Whatever the default core is, both can be scored side by side."""
    summary_path = tmp_path / "eval.json"
    names = "scraper-learned,scraper-hand"
    args = ["--extractors", names, "--dataset-name", "alpha", "--bootstrap", "0"]
    result = run(str(dataset), *args, "--json", str(summary_path))
    assert result.returncode == 0, result.stderr
    results = json.loads(summary_path.read_text())["results"]
    assert list(results) == names.split(",")
    for scores in results.values():
        assert scores["full_text"]["alpha"]["recall"] == pytest.approx(0.5, abs=1e-4)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["{missing}"], "no such dataset folder"),
        (["{dataset}", "--dataset-name", "delta"], "unknown source dataset delta"),
        (["{dataset}", "--extractors", "scraper,nonesuch"], "unknown extractor nonesuch"),
        (["{empty}"], "not an evaluation set"),
    ],
)
def test_usage_errors_exit_2_with_a_message(
    dataset: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    paths = {"missing": tmp_path / "nowhere", "dataset": dataset, "empty": tmp_path}
    result = CliRunner().invoke(cli, ["eval", *(a.format(**paths) for a in args)])
    assert result.exit_code == 2
    assert message in result.output
    assert isinstance(result.exception, SystemExit)  # click's usage exit, not a crash
