"""`scraper gate sample | update | check` end to end on a tiny evaluation set: the sample is
drawn, floors are pinned, a floor above its figure fails the check, and lowering it is refused
until asked for with a reason, which comes out as the line for the commit message."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from scraper.cli import cli
from scraper.eval.floors import Floors, read_floors, render_floors
from scraper.eval.sample import read_ids, write_ids
from tests.support.eval_set import EvalPage, eval_page, full_text, write_eval_set

PARAGRAPHS = [
    "The river authority opened the new flood barrier on Monday after four years of work, and"
    " engineers said it would protect about two thousand homes in the lower town.",
    "Residents who had been flooded twice in the last decade watched the gates close for the"
    " first test, and several said they would finally be able to buy insurance again.",
    "The barrier cost more than planned because the ground under the old mill was softer than"
    " the surveys had shown, which forced the builders to drive deeper piles.",
]
CHROME = "<ul><li><a href='/'>Home</a></li><li><a href='/news'>News</a></li></ul>"


def _story(n: int) -> str:
    paragraphs = PARAGRAPHS[n % 3 :] + PARAGRAPHS[: n % 3]
    return "\n".join(paragraphs)


def _pages() -> list[EvalPage]:
    pages = []
    for dataset in ("alpha", "beta"):
        for n in range(3):
            story = _story(n)
            html = CHROME + "".join(f"<p>{p}</p>" for p in story.split("\n"))
            pages.append(eval_page(f"{dataset}/page-{n}", html, **full_text(story)))
    for n in range(3):
        html = CHROME + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
        snippets = {"with_snippets": [PARAGRAPHS[n][:40]], "without_snippets": ["News"]}
        pages.append(eval_page(f"gamma/page-{n}", html, truth_kind="snippets", **snippets))
    return pages


@pytest.fixture(scope="module")
def gate_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], Path, Path]:
    root = tmp_path_factory.mktemp("gate")
    dataset = write_eval_set(root / "set", _pages())
    paths = ["--dataset", str(dataset), "--ids", str(root / "pages.txt")]
    return paths, root / "pages.txt", root / "floors.toml"


def gate(*args: str) -> Result:
    return CliRunner().invoke(cli, ["gate", *args])


def test_sample_update_check_and_a_lowered_floor(gate_files: tuple[list[str], Path, Path]) -> None:
    paths, ids, floors_path = gate_files
    drawn = gate("sample", *paths[:2], "--ids", str(ids), "--per-dataset", "2")
    assert drawn.exit_code == 0, drawn.output
    assert len(read_ids(ids)) == 6 and "--per-dataset 2 --seed 0" in ids.read_text()

    floors = ["--floors", str(floors_path), "--jobs", "1"]
    pinned = gate("update", *paths, *floors)
    assert pinned.exit_code == 0, pinned.output
    assert "Floor added: full_text.ALL.f1 " in pinned.output
    first = read_floors(floors_path)
    assert len(first.values) == 4 * 2  # ALL, alpha, beta, gamma; f1 and precision
    passed = gate("check", *paths, *floors)
    assert passed.exit_code == 0, passed.output
    assert "All 8 figures at or above their floors." in passed.output

    key = ("full_text", "alpha", "f1")
    raised = Floors(first.digest, first.pages, {**first.values, key: 1.5})
    floors_path.write_text(render_floors(raised, {}))
    failed = gate("check", *paths, *floors)
    assert failed.exit_code == 1
    row = r"full_text\.alpha\.f1 +[\d.]+ ± [\d.]+ +1\.500 +-[\d.]+ +BELOW"
    assert re.search(row, failed.output), failed.output

    refused = gate("update", *paths, *floors)
    assert refused.exit_code == 1
    line = f"Floor lowered: full_text.alpha.f1 1.500 -> {first.values[key]:.3f}"
    assert line in refused.output and "nothing written" in refused.output
    assert read_floors(floors_path) == raised

    lowered = gate("update", *paths, *floors, "--lower", "a test of the flag")
    assert lowered.exit_code == 0, lowered.output
    assert f"{line} because a test of the flag" in lowered.output
    assert read_floors(floors_path) == first


def test_eval_scores_the_pages_of_an_ids_file(
    gate_files: tuple[list[str], Path, Path], tmp_path: Path
) -> None:
    paths, _, _ = gate_files
    ids = tmp_path / "some.txt"
    write_ids(ids, ["beta/page-2", "alpha/page-0", "gamma/page-1"], header=["by hand"])
    summary = tmp_path / "eval.json"
    result = CliRunner().invoke(cli, ["eval", paths[1], "--ids", str(ids), "--json", str(summary)])
    assert result.exit_code == 0, result.output
    document = json.loads(summary.read_text())
    assert document["pages"] == 3 and document["ids"] == str(ids)
    scores = document["results"]["scraper"]
    assert set(scores["full_text"]) == {"ALL", "alpha", "beta"}
    assert set(scores["snippets"]) == {"gamma"}
    only_alpha = CliRunner().invoke(cli, ["eval", paths[1], "--ids", str(ids), "--dataset-name",
                                          "alpha", "--json", str(summary)])  # fmt: skip
    assert only_alpha.exit_code == 0 and json.loads(summary.read_text())["pages"] == 1
    ids.write_text("alpha/page-0\nalpha/page-9\n")
    missing = CliRunner().invoke(cli, ["eval", paths[1], "--ids", str(ids)])
    assert missing.exit_code == 2 and "not in the evaluation set: alpha/page-9" in missing.output
