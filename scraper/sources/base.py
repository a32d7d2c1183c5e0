"""What every source yields: a `Page`, or a `Failed` record saying why an input gave none.

Sources never raise for one bad input. Each input (a URL, a file, a WARC record) yields
exactly one item, so a run's output can always be matched against its input list.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from scraper.errors import ScraperError
from scraper.records import Article, Page, error_article


@dataclass(frozen=True, slots=True)
class Failed:
    """An input that produced no page: where it came from and the error that stopped it."""

    origin: str
    url: str | None
    error: ScraperError
    offset: int | None = None

    @property
    def kind(self) -> str:
        return self.error.kind

    @property
    def message(self) -> str:
        return str(self.error) or self.error.kind

    def to_article(self) -> Article:
        """The error record: same id a page from this input would get, with `url` set."""
        page = Page(content=b"", origin=self.origin, url=self.url, offset=self.offset)
        return error_article(page, self.kind, self.message)


Item = Page | Failed


class Source(Protocol):
    """Anything that turns its inputs into pages, one item per input, lazily: `FileSource`,
    `WarcSource`, `HttpSource` (and whatever a plugin brings)."""

    __slots__ = ()

    def pages(self) -> Iterator[Item]: ...
