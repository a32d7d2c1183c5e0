"""`scraper clean` (saved pages and WARC/WET files → records) and `scraper schema`."""

from __future__ import annotations

import json
from pathlib import Path

import click

from scraper.cli.options import (
    cleaner_config,
    config_option,
    exit_with,
    output_option,
    print_summary,
    quiet_option,
    stopped,
    write_records,
)
from scraper.jobs.interrupts import Stopped, stopping
from scraper.jobs.pipeline import clean_item
from scraper.records import ARTICLE_SCHEMA
from scraper.sources.files import FileSource


@click.command()
@click.argument("paths", nargs=-1, required=True)
@output_option
@config_option
@quiet_option
def clean(
    paths: tuple[str, ...], output: Path | None, config_dir: Path | None, quiet: bool
) -> None:
    """Clean saved pages (files, folders, globs of .txt/.html/.htm, optionally .gz) into
    one JSON record per input."""
    config = cleaner_config(config_dir)
    items = FileSource(paths, config.max_input_bytes).pages()
    try:
        with stopping():
            stats = write_records((clean_item(item, config) for item in items), output)
    except Stopped as exc:
        stopped(exc, quiet)
    if not quiet:
        print_summary(stats)
    if not stats.seen:
        raise click.UsageError(f"no input files matched {' '.join(paths)}")
    exit_with(stats)


@click.command()
def schema() -> None:
    """Print the JSON Schema of the article record."""
    click.echo(json.dumps(ARTICLE_SCHEMA, indent=2))
