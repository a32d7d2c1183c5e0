"""A per-call time budget for cleaning.

Cleaning runs in the caller's thread, where nothing can safely interrupt it (signals only
reach the main thread, and killing a thread is not possible in Python). So the cleaner checks
the clock itself: between stages, every `STRIDE` elements of the DOM walk and every `STRIDE`
blocks of the block features and the vote matching. A stage that cannot be split (lxml's
parse, trafilatura's extraction, the final assembly) finishes first; its time is bounded by
the work limits (`limits.py`: elements, and the size past which trafilatura's vote is
skipped), so the overshoot is bounded (about 3 s at those limits on the project's machine).
"""

from __future__ import annotations

import time

from scraper.errors import Timeout

STRIDE = 512


class Deadline:
    __slots__ = ("end", "seconds")

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self.end = None if seconds is None else time.monotonic() + seconds

    def check(self, stage: str) -> None:
        """Raise `Timeout` once the budget is spent; `stage` names where, for the message."""
        if self.end is not None and time.monotonic() > self.end:
            raise Timeout(f"cleaning took longer than {self.seconds:g} s (stopped at {stage})")


NO_DEADLINE = Deadline(None)
