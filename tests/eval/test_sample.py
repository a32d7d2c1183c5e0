"""The gate's sample: stratified, reproducible from the seed alone, kept as ids in a file."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from scraper.errors import InputError
from scraper.eval.sample import read_ids, select_ids, stratified_sample, write_ids


def _truth(sizes: dict[str, int]) -> dict[str, dict[str, Any]]:
    return {
        f"{dataset}/page-{n}": {"id": f"{dataset}/page-{n}", "source_dataset": dataset}
        for dataset, size in sizes.items()
        for n in range(size)
    }


SIZES = {"big": 400, "middle": 90, "small": 12}


def test_every_dataset_gives_the_same_number_of_pages_or_all_it_has() -> None:
    chosen = stratified_sample(_truth(SIZES), per_dataset=20, seed=0)
    assert Counter(page_id.split("/")[0] for page_id in chosen) == {
        "big": 20,
        "middle": 20,
        "small": 12,
    }
    assert chosen == sorted(set(chosen))


def test_the_seed_alone_decides_which_pages() -> None:
    truth = _truth(SIZES)
    first = stratified_sample(truth, per_dataset=20, seed=3)
    assert stratified_sample(dict(reversed(truth.items())), per_dataset=20, seed=3) == first
    assert stratified_sample(truth, per_dataset=20, seed=4) != first


def test_a_page_added_to_a_dataset_displaces_at_most_one() -> None:
    truth = _truth(SIZES)
    before = set(stratified_sample(truth, per_dataset=20, seed=0))
    truth["big/new-page"] = {"id": "big/new-page", "source_dataset": "big"}
    after = set(stratified_sample(truth, per_dataset=20, seed=0))
    assert len(before - after) <= 1 and len(after - before) <= 1


def test_ids_file_round_trip_skips_comments(tmp_path: Path) -> None:
    path = tmp_path / "pages.txt"
    write_ids(path, ["b/2", "a/1"], header=["drawn by a command", ""])
    assert path.read_text().startswith("# drawn by a command\n#\n")
    assert read_ids(path) == ["b/2", "a/1"]


@pytest.mark.parametrize(
    ("text", "message"),
    [("# only a comment\n\n", "no page ids"), ("a/1\nb/2\na/1\n", "ids given twice: a/1")],
)
def test_bad_ids_files_are_refused(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "pages.txt"
    path.write_text(text)
    with pytest.raises(InputError, match=message):
        read_ids(path)
    with pytest.raises(InputError, match="cannot read"):
        read_ids(tmp_path / "nowhere.txt")


def test_selection_keeps_truth_order_and_leaves_out_datasets_not_loaded() -> None:
    truth = _truth({"middle": 5, "small": 5})
    chosen = select_ids(truth, ["small/page-1", "big/page-0", "middle/page-3", "middle/page-0"])
    assert list(chosen) == ["middle/page-0", "middle/page-3", "small/page-1"]


def test_an_id_of_a_loaded_dataset_with_no_page_is_an_error() -> None:
    with pytest.raises(InputError, match="not in the evaluation set: small/page-99"):
        select_ids(_truth({"small": 5}), ["small/page-1", "small/page-99"])
