"""The writer: commits results to the job state and feeds the sinks, in batches.

Order of a batch, which is what makes a killed job exactly-once: (1) records go into the
state's outbox with their inputs' status, in one transaction; (2) then to every sink; (3)
each sink makes them durable and reports a mark, which is committed with the next batch.
A crash anywhere leaves each sink at or past its mark; `open` cuts it back to the mark and
replays the committed records after it. A sink that holds less than its mark (deleted or
cut outside the job) is rebuilt from the latest record of every input, with one warning
line saying which and why, at `open` and again at `close` (for one removed while the run
wrote to it): no run ends with a sink missing committed records.

Each step runs inside `interrupts.critical()`: Ctrl-C or SIGTERM waits for the step to end,
so the state and the sinks always agree on what a stopped run did.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice

from scraper.errors import SinkError
from scraper.jobs.dedup import Deduper
from scraper.jobs.interrupts import critical
from scraper.jobs.pipeline import Result
from scraper.jobs.sinks.base import Mark, Row, Sink
from scraper.jobs.state import Entry, JobState, Run
from scraper.jobs.stats import outcome_of

BATCH = 64
BATCH_SECONDS = 0.5
REPLAY_ROWS = 500
log = logging.getLogger(__name__)


def chunks(rows: Iterable[Row], size: int = REPLAY_ROWS) -> Iterator[list[Row]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


class Writer:
    def __init__(
        self,
        state: JobState,
        sinks: Sequence[Sink],
        deduper: Deduper,
        run: Run,
        batch: int = BATCH,
        batch_seconds: float = BATCH_SECONDS,
        blocks: bool = False,
    ) -> None:
        """`blocks`: keep each record's `blocks` (a sink renders its body from them)."""
        self.state = state
        self.sinks = list(sinks)
        self.deduper = deduper
        self.run = run
        self.batch = batch
        self.batch_seconds = batch_seconds
        self._rows: list[Row] = []
        self._count = 0
        self._since = 0.0
        self.blocks = blocks

    def open(self) -> int:
        """Check every sink against its mark (rebuilding one that lacks records), bring it
        to its mark and replay what it lacks; returns records replayed."""
        with critical():
            marks = self.state.marks()
            for sink in self.sinks:
                mark = marks.get(sink.name)
                why = None if mark is None else sink.check(mark)
                if why is None:
                    sink.open(mark)
                    marks.setdefault(sink.name, Mark(self.state.last_seq()))
                else:
                    marks[sink.name] = self._rebuild(sink, why)
            self.state.set_marks(marks)
            self.state.commit()
            replayed = 0
            for sink in self.sinks:
                for chunk in chunks(self.state.records_after(marks[sink.name].seq)):
                    sink.write(chunk)
                    replayed += len(chunk)
            self._checkpoint()
            return replayed

    def _rebuild(self, sink: Sink, why: str) -> Mark:
        """Write `sink` again from the latest record of every input; returns its mark."""
        unstored = self.state.unstored()
        if unstored:
            raise SinkError(
                f"{sink.name}: {why}, and this job state keeps no copy of {unstored} of its "
                "records (it predates stored records); to start the job over, remove its "
                "state file and its outputs"
            )
        sink.discard()
        sink.open(None)
        written = 0
        for chunk in chunks(self.state.stored_records()):
            sink.write(chunk)
            written += len(chunk)
        mark = sink.close() or Mark(0)
        sink.open(mark)
        log.warning(
            "%s: rebuilt from the job state (%d records), because %s", sink.name, written, why
        )
        return mark

    def add(self, result: Result) -> str:
        """Commit one result (in the current batch); returns its outcome for the stats."""
        with critical(deliver=False):  # the caller counts it, then calls deliver_held()
            return self._add(result)

    def _add(self, result: Result) -> str:
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
            record = article.to_dict(blocks=self.blocks)
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
        with critical():
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
        with critical():
            self.flush()
            marks = {sink.name: mark for sink in self.sinks if (mark := sink.close())}
            self.state.set_marks(marks)
            self.state.commit()
            self._recheck()
            self.state.prune()
            self.state.commit()

    def _recheck(self) -> None:
        """Rebuild a sink that lost records while the run wrote to it (a file removed
        under an open handle keeps taking writes that nobody will ever read)."""
        marks = self.state.marks()
        for sink in self.sinks:
            mark = marks.get(sink.name)
            why = None if mark is None else sink.check(mark)
            if why is not None:
                rebuilt = self._rebuild(sink, why)
                self.state.set_marks({sink.name: sink.close() or rebuilt})
