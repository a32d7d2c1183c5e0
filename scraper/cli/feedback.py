"""What `scraper clean` and `scraper fetch` tell the user on stderr while and after they work.

Three levels. `-q`: one line per error record, nothing else. Default: a progress bar (rate,
and ETA when the number of inputs is known) when stderr is a terminal, then the summary.
`-v`: the bar, one line per error record, and the summary. The summary says what came out
(outcomes, removals by rule), how long it took and how fast, how many bytes were read, the
HTTP statuses of a fetch, what was skipped and why, and where the records went.

Records go to stdout or `-o FILE`; nothing here writes there.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

import click

from scraper.errors import HTTPStatus
from scraper.jobs.interrupts import Stopped
from scraper.jobs.progress import Progress
from scraper.jobs.stats import RunStats
from scraper.records import Article, Page
from scraper.sources.base import Item

QUIET, NORMAL, VERBOSE = -1, 0, 1
MESSAGE_CHARS = 300
"""Error lines are cut here: one line per record, however long its message."""


def error_line(article: Article) -> str | None:
    """`error <kind>: <input>[#offset]: <message>` for an error record, else None."""
    if article.error is None:
        return None
    where = article.input or article.url or article.id
    if article.input_offset is not None:
        where = f"{where}#{article.input_offset}"
    message = " ".join(article.error.message.split())
    if len(message) > MESSAGE_CHARS:
        message = message[: MESSAGE_CHARS - 1] + "…"
    return f"error {article.error.kind}: {where}: {message}"


def size_text(count: int) -> str:
    """`812 bytes`, `3.4 KB`, `12.0 MB` (decimal units)."""
    if count < 1000:
        return f"{count:,} bytes"
    if count < 1_000_000:
        return f"{count / 1000:.1f} KB"
    return f"{count / 1_000_000:,.1f} MB"


@dataclass(slots=True)
class Feedback:
    """The stderr side of one command, used as a context (the bar's life): give it the items
    as they are read (`watch`) and the records as they are written (`record`), then ask for
    the `summary`."""

    level: int = NORMAL
    progress: bool = False
    total: int | None = None
    skipped: Counter[str] = field(default_factory=Counter)
    statuses: Counter[int] = field(default_factory=Counter)
    bytes_read: int = 0
    started: float = field(default_factory=time.monotonic)
    _bar: Progress | None = None

    def __enter__(self) -> Feedback:
        self._bar = Progress(self.progress and self.level > QUIET, self.total, job=False)
        self._bar.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None

    def watch(self, items: Iterable[Item]) -> Iterator[Item]:
        """The items, counted on their way to the cleaner: bytes read, HTTP statuses."""
        for item in items:
            if isinstance(item, Page):
                self.bytes_read += len(item.content)
                if item.status is not None:
                    self.statuses[item.status] += 1
            elif isinstance(item.error, HTTPStatus) and item.error.status is not None:
                self.statuses[item.error.status] += 1
            yield item

    def record(self, article: Article, stats: RunStats) -> None:
        """Move the bar; under `-v` and `-q`, print an error record's line above it."""
        line = error_line(article) if self.level != NORMAL else None
        if self._bar is not None:
            self._bar.update(stats, Counter())
        if line is not None:
            if self._bar is not None:
                self._bar.write(line)
            else:
                click.echo(line, err=True)

    def summary(self, stats: RunStats, output: Path | None, extra: Iterable[str] = ()) -> None:
        """The end summary (not under `-q`)."""
        if self.level == QUIET:
            return
        elapsed = time.monotonic() - self.started
        rate = stats.seen / elapsed if elapsed > 0 else 0.0
        stats.not_pages.update(self.skipped)
        lines = stats.lines()
        lines.append(
            f"took {elapsed:.1f} s, {rate:.1f} pages/s; read {size_text(self.bytes_read)}"
        )
        if self.statuses:
            codes = ", ".join(f"{code} {n}" for code, n in sorted(self.statuses.items()))
            lines.append(f"HTTP status: {codes}")
        lines.extend(extra)
        lines.append(f"records written to {output if output else 'stdout'}")
        for line in lines:
            click.echo(line, err=True)

    def stopped(self, exc: Stopped, output: Path | None) -> NoReturn:
        """End a command a signal stopped: the summary so far, then exit 128 + the signal."""
        self.__exit__()
        if exc.stats is not None:
            self.summary(exc.stats, output)
        click.echo(f"stopped by {exc}", err=True)
        sys.exit(exc.exit_code)


def feedback_for(
    quiet: bool, verbose: bool, progress: bool | None, total: int | None = None
) -> Feedback:
    """The feedback the flags ask for; the bar by default only when stderr is a terminal."""
    if quiet and verbose:
        raise click.UsageError("-q and -v exclude each other")
    level = QUIET if quiet else VERBOSE if verbose else NORMAL
    shown = sys.stderr.isatty() if progress is None else progress
    return Feedback(level=level, progress=shown, total=total)
