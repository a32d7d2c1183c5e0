"""The local executor: fetching in threads (per-host politeness), cleaning in a pool of
processes (the cleaner is CPU-bound Python, so threads would share one core).

Results come back in the order of the tasks, through a window of a few small batches per
worker: memory stays bounded however long the input, and a job's output order (and so which
copy of a duplicate comes first) does not depend on timing. `workers = 0` cleans in the
client process itself.

A worker that dies (the OOM killer's SIGKILL, a crash in a C extension) breaks the whole
pool, and every batch in flight with it. The pool is then replaced and each task of those
batches is cleaned alone in the fresh pool, one after another, so a second death points
at its page: that page gets a `worker_crashed` record, the pool is replaced again, and the
run goes on, its results still in task order.

Workers load what they need (rules, the language model) in their initializer. A failure
there is not a page's fault: it is kept, and the worker's first task raises `StartupError`
with it, so the run stops with one clear message instead of a record per page.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from scraper.cleaners import cleaners
from scraper.config import CleanerConfig
from scraper.errors import ConfigError, StartupError
from scraper.jobs.executors.base import DictValidators, UrlTask, fetched_tasks, in_order
from scraper.jobs.pipeline import Result, Task, crashed, process, process_batch
from scraper.normalize.language import load_identifier
from scraper.sources.http.ratelimit import Politeness
from scraper.sources.http.settings import FetchSettings

BATCH_TASKS = 4
BATCH_BYTES = 1_000_000
CRASH_MESSAGE = (
    "the worker process died while cleaning this page, again when it was tried alone in a "
    "fresh worker (killed by a signal, e.g. the out-of-memory killer, or crashed); retryable"
)

_startup_failure: list[str] = []
"""In a worker: why its initializer failed, if it did (a list, so nothing rebinds it)."""


def load_dependencies(config: CleanerConfig) -> str | None:
    """Load what a process needs before its first page (the rules, the language model);
    returns why it could not, as one line, or None."""
    try:
        cleaners(config)
        load_identifier()
    except Exception as exc:  # whatever it is, it must reach the user as one message
        return f"{type(exc).__name__}: {exc}"
    return None


def _start_worker(config: CleanerConfig, parent: int) -> None:
    """Watch the job process, then load what cleaning needs, once, before the first page.

    A pool worker outlives a job killed with SIGKILL (nobody tells it to stop), and would
    go on cleaning for no one; so it exits as soon as it finds its parent gone. It ignores
    Ctrl-C, which a terminal sends to every process of the job: the job process stops the
    run and shuts the pool down (an idle worker would die with a traceback instead). A
    failure to load is kept for `_clean_batch` to report: raised here, it would only break
    the pool, which would read as a crash.

    What is loaded then lives as long as the worker (modules, rules, models, the language
    tables: some 50,000 objects), so it is moved out of the garbage collector's sight
    (`gc.freeze`): every full collection walked all of it again (1.6 % of a worker's time,
    BENCHMARKS.md, "Fourteenth round of issue 15"). Only in the pool's own processes: a
    library call must not freeze its caller's heap, so neither `workers = 0` nor
    `clean_html` does."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    failure = load_dependencies(config)
    if failure:
        _startup_failure.append(failure)
    gc.freeze()


def _clean_batch(batch: list[Task], config: CleanerConfig) -> list[Result]:
    if _startup_failure:
        raise StartupError(f"a worker could not start: {_startup_failure[0]}")
    return process_batch(batch, config)


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
        self._generation = 0
        if workers > 0:
            self._pool = self._new_pool()
        elif failure := load_dependencies(cleaner):
            raise StartupError(f"the job could not start: {failure}")

    def _new_pool(self) -> ProcessPoolExecutor:
        # spawn, not fork: the client has fetch threads running, and a forked child could
        # inherit a lock some thread held at that moment. Started at once, so the workers
        # load while the client opens the state and the sinks.
        pool = ProcessPoolExecutor(
            self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(self.cleaner, os.getpid()),
        )
        for _ in range(self.workers):
            pool.submit(int)
        return pool

    def _replace_pool(self) -> None:
        assert self._pool is not None
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._pool = self._new_pool()
        self._generation += 1

    def _submit(self, batch: list[Task]) -> _Batch:
        """Send a batch to the pool; to a pool a dead worker broke, it goes as broken too,
        to be isolated in its turn (never beside the suspects being tried alone)."""
        assert self._pool is not None
        try:
            future = self._pool.submit(_clean_batch, batch, self.cleaner)
        except BrokenProcessPool as exc:
            future = Future()
            future.set_exception(exc)
        return _Batch(self, batch, future, self._generation)

    def _isolate(self, tasks: list[Task], generation: int) -> list[Result]:
        """Clean each task of a batch a dead worker took down alone, in a fresh pool."""
        if generation == self._generation:
            self._replace_pool()
        results = []
        for task in tasks:
            try:
                results.extend(self._alone(task).result())
            except BrokenProcessPool:
                self._replace_pool()
                results.append(crashed(task, CRASH_MESSAGE))
        return results

    def _alone(self, task: Task) -> Future[list[Result]]:
        """Submit one task; to a fresh pool if the current one broke while nothing ran (a
        worker killed between tasks is not this task's doing)."""
        assert self._pool is not None
        try:
            return self._pool.submit(_clean_batch, [task], self.cleaner)
        except BrokenProcessPool:
            self._replace_pool()
            return self._pool.submit(_clean_batch, [task], self.cleaner)

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


class _Batch:
    """A batch in flight: its result, or, when a dead worker broke the pool, the result of
    its tasks cleaned one by one in a fresh pool (`in_order` asks for results in order)."""

    def __init__(
        self,
        executor: LocalExecutor,
        tasks: list[Task],
        future: Future[list[Result]],
        generation: int,
    ) -> None:
        self._executor = executor
        self._tasks = tasks
        self._future = future
        self._generation = generation

    def done(self) -> bool:
        return self._future.done()

    def result(self) -> list[Result]:
        try:
            return self._future.result()
        except BrokenProcessPool:
            return self._executor._isolate(self._tasks, self._generation)
