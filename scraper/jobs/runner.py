"""Jobs: `load_job(path)` reads a job file, `run_job(job)` runs it to the end, or resumes it.

A run reads its sources lazily, skips what the state says is already done (an interrupted
run resumes where it stopped; a finished job re-checks every input and emits only what
changed), hands the rest to an executor and commits results through the `Writer`. Page
inputs (files, WARC) come first, in the order of the job file, then every URL input,
fetched as one crawl so that politeness spans all of them.

A run first takes the job's lock (`lock.py`), before it starts workers or writes anything:
a second run of the same job stops at once. A run stopped by a signal (`interrupts.py`)
commits what it has and raises `Stopped` carrying its stats so far; the next run resumes.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from scraper.jobs import pipeline
from scraper.jobs.dedup import Deduper
from scraper.jobs.executors.base import Executor, UrlTask
from scraper.jobs.inputs import LinkInput, PageInput
from scraper.jobs.interrupts import Stopped, deliver_held
from scraper.jobs.jobfile import ExecutionConfig, JobConfig, load_job
from scraper.jobs.lock import JobLock
from scraper.jobs.pipeline import Result, Task, item_key, relative_to
from scraper.jobs.progress import Progress
from scraper.jobs.state import JobState, Prior, Run, StateDamaged, StateReader
from scraper.jobs.stats import RunStats
from scraper.jobs.writer import Writer
from scraper.registry import resolve
from scraper.sources.base import Failed, Item
from scraper.sources.discover import Discovery
from scraper.sources.http.ratelimit import Politeness
from scraper.sources.urls import UrlList

__all__ = ["JobConfig", "RunOptions", "load_job", "run_job"]


@dataclass(frozen=True, slots=True)
class RunOptions:
    """What the command line may change for one run; None keeps the job file's setting."""

    force: bool = False
    executor: str | None = None
    scheduler: str | None = None
    workers: int | None = None
    progress: bool = False


def make_executor(job: JobConfig, execution: ExecutionConfig) -> Executor:
    cls = resolve("executor", execution.executor)
    executor: Executor = cls(job.cleaner, execution.workers, execution.scheduler)
    return executor


def run_job(job: JobConfig | str | Path, options: RunOptions | None = None) -> RunStats:
    """Run a job to the end (resuming it if a previous run was interrupted)."""
    job = job if isinstance(job, JobConfig) else load_job(job)
    options = options or RunOptions()
    execution = replace(
        job.execution,
        executor=options.executor or job.execution.executor,
        scheduler=options.scheduler or job.execution.scheduler,
        workers=job.execution.workers if options.workers is None else options.workers,
    )
    with JobLock(job.state, job.name):
        executor = make_executor(job, execution)  # its workers start meanwhile
        try:
            state = JobState(job.state)
        except BaseException:
            executor.close()
            raise
        try:
            run = state.begin_run(options.force)
            blocks = any(spec.body_format != "text" for spec in job.sinks)
            sinks = [spec.build(blocks) for spec in job.sinks]
            writer = Writer(state, sinks, Deduper(state, job.dedup), run, blocks=blocks)
            writer.open()
            stats = _execute(job, state, run, writer, executor, options)
            state.finish_run(run)
            return stats
        except sqlite3.DatabaseError as exc:  # damage the open-time check could not see
            raise StateDamaged(job.state, exc) from exc
        finally:
            executor.close()
            _close(state)


def _close(state: JobState) -> None:
    try:
        state.close()
    except sqlite3.DatabaseError as exc:
        raise StateDamaged(state.path, exc) from exc


