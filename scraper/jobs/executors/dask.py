"""The Dask executor: the same job on a Dask distributed cluster (`chromecut[dask]`).

Only the client (the `scraper run` process) reads the job state and writes state and sinks;
workers get picklable tasks and send back `Result`s. Inputs are partitioned across workers:

- Page inputs (files, WARC records) are read by the client and sent in batches of a few
  MB, so workers need no access to the client's files; results come back in input order.
- URLs are partitioned by host (`crc32(host) % partitions`): every URL of a host is in one
  partition, and a partition's chunks run one after another, each carrying the previous
  chunk's per-host pacing (`Politeness.holds`, wall-clock times), so no two workers ever
  fetch from one host at once and the delay between requests holds across the cluster.

Without a scheduler address, a `LocalCluster` of `workers` processes is started for the run.
With one, a scheduler that cannot be reached within `CONNECT_TIMEOUT`, or that has no worker
and gets none within `WORKER_WAIT` (the run says on stderr that it waits), stops the run with
a `ConfigError` (exit 2) instead of a traceback or a silent hang.
"""

from __future__ import annotations

import logging
import sys
import zlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urlsplit

from distributed import Client, LocalCluster, as_completed

from scraper.config import CleanerConfig
from scraper.errors import ConfigError
from scraper.jobs.executors.base import DictValidators, UrlTask, fetched_tasks, in_order
from scraper.jobs.pipeline import Result, Task, process, process_batch
from scraper.sources.http.ratelimit import Politeness, host_key
from scraper.sources.http.settings import FetchSettings

BATCH_TASKS = 16
BATCH_BYTES = 4_000_000
CHUNK_URLS = 32
CONNECT_TIMEOUT = 10.0
"""Seconds to reach a scheduler given by address: a local or LAN scheduler answers within
milliseconds, so this only ever runs out on a wrong address or a closed port."""
WORKER_WAIT = 60.0
"""Seconds to wait for a first worker on a scheduler that has none: time for workers that
are being started alongside it to join; a scheduler without any is a mistake to report."""

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


def connect(address: str, timeout: float) -> Client:
    """A client of the scheduler at `address`, or `ConfigError` in one line."""
    try:
        # a port out of range raises ValueError here (distributed would wait, then assert)
        _ = urlsplit(address if "://" in address else f"tcp://{address}").port
        return Client(address, timeout=timeout)
    except (OSError, ValueError) as exc:  # OSError: "Timed out trying to connect ..."
        raise ConfigError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc


def wait_for_a_worker(client: Client, address: str, timeout: float) -> None:
    """Return once the scheduler has a worker; say on stderr that the run waits for one, and
    give up with `ConfigError` after `timeout` seconds (tasks would queue forever)."""
    if client.nthreads():
        return
    print(
        f"scraper: the Dask scheduler at {address} has no workers; waiting up to "
        f"{timeout:g} s for one (start one with: dask worker {address})",
        file=sys.stderr,
        flush=True,
    )
    try:
        client.wait_for_workers(1, timeout=timeout)
    except TimeoutError as exc:
        client.close()
        raise ConfigError(
            f"no worker joined the Dask scheduler at {address} within {timeout:g} s "
            f"(start one with: dask worker {address}, or run without --scheduler)"
        ) from exc


class DaskExecutor:
    def __init__(
        self,
        cleaner: CleanerConfig,
        workers: int,
        scheduler: str | None = None,
        *,
        connect_timeout: float = CONNECT_TIMEOUT,
        worker_wait: float = WORKER_WAIT,
    ) -> None:
        self.cleaner = cleaner
        self._cluster: LocalCluster | None = None
        if scheduler:
            self.client = connect(scheduler, connect_timeout)
            wait_for_a_worker(self.client, scheduler, worker_wait)
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
