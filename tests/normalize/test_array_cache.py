"""The language model's arrays kept in the user's cache (`scraper.normalize.array_cache`):
the first process unpacks and stores them, a later one maps them and answers alike, and a
cache that cannot be written or is damaged only costs the unpacking."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from scraper.normalize.array_cache import cache_folder, read_arrays, write_arrays

PROBE = """
import json, sys
from scraper.normalize import language
identifier = language.load_identifier()
samples = ["The council approved the budget on Tuesday evening.",
           "Der Gemeinderat hat am Dienstag den neuen Haushalt beschlossen.",
           "Le conseil municipal a adopté mardi le nouveau budget de la ville."]
print(json.dumps({"answers": [identifier.classify(s) for s in samples]}))
"""


def answers(cache: Path) -> list[list[object]]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120, check=True,
        env={**os.environ, "XDG_CACHE_HOME": str(cache)},
    )
    result: list[list[object]] = json.loads(done.stdout)["answers"]
    return result


def cached_models(cache: Path) -> list[Path]:
    return [p for p in (cache / "scraper").glob("py3langid-*") if p.is_dir()]


def test_a_later_process_maps_what_the_first_stored(tmp_path: Path) -> None:
    first = answers(tmp_path)
    [folder] = cached_models(tmp_path)
    assert {p.name for p in folder.iterdir()} >= {"ptc.npy", "nextmove.npy", "classes.npy"}
    assert not list((tmp_path / "scraper").glob("*.partial-*"))
    stamp = (folder / "ptc.npy").stat().st_mtime_ns
    assert answers(tmp_path) == first
    assert (folder / "ptc.npy").stat().st_mtime_ns == stamp  # read, not written again
    assert [a[0] for a in first] == ["en", "de", "fr"]


def test_a_damaged_cache_is_unpacked_again(tmp_path: Path) -> None:
    first = answers(tmp_path)
    [folder] = cached_models(tmp_path)
    (folder / "ptc.npy").write_bytes(b"not an array")
    (folder / "nextmove.npy").unlink()
    assert answers(tmp_path) == first
    assert read_arrays(folder, ["ptc", "nextmove"]) is not None  # and stored whole again


def test_a_cache_that_cannot_be_written_is_skipped(tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    assert [a[0] for a in answers(blocked)] == ["en", "de", "fr"]


def test_arrays_round_trip_and_a_missing_one_is_no_cache(tmp_path: Path) -> None:
    folder = tmp_path / "model"
    write_arrays(folder, {"a": np.arange(5, dtype=np.uint32), "b": np.ones(3)})
    read = read_arrays(folder, ["a", "b"])
    assert read is not None and read["a"].tolist() == [0, 1, 2, 3, 4]
    assert read_arrays(folder, ["a", "c"]) is None
    write_arrays(folder, {"a": np.zeros(2)})  # replaces the folder whole
    again = read_arrays(folder, ["a"])
    assert again is not None and again["a"].tolist() == [0, 0]
    assert read_arrays(folder, ["b"]) is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model"]  # no partial, no stale


def test_the_cache_follows_xdg_cache_home(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_folder("x") == tmp_path / "scraper" / "x"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_folder("x") == tmp_path / "home" / ".cache" / "scraper" / "x"
