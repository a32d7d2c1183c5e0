"""What a paced client looks like from the server: never two requests to one host closer
than the delay (1 / rate), measured on the arrival times the server logged.

The pacer lets a request start no sooner than `delay` after the *end* of the previous one
(or its start, if later), and the server logs a request's arrival before it answers. So
when the pacer and the server read the same clock (one process, `time.monotonic`), every
gap the server sees is at least the delay, whatever the machine's speed: the tolerance
only covers float rounding. Dask workers hand the pacing on as wall-clock times, and two
processes convert between the clocks at slightly different moments: a few percent of the
delay covers that, and is still far less than a gap with no pacing at all.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

SAME_CLOCK = 1e-6
"""Tolerance, as a fraction of the delay, when the pacer and the server share a clock."""
ACROSS_PROCESSES = 0.05
"""Tolerance, as a fraction of the delay, when the pacing crosses processes (Dask)."""


def gaps(times: Iterable[float]) -> list[float]:
    ordered = sorted(times)
    return [b - a for a, b in itertools.pairwise(ordered)]


def shortest_gap(rate: float, tolerance: float = SAME_CLOCK) -> float:
    """The least time a host may see between two requests of a client paced at `rate`."""
    return (1.0 - tolerance) / rate