def _execute(
    job: JobConfig,
    state: JobState,
    run: Run,
    writer: Writer,
    executor: Executor,
    options: RunOptions,
) -> RunStats:
    stats = RunStats()
    skipped: Counter[str] = Counter()
    total = _total(job) if options.progress else None
    try:
        with Progress(options.progress, total, resumed=run.resumed) as bar:
            results = _results(job, state, run, executor, skipped)
            for counted in pipeline.run(results, writer.add, stats):
                bar.update(counted, skipped)
                deliver_held()  # a signal held while the result was committed
            writer.close()
    except KeyboardInterrupt as exc:
        writer.close()
        _add_skipped(stats, skipped, job)
        signum = exc.signum if isinstance(exc, Stopped) else Stopped().signum
        raise Stopped(signum, stats) from exc
    _add_skipped(stats, skipped, job)
    return stats


def _add_skipped(stats: RunStats, skipped: Counter[str], job: JobConfig) -> None:
    stats.outcomes.update(skipped)
    for source in job.sources:
        if isinstance(source, PageInput):
            stats.not_pages.update(source.not_pages())


def _total(job: JobConfig) -> int | None:
    """How many inputs, for the progress bar's ETA (a walk of every folder: only then)."""
    total = 0
    for source in job.sources:
        count = source.count()
        if count is None:
            return None
        total += count
    return total


def _results(
    job: JobConfig, state: JobState, run: Run, executor: Executor, skipped: Counter[str]
) -> Iterator[Result]:
    for source in job.sources:
        if isinstance(source, PageInput):
            tasks = _page_tasks(source.items(), job.folder, state, run, skipped)
            yield from executor.clean(tasks)
    links = [source for source in job.sources if isinstance(source, LinkInput)]
    if not links:
        return
    politeness = Politeness(job.settings.politeness)
    fetcher = job.settings.fetcher(politeness=politeness)
    max_bytes = job.settings.discovery.max_bytes
    discovery = Discovery(
        lambda url: fetcher.get(url, max_bytes=max_bytes).body, job.settings.discovery
    )
    reader = StateReader(job.state)
    failures: list[Failed] = []
    try:
        url_tasks = _url_tasks(links, discovery, reader, run, skipped, failures)
        yield from executor.fetch(url_tasks, job.settings, politeness)
        failed = _page_tasks(iter(failures), job.folder, state, run, skipped)
        yield from executor.clean(failed)
    finally:
        reader.close()
        fetcher.session.close()


def _skip(prior: Prior | None, run: Run) -> str | None:
    """Why an input is not processed in this run, or None when it is. (An input listed
    twice in one run, say by two sources, is caught when its second result is committed.)"""
    return "already done" if prior is not None and prior.run == run.id else None


def _page_tasks(
    items: Iterator[Item],
    folder: Path,
    state: JobState,
    run: Run,
    skipped: Counter[str],
) -> Iterator[Task]:
    for item in items:
        item = relative_to(item, folder)
        key = item_key(item)
        prior = state.prior(key)
        reason = _skip(prior, run)
        if reason:
            skipped[reason] += 1
            continue
        yield Task(key, item, None if run.force or prior is None else prior.fingerprint)


def _url_tasks(
    links: list[LinkInput],
    discovery: Discovery,
    reader: StateReader,
    run: Run,
    skipped: Counter[str],
    failures: list[Failed],
) -> Iterator[UrlTask]:
    """Normalised, de-duplicated URLs of every link input, minus those done in this run.

    Runs on fetch threads (the frontier draws from it), hence the state's `reader`."""
    urls = UrlList(counts=skipped)
    for source in links:
        for url in urls(_strings(source.links(discovery), failures)):
            if url.startswith(("http://", "https://")) and not source.url_filter.allows(url):
                skipped["filtered"] += 1
                continue
            prior = reader.prior(url)
            reason = _skip(prior, run)
            if reason:
                skipped[reason] += 1
                continue
            if prior is None or run.force:
                yield UrlTask(url)
            else:
                yield UrlTask(url, prior.fingerprint, prior.url, prior.etag, prior.last_modified)


def _strings(links: Iterator[str | Failed], failures: list[Failed]) -> Iterator[str]:
    for link in links:
        if isinstance(link, Failed):
            failures.append(link)
        else:
            yield link
