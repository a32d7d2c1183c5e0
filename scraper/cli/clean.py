"""`scraper clean` (saved pages, standard input and WARC/WET files → records) and
`scraper schema`."""

from __future__ import annotations

import json
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
    output_option,
    page_url_option,
    write_records,
)
from scraper.jobs.interrupts import Stopped, stopping
from scraper.jobs.pipeline import clean_item
from scraper.records import ARTICLE_SCHEMA
from scraper.sources.files import STDIN, FileSource, expand_inputs
from scraper.sources.warc_files import warc_paths


@click.command()
@click.argument("paths", nargs=-1, required=True)
@output_option
@format_options
@page_url_option
@config_option
@core_option
@feedback_options
def clean(
    paths: tuple[str, ...],
    output: Path | None,
    url: str | None,
    config_dir: Path | None,
    learned: bool | None,
    quiet: bool,
    verbose: bool,
    progress: bool | None,
    **formats: Any,
) -> None:
    """Clean saved pages (files, folders, globs; `-` reads standard input) into one record
    per input (JSON, or the body as Markdown, text or HTML: --format). Folders give their
    .txt/.html/.htm/WARC/WET files (optionally .gz) and the other files whose content is an
    HTML page (or text, without an extension)."""
    if url is not None and (len(paths) != 1 or Path(paths[0]).is_dir()):
        raise click.UsageError("--url names the address of one saved page: give one file or -")
    shape = shape_of(formats)
    if shape.out_dir is not None and output is not None:
        raise click.UsageError("-o writes one stream, --out-dir one file per record: not both")
    config = cleaner_config(config_dir, learned)
    feedback = feedback_for(quiet, verbose, progress)
    if feedback.progress:
        feedback.total = _count(paths)
    source = FileSource(paths, config.max_input_bytes, url, feedback.skipped)
    with feedback:
        try:
            with stopping():
                items = feedback.watch(source.pages())
                records = (clean_item(item, config) for item in items)
                stats = write_records(records, output, feedback.record, shape)
        except Stopped as exc:
            feedback.stopped(exc, output or shape.out_dir)
    feedback.summary(stats, output or shape.out_dir)
    if not stats.seen:
        skipped = ", ".join(f"{why} {n}" for why, n in sorted(feedback.skipped.items()))
        found = f" (skipped: {skipped})" if skipped else ""
        raise click.UsageError(f"no input files matched {' '.join(paths)}{found}")
    exit_with(stats)


def _count(paths: tuple[str, ...]) -> int | None:
    """How many records, for the bar's ETA: known unless a WARC file or stdin is among them."""
    if STDIN in paths:
        return None
    found = list(expand_inputs(paths))
    return None if warc_paths(found) else len(found)


@click.command()
def schema() -> None:
    """Print the JSON Schema of the article record."""
    click.echo(json.dumps(ARTICLE_SCHEMA, indent=2))
