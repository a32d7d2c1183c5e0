"""The Dask executor: the same job on a Dask distributed cluster (`scraper[dask]`).

Only the client (the `scraper run` process) reads the job state and writes state and sinks;
workers get picklable tasks and send back `Result`s. Inputs are partitioned across workers:

- Page inputs (files, WARC records) are read by the client and sent in batches of a few
  MB, so workers need no access to the client's files; results come back in input order.
- URLs are partitioned by host (`crc32(host) % partitions`): every URL of a host is in one
  partition, and a partition's chunks run one after another, each carrying the previous
  chunk's per-host pacing (`Politeness.holds`, wall-clock times), so no two workers ever
  fetch from one host at once and the delay between requests holds across the cluster.

Without a scheduler address, a `LocalCluster` of `workers` processes is started for the run.
"""

from __future__ import annotations

import logging
import zlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from distributed import Client, LocalCluster, as_completed

from scraper.config import CleanerConfig
from scraper.jobs.executors.base import DictValidators, UrlTask, fetched_tasks, in_order
from scraper.jobs.pipeline import Result, Task, process, process_batch
from scraper.sources.http.ratelimit import Politeness, host_key
from scraper.sources.http.settings import FetchSettings

BATCH_TASKS = 16
BATCH_BYTES = 4_000_000
CHUNK_URLS = 32

Holds = dict[str, tuple[float, float]]


def fetch_chunk(
    chunk: list[UrlTask], settings: FetchSettings, cleaner: CleanerConfig, holds: Holds
) -> tuple[list[Result], Holds]:
    """On a worker: fetch (threads, per-host politeness) and clean one chunk of URLs."""
    politeness = Politeness(settings.politeness)
    politeness.hold(holds)
    fetcher = settings.fetcher(cache=DictValidators(), politeness=politeness)
    try:
        results = [process(task, cleaner) for task in fetched_tasks(chunk, fetcher)]
    finally:
        fetcher.session.close()
    return results, politeness.holds()


class DaskExecutor:
    def __init__(
        self, cleaner: CleanerConfig, workers: int, scheduler: str | None = None
    ) -> None:
        self.cleaner = cleaner
        self._cluster: LocalCluster | None = None
        if scheduler:
            self.client = Client(scheduler, timeout="30s")
        else:
            self._cluster = LocalCluster(
                n_workers=max(1, workers),
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            self.client = Client(self._cluster)
        self.slots = max(1, sum(self.client.nthreads().values()))

    def clean(self, tasks: Iterable[Task]) -> Iterator[Result]:
        def submit(batch: list[Task]) -> Any:
            return self.client.submit(process_batch, batch, self.cleaner, pure=False)

        yield from in_order(tasks, submit, 2 * self.slots, BATCH_TASKS, BATCH_BYTES)

    def fetch(
        self, url_tasks: Iterable[UrlTask], settings: FetchSettings, politeness: Politeness
    ) -> Iterator[Result]:
        partitions = 2 * self.slots
        groups: dict[int, list[UrlTask]] = defaultdict(list)
        for task in url_tasks:
            groups[zlib.crc32(host_key(task.url).encode()) % partitions].append(task)
        holds = politeness.holds()  # the client's own requests (sitemaps, feeds) count too
        owner: dict[Any, int] = {}
        running = as_completed()

        def submit(part: int) -> None:
            chunk, groups[part] = groups[part][:CHUNK_URLS], groups[part][CHUNK_URLS:]
            hosts = {host_key(task.url) for task in chunk}
            carried = {h: v for h, v in holds.items() if h in hosts}
            future = self.client.submit(
                fetch_chunk, chunk, settings, self.cleaner, carried, pure=False
            )
            owner[future] = part
            running.add(future)

        for part in list(groups):
            submit(part)
        for future in running:
            results, carried = future.result()
            holds.update(carried)
            part = owner.pop(future)
            if groups[part]:
                submit(part)
            yield from results

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()
