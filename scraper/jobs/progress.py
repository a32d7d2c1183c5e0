"""The progress bar of a job run, on stderr: pages/s, errors, duplicates, ETA when the
number of inputs is known up front (files and URL lists; not WARC files or sitemaps)."""

from __future__ import annotations

import sys
import time
from collections import Counter
from types import TracebackType
from typing import Any

from scraper.jobs.stats import RunStats


class Progress:
    def __init__(
        self, enabled: bool, total: int | None, resumed: bool = False, job: bool = True
    ) -> None:
        """`job`: the bar also counts duplicates and skipped inputs (`scraper run`), not
        only errors (`scraper clean`, `scraper fetch`)."""
        self.enabled = enabled
        self.job = job
        self.total = total
        self.resumed = resumed
        self._bar: Any = None
        self._last = 0.0
        self._final: tuple[RunStats, Counter[str]] | None = None

    def __enter__(self) -> Progress:
        if self.enabled:
            from tqdm import tqdm

            self._bar = tqdm(
                total=self.total,
                unit="page",
                file=sys.stderr,
                desc="resuming" if self.resumed else "pages",
                dynamic_ncols=True,
                smoothing=0.1,
            )
        return self

    def update(self, stats: RunStats, skipped: Counter[str]) -> None:
        if self._bar is None:
            return
        done = stats.seen + sum(skipped.values())
        self._bar.update(done - self._bar.n)
        now = time.monotonic()
        if now - self._last >= 0.5:
            self._last = now
            self._postfix(stats, skipped)
        self._final = (stats, skipped)

    def write(self, line: str) -> None:
        """A line on stderr above the bar (which is drawn again below it)."""
        if self._bar is not None:
            self._bar.write(line, file=sys.stderr)
        else:
            print(line, file=sys.stderr)

    def _postfix(self, stats: RunStats, skipped: Counter[str]) -> None:
        if not self.job:
            self._bar.set_postfix(errors=stats.errors, refresh=False)
            return
        duplicates = sum(n for k, n in stats.outcomes.items() if k.startswith("duplicate"))
        self._bar.set_postfix(
            errors=stats.errors, dups=duplicates, skipped=sum(skipped.values()), refresh=False
        )

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            if self._final is not None:
                self._postfix(*self._final)
            self._bar.close()
