"""Ctrl-C and SIGTERM that stop a run between records, never in the middle of one.

Why: Python raises `KeyboardInterrupt` wherever the main thread happens to be. Raised
between a record's outbox row and its input's row, or halfway through a sink's batch, it
would leave a state that claims what the sinks lack (or the reverse). With `stopping()`
installed, a signal that arrives inside `critical()` is held until the section ends; one
that arrives elsewhere (say while waiting for a worker) stops the run at once. Either way
the run then commits what it has, closes its sinks and workers, and says what it did.

Exit statuses follow the shell's convention, 128 + the signal number: 130 for SIGINT, 143
for SIGTERM (`Stopped.exit_code`).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from scraper.jobs.stats import RunStats

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Stopped(KeyboardInterrupt):
    """A run stopped by a signal; carries the signal number (and, once the run has said
    what it did, its stats)."""

    def __init__(self, signum: int = signal.SIGINT, stats: RunStats | None = None) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum
        self.stats = stats

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


class _Held:
    depth = 0
    pending: int | None = None


_held = _Held()


def _on_signal(signum: int, _frame: FrameType | None) -> None:
    if _held.depth:
        _held.pending = signum
        return
    raise Stopped(signum)


@contextmanager
def critical(deliver: bool = True) -> Iterator[None]:
    """Hold `stopping()`'s signals until this block ends (re-entrant). With `deliver=False`
    a held signal waits for the caller's next `deliver_held()` instead: a step whose result the
    caller must still count (a record committed) is not cut off from its count."""
    _held.depth += 1
    try:
        yield
    finally:
        _held.depth -= 1
        if deliver:
            deliver_held()


def deliver_held() -> None:
    """Raise `Stopped` now for a signal held by `critical()`, if there is one."""
    if not _held.depth and _held.pending is not None:
        signum, _held.pending = _held.pending, None
        raise Stopped(signum)


@contextmanager
def stopping() -> Iterator[None]:
    """SIGINT and SIGTERM raise `Stopped` (outside `critical()` sections) while this is
    active; the previous handlers come back after. Only the main thread can install
    handlers: elsewhere this does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.signal(signum, _on_signal) for signum in SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
