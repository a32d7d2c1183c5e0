"""The `scraper` command: a thin click layer over the library.

Exit codes: 0 when every input became an article, 1 when some became error records, 2 for
usage errors. Records go to stdout or `-o FILE`; summaries and progress go to stderr.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import click

from scraper.clean import load_and_clean
from scraper.config import CleanerConfig
from scraper.errors import ConfigError
from scraper.fetch.files import expand_inputs
from scraper.records import ARTICLE_SCHEMA, Article
from scraper.sink.jsonl import JsonlSink

EXIT_OK, EXIT_SOME_ERRORS, EXIT_USAGE = 0, 1, 2


def _config(config_dir: Path | None) -> CleanerConfig:
    try:
        return CleanerConfig(config_dir=config_dir) if config_dir else CleanerConfig()
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from exc


config_option = click.option(
    "--config-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder with rules/, sites/ and names.toml (default: the bundled config/).",
)
output_option = click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write records here instead of stdout.",
)


class Summary:
    """Counts of outcomes and of removal rules, printed to stderr at the end of a run."""

    def __init__(self) -> None:
        self.outcomes: Counter[str] = Counter()
        self.rules: Counter[str] = Counter()

    def add(self, article: Article) -> None:
        self.outcomes["article" if article.ok else f"error:{article.error.kind}"] += 1  # type: ignore[union-attr]
        self.rules.update(r.rule for r in article.removed)

    @property
    def errors(self) -> int:
        return sum(n for k, n in self.outcomes.items() if k != "article")

    def print(self) -> None:
        total = sum(self.outcomes.values())
        parts = ", ".join(f"{k} {n}" for k, n in sorted(self.outcomes.items()))
        click.echo(f"{total} inputs: {parts or 'none'}", err=True)
        if self.rules:
            top = ", ".join(f"{rule} {n}" for rule, n in self.rules.most_common(12))
            click.echo(f"removed by rule: {top}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="scraper")
def cli() -> None:
    """Scrape web pages and clean boilerplate out of them into article records."""


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@output_option
@config_option
@click.option("--quiet", "-q", is_flag=True, help="No summary on stderr.")
def clean(
    paths: tuple[str, ...], output: Path | None, config_dir: Path | None, quiet: bool
) -> None:
    """Clean saved pages (files, folders, globs of .txt/.html/.htm, optionally .gz) into
    one JSON record per input."""
    config = _config(config_dir)
    summary = Summary()
    stream = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115
    sink = JsonlSink(stream)
    try:
        for path in expand_inputs(paths):
            article = load_and_clean(path, config)
            sink.write(article)
            summary.add(article)
    finally:
        if output:
            stream.close()
    if not quiet:
        summary.print()
    if not summary.outcomes:
        raise click.UsageError(f"no input files matched {' '.join(paths)}")
    sys.exit(EXIT_SOME_ERRORS if summary.errors else EXIT_OK)


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the article record."""
    click.echo(json.dumps(ARTICLE_SCHEMA, indent=2))


def main() -> None:
    cli(prog_name="scraper")


@cli.group()
def fixtures() -> None:
    """Fixture regression cases: saved pages plus the record they must give."""


fixtures_dir_option = click.option(
    "--dir",
    "root",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("fixtures"),
    show_default=True,
    help="Folder of fixture cases.",
)


def _cases(root: Path, names: tuple[str, ...]):  # type: ignore[no-untyped-def]
    from scraper.fixtures import load_cases

    if not root.is_dir():
        raise click.UsageError(f"{root}: no such fixtures folder")
    try:
        return load_cases(root, names)
    except KeyError as exc:
        raise click.UsageError(str(exc.args[0])) from exc


@fixtures.command("check")
@click.argument("cases", nargs=-1)
@fixtures_dir_option
@config_option
def fixtures_check(cases: tuple[str, ...], root: Path, config_dir: Path | None) -> None:
    """Check cases against their expectations (all cases when none are named)."""
    from scraper.fixtures import check

    failed = 0
    for case in _cases(root, cases):
        problems = check(case.expected(), case.run(_config(config_dir)))
        status = "ok" if not problems else "FAIL"
        click.echo(f"{status:4} {case.name}")
        for problem in problems:
            click.echo(f"     - {problem}")
        failed += bool(problems)
    click.echo(f"{failed} failing", err=True)
    sys.exit(EXIT_SOME_ERRORS if failed else EXIT_OK)


@fixtures.command("update")
@click.argument("cases", nargs=-1)
@fixtures_dir_option
@config_option
def fixtures_update(cases: tuple[str, ...], root: Path, config_dir: Path | None) -> None:
    """Regenerate expectations from the current output, on purpose, and print the diff."""
    from scraper.fixtures import update

    for case in _cases(root, cases):
        diff, still_failing = update(case, _config(config_dir))
        click.echo(diff or f"(no change) {case.name}")
        for problem in still_failing:
            click.echo(f"  ! {case.name}: curated check fails: {problem}", err=True)
