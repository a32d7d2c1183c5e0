"""The local executor: fetching in threads (per-host politeness), cleaning in a pool of
processes (the cleaner is CPU-bound Python, so threads would share one core).

Results come back in the order of the tasks, through a window of a few small batches per
worker: memory stays bounded however long the input, and a job's output order (and so which
copy of a duplicate comes first) does not depend on timing. `workers = 0` cleans in the
client process itself.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from scraper.cleaners import cleaners
from scraper.config import CleanerConfig
from scraper.errors import ConfigError
from scraper.jobs.executors.base import DictValidators, UrlTask, fetched_tasks, in_order
from scraper.jobs.pipeline import Result, Task, process, process_batch
from scraper.sources.http.ratelimit import Politeness
from scraper.sources.http.settings import FetchSettings

BATCH_TASKS = 4
BATCH_BYTES = 1_000_000


def _start_worker(config: CleanerConfig, parent: int) -> None:
    """Watch the job process, then load the rules once, before the first page.

    A pool worker outlives a job killed with SIGKILL (nobody tells it to stop), and would
    go on cleaning for no one; so it exits as soon as it finds its parent gone. It ignores
    Ctrl-C, which a terminal sends to every process of the job: the job process stops the
    run and shuts the pool down (an idle worker would die with a traceback instead)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    cleaners(config)


def _exit_with_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


class LocalExecutor:
    def __init__(
        self, cleaner: CleanerConfig, workers: int, scheduler: str | None = None
    ) -> None:
        if scheduler:
            raise ConfigError("a scheduler address is only used with the dask executor")
        self.cleaner = cleaner
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        if workers > 0:
            # spawn, not fork: the client has fetch threads running, and a forked child
            # could inherit a lock some thread held at that moment. Started now, so the
            # workers load while the client opens the state and the sinks.
            self._pool = ProcessPoolExecutor(
                workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=(cleaner, os.getpid()),
            )
            for _ in range(workers):
                self._pool.submit(int)

    def _submit(self, batch: list[Task]) -> Future[list[Result]]:
        assert self._pool is not None
        return self._pool.submit(process_batch, batch, self.cleaner)

    def clean(self, tasks: Iterable[Task]) -> Iterator[Result]:
        if self._pool is None:
            for task in tasks:
                yield process(task, self.cleaner)
            return
        yield from in_order(tasks, self._submit, 2 * self.workers, BATCH_TASKS, BATCH_BYTES)

    def fetch(
        self, url_tasks: Iterable[UrlTask], settings: FetchSettings, politeness: Politeness
    ) -> Iterator[Result]:
        fetcher = settings.fetcher(politeness=politeness, cache=DictValidators())
        try:
            yield from self.clean(fetched_tasks(url_tasks, fetcher))
        finally:
            fetcher.session.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
