"""Shared by every benchmark: the idle-machine guard and core pinning (figures and the results
file: bench_results).

A figure is a result only when it comes from an idle machine: other processes' CPU use is
measured from /proc/stat (every core's busy time, minus what this benchmark's own process tree
spent) over a couple of seconds before the first round, again before every round and over each
round. A busy machine makes the benchmark wait (`--wait-idle`), then refuse with exit status 3;
a round the machine got busy during is measured again. `--force` runs anyway, for trying
things out: the output then says NOT A RESULT and the results file is named so.

On a machine with two or more cores, a benchmark with a server process pins the server (and
itself) to the first core and its clients to the others, so a client's threads never compete
with the server, and two clients get the same cores.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any, NoReturn

import psutil

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_MAX_FOREIGN_CORES = 0.15
DEFAULT_WAIT_IDLE_S = 120.0
DEFAULT_WINDOW_S = 2.0
MAX_REDONE_ROUNDS = 3
EXIT_BUSY = 3


def add_guard_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("idle-machine guard")
    group.add_argument(
        "--force",
        action="store_true",
        help="Run on a busy machine too; the output is then NOT A RESULT.",
    )
    group.add_argument(
        "--max-foreign-cores",
        type=float,
        default=DEFAULT_MAX_FOREIGN_CORES,
        help="Busy: other processes use more cores than this (default %(default)s).",
    )
    group.add_argument(
        "--wait-idle",
        type=float,
        default=DEFAULT_WAIT_IDLE_S,
        help="Wait up to S s for a busy machine before refusing (default %(default)s).",
    )
    group.add_argument("--results", type=Path, help="Results JSON (default: out/bench/NAME.json).")


def machine_busy_seconds() -> float:
    """CPU seconds every core has spent busy so far (steal included: a host that takes the
    CPU away is as bad as a neighbour; interrupts excluded: our own loopback traffic is
    served there without being charged to any process)."""
    times = psutil.cpu_times()
    return times.user + times.nice + times.system + getattr(times, "steal", 0.0)


def own_tree_seconds() -> float:
    """CPU seconds of this process and its descendants, reaped or still running."""
    own = os.times()
    total = own.user + own.system + own.children_user + own.children_system
    for child in psutil.Process().children(recursive=True):
        with contextlib.suppress(psutil.Error):
            cpu = child.cpu_times()
            total += cpu.user + cpu.system + cpu.children_user + cpu.children_system
    return total


class ForeignLoad:
    """Cores that processes outside this benchmark's tree used while the block ran."""

    cores: float = 0.0

    def __enter__(self) -> ForeignLoad:
        self._start = (time.monotonic(), machine_busy_seconds(), own_tree_seconds())
        return self

    def __exit__(self, *exc: object) -> None:
        wall = max(time.monotonic() - self._start[0], 1e-6)
        busy = machine_busy_seconds() - self._start[1]
        ours = own_tree_seconds() - self._start[2]
        self.cores = max(0.0, busy - ours) / wall


def foreign_cores(window: float = DEFAULT_WINDOW_S) -> float:
    with ForeignLoad() as load:
        time.sleep(window)
    return load.cores


def refuse(message: str) -> NoReturn:
    """Stop the benchmark: what it would measure now would not be a result."""
    print(f"refused: {message}\n(--force runs anyway; its output is NOT A RESULT)", file=sys.stderr)
    raise SystemExit(EXIT_BUSY)


@dataclass
class Guard:
    """Keeps a benchmark to an idle machine, and remembers what it saw for the results file."""

    force: bool = False
    max_foreign: float = DEFAULT_MAX_FOREIGN_CORES
    wait: float = DEFAULT_WAIT_IDLE_S
    window: float = DEFAULT_WINDOW_S
    measure: Callable[[float], float] = foreign_cores
    meter: Callable[[], ForeignLoad] = ForeignLoad
    busy_seen: list[str] = field(default_factory=list)
    redone: int = 0

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Guard:
        guard = cls(args.force, args.max_foreign_cores, args.wait_idle)
        if guard.force:
            print("*** --force: whatever this run prints is NOT A RESULT ***", flush=True)
        return guard

    @property
    def is_result(self) -> bool:
        return not self.force

    def wait_for_idle(self, when: str) -> float:
        """Other processes' cores once they are below the threshold: waits up to `wait` s,
        then refuses. With --force it measures once, notes a busy machine and goes on."""
        deadline, waited = time.monotonic() + self.wait, False
        while True:
            cores = self.measure(self.window)
            if cores <= self.max_foreign:
                return cores
            message = (
                f"machine busy {when}: other processes used {cores:.2f} cores over "
                f"{self.window:g} s (threshold {self.max_foreign:g}; {load_note()})"
            )
            if self.force:
                self.busy_seen.append(message)
                print(f"  (--force) {message}", file=sys.stderr, flush=True)
                return cores
            if time.monotonic() >= deadline:
                refuse(message)
            if not waited:
                print(f"  {message}; waiting up to {self.wait:g} s", file=sys.stderr, flush=True)
                waited = True

    def measured(self, label: str, run: Callable[[], dict]) -> dict:
        """`run()` on an idle machine: checked before, measured during; a run that other
        processes disturbed is done again (up to MAX_REDONE_ROUNDS per benchmark)."""
        while True:
            before = self.wait_for_idle(f"before {label}")
            with self.meter() as load:
                outcome = run()
            outcome |= {
                "foreign_cores_before": round(before, 3),
                "foreign_cores_during": round(load.cores, 3),
            }
            if load.cores <= self.max_foreign or self.force:
                if load.cores > self.max_foreign:
                    self.busy_seen.append(f"{label}: others used {load.cores:.2f} cores during")
                return outcome
            if self.redone >= MAX_REDONE_ROUNDS:
                refuse(
                    f"other processes used {load.cores:.2f} cores during {label}, and "
                    f"{self.redone} rounds were already measured again"
                )
            self.redone += 1
            print(
                f"  {label}: others used {load.cores:.2f} cores during it; measuring again",
                file=sys.stderr,
                flush=True,
            )

    def summary(self) -> dict:
        return {
            "forced": self.force,
            "max_foreign_cores": self.max_foreign,
            "rounds_measured_again": self.redone,
            "busy_seen": self.busy_seen,
        }


