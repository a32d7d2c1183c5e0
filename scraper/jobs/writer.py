"""The writer: commits results to the job state and feeds the sinks, in batches.

Order of a batch, which is what makes a killed job exactly-once: (1) records go into the
state's outbox with their inputs' status, in one transaction; (2) then to every sink; (3)
each sink makes them durable and reports a mark, which is committed with the next batch.
A crash anywhere leaves each sink at or past its mark; `open` cuts it back to the mark and
replays the committed records after it.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence

from scraper.jobs.dedup import Deduper
from scraper.jobs.pipeline import Result
from scraper.jobs.sinks.base import Mark, Row, Sink
from scraper.jobs.state import Entry, JobState, Run
from scraper.jobs.stats import outcome_of

BATCH = 64
BATCH_SECONDS = 0.5


class Writer:
    def __init__(
        self,
        state: JobState,
        sinks: Sequence[Sink],
        deduper: Deduper,
        run: Run,
        batch: int = BATCH,
        batch_seconds: float = BATCH_SECONDS,
    ) -> None:
        self.state = state
        self.sinks = list(sinks)
        self.deduper = deduper
        self.run = run
        self.batch = batch
        self.batch_seconds = batch_seconds
        self._rows: list[Row] = []
        self._count = 0
        self._since = 0.0

    def open(self) -> int:
        """Bring every sink to its mark and replay what it lacks; returns records replayed."""
        marks = self.state.marks()
        new = {}
        for sink in self.sinks:
            mark = marks.get(sink.name)
            sink.open(mark)
            if mark is None:
                new[sink.name] = Mark(self.state.last_seq())
        self.state.set_marks(new)
        self.state.commit()
        marks = self.state.marks()
        replayed = 0
        for sink in self.sinks:
            chunk: list[Row] = []
            for row in self.state.records_after(marks[sink.name].seq):
                chunk.append(row)
                if len(chunk) >= 500:
                    sink.write(chunk)
                    replayed, chunk = replayed + len(chunk), []
            sink.write(chunk)
            replayed += len(chunk)
        self._checkpoint()
        return replayed

    def add(self, result: Result) -> str:
        """Commit one result (in the current batch); returns its outcome for the stats."""
        if not self._count:
            self._since = time.monotonic()
        self._count += 1
        article = result.article
        prior = self.state.prior(result.key)
        if prior is not None and prior.run == self.run.id:
            return "already done"  # listed twice in one run: the first one counts
        if article is None:
            self.state.add(Entry(result.key, result.fingerprint, "unchanged"), self.run)
            outcome = "unchanged"
        else:
            record = article.to_dict()
            duplicate, signature = self.deduper.mark(record)
            text = json.dumps(record, ensure_ascii=False)
            outcome = outcome_of(article, duplicate)
            entry = Entry(
                result.key,
                result.fingerprint,
                outcome,
                text,
                article.id,
                result.url,
                result.etag,
                result.last_modified,
            )
            seq = self.state.add(entry, self.run)
            assert seq is not None
            self.deduper.remember(record, seq, signature)
            self._rows.append(Row(seq, record, text))
        if self._count >= self.batch or time.monotonic() - self._since >= self.batch_seconds:
            self.flush()
        return outcome

    def flush(self) -> None:
        self.state.commit()
        rows, self._rows, self._count = self._rows, [], 0
        for sink in self.sinks:
            sink.write(rows)
        self._checkpoint()

    def _checkpoint(self) -> None:
        marks = {sink.name: mark for sink in self.sinks if (mark := sink.checkpoint())}
        self.state.set_marks(marks)
        self.state.prune()

    def close(self) -> None:
        """Flush, close every sink, and commit their final marks."""
        self.flush()
        marks = {sink.name: mark for sink in self.sinks if (mark := sink.close())}
        self.state.set_marks(marks)
        self.state.prune()
        self.state.commit()
