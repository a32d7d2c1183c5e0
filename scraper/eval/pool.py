"""Extractions in supervised worker processes, so that no page can stop an evaluation run.

`multiprocessing.Pool` was seen to hang the earlier baseline runner, and it can in three ways:
a worker that dies mid-task (a crash in a C parser, the OOM killer) loses its task and `imap`
waits for it forever; workers that die while starting (e.g. a spawned script without a
`__main__` guard) are respawned forever; and one pathological page can keep an extractor busy
for good, since the pool has no per-task timeout. Here each worker runs one extraction at a
time and the parent knows which, so:

- a soft time limit (SIGALRM in the worker) interrupts a slow extraction and the worker goes on;
- past the hard limit the parent kills the worker and starts another;
- a worker that dies mid-task gives a `crash` result for that task, then is replaced;
- a worker that cannot start stops the run with `WorkerStartError` instead of respawning;
- workers are replaced after `max_tasks` tasks, so what an extractor leaks stays bounded.

Time is measured in the worker around the extractor call alone (CPU and wall clock), so speed
figures are per-process figures whatever the number of workers.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import multiprocessing
import signal
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.context import ForkServerContext, SpawnContext
from multiprocessing.process import BaseProcess
from typing import Any

from scraper.errors import ScraperError
from scraper.eval.baselines import Extractor
from scraper.eval.settings import DEFAULT_JOBS, DEFAULT_TIMEOUT

START_TIMEOUT = 120.0  # seconds for a worker to import its extractors' libraries
HARD_GRACE = 5.0  # seconds past the soft limit before the worker is killed


class WorkerStartError(ScraperError):
    kind = "worker_start"


@dataclass(frozen=True, slots=True)
class ExtractionTask:
    key: int
    extractor: str
    html: str
    url: str | None


@dataclass(frozen=True, slots=True)
class ExtractionResult:
    """One extraction. `failure` is `error`, `timeout` or `crash` (then `text` is None).
    When the worker was killed or died, its CPU time is unknown and `cpu` is the wall time."""

    key: int
    extractor: str
    text: str | None
    cpu: float
    wall: float
    failure: str | None = None
    detail: str = ""


class _SoftTimeout(BaseException):
    """Raised in the worker by its alarm; not an `Exception`, so an extractor's broad
    `except Exception` cannot swallow it."""


def _on_alarm(signum: int, frame: Any) -> None:
    raise _SoftTimeout


def _arm(seconds: float) -> None:
    if hasattr(signal, "setitimer"):  # elsewhere only the parent's hard limit applies
        signal.setitimer(signal.ITIMER_REAL, seconds)


def _extract(function: Extractor, html: str, url: str | None, limit: float) -> tuple[Any, ...]:
    cpu, wall = time.process_time(), time.perf_counter()
    text, failure, detail = None, None, ""
    try:
        try:
            _arm(limit)
            text = function(html, url)
        finally:
            _arm(0)
    except _SoftTimeout:
        failure = "timeout"
    except Exception as exc:  # an extractor that raises on a page scores as empty output
        failure, detail = "error", f"{type(exc).__name__}: {exc}"[:300]
    if not isinstance(text, str):
        text = None
    return text, time.process_time() - cpu, time.perf_counter() - wall, failure, detail


def _worker(
    conn: Connection, extractors: Mapping[str, Extractor], modules: tuple[str, ...], limit: float
) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent to handle
    logging.disable(logging.CRITICAL)  # failures come back as results; library logs would bury them
    try:
        for module in modules:
            importlib.import_module(module)
    except Exception as exc:
        conn.send(("failed", f"cannot import {module}: {exc}"))
        return
    if hasattr(signal, "SIGALRM"):
        signal.signal(signal.SIGALRM, _on_alarm)
    conn.send(("ready",))
    while (message := conn.recv()) is not None:
        key, name, html, url = message
        conn.send((key, name, *_extract(extractors[name], html, url, limit)))


@dataclass(slots=True)
class _Slot:
    """One worker process and what it is doing."""

    process: BaseProcess
    conn: Connection
    since: float
    ready: bool = False
    task: ExtractionTask | None = None
    done: int = 0

    def assign(self, task: ExtractionTask) -> None:
        self.conn.send((task.key, task.extractor, task.html, task.url))
        self.task, self.since = task, time.monotonic()

    def deadline(self, limit: float) -> float:
        if not self.ready:
            return self.since + START_TIMEOUT
        return self.since + limit if self.task else float("inf")

    def stop(self) -> None:
        if self.process.is_alive() and self.ready and self.task is None:
            with contextlib.suppress(OSError):
                self.conn.send(None)
            self.process.join(2)
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()


def _context(modules: tuple[str, ...]) -> SpawnContext | ForkServerContext:
    """Workers fork from a server process that has imported the extractors' libraries once
    (where there is one), so a replaced worker starts at once; otherwise they are spawned.
    Neither inherits the parent's state, unlike a plain fork."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__, *modules])  # no effect once the server runs
    return context


