"""`scraper explain`: one saved page as a self-contained HTML report of what cleaning kept,
what it removed and why, and where each metadata field came from."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from scraper.cli.options import (
    cleaner_config,
    config_option,
    core_option,
    page_url_option,
    writable_output,
)


@click.command()
@click.argument("page")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    callback=writable_output,
    help="Write the report here (its folder must exist) instead of stdout.",
)
@page_url_option
@config_option
@core_option
def explain(
    page: str,
    output: Path | None,
    url: str | None,
    config_dir: Path | None,
    learned: bool | None,
) -> None:
    """Explain how PAGE (a saved HTML or text page, or `-` for standard input; the first
    record of a WARC file) is cleaned: one HTML file, no network needed to view it, with the
    page's blocks in reading order, the removed ones struck through with their rule id and
    reason (and the block model's score), the metadata with where each field came from, and
    filters to show one rule's blocks. Exit status 1 when the page gives an error record."""
    from scraper.report.explain import Explanation, explain_page
    from scraper.report.html_report import render_report
    from scraper.sources.base import Failed
    from scraper.sources.files import FileSource

    if Path(page).is_dir():
        raise click.UsageError(f"{page}: explain takes one page, not a folder")
    config = cleaner_config(config_dir, learned)
    item = next(iter(FileSource((page,), config.max_input_bytes, url).pages()), None)
    if item is None:
        raise click.UsageError(f"{page}: no page found in it")
    if isinstance(item, Failed):
        explanation = Explanation(item.to_article(), "text")
    else:
        explanation = explain_page(item, config)
    report = render_report(explanation)
    if output is None or str(output) == "-":
        sys.stdout.write(report)
    else:
        output.write_text(report, encoding="utf-8")
        article = explanation.article
        removed = sum(1 for block in explanation.blocks if block.rule)
        click.echo(
            f"{output}: {len(explanation.blocks)} blocks, {removed} removed, "
            f"{article.word_count} words in the body",
            err=True,
        )
    sys.exit(0 if explanation.article.ok else 1)
