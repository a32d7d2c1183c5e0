"""When to try a request again, and how long to wait first.

Connection failures, 429 and 5xx are retried with exponential backoff and full jitter
(a random wait up to the backoff, so many workers failing together do not retry together).
A `Retry-After` header is honoured when the server sends one, but never beyond
`max_retry_after`: a server asking for an hour's pause gets an error record instead.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True, slots=True)
class RetryConfig:
    retries: int = 3
    backoff: float = 0.5
    max_backoff: float = 30.0
    max_retry_after: float = 60.0

    def backoff_for(self, attempt: int, rng: random.Random | None = None) -> float:
        """Wait before retry number `attempt` (1-based): uniform in (0, backoff·2^(n-1)]."""
        ceiling = min(self.max_backoff, self.backoff * 2.0 ** (attempt - 1))
        draw = rng.random() if rng is not None else random.random()
        return ceiling * (1.0 - draw)


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))
