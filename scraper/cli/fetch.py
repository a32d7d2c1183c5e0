"""`scraper fetch`: URLs (and the pages sitemaps and feeds list) fetched politely, cleaned,
one record per URL."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click

from scraper.cli.feedback import feedback_for
from scraper.cli.formats import format_options, shape_of
from scraper.cli.options import (
    cleaner_config,
    config_option,
    core_option,
    exit_with,
    feedback_options,
    fetch_options,
    fetch_settings,
    output_option,
)
from scraper.cli.options import write_records as write
from scraper.errors import ScraperError
from scraper.jobs.ceilings import MAX_CONCURRENCY, MAX_RATE
from scraper.jobs.interrupts import Stopped, stopping
from scraper.jobs.pipeline import clean_item
from scraper.sources.http.ratelimit import PolitenessConfig
from scraper.sources.urls import UrlFilter, read_url_list

path_type = click.Path(path_type=Path)
POLITENESS = PolitenessConfig()


def _default_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "scraper" / "http.sqlite"


@click.command()
@click.argument("urls", nargs=-1)
@click.option("--urls-file", type=path_type, help="One URL a line ('-' for stdin).")
@click.option("--sitemap", "sitemaps", multiple=True, help="Sitemap or sitemap index to expand.")
@click.option("--feed", "feeds", multiple=True, help="RSS or Atom feed to expand.")
@output_option
@format_options
@click.option("--raw-dir", type=path_type, help="Save raw responses (+ JSON sidecars) here.")
@fetch_options
@click.option(
    "--rate",
    type=click.FloatRange(min=0, max=MAX_RATE),
    default=POLITENESS.rate,
    show_default=True,
    help="Requests per second per host; 0 = no pacing.",
)
@click.option(
    "--concurrency",
    type=click.IntRange(min=1, max=MAX_CONCURRENCY),
    default=POLITENESS.concurrency,
    show_default=True,
    help="Requests in flight in all.",
)
@click.option(
    "--host-concurrency",
    type=click.IntRange(min=1, max=MAX_CONCURRENCY),
    default=POLITENESS.host_concurrency,
    show_default=True,
    help="Requests in flight per host.",
)
@click.option("--host", "hosts", multiple=True, help="Only this host (and subdomains).")
@click.option("--path-glob", "path_globs", multiple=True, help="Only URL paths matching this glob.")
@click.option(
    "--cache",
    "cache_path",
    type=path_type,
    help="HTTP validator cache (default ~/.cache/scraper/http.sqlite).",
)
@click.option("--no-cache", is_flag=True, help="No conditional requests; nothing stored.")
@config_option
@core_option
@feedback_options
def fetch(
    urls: tuple[str, ...],
    output: Path | None,
    config_dir: Path | None,
    learned: bool | None,
    quiet: bool,
    verbose: bool,
    progress: bool | None,
    **opts: Any,
) -> None:
    """Fetch URLs (and the pages listed by sitemaps and feeds), clean them, and write one
    record per URL; a URL that cannot be fetched gives an error record saying why."""
    from scraper.sources.http.run import FetchRun

    shape = shape_of(opts)
    if shape.out_dir is not None and output is not None:
        raise click.UsageError("-o writes one stream, --out-dir one file per record: not both")
    inputs = [*urls, *_listed(opts["urls_file"])]
    if not (inputs or opts["sitemaps"] or opts["feeds"]):
        raise click.UsageError("give URLs, --urls-file, --sitemap or --feed")
    config = cleaner_config(config_dir, learned)
    politeness = PolitenessConfig(
        rate=opts["rate"],
        concurrency=opts["concurrency"],
        host_concurrency=opts["host_concurrency"],
    )
    try:
        run = FetchRun(
            fetch_settings(opts, politeness),
            UrlFilter(tuple(h.lower() for h in opts["hosts"]), opts["path_globs"]),
            cache_path=None if opts["no_cache"] else opts["cache_path"] or _default_cache(),
            raw_dir=opts["raw_dir"],
        )
    except ScraperError as exc:
        raise click.UsageError(str(exc)) from exc
    listed_only = not (opts["sitemaps"] or opts["feeds"])
    feedback = feedback_for(quiet, verbose, progress, len(set(inputs)) if listed_only else None)
    with feedback:
        try:
            with stopping():
                items = feedback.watch(run.items(inputs, opts["sitemaps"], opts["feeds"]))
                records = (clean_item(item, config) for item in items)
                stats = write(records, output, feedback.record, shape)
        except Stopped as exc:
            feedback.stopped(exc, output or shape.out_dir)
        finally:
            run.close()
    dropped = ", ".join(f"{k} {n}" for k, n in sorted(run.counts.items()))
    feedback.summary(
        stats, output or shape.out_dir, [f"skipped before fetching: {dropped}"] if dropped else []
    )
    exit_with(stats)


def _listed(urls_file: Path | None) -> list[str]:
    if urls_file is None:
        return []
    try:
        return list(read_url_list(urls_file))
    except (OSError, UnicodeDecodeError) as exc:
        raise click.UsageError(f"{urls_file}: cannot read the URL list: {exc}") from exc
