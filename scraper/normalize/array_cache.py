"""Arrays unpacked once and kept in the user's cache folder, memory-mapped when read again.

py3langid's model is 4.6 MB of LZMA that unpacks to 68 MB of arrays: unpacking costs about
0.35 s of CPU in every process at its first page (a `scraper clean` of one small file spent a
third of its time there), while mapping the unpacked arrays costs 0.03 s, and every process
on the machine shares their pages. The cache is a convenience, never a requirement: a folder
that cannot be written (a full disk, `ulimit -f`, no home) or read is skipped, and the caller
unpacks in memory as before. A folder is written under a temporary name and renamed into
place whole, so a reader never sees half of one.

The cache lives in `$XDG_CACHE_HOME/scraper/`, else `~/.cache/scraper/` (beside `scraper
fetch`'s HTTP cache; about 68 MB per py3langid version); deleting it is always safe.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np
import numpy.typing as npt

Arrays = dict[str, npt.NDArray[np.generic]]


def cache_folder(name: str) -> Path | None:
    """The folder `name` in the user's cache (None when there is no home to put it in)."""
    base = os.environ.get("XDG_CACHE_HOME")
    try:
        root = Path(base) if base else Path.home() / ".cache"
    except RuntimeError:  # no HOME and no password entry
        return None
    return root / "scraper" / name


def read_arrays(folder: Path, names: Iterable[str]) -> Arrays | None:
    """The named arrays of a complete cached folder, memory-mapped read-only; None when the
    folder or any array is missing or unreadable."""
    try:
        return {
            name: np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False)
            for name in names
        }
    except (OSError, ValueError):
        return None


def write_arrays(folder: Path, arrays: Mapping[str, npt.NDArray[np.generic]]) -> None:
    """Store the arrays as `folder` (replacing one that `read_arrays` could not read), or
    leave things as they were if that fails."""
    partial = folder.with_name(f"{folder.name}.partial-{os.getpid()}")
    stale = folder.with_name(f"{folder.name}.stale-{os.getpid()}")
    try:
        partial.mkdir(parents=True, exist_ok=True)
        for name, values in arrays.items():
            np.save(partial / f"{name}.npy", values, allow_pickle=False)
        if folder.exists():  # processes that mapped its files keep them until they exit
            os.replace(folder, stale)
        os.replace(partial, folder)
    except OSError:  # also when another process put the folder in place first
        pass
    shutil.rmtree(partial, ignore_errors=True)
    shutil.rmtree(stale, ignore_errors=True)
