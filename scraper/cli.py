"""The `scraper` command: a thin click layer over the library.

Exit codes: 0 when every input became an article, 1 when some became error records, 2 for
usage errors. Records go to stdout or `-o FILE`; summaries and progress go to stderr.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from scraper.cleaners import cleaners, load_and_clean
from scraper.config import CleanerConfig
from scraper.errors import ConfigError, ScraperError
from scraper.eval_cli import eval_command
from scraper.fetch.base import Failed
from scraper.fetch.files import expand_inputs
from scraper.records import ARTICLE_SCHEMA, Article, Page
from scraper.sink.jsonl import JsonlSink

if TYPE_CHECKING:
    from scraper.fetch.http import FetchConfig
    from scraper.fetch.run import FetchJob

EXIT_OK, EXIT_SOME_ERRORS, EXIT_USAGE = 0, 1, 2


def _config(config_dir: Path | None) -> CleanerConfig:
    """The cleaner config, with its rule, name and site-rule files read and checked now: a
    bad file is a usage error before any input, not a traceback on the first page."""
    try:
        config = CleanerConfig(config_dir=config_dir) if config_dir else CleanerConfig()
        cleaners(config)  # cached: the commands reuse what this loads
        return config
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


cli.add_command(eval_command)


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
            for article in _clean_path(path, config):
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


def _clean_path(path: Path, config: CleanerConfig) -> Iterator[Article]:
    """One record per page file; one per page record of a WARC/WET file."""
    from scraper.fetch.warc import WarcSource, is_warc

    if not is_warc(path):
        yield load_and_clean(path, config)
        return
    for item in WarcSource((path,), config.max_input_bytes).pages():
        yield _article(item, config)


def _article(item: Page | Failed, config: CleanerConfig) -> Article:
    """Clean a source item (see `scraper.pipeline.clean_item`, shared with `scraper run`)."""
    from scraper.pipeline import clean_item

    return clean_item(item, config)


@cli.command("run")
@click.argument("job_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Process every input again, changed or not.")
@click.option("--executor", type=click.Choice(["local", "dask"]), help="Overrides the job file.")
@click.option(
    "--scheduler", help="Dask scheduler address (tcp://HOST:PORT); implies --executor dask."
)
@click.option(
    "--workers",
    type=click.IntRange(min=0),
    help="Cleaning processes (0 = in this process); Dask: size of a local cluster.",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Progress bar on stderr (default: when stderr is a terminal).",
)
@click.option("--quiet", "-q", is_flag=True, help="No summary on stderr.")
def run_command(
    job_file: Path,
    force: bool,
    executor: str | None,
    scheduler: str | None,
    workers: int | None,
    progress: bool | None,
    quiet: bool,
) -> None:
    """Run a job file: sources, cleaning, de-duplication, sinks. Resumable: run it again
    after an interruption and it finishes the work; run it again later and it emits only
    what changed (or everything again with --force)."""
    from scraper.errors import SinkError
    from scraper.job import RunOptions, load_job, run_job

    options = RunOptions(
        force=force,
        executor=executor or ("dask" if scheduler else None),
        scheduler=scheduler,
        workers=workers,
        progress=sys.stderr.isatty() if progress is None else progress,
    )
    try:
        stats = run_job(load_job(job_file), options)
    except (ConfigError, SinkError) as exc:
        raise click.UsageError(str(exc)) from exc
    if not quiet:
        for line in stats.lines():
            click.echo(line, err=True)
    sys.exit(EXIT_SOME_ERRORS if stats.errors else EXIT_OK)


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


def _urls_from_file(urls_file: Path | None) -> list[str]:
    if urls_file is None:
        return []
    try:
        text = sys.stdin.read() if str(urls_file) == "-" else urls_file.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise click.UsageError(f"{urls_file}: cannot read the URL list: {exc}") from exc
    lines = (line.strip() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def _fetch_config(opts: dict[str, Any]) -> FetchConfig:
    """The fetcher's config from the shared fetch flags; unset flags keep the defaults."""
    from scraper.fetch.guard import AddressPolicy
    from scraper.fetch.http import FetchConfig
    from scraper.fetch.retry import RetryConfig

    config = FetchConfig(respect_robots=not opts["ignore_robots"])
    if opts["timeout"] is not None:
        timeout = opts["timeout"]
        config = replace(config, timeout=timeout, total_timeout=max(timeout * 6, timeout + 5))
    if opts["max_bytes"] is not None:
        config = replace(config, max_bytes=opts["max_bytes"])
    if opts["agent"]:
        config = replace(config, agent=opts["agent"])
    if opts["contact"] is not None:
        config = replace(config, contact=opts["contact"])
    if opts["retries"] is not None:
        config = replace(config, retry=RetryConfig(retries=opts["retries"]))
    if opts["allow_private"] or opts["allow_networks"]:
        try:
            addresses = AddressPolicy.allowing(opts["allow_networks"], opts["allow_private"])
        except ValueError as exc:
            raise click.UsageError(f"--allow-network: {exc}") from exc
        config = replace(config, addresses=addresses)
    return config


