"""Waiting for an observed event (a record committed, a request logged, a line written),
never for a fixed time: how long something takes depends on the machine, what happens in
what order does not."""

from __future__ import annotations

import time
from collections.abc import Callable

STUCK = 120.0
"""Seconds a wait for an event may last before the test fails: far beyond any normal run
(the events tests wait for come within seconds), so it is reached only when something is
stuck."""


def wait_until(condition: Callable[[], bool], what: str, poll: float = 0.02) -> None:
    """Check `condition` every `poll` seconds until it holds; fail, saying `what` never
    happened, after `STUCK` seconds."""
    deadline = time.monotonic() + STUCK
    while not condition():
        assert time.monotonic() < deadline, f"stuck: {what}"
        time.sleep(poll)
