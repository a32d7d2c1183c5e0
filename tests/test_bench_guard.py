"""The benchmarks' idle-machine guard and core pinning (benchmarks/bench_common.py).

Benchmarks are not tests; this only checks the logic that decides whether a benchmark's figure
may be written as a result. The machine's load is given to the guard as a sequence of readings,
so these tests do not depend on what else runs on the machine.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from bench_common import EXIT_BUSY, CorePlan, Guard, alternate, pinned
from bench_results import spread, write_results


def readings(*cores: float) -> Iterator[float]:
    yield from cores
    raise AssertionError("the guard measured more often than the test expected")


def guard(
    before: list[float], during: tuple[float, ...] | list[float] = (), **options: object
) -> Guard:
    """A guard that sees `before` as the load between rounds and `during` during them."""
    between, inside = readings(*before), readings(*during)

    class Meter:
        def __enter__(self) -> Meter:
            return self

        def __exit__(self, *exc: object) -> None:
            self.cores = next(inside)

    defaults: dict = {"max_foreign": 0.15, "wait": 0.0, "window": 0.0}
    return Guard(measure=lambda _window: next(between), meter=Meter, **(defaults | options))


def test_an_idle_machine_runs_every_round_and_records_the_load_it_saw() -> None:
    idle = guard(before=[0.02, 0.05], during=[0.01, 0.1])
    runs = alternate(idle, 1, {"a": lambda: {"x": 1.0}, "b": lambda: {"x": 2.0}})
    assert runs["a"] == [{"x": 1.0, "foreign_cores_before": 0.02, "foreign_cores_during": 0.01}]
    assert runs["b"][0]["foreign_cores_during"] == 0.1
    assert idle.is_result and idle.summary()["busy_seen"] == []


def test_a_busy_machine_is_refused_with_its_own_exit_status() -> None:
    with pytest.raises(SystemExit) as stopped:
        guard(before=[1.2]).wait_for_idle("at the start")
    assert stopped.value.code == EXIT_BUSY


def test_the_guard_waits_for_the_machine_to_go_idle() -> None:
    patient = guard(before=[1.5, 0.9, 0.03], wait=3600)
    assert patient.wait_for_idle("at the start") == 0.03


def test_a_round_disturbed_by_others_is_measured_again_then_refused() -> None:
    calls = []
    flaky = guard(before=[0.0] * 5, during=[0.6, 0.01])
    outcome = flaky.measured("round 1", lambda: calls.append(1) or {"x": 1.0})
    assert len(calls) == 2 and outcome["foreign_cores_during"] == 0.01 and flaky.redone == 1
    always_busy = guard(before=[0.0] * 5, during=[0.6] * 5)
    with pytest.raises(SystemExit) as stopped:
        always_busy.measured("round 1", lambda: {})
    assert stopped.value.code == EXIT_BUSY


def test_forced_runs_go_on_but_are_written_as_not_a_result(tmp_path: Path) -> None:
    forced = guard(before=[1.9], during=[1.8], force=True)
    assert forced.measured("round 1", lambda: {"x": 1.0})["foreign_cores_during"] == 1.8
    written = write_results("demo", forced, {"x": 1}, tmp_path / "demo.json")
    assert written.name == "demo.NOT-A-RESULT.json" and not (tmp_path / "demo.json").exists()
    payload = json.loads(written.read_text())
    assert payload["result"] is False and len(payload["guard"]["busy_seen"]) == 2


def test_a_guarded_run_is_written_as_a_result(tmp_path: Path) -> None:
    written = write_results("demo", guard(before=[]), {"x": 1}, tmp_path / "demo.json")
    assert written.name == "demo.json" and json.loads(written.read_text())["result"] is True


def test_spread_gives_the_median_and_the_range() -> None:
    figures = spread([5.0, 1.0, 3.0, 4.0, 2.0])
    assert (figures["median"], figures["min"], figures["max"]) == (3.0, 1.0, 5.0)
    assert figures["q1"] <= figures["median"] <= figures["q3"]


def test_server_and_clients_get_separate_cores() -> None:
    assert CorePlan.for_machine([0]) == CorePlan(None, None)
    plan = CorePlan.for_machine([3, 0, 1])
    assert plan.server == {0} and plan.clients == {1, 3}


def test_a_process_started_while_pinned_inherits_the_cores() -> None:
    before = os.sched_getaffinity(0)
    one = frozenset({min(before)})
    with pinned(one):
        child = subprocess.run(
            [sys.executable, "-c", "import os; print(sorted(os.sched_getaffinity(0)))"],
            capture_output=True,
            text=True,
            check=True,
        )
    assert json.loads(child.stdout) == sorted(one)
    assert os.sched_getaffinity(0) == before
