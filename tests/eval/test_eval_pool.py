"""The evaluation worker pool against extractors that misbehave the ways real ones can: raise,
loop, ignore the soft time limit, kill their process. None of them may stop or hang the run.

The extractors are module-level functions here so that spawned workers import them by name.
"""

from __future__ import annotations

import os
import signal
import time

import pytest

from scraper.eval.pool import ExtractionResult, ExtractionTask, WorkerPool, WorkerStartError


def echo(html: str, url: str | None) -> str | None:
    return html


def pid(html: str, url: str | None) -> str | None:
    return str(os.getpid())


def raises(html: str, url: str | None) -> str | None:
    raise ValueError("bad markup")


def spins(html: str, url: str | None) -> str | None:
    while True:
        pass


IGNORED_ALARM_SLEEP = 60.0


def ignores_alarm(html: str, url: str | None) -> str | None:
    signal.signal(signal.SIGALRM, signal.SIG_IGN)
    time.sleep(IGNORED_ALARM_SLEEP)
    return "too late"


def dies(html: str, url: str | None) -> str | None:
    os._exit(7)


def _run(pool: WorkerPool, tasks: list[ExtractionTask]) -> dict[tuple[int, str], ExtractionResult]:
    results = {(r.key, r.extractor): r for r in pool.run(tasks)}
    assert len(results) == len(tasks)
    return results


def test_failures_are_results_and_the_run_goes_on() -> None:
    extractors = {"echo": echo, "raises": raises, "spins": spins, "dies": dies}
    extractors["ignores_alarm"] = ignores_alarm
    names = ["raises", "spins", "ignores_alarm", "dies"]
    tasks = [ExtractionTask(0, name, "<p>x</p>", None) for name in names]
    tasks += [ExtractionTask(1, "echo", "<p>after</p>", None)]
    # limits short enough to keep the test short, long enough that only the misbehaving
    # extractors meet them (the others take microseconds): 0.5 s soft, 2.5 s hard
    started = time.monotonic()
    results = _run(WorkerPool(extractors, jobs=2, timeout=0.5, grace=2.0), tasks)
    # the run did not wait for the extractor that ignores its alarm to return by itself
    assert time.monotonic() - started < IGNORED_ALARM_SLEEP
    assert results[0, "raises"].failure == "error"
    assert "ValueError: bad markup" in results[0, "raises"].detail
    soft, hard = results[0, "spins"], results[0, "ignores_alarm"]
    assert soft.failure == "timeout" and "hard" not in soft.detail  # the alarm, in the worker
    assert hard.failure == "timeout" and "hard time limit" in hard.detail  # killed
    assert results[0, "dies"].failure == "crash" and "7" in results[0, "dies"].detail
    assert all(results[0, n].text is None for n in names)
    after = results[1, "echo"]
    assert (after.text, after.failure) == ("<p>after</p>", None)
    # a task of microseconds: the process's CPU clock also counts the worker's other threads
    # and the clock reads themselves, so it may pass wall time by a fraction of a millisecond
    assert after.cpu >= 0 and after.wall >= after.cpu * 0.5 - 0.002


def test_workers_are_recycled_after_max_tasks() -> None:
    tasks = [ExtractionTask(key, "pid", "", None) for key in range(6)]
    results = _run(WorkerPool({"pid": pid}, jobs=1, max_tasks=2), tasks)
    pids = [results[key, "pid"].text for key in range(6)]
    assert pids[0] == pids[1] and pids[2] == pids[3] and pids[4] == pids[5]
    assert len(set(pids)) == 3


def test_a_worker_that_cannot_start_stops_the_run() -> None:
    pool = WorkerPool({"echo": echo}, modules=["no_such_module_for_eval"])
    with pytest.raises(WorkerStartError, match="no_such_module_for_eval"):
        list(pool.run([ExtractionTask(0, "echo", "", None)]))
