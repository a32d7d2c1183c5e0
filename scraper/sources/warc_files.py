"""Which files are WARC/WET/ARC archives, told without warcio.

Kept apart from `warc.py` because importing warcio costs a plain-text `scraper clean` a
tenth of its start-up: a saved page is checked here and only an archive loads the reader.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from scraper.errors import InputError
from scraper.sources.opening import read_head

WARC_SUFFIXES = (".warc", ".warc.gz", ".wet", ".wet.gz", ".arc", ".arc.gz")
SIGNATURES = (b"WARC/", b"filedesc://")
"""How a WARC record and an ARC file start."""
SIGNATURE_BYTES = 512


def is_warc(path: Path) -> bool:
    """A WARC/WET/ARC file by its name, or else by how it starts (a saved crawl renamed, or
    without an extension); a file that cannot be read is left to the page reader to report."""
    if path.name.lower().endswith(WARC_SUFFIXES):
        return True
    try:
        return read_head(path, SIGNATURE_BYTES).lstrip().startswith(SIGNATURES)
    except InputError:
        return False


def warc_paths(paths: Iterable[Path]) -> tuple[Path, ...]:
    return tuple(p for p in paths if is_warc(p))
