"""Names in job files → the classes that implement them: sources, sinks, executors.

One table per kind, as `module:Class` strings, so that naming `parquet` or `dask` imports
pyarrow or distributed only when a job uses them; other packages add their own through the
entry-point groups `scraper.sources`, `scraper.sinks`, `scraper.executors`. An unknown name,
or one whose optional dependency is missing, fails when the job file is loaded.
"""

from __future__ import annotations

import importlib
from importlib.metadata import entry_points
from typing import Any

from scraper.config import install_hint
from scraper.errors import ConfigError

SOURCES = {
    "files": "scraper.jobs.inputs:FilesInput",
    "warc": "scraper.jobs.inputs:WarcInput",
    "urls": "scraper.jobs.inputs:UrlsInput",
    "sitemap": "scraper.jobs.inputs:SitemapInput",
    "feed": "scraper.jobs.inputs:FeedInput",
}
SINKS = {
    "jsonl": "scraper.jobs.sinks.jsonl:JsonlFileSink",
    "sqlite": "scraper.jobs.sinks.sqlite:SqliteSink",
    "parquet": "scraper.jobs.sinks.parquet:ParquetSink",
    "csv": "scraper.jobs.sinks.csv:CsvSink",
}
EXECUTORS = {
    "local": "scraper.jobs.executors.local:LocalExecutor",
    "dask": "scraper.jobs.executors.dask:DaskExecutor",
}
_TABLES = {"source": SOURCES, "sink": SINKS, "executor": EXECUTORS}
_EXTRAS = {"pyarrow": "parquet", "distributed": "dask", "dask": "dask"}


def _plugins(kind: str) -> dict[str, str]:
    return {ep.name: ep.value for ep in entry_points(group=f"scraper.{kind}s")}


def names(kind: str) -> list[str]:
    return sorted({**_TABLES[kind], **_plugins(kind)})


def resolve(kind: str, name: str) -> Any:
    """The class registered as `name` for `kind` (source, sink, executor)."""
    target = _TABLES[kind].get(name) or _plugins(kind).get(name)
    if target is None:
        raise ConfigError(f"unknown {kind} type {name!r} (known: {', '.join(names(kind))})")
    module_name, _, attr = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        missing = (exc.name or "").split(".")[0]
        extra = _EXTRAS.get(missing)
        hint = f": {install_hint(extra)}" if extra else ""
        raise ConfigError(f"{kind} {name!r} needs {missing or exc}{hint}") from exc
    return getattr(module, attr)
