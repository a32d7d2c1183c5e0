"""The largest value each integer or number setting may take, in a job file and on the
command line alike (both import these; each is declared here once).

Why ceilings at all: a value far past anything sensible is a typo, and some would pass the
"at least 1" check and then crash deep inside a run (`max_input_bytes = 2**63 - 1` becomes
an OverflowError in `read()`, a timeout of 1e300 one in the socket layer) or start
thousands of processes. Each ceiling sits well above any real use.
"""

from __future__ import annotations

MAX_BYTES = 1 << 30
"""Input and body caps: 1 GiB (reads allocate up to the cap; cleaning takes ~18 MiB per MB)."""
MAX_SECONDS = 86_400.0
"""Timeouts: a day."""
MAX_WORKERS = 512
"""Cleaning processes, evaluation jobs."""
MAX_CONCURRENCY = 1_024
"""Requests in flight (threads)."""
MAX_RETRIES = 100
MAX_RATE = 1_000_000.0
"""Requests per second per host."""
MAX_INTEGER = 2**31 - 1
"""Any other integer (word counts, rows per part, samples): what a C int holds."""
