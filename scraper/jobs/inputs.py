"""The inputs a job names in `[[sources]]`: each type reads its own keys from the job file.

Two kinds. *Page* inputs (files, warc) are read where the job runs and yield items (a
`Page` or a `Failed`); *link* inputs (urls, sitemap, feed) yield URLs, which the executor
fetches (in threads on the client, or on Dask workers partitioned by host).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from scraper.errors import ConfigError, InputError
from scraper.jobs.tomltable import Table, resolve
from scraper.sources.base import Failed, Item
from scraper.sources.discover import Discovery
from scraper.sources.files import FileSource, expand_inputs
from scraper.sources.urls import UrlFilter, read_url_list
from scraper.sources.warc import WarcSource
from scraper.sources.warc_files import warc_paths


class JobInput(ABC):
    """A `[[sources]]` table's type. Plugins subclass `PageInput` or `LinkInput`: the
    runner reads page inputs itself and hands link inputs to the fetcher."""

    __slots__ = ()

    @classmethod
    @abstractmethod
    def from_table(cls, table: Table, max_bytes: int) -> JobInput:
        """Read this type's keys from its table (`max_bytes`: the cleaner's input cap)."""

    @abstractmethod
    def count(self) -> int | None:
        """How many inputs, when that is known without reading them (for the ETA)."""


class PageInput(JobInput):
    """Inputs read where the job runs: one item (a `Page` or a `Failed`) per input."""

    __slots__ = ()

    @abstractmethod
    def items(self) -> Iterator[Item]: ...

    def not_pages(self) -> Counter[str]:
        """Files the inputs' folders hold that are not pages, by reason, counted as `items`
        went (none for most types)."""
        return Counter()


class LinkInput(JobInput):
    """Inputs that name URLs to fetch (or a `Failed` for a list that cannot be read)."""

    __slots__ = ()
    url_filter: UrlFilter

    @abstractmethod
    def links(self, discovery: Discovery) -> Iterator[str | Failed]: ...


def _patterns(table: Table) -> tuple[str, ...]:
    patterns = table.texts("paths")
    if not patterns:
        table.fail("paths", "must name at least one file, folder or glob")
    return tuple(str(resolve(table.file, pattern)) for pattern in patterns)


@dataclass(frozen=True, slots=True)
class FilesInput(PageInput):
    """Saved pages: files, folders and globs (WARC/WET files in them are read too)."""

    paths: tuple[str, ...]
    max_bytes: int
    skipped: Counter[str] = field(default_factory=Counter, compare=False)

    @classmethod
    def from_table(cls, table: Table, max_bytes: int) -> FilesInput:
        return cls(_patterns(table), max_bytes)

    def items(self) -> Iterator[Item]:
        self.skipped.clear()  # counts of this run only, should the input be run again
        return FileSource(self.paths, self.max_bytes, skipped=self.skipped).pages()

    def not_pages(self) -> Counter[str]:
        return self.skipped

    def count(self) -> int | None:
        """How many items, when that is known without reading WARC files."""
        paths = list(expand_inputs(self.paths))
        return None if warc_paths(paths) else len(paths)


@dataclass(frozen=True, slots=True)
class WarcInput(PageInput):
    """WARC and WET files (or folders of them), read as a stream: one item per page record."""

    paths: tuple[str, ...]
    max_bytes: int

    @classmethod
    def from_table(cls, table: Table, max_bytes: int) -> WarcInput:
        return cls(_patterns(table), max_bytes)

    def items(self) -> Iterator[Item]:
        found = list(expand_inputs(self.paths))
        warcs = warc_paths(found)
        for path in found:
            if path not in warcs:
                error = ConfigError(f"{path}: not a WARC/WET file (.warc, .warc.gz, .wet, …)")
                yield Failed(str(path), None, error)
        yield from WarcSource(warcs, self.max_bytes).pages()

    def count(self) -> int | None:
        return None


def _url_filter(table: Table) -> UrlFilter:
    hosts = tuple(h.lower() for h in table.texts("hosts", ()))
    return UrlFilter(hosts, table.texts("path_globs", ()))


@dataclass(frozen=True, slots=True)
class UrlsInput(LinkInput):
    """URLs listed in the job file (`urls`) and/or in a file, one a line (`urls_file`)."""

    urls: tuple[str, ...] = ()
    urls_file: Path | None = None
    url_filter: UrlFilter = field(default_factory=UrlFilter)

    @classmethod
    def from_table(cls, table: Table, max_bytes: int) -> UrlsInput:
        urls, urls_file = table.texts("urls", ()), table.path("urls_file", None)
        if not urls and urls_file is None:
            table.fail("urls", "give `urls`, `urls_file` or both")
        if urls_file is not None and not urls_file.is_file():
            table.fail("urls_file", f"{urls_file}: no such file")
        return cls(urls, urls_file, _url_filter(table))

    def links(self, discovery: Discovery) -> Iterator[str | Failed]:
        yield from self.urls
        if self.urls_file is None:
            return
        try:
            yield from read_url_list(self.urls_file)
        except (OSError, UnicodeDecodeError) as exc:
            message = f"{self.urls_file}: cannot read the URL list: {exc}"
            yield Failed(str(self.urls_file), None, InputError(message))

    def count(self) -> int | None:
        return None if self.urls_file else len(self.urls)


@dataclass(frozen=True, slots=True)
class SitemapInput(LinkInput):
    """Sitemaps and sitemap indexes, expanded into the page URLs they list."""

    urls: tuple[str, ...] = ()
    url_filter: UrlFilter = field(default_factory=UrlFilter)

    @classmethod
    def from_table(cls, table: Table, max_bytes: int) -> SitemapInput:
        return cls(table.texts("urls"), _url_filter(table))

    def links(self, discovery: Discovery) -> Iterator[str | Failed]:
        for url in self.urls:
            yield from discovery.sitemap(url)

    def count(self) -> int | None:
        return None


@dataclass(frozen=True, slots=True)
class FeedInput(LinkInput):
    """RSS and Atom feeds, expanded into the item links they list."""

    urls: tuple[str, ...] = ()
    url_filter: UrlFilter = field(default_factory=UrlFilter)

    @classmethod
    def from_table(cls, table: Table, max_bytes: int) -> FeedInput:
        return cls(table.texts("urls"), _url_filter(table))

    def links(self, discovery: Discovery) -> Iterator[str | Failed]:
        for url in self.urls:
            yield from discovery.feed(url)

    def count(self) -> int | None:
        return None
