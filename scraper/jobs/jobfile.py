"""The job file (TOML) → a typed `JobConfig`, checked in full before anything runs.

Each section becomes the config object of the component it belongs to (`[cleaner]` →
`CleanerConfig`, `[fetch]` → `FetchConfig`, `[politeness]` → `PolitenessConfig`, `[dedup]`
→ `DedupConfig`); sources and sinks are looked up by type in the registry. Relative paths
are taken from the job file's folder, so a job runs the same from any directory.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scraper.cleaners import cleaners
from scraper.config import (
    DEFAULT_CLEAN_TIMEOUT,
    DEFAULT_LEARNED,
    DEFAULT_MAX_ELEMENTS,
    DEFAULT_MAX_INPUT_BYTES,
    DEFAULT_MAX_LINES,
    DEFAULT_MAX_VOTE_CHARS,
    DEFAULT_MAX_VOTE_ELEMENTS,
    DEFAULT_MIN_BODY_WORDS,
    CleanerConfig,
    load_toml,
)
from scraper.errors import ConfigError
from scraper.jobs.ceilings import MAX_BYTES, MAX_CONCURRENCY, MAX_RATE, MAX_RETRIES, MAX_WORKERS
from scraper.jobs.dedup import DedupConfig
from scraper.jobs.inputs import JobInput, LinkInput, PageInput
from scraper.jobs.sinks.formatted import BODY_FORMATS, FormattedSink
from scraper.jobs.tomltable import Table, tables
from scraper.registry import names, resolve
from scraper.sources.http.addresses import AddressPolicy
from scraper.sources.http.config import FetchConfig
from scraper.sources.http.ratelimit import PolitenessConfig
from scraper.sources.http.retry import RetryConfig
from scraper.sources.http.settings import FetchSettings

SECTIONS = ("job", "sources", "sinks", "fetch", "politeness", "cleaner", "dedup", "execution")


@dataclass(frozen=True, slots=True)
class SinkSpec:
    """`rows_per_part`: Parquet only, rows per part file (fewer: smaller replays, more files).
    `body_format`: the `body` column as `text` (the record's own), `markdown` or `html`."""

    type: str
    path: Path
    rows_per_part: int | None = None
    body_format: str = "text"

    def build(self, blocks: bool = False) -> Any:
        """The sink; `blocks`: records come with their `blocks` (some sink wants a body
        format), which this sink renders its body from and leaves out."""
        cls = resolve("sink", self.type)
        sink = cls(self.path, self.rows_per_part) if self.rows_per_part else cls(self.path)
        return FormattedSink(sink, self.body_format) if blocks else sink


@dataclass(frozen=True, slots=True)
class ExecutionConfig:
    """`workers`: cleaning processes (0 = clean in the client process); with Dask and no
    `scheduler`, the size of the local cluster started for the run."""

    executor: str = "local"
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    scheduler: str | None = None


@dataclass(frozen=True, slots=True)
class JobConfig:
    name: str
    file: Path
    state: Path
    sources: tuple[JobInput, ...]
    sinks: tuple[SinkSpec, ...]
    cleaner: CleanerConfig
    settings: FetchSettings = field(default_factory=FetchSettings)
    dedup: DedupConfig = field(default_factory=DedupConfig)
    execution: ExecutionConfig = field(default_factory=ExecutionConfig)

    @property
    def folder(self) -> Path:
        return self.file.parent


def load_job(path: str | Path) -> JobConfig:
    """Read and check a job file; raises `ConfigError` naming the file, key and reason."""
    file = Path(path).resolve()
    data = load_toml(file)
    top = Table(data, file, "")
    top.known(*SECTIONS)
    top.done()
    job = Table(data.get("job", {}), file, "job")
    name = job.text("name")
    state = job.path("state", str(file.parent / f"{name}.state.sqlite"))
    job.done()
    cleaner = _cleaner(Table(data.get("cleaner", {}), file, "cleaner"))
    sources = _sources(data, file, cleaner.max_input_bytes)
    sinks = _sinks(data, file, name, state)
    return JobConfig(
        name=name,
        file=file,
        state=state,
        sources=sources,
        sinks=sinks,
        cleaner=cleaner,
        settings=FetchSettings(
            fetch=_fetch(Table(data.get("fetch", {}), file, "fetch")),
            politeness=_politeness(Table(data.get("politeness", {}), file, "politeness")),
        ),
        dedup=_dedup(Table(data.get("dedup", {}), file, "dedup")),
        execution=_execution(Table(data.get("execution", {}), file, "execution")),
    )


def _typed(table: Table, kind: str) -> tuple[str, Any]:
    name = table.text("type")
    try:
        return name, resolve(kind, name)
    except ConfigError as exc:
        table.fail("type", str(exc))
        raise  # pragma: no cover - fail() raises


def _sources(data: dict[str, Any], file: Path, max_bytes: int) -> tuple[JobInput, ...]:
    if "sources" not in data:
        raise ConfigError(f"{file}: sources: missing (at least one [[sources]] table)")
    found: list[JobInput] = []
    for table in tables(data["sources"], file, "sources"):
        name, cls = _typed(table, "source")
        if not (isinstance(cls, type) and issubclass(cls, PageInput | LinkInput)):
            table.fail("type", f"{name!r} is not a page or link input (scraper.jobs.inputs)")
        found.append(cls.from_table(table, max_bytes))
        table.done()
    if not found:
        raise ConfigError(f"{file}: sources: empty (at least one [[sources]] table)")
    return tuple(found)


def _sinks(data: dict[str, Any], file: Path, name: str, state: Path) -> tuple[SinkSpec, ...]:
    if "sinks" not in data:
        return (SinkSpec("jsonl", file.parent / f"{name}.jsonl"),)
    specs: list[SinkSpec] = []
    for table in tables(data["sinks"], file, "sinks"):
        kind, _cls = _typed(table, "sink")
        path = table.path("path")
        if path == state or any(path == s.path for s in specs):
            table.fail("path", f"{path} is already used by the job state or another sink")
        rows = table.integer("rows_per_part", None, low=1) if kind == "parquet" else None
        body_format = table.text("body_format", "text", choices=BODY_FORMATS)
        specs.append(SinkSpec(kind, path, rows, body_format))
        table.done()
    if not specs:
        raise ConfigError(f"{file}: sinks: empty (remove it for the default JSONL sink)")
    return tuple(specs)


def _cleaner(table: Table) -> CleanerConfig:
    config_dir = table.path("config_dir", None)
    if config_dir is not None and not config_dir.is_dir():
        table.fail("config_dir", f"{config_dir} is not a folder")
    timeout = table.number("timeout", DEFAULT_CLEAN_TIMEOUT)
    values = {
        "min_body_words": table.integer("min_body_words", DEFAULT_MIN_BODY_WORDS),
        "max_input_bytes": table.integer(
            "max_input_bytes", DEFAULT_MAX_INPUT_BYTES, low=1, high=MAX_BYTES
        ),
        "timeout": timeout or None,
        "max_elements": table.integer("max_elements", DEFAULT_MAX_ELEMENTS, low=1),
        "max_vote_elements": table.integer("max_vote_elements", DEFAULT_MAX_VOTE_ELEMENTS),
        "max_vote_chars": table.integer("max_vote_chars", DEFAULT_MAX_VOTE_CHARS),
        "max_lines": table.integer("max_lines", DEFAULT_MAX_LINES, low=1),
        "learned": table.flag("learned", DEFAULT_LEARNED),
    }
    table.done()
    config = CleanerConfig(**values) if config_dir is None else CleanerConfig(config_dir, **values)
    cleaners(config)  # its rule, name and site-rule files are checked now, not in a worker
    return config


def _fetch(table: Table) -> FetchConfig:
    base = FetchConfig()
    config = FetchConfig(
        user_agent=table.text("user_agent", base.user_agent),
        contact=table.text("contact", base.contact),
        timeout=table.number("timeout", base.timeout, low=0.1),
        max_bytes=table.integer("max_bytes", base.max_bytes, low=1, high=MAX_BYTES),
        robots=table.flag("robots", base.robots),
        retry=RetryConfig(
            retries=table.integer("retries", base.retry.retries, high=MAX_RETRIES)
        ),
        addresses=_addresses(table),
    )
    table.done()
    return config


def _addresses(table: Table) -> AddressPolicy:
    networks = table.texts("allow_networks", [])
    try:
        allow_private = table.flag("allow_private", AddressPolicy().allow_private)
        return AddressPolicy.allowing(networks, allow_private)
    except ValueError as exc:
        table.fail("allow_networks", str(exc))
        raise  # not reached: fail() raises the ConfigError


def _politeness(table: Table) -> PolitenessConfig:
    base = PolitenessConfig()
    config = PolitenessConfig(
        rate=table.number("rate", base.rate, high=MAX_RATE),
        concurrency=table.integer("concurrency", base.concurrency, low=1, high=MAX_CONCURRENCY),
        host_concurrency=table.integer(
            "host_concurrency", base.host_concurrency, low=1, high=MAX_CONCURRENCY
        ),
    )
    table.done()
    return config


def _dedup(table: Table) -> DedupConfig:
    base = DedupConfig()
    config = DedupConfig(
        exact=table.flag("exact", base.exact),
        near=table.flag("near", base.near),
        threshold=table.number("threshold", base.threshold, low=0.05, high=1.0),
        num_perm=table.integer("num_perm", base.num_perm, low=16, high=1024),
        shingle=table.integer("shingle", base.shingle, low=1, high=20),
    )
    table.done()
    return config


def _execution(table: Table) -> ExecutionConfig:
    base = ExecutionConfig()
    executor = table.text("executor", base.executor, choices=tuple(names("executor")))
    config = ExecutionConfig(
        executor=executor,
        workers=table.integer("workers", base.workers, high=MAX_WORKERS),
        scheduler=table.text("scheduler", None),
    )
    if config.scheduler and executor != "dask":
        table.fail("scheduler", "only used with executor = \"dask\"")
    try:
        resolve("executor", executor)
    except ConfigError as exc:
        table.fail("executor", str(exc))
    table.done()
    return config
