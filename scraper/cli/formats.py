"""Output formats of `scraper clean` and `scraper fetch`: JSON Lines records (the default),
the body as Markdown, plain text or HTML, or CSV rows; into one stream, or one file per
record with `--out-dir`.

In one stream, each record of a Markdown, text or HTML output starts with a separator line
that names where it came from (and the error, for an error record), so that nothing is lost
and the records can be told apart: `<!-- scraper: … -->` in Markdown and HTML (a comment,
invisible when rendered), `==> … <==` in text (as `head` and `tail` mark files).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click

from scraper.records import Article

FORMATS = ("jsonl", "markdown", "text", "html", "csv")
EXTENSIONS = {"jsonl": "json", "markdown": "md", "text": "txt", "html": "html", "csv": "csv"}
Command = TypeVar("Command", bound=Callable[..., Any])


@dataclass(frozen=True, slots=True)
class OutputShape:
    """What each record is written as. `markdown` and `blocks` add the `body_markdown` and
    `blocks` keys to JSON records; `links` keeps the body's links in Markdown and HTML."""

    format: str = "jsonl"
    out_dir: Path | None = None
    markdown: bool = False
    blocks: bool = False
    links: bool = False

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.format]

    def header(self) -> str:
        """What a stream (or a file of its own) starts with: the CSV header row."""
        if self.format != "csv":
            return ""
        from scraper.jobs.sinks.base import COLUMNS

        return _csv_line(list(COLUMNS))

    def render(self, article: Article, alone: bool = False) -> str:
        """The record as text; `alone`: in a file of its own, which needs no separator."""
        if self.format == "jsonl":
            record = article.to_dict(blocks=self.blocks, markdown=self.markdown)
            return json.dumps(record, ensure_ascii=False) + "\n"
        if self.format == "csv":
            from scraper.jobs.sinks.base import flat_values

            return _csv_line(flat_values(article.to_dict()))
        body = self._body(article)
        if alone and article.ok:
            return body
        return f"{self._separator(article)}\n{body}" + ("" if alone else "\n")

    def _body(self, article: Article) -> str:
        if not article.ok:
            return ""
        if self.format == "markdown":
            return article.to_markdown(self.links)
        if self.format == "html":
            return article.to_html(self.links)
        return article.to_text() + "\n"

    def _separator(self, article: Article) -> str:
        where = article.input or article.url or article.id
        if article.url and article.url != where:
            where = f"{where} ({article.url})"
        if article.error is not None:
            where = f"{where}: {article.error.kind} error: {article.error.message}"
        if self.format == "text":
            return f"==> {where} <=="
        return f"<!-- scraper: {where.replace('--', '- -')} -->"


def _csv_line(values: list[Any]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(values)
    return buffer.getvalue()


def shape_of(options: dict[str, Any]) -> OutputShape:
    """The shape the format options describe, or a usage error for a combination that
    cannot be honoured."""
    shape = OutputShape(
        format=options.pop("output_format"),
        out_dir=options.pop("out_dir"),
        markdown=options.pop("with_markdown"),
        blocks=options.pop("with_blocks"),
        links=options.pop("links"),
    )
    if (shape.markdown or shape.blocks) and shape.format != "jsonl":
        raise click.UsageError(
            "--with-markdown and --with-blocks add keys to JSON records: "
            "they go with --format jsonl"
        )
    return shape


def format_options(command: Command) -> Command:
    """`--format`, `--out-dir`, `--with-markdown`, `--with-blocks` and `--links`; the command
    takes them as `**formats` and hands them to `shape_of`."""
    options = [
        click.option(
            "--format",
            "output_format",
            type=click.Choice(FORMATS),
            default="jsonl",
            show_default=True,
            help="JSON records, the body as Markdown, text or HTML, or CSV rows.",
        ),
        click.option(
            "--out-dir",
            type=click.Path(file_okay=False, path_type=Path),
            help="One file per record in this folder (created), named by record id.",
        ),
        click.option(
            "--with-markdown", is_flag=True, help="JSON records get `body_markdown`, too."
        ),
        click.option(
            "--with-blocks",
            is_flag=True,
            help="JSON records get `blocks`: the body's structure, block by block.",
        ),
        click.option("--links", is_flag=True, help="Markdown and HTML keep the body's links."),
    ]
    for option in reversed(options):
        command = option(command)
    return command
