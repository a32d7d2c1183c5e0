"""`scraper rules`: every id a record's `removed[]` can name, with its reason."""

from __future__ import annotations

from pathlib import Path

import click

from scraper.cli.options import cleaner_config, config_option


@click.command()
@click.option("--markdown", is_flag=True, help="A Markdown table (the README's) instead of text.")
@config_option
def rules(markdown: bool, config_dir: Path | None) -> None:
    """List every rule id with the one-line reason it removes a block: the ids the code owns
    (heuristic.*, meta.*, model.*, site.*) and the chrome rules of the config's rule files."""
    from scraper.cleaners import cleaners
    from scraper.report.rule_ids import markdown_table, rule_reasons

    text_cleaner, _html = cleaners(cleaner_config(config_dir))
    reasons = rule_reasons(text_cleaner.rules)
    if markdown:
        click.echo(markdown_table(reasons))
        return
    width = max(len(entry.id) for entry in reasons)
    for entry in reasons:
        click.echo(f"{entry.id:<{width}}  {entry.reason}")