def _fetch_job(opts: dict[str, Any]) -> FetchJob:
    from scraper.fetch.ratelimit import PolitenessConfig
    from scraper.fetch.run import FetchJob
    from scraper.fetch.urls import UrlFilter

    cache = opts["cache_path"] or _default_cache()
    return FetchJob(
        fetch=_fetch_config(opts),
        politeness=PolitenessConfig.from_rate(
            opts["rate"], concurrency=opts["concurrency"], host_concurrency=opts["host_concurrency"]
        ),
        url_filter=UrlFilter(tuple(h.lower() for h in opts["hosts"]), opts["paths"]),
        cache_path=None if opts["no_cache"] else cache,
        raw_dir=opts["raw_dir"],
    )


def _default_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "scraper" / "http.sqlite"


def fetch_options(command: Callable[..., None]) -> Callable[..., None]:
    """Flags shared by `fetch` and `fixtures record`."""
    options = [
        click.option("--timeout", type=click.FloatRange(min=0.1), help="Connect/read timeout, s."),
        click.option("--max-bytes", type=click.IntRange(min=1), help="Body cap (10 MB)."),
        click.option("--ignore-robots", is_flag=True, help="Do not read or obey robots.txt."),
        click.option("--user-agent", "agent", help="Product token/version, e.g. 'mybot/1.0'."),
        click.option("--contact", help="URL or e-mail put in the User-Agent."),
        click.option("--retries", type=click.IntRange(min=0), help="Retries per request (3)."),
        click.option(
            "--allow-private",
            is_flag=True,
            help="Let requests go to loopback, private and link-local addresses too.",
        ),
        click.option(
            "--allow-network",
            "allow_networks",
            multiple=True,
            metavar="CIDR",
            help="Let requests go to this network, e.g. 127.0.0.0/8 (repeatable).",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


path_type = click.Path(path_type=Path)


@cli.command()
@click.argument("urls", nargs=-1)
@click.option("--urls-file", type=path_type, help="One URL a line ('-' for stdin).")
@click.option("--sitemap", "sitemaps", multiple=True, help="Sitemap or sitemap index to expand.")
@click.option("--feed", "feeds", multiple=True, help="RSS or Atom feed to expand.")
@output_option
@click.option("--raw-dir", type=path_type, help="Save raw responses (+ JSON sidecars) here.")
@fetch_options
@click.option(
    "--rate",
    type=click.FloatRange(min=0),
    default=1.0,
    show_default=True,
    help="Requests per second per host; 0 = no pacing.",
)
@click.option(
    "--concurrency",
    type=click.IntRange(min=1),
    default=8,
    show_default=True,
    help="Requests in flight in all.",
)
@click.option(
    "--host-concurrency",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Requests in flight per host.",
)
@click.option("--host", "hosts", multiple=True, help="Only this host (and subdomains).")
@click.option("--path", "paths", multiple=True, help="Only URL paths matching this glob.")
@click.option(
    "--cache",
    "cache_path",
    type=path_type,
    help="HTTP validator cache (default ~/.cache/scraper/http.sqlite).",
)
@click.option("--no-cache", is_flag=True, help="No conditional requests; nothing stored.")
@config_option
@click.option("--quiet", "-q", is_flag=True, help="No summary on stderr.")
def fetch(
    urls: tuple[str, ...], output: Path | None, config_dir: Path | None, quiet: bool, **opts: Any
) -> None:
    """Fetch URLs (and the pages listed by sitemaps and feeds), clean them, and write one
    record per URL; a URL that cannot be fetched gives an error record saying why."""
    from scraper.fetch.run import FetchRun

    inputs = [*urls, *_urls_from_file(opts["urls_file"])]
    if not (inputs or opts["sitemaps"] or opts["feeds"]):
        raise click.UsageError("give URLs, --urls-file, --sitemap or --feed")
    config = _config(config_dir)
    try:
        run = FetchRun(_fetch_job(opts))
    except ScraperError as exc:
        raise click.UsageError(str(exc)) from exc
    items = run.items(inputs, opts["sitemaps"], opts["feeds"])
    summary = _write_records((_article(item, config) for item in items), output)
    run.close()
    if not quiet:
        summary.print()
        dropped = ", ".join(f"{k} {n}" for k, n in sorted(run.counts.items()))
        if dropped:
            click.echo(f"skipped before fetching: {dropped}", err=True)
    sys.exit(EXIT_SOME_ERRORS if summary.errors else EXIT_OK)


def _write_records(articles: Iterator[Article], output: Path | None) -> Summary:
    summary = Summary()
    stream = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115
    sink = JsonlSink(stream)
    try:
        for article in articles:
            sink.write(article)
            summary.add(article)
    except ScraperError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        if output:
            stream.close()
    return summary


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
    from scraper.fetch.http import HttpFetcher, make_session
    from scraper.fetch.recorder import case_folder, record_fixture
    from scraper.fixtures import render

    config = _fetch_config(opts)
    try:
        folder = case_folder(root, case)
        if folder.exists() and not opts["force"]:
            raise click.UsageError(f"{folder}: the case already exists (--force replaces it)")
        fetcher = HttpFetcher(make_session(config), config)
        expected = record_fixture(
            fetcher,
            url,
            folder,
            description=opts["description"],
            force=opts["force"],
            config=_config(config_dir),
        )
    except ScraperError as exc:
        click.echo(f"error: {exc.kind}: {exc}", err=True)
        sys.exit(EXIT_SOME_ERRORS)
    except OSError as exc:
        raise click.ClickException(f"cannot write the case: {exc}") from exc
    click.echo(render(expected), nl=False)
    click.echo(f"wrote {folder}/: review expected.json, add must_(not_)contain", err=True)
