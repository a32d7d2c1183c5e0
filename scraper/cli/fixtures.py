"""`scraper fixtures check | update | record`: the fixture regression cases."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from scraper.cli.options import (
    EXIT_OK,
    EXIT_SOME_ERRORS,
    cleaner_config,
    config_option,
    fetch_options,
    fetch_settings,
)
from scraper.errors import ScraperError

if TYPE_CHECKING:
    from scraper.fixtures.cases import FixtureCase


@click.group()
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


def _cases(root: Path, names: tuple[str, ...]) -> list[FixtureCase]:
    """The named cases; the cleaners load with them, not with `scraper --help`."""
    from scraper.fixtures.cases import load_cases

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
    from scraper.fixtures.cases import check

    config = cleaner_config(config_dir)
    failed = 0
    for case in _cases(root, cases):
        problems = check(case.expected(), case.run(config))
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
    from scraper.fixtures.cases import update

    config = cleaner_config(config_dir)
    for case in _cases(root, cases):
        diff, still_failing = update(case, config)
        click.echo(diff or f"(no change) {case.name}")
        for problem in still_failing:
            click.echo(f"  ! {case.name}: curated check fails: {problem}", err=True)


@fixtures.command("record")
@click.argument("url")
@click.option("--name", "case", required=True, help="Case folder name, e.g. html-city-paper.")
@click.option("--description", default="", help="What kind of page, and what makes it hard.")
@click.option("--force", is_flag=True, help="Replace an existing case (keeps curated parts).")
@fixtures_dir_option
@fetch_options
@config_option
def fixtures_record(url: str, case: str, root: Path, config_dir: Path | None, **opts: Any) -> None:
    """Fetch URL into a new fixture case and print its generated expectation for review."""
    from scraper.fixtures.cases import render
    from scraper.fixtures.recording import case_folder, record_fixture

    settings = fetch_settings(opts)
    try:
        folder = case_folder(root, case)
        if folder.exists() and not opts["force"]:
            raise click.UsageError(f"{folder}: the case already exists (--force replaces it)")
        expected = record_fixture(
            settings.fetcher(),
            url,
            folder,
            description=opts["description"],
            force=opts["force"],
            config=cleaner_config(config_dir),
        )
    except ScraperError as exc:
        click.echo(f"error: {exc.kind}: {exc}", err=True)
        sys.exit(EXIT_SOME_ERRORS)
    except OSError as exc:
        raise click.ClickException(f"cannot write the case: {exc}") from exc
    click.echo(render(expected), nl=False)
    click.echo(f"wrote {folder}/: review expected.json, add must_(not_)contain", err=True)