def alternate(
    guard: Guard, rounds: int, variants: dict[str, Callable[[], dict]]
) -> dict[str, list[dict]]:
    """Every variant once per round, in turn, so slow drifts hit them all alike."""
    runs: dict[str, list[dict]] = {name: [] for name in variants}
    for number in range(1, rounds + 1):
        for name, run in variants.items():
            outcome = guard.measured(f"round {number} ({name})", run)
            runs[name].append(outcome)
            print(f"  round {number} {name}: {describe_round(outcome)}", flush=True)
    return runs


def describe_round(outcome: dict) -> str:
    shown = {k: v for k, v in outcome.items() if isinstance(v, (int, float))}
    return ", ".join(
        f"{k} {v:.4g}" if isinstance(v, float) else f"{k} {v}" for k, v in shown.items()
    )


@dataclass(frozen=True)
class CorePlan:
    """Which cores the server (and the benchmark itself) and the clients may use; None when
    the machine has a single core, and nothing is pinned."""

    server: frozenset[int] | None
    clients: frozenset[int] | None

    @classmethod
    def for_machine(cls, cores: Iterable[int] | None = None) -> CorePlan:
        usable = sorted(os.sched_getaffinity(0) if cores is None else cores)
        if len(usable) < 2:
            return cls(None, None)
        return cls(frozenset(usable[:1]), frozenset(usable[1:]))

    def describe(self) -> str:
        if self.server is None or self.clients is None:
            return "one core: nothing pinned"
        return f"server on core(s) {sorted(self.server)}, clients on {sorted(self.clients)}"


@contextlib.contextmanager
def pinned(cores: frozenset[int] | None) -> Iterator[None]:
    """The calling thread on `cores` for the block: a process started in it inherits them."""
    if cores is None:
        yield
        return
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, cores)
    try:
        yield
    finally:
        os.sched_setaffinity(0, before)


def pin_self(cores: frozenset[int] | None) -> None:
    if cores is not None:
        os.sched_setaffinity(0, cores)


def run_client(cmd: list[str], plan: CorePlan) -> dict:
    """A measured command on the plan's client cores; its last stdout line is its JSON report."""
    with pinned(plan.clients):
        done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def start_pinned(
    args: argparse.Namespace, rounds_on_clients: bool = False
) -> tuple[Guard, CorePlan]:
    """The usual start of a benchmark with a server (or with rounds in their own processes):
    the guard, the core plan with this process on the server's cores, a note of where things
    run and of the load, then a wait for an idle machine."""
    guard = Guard.from_args(args)
    plan = CorePlan.for_machine()
    pin_self(plan.server)
    where = (
        f"each round on core(s) {sorted(plan.clients or [])}"
        if rounds_on_clients
        else plan.describe()
    )
    print(f"{where}; start: {load_note()}", flush=True)
    guard.wait_for_idle("at the start")
    return guard, plan


def load_note() -> str:
    one, five, _fifteen = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


def spawn_workers(
    target: Callable[..., None], arguments: Sequence[tuple[Any, ...]]
) -> tuple[list[Connection], list[BaseProcess]]:
    """One fresh interpreter per argument tuple (no inherited caches or imports), running
    `target(*arguments, pipe)`; our ends of the pipes, in the same order."""
    spawn = multiprocessing.get_context("spawn")
    pipes: list[Connection] = []
    processes: list[BaseProcess] = []
    for given in arguments:
        ours, theirs = spawn.Pipe()
        process = spawn.Process(target=target, args=(*given, theirs))
        process.start()
        pipes.append(ours)
        processes.append(process)
    return pipes, processes


def serve_pages(pipe: Connection, clean: Callable[[int], object]) -> None:
    """A worker's side of `lockstep`: cleans the page whose number comes down the pipe and
    sends back the CPU seconds it took; -1 ends it."""
    while (number := pipe.recv()) >= 0:
        started = time.process_time()
        clean(number)
        pipe.send(time.process_time() - started)


def lockstep(
    pipes: Sequence[Connection], processes: Sequence[BaseProcess], pages: int
) -> list[list[float]]:
    """Page 1 through every worker in turn, then page 2, …, so that whatever slows the
    machine slows them alike; each worker's CPU seconds per page. Ends the workers."""
    spent = [[0.0] * pages for _ in pipes]
    for number in range(pages):
        for at, pipe in enumerate(pipes):
            pipe.send(number)
            spent[at][number] = pipe.recv()
    for pipe in pipes:
        pipe.send(-1)
    for process in processes:
        process.join()
    return spent
