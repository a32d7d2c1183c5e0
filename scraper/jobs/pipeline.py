"""The job pipeline: inputs become `Task`s, an executor turns each into a `Result`, and the
writer commits results in order; every stage is a lazy generator.

`process` is what runs on a worker (a pool process or a Dask worker): it decides first
whether an input changed since the job last saw it (its fingerprint: the hash of the bytes
as read or fetched, or the kind of error that stopped it; an HTTP 304 means unchanged), and
cleans it only when it did. So every input yields exactly one `Result`, and an unchanged one
costs no cleaning.

A retryable outcome (`scraper.errors` says which) is cleaned once more at once; if it fails
again its result carries the fingerprint `transient:<kind>`, which no content hash equals,
so the next run's triage processes the input again however unchanged it is.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from scraper.config import CleanerConfig
from scraper.errors import (
    ENVIRONMENT_ERRORS,
    EnvironmentFault,
    WorkerCrashed,
    environment_message,
)
from scraper.jobs.stats import RunStats
from scraper.records import Article, Page, error_article
from scraper.sources.base import Failed, Item


@dataclass(frozen=True, slots=True)
class Task:
    """One input to process. `prior` is the fingerprint the job recorded for it last time
    (None when it is new, or when the run is forced)."""

    key: str
    item: Item
    prior: str | None = None


@dataclass(frozen=True, slots=True)
class Result:
    """What became of an input. `article` is None when it is unchanged since the last run."""

    key: str
    fingerprint: str
    article: Article | None
    url: str | None = None
    etag: str | None = None
    last_modified: str | None = None


def item_key(item: Item) -> str:
    """The input's stable key in the job state: its URL or path, plus the record offset."""
    return item.origin if item.offset is None else f"{item.origin}#{item.offset}"


def relative_to(item: Item, base: Path) -> Item:
    """The item with a file origin relative to `base` (the job's folder), so keys and record
    ids survive moving the job folder, and do not depend on the current directory."""
    if item.url is not None and item.origin == item.url:
        return item
    try:
        origin = str(Path(item.origin).relative_to(base))
    except ValueError:
        return item
    return replace(item, origin=origin)


def fingerprint(item: Item) -> str:
    if isinstance(item, Failed):
        return f"failed:{item.kind}"
    content = item.content if isinstance(item.content, bytes) else item.content.encode()
    return hashlib.sha256(content).hexdigest()


def _retryable(article: Article) -> bool:
    return article.error is not None and article.error.retryable


def outcome_fingerprint(item: Item, article: Article) -> str:
    """What the state stores for the input: its fingerprint, or `transient:<kind>` (never
    equal to a fingerprint) when the machine stopped the work, so the next run retries it."""
    if article.error is not None and _retryable(article):
        return f"transient:{article.error.kind}"
    return fingerprint(item)


def clean_item(item: Item, config: CleanerConfig | None = None) -> Article:
    """A source item's record: the page cleaned, or the error that stopped its input.

    The cleaner turns every failure into a record, but it decodes bytes before its guard
    (to sniff HTML from text), and a MemoryError there must not end the batch either."""
    from scraper.cleaners import clean_page  # its libraries load with the first page

    if isinstance(item, Failed):
        return item.to_article()
    try:
        return clean_page(item, config)
    except ENVIRONMENT_ERRORS as exc:
        return error_article(item, EnvironmentFault.kind, environment_message(exc))


def triage(task: Task) -> Result | None:
    """The result of an input that has not changed, without cleaning it; else None."""
    item = task.item
    revalidated = isinstance(item, Page) and item.revalidated
    if task.prior is not None and revalidated:
        return Result(task.key, task.prior, None)
    mark = fingerprint(item)
    return Result(task.key, mark, None) if mark == task.prior else None


def process(task: Task, config: CleanerConfig | None = None) -> Result:
    """Triage, then clean (twice when the first try hit a retryable fault): on a worker."""
    unchanged = triage(task)
    if unchanged is not None:
        return unchanged
    item = task.item
    article = clean_item(item, config)
    if _retryable(article):
        article = clean_item(item, config)
    return _result(task, article)


def crashed(task: Task, message: str) -> Result:
    """The result of a task whose page killed its worker, even when tried alone."""
    item = task.item
    page = item if isinstance(item, Page) else Page(b"", item.origin, item.url, item.offset)
    return _result(task, error_article(page, WorkerCrashed.kind, message))


def _result(task: Task, article: Article) -> Result:
    """The task's result. A retryable one keeps no validators (ETag, Last-Modified): the
    next run must fetch the page whole, as a 304 would leave nothing to clean again."""
    item = task.item
    if isinstance(item, Failed) or _retryable(article):
        return Result(task.key, outcome_fingerprint(item, article), article, url=item.url)
    headers = {k.lower(): v for k, v in item.headers.items()}
    return Result(
        task.key,
        outcome_fingerprint(item, article),
        article,
        url=item.url,
        etag=headers.get("etag"),
        last_modified=headers.get("last-modified"),
    )


def process_batch(tasks: list[Task], config: CleanerConfig | None = None) -> list[Result]:
    return [process(task, config) for task in tasks]


def run(
    results: Iterable[Result], commit: Callable[[Result], str], stats: RunStats | None = None
) -> Iterator[RunStats]:
    """Commit each result in order and count its outcome; yields the stats after each one
    (the caller drives a progress bar from them)."""
    stats = stats or RunStats()
    for result in results:
        stats.add(commit(result), result.article)
        yield stats
