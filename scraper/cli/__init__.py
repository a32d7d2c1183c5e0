"""The `scraper` command: a thin click layer over the library, one module per command family.

Exit codes: 0 when every input became an article, 1 when some became error records, 2 for
usage errors. Records go to stdout or `-o FILE`; summaries and progress go to stderr.
"""

from __future__ import annotations

import click

from scraper.cli.clean import clean, schema
from scraper.cli.eval import eval_command
from scraper.cli.explain import explain
from scraper.cli.fetch import fetch
from scraper.cli.fixtures import fixtures
from scraper.cli.gate import gate
from scraper.cli.rules import rules
from scraper.cli.run import run_command
from scraper.config import DISTRIBUTION

__all__ = ["cli", "main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name=DISTRIBUTION)
def cli() -> None:
    """Scrape web pages and clean boilerplate out of them into article records."""


for command in (
    clean, fetch, run_command, fixtures, schema, eval_command, gate, rules, explain
):
    cli.add_command(command)


def main() -> None:
    cli(prog_name="scraper")
