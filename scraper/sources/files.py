"""Pages from files on disk: single files, folders and globs of `.txt`, `.html`, `.htm`
(optionally `.gz`), and `-` for standard input. Folders also list WARC/WET files, which
`scraper.sources.warc` reads, and files of other names whose content shows they are pages
(`scraper.sources.sniff`); the files a folder holds that are not pages are counted by reason.

Listing and reading are separate steps so that an unreadable file still becomes one error
record instead of stopping the listing. A saved raw response (see `scraper.sources.raw`) has a
JSON sidecar next to it, `<file name>.json`; when present it gives the page its URL, headers,
charset and fetch time back.
"""

from __future__ import annotations

import glob
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from scraper.config import DEFAULT_MAX_INPUT_BYTES
from scraper.errors import InputError, ScraperError
from scraper.records import Page
from scraper.sources.base import Failed, Item, Source
from scraper.sources.opening import read_capped
from scraper.sources.raw import read_sidecar
from scraper.sources.sniff import folder_skip_reason
from scraper.sources.warc_files import is_warc

SUFFIXES = (".txt", ".html", ".htm", ".xhtml", ".text", ".warc", ".wet", ".arc")
STDIN = "-"
"""The input name that means standard input (a file named `-` is `./-`)."""


def is_page_file(path: Path) -> bool:
    name = path.name.lower().removesuffix(".gz")
    return name.endswith(SUFFIXES)


def _in_folder(path: Path, folder: Path, skipped: Counter[str]) -> bool:
    """Whether a file found in a folder is an input: by its name, else by its content."""
    if path.is_dir():
        return False
    if is_page_file(path):
        return True
    reason = folder_skip_reason(path, folder)
    if reason is not None:
        skipped[reason] += 1
    return reason is None


def expand_inputs(
    patterns: Iterable[str], skipped: Counter[str] | None = None
) -> Iterator[Path]:
    """Files named directly (any name), pages in folders, glob matches; sorted, no repeats.

    Everything named or matched but folders is listed, dangling links, FIFOs and sockets
    included: reading them (`open_regular`) turns each into an error record, where skipping
    them here would leave an input without any record. Files in folders that are not pages
    are counted in `skipped` by reason."""
    seen: set[Path] = set()
    skipped = Counter() if skipped is None else skipped
    for pattern in patterns:
        path = Path(pattern)
        if pattern == STDIN:
            found = [path]
        elif path.is_dir():
            found = sorted(p for p in path.rglob("*") if _in_folder(p, path, skipped))
        elif any(ch in pattern for ch in "*?["):
            matches = glob.glob(pattern, recursive=True)
            found = sorted(Path(p) for p in matches if not Path(p).is_dir())
        else:
            found = [path]
        for item in found:
            if item not in seen:
                seen.add(item)
                yield item


def load_page(
    path: Path, max_bytes: int = DEFAULT_MAX_INPUT_BYTES, url: str | None = None
) -> Page:
    """The saved page at `path`; `url` (the page's address, e.g. from `--url`) wins over a
    raw-response sidecar's."""
    name = path.name.lower().removesuffix(".gz")
    hint = "html" if name.endswith((".html", ".htm", ".xhtml")) else None
    content = read_capped(path, max_bytes)
    meta = read_sidecar(path)
    if meta is None:
        return Page(content=content, origin=str(path), url=url, content_type=hint)
    return Page(
        content=content,
        origin=str(path),
        url=url or meta.final_url or meta.url,
        content_type=meta.kind or hint,
        encoding=meta.charset,
        headers=meta.headers,
        fetched_at=meta.fetched_at,
        status=meta.status,
    )


@dataclass(frozen=True, slots=True)
class FileSource(Source):
    """Saved pages named by paths, folders or globs (`-`: standard input): one item per
    page file found, one per page record of a WARC/WET file. `url` is the address of the
    one saved page named (`--url`); `skipped` counts the files of folders that are not pages,
    by reason, as the listing goes."""

    patterns: tuple[str, ...]
    max_bytes: int = DEFAULT_MAX_INPUT_BYTES
    url: str | None = None
    skipped: Counter[str] = field(default_factory=Counter)

    def pages(self) -> Iterator[Item]:
        from scraper.sources.stdin import URL_NOT_FOR_ARCHIVES, stdin_items

        for path in expand_inputs(self.patterns, self.skipped):
            if str(path) == STDIN:
                yield from stdin_items(self.max_bytes, self.url)
            elif is_warc(path):
                if self.url is not None:
                    yield Failed(str(path), None, InputError(URL_NOT_FOR_ARCHIVES))
                    continue
                from scraper.sources.warc import WarcSource  # warcio: only for an archive

                yield from WarcSource((path,), self.max_bytes).pages()
            else:
                try:
                    yield load_page(path, self.max_bytes, self.url)
                except ScraperError as exc:
                    yield Failed(origin=str(path), url=self.url, error=exc)