class WorkerPool:
    """Runs extraction tasks on `jobs` worker processes; see the module docstring."""

    def __init__(
        self,
        extractors: Mapping[str, Extractor],
        *,
        jobs: int = DEFAULT_JOBS,
        timeout: float = DEFAULT_TIMEOUT,
        modules: Iterable[str] = (),
        max_tasks: int = 2000,
        grace: float = HARD_GRACE,
    ) -> None:
        self.extractors = dict(extractors)
        self.jobs, self.timeout, self.max_tasks, self.grace = jobs, timeout, max_tasks, grace
        self.modules = tuple(modules)
        self._context = _context(self.modules)

    def run(self, tasks: Iterable[ExtractionTask]) -> Iterator[ExtractionResult]:
        """Results in completion order; every task gives exactly one."""
        source = iter(tasks)
        slots = [self._spawn() for _ in range(self.jobs)]
        exhausted = False
        try:
            while True:
                for index, slot in enumerate(slots):
                    result, replace = self._poll(slot)
                    if result is not None:
                        yield result
                    if replace:
                        slot.stop()
                        slots[index] = self._spawn()
                for slot in slots:
                    if slot.ready and slot.task is None and not exhausted:
                        task = next(source, None)
                        exhausted = task is None
                        if task is not None:
                            slot.assign(task)
                if exhausted and all(slot.task is None for slot in slots):
                    return
                self._wait(slots)
        finally:
            for slot in slots:
                slot.stop()

    def _spawn(self) -> _Slot:
        parent, child = self._context.Pipe()
        args = (child, self.extractors, self.modules, self.timeout)
        process = self._context.Process(target=_worker, args=args, daemon=True)
        process.start()
        child.close()
        return _Slot(process, parent, time.monotonic())

    def _wait(self, slots: list[_Slot]) -> None:
        deadline = min(slot.deadline(self.timeout + self.grace) for slot in slots)
        waitables: list[Any] = [s.conn for s in slots] + [s.process.sentinel for s in slots]
        wait(waitables, timeout=max(0.0, min(deadline - time.monotonic(), 60.0)))

    def _poll(self, slot: _Slot) -> tuple[ExtractionResult | None, bool]:
        """What a worker has to say: a result and/or whether it must be replaced."""
        if slot.conn.poll():
            try:
                message = slot.conn.recv()
            except (EOFError, OSError):
                slot.process.join(1)
                return self._lost(slot, "crash", f"worker exit code {slot.process.exitcode}")
            if not slot.ready:
                if message[0] == "failed":
                    raise WorkerStartError(message[1])
                slot.ready, slot.since = True, time.monotonic()
                return None, False
            slot.task, slot.done = None, slot.done + 1
            return ExtractionResult(*message), slot.done >= self.max_tasks
        if not slot.process.is_alive():
            return self._lost(slot, "crash", f"worker exit code {slot.process.exitcode}")
        if time.monotonic() > slot.deadline(self.timeout + self.grace):
            return self._lost(slot, "timeout", "worker killed at the hard time limit")
        return None, False

    def _lost(self, slot: _Slot, failure: str, detail: str) -> tuple[ExtractionResult | None, bool]:
        if not slot.ready:
            raise WorkerStartError(f"an evaluation worker could not start ({detail})")
        if slot.process.is_alive():
            slot.process.kill()
        task, slot.task = slot.task, None
        if task is None:
            return None, True
        elapsed = time.monotonic() - slot.since
        lost = ExtractionResult(task.key, task.extractor, None, elapsed, elapsed, failure, detail)
        return lost, True
