"""What the commands share: exit codes, option decorators, the cleaner config each command
loads (and checks) before its first input, and the record writer for stdout or `-o FILE`.

Exit codes: 0 every input became an article; 1 some became error records; 2 a usage, job
file, state or output-path problem (one line on stderr, no traceback); 130 Ctrl-C (SIGINT)
and 143 SIGTERM, each after the summary of what was done (128 + the signal's number, the
shell's convention).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn, TypeVar
from urllib.parse import urlsplit

import click

from scraper.cli.formats import OutputShape
from scraper.cli.startup import few_collections
from scraper.config import CleanerConfig
from scraper.errors import ConfigError, ScraperError
from scraper.jobs.ceilings import MAX_BYTES, MAX_RETRIES, MAX_SECONDS
from scraper.jobs.interrupts import Stopped, critical
from scraper.jobs.stats import RunStats
from scraper.records import Article
from scraper.sources.http.addresses import AddressPolicy
from scraper.sources.http.config import FetchConfig
from scraper.sources.http.ratelimit import PolitenessConfig
from scraper.sources.http.retry import RetryConfig

if TYPE_CHECKING:
    from scraper.sources.http.settings import FetchSettings

EXIT_OK, EXIT_SOME_ERRORS = 0, 1  # usage errors exit 2, as click.UsageError does
Command = TypeVar("Command", bound=Callable[..., Any])


class Refused(click.ClickException):
    """A job file, state or output-path problem found before (or instead of) the work: one
    line on stderr and exit 2, like a usage error, without a usage hint that does not apply."""

    exit_code = 2


def writable_output(_ctx: click.Context, param: click.Parameter, path: Path | None) -> Path | None:
    """Check an output path before any work (an evaluation of hours must not be lost to a
    typo at its end): its folder must exist and be writable. Folders are not created: a
    mistyped path would silently make a tree somewhere else."""
    if path is None or str(path) == "-":
        return path
    folder = path.parent
    flag = (param.opts or [str(param.name)])[-1]
    if not folder.is_dir():
        raise Refused(f"{flag} {path}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise Refused(f"{flag} {path}: the folder {folder} is not writable")
    if path.is_dir():
        raise Refused(f"{flag} {path}: is a folder")
    return path


def cleaner_config(config_dir: Path | None, learned: bool | None = None) -> CleanerConfig:
    """The cleaner config, with its rule, name and site-rule files read and checked now: a
    bad file is a usage error before any input, not a traceback on the first page.
    `learned`: the block models' core (True), the hand-set one (False), or the default."""
    try:
        chosen: dict[str, Any] = {} if learned is None else {"learned": learned}
        if config_dir:
            chosen["config_dir"] = config_dir
        config = CleanerConfig(**chosen)
        with few_collections():
            from scraper.cleaners import cleaners  # their libraries load when a page is cleaned

            cleaners(config)  # cached: the commands reuse what this loads
        return config
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from exc


config_option = click.option(
    "--config-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="A config folder of your own: each entry it has (rules/, sites/, names.toml, "
    "models/ ...) replaces the packaged one, the others stay (default: $SCRAPER_CONFIG_DIR).",
)
core_option = click.option(
    "--learned/--hand",
    "learned",
    default=None,
    help="Let the block models decide (--learned: trafilatura only where they are unsure), or "
    "the hand-set stages with trafilatura on every page (--hand); default: the config's.",
)
output_option = click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    callback=writable_output,
    help="Write records here instead of stdout (its folder must exist).",
)


def page_url(_ctx: click.Context, _param: click.Parameter, url: str | None) -> str | None:
    """An absolute http(s) URL, or a usage error: it becomes the record's `url` and id."""
    if url is None:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise click.BadParameter(f"{url!r} is not an absolute http(s) URL")
    return url


page_url_option = click.option(
    "--url",
    callback=page_url,
    metavar="URL",
    help="The saved page's address: site rules apply, relative links resolve, and the "
    "record's url and id are this URL's.",
)
quiet_option = click.option("--quiet", "-q", is_flag=True, help="No summary on stderr.")
verbosity_options = [
    click.option(
        "--quiet",
        "-q",
        is_flag=True,
        help="Only errors on stderr: one line per error record; no bar, no summary.",
    ),
    click.option("--verbose", "-v", is_flag=True, help="One line per error record on stderr, too."),
    click.option(
        "--progress/--no-progress",
        default=None,
        help="Progress bar on stderr (default: when stderr is a terminal).",
    ),
]


def feedback_options(command: Command) -> Command:
    """`-q`, `-v` and `--progress/--no-progress` (see `scraper.cli.feedback`)."""
    for option in reversed(verbosity_options):
        command = option(command)
    return command


def write_records(
    articles: Iterable[Article],
    output: Path | None,
    on_record: Callable[[Article, RunStats], None] | None = None,
    shape: OutputShape | None = None,
) -> RunStats:
    """Write each record as it comes (flushed) in the `shape` asked for (one JSON line by
    default) and count outcomes, then call `on_record` (progress, error lines). Stopped by a
    signal (under `interrupts.stopping()`), it raises `Stopped` with the stats so far; a
    record is never half written."""
    shape = shape or OutputShape()
    stats = RunStats()
    if shape.out_dir is not None:
        write = _folder_writer(shape, shape.out_dir)
        stream = None
    else:
        try:
            stream = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115
        except OSError as exc:
            raise Refused(f"-o {output}: cannot write: {exc.strerror}") from exc
        write = _stream_writer(shape, stream)
    try:
        for article in articles:
            with critical():
                write(article)
                stats.add_article(article)
            if on_record is not None:
                on_record(article, stats)
    except ScraperError as exc:
        raise click.ClickException(str(exc)) from exc
    except KeyboardInterrupt as exc:
        signum = exc.signum if isinstance(exc, Stopped) else Stopped().signum
        raise Stopped(signum, stats) from exc
    finally:
        if output and stream is not None:
            stream.close()
    return stats


def _stream_writer(shape: OutputShape, stream: IO[str]) -> Callable[[Article], None]:
    started = False

    def write(article: Article) -> None:
        nonlocal started
        text = shape.render(article)
        if not started:
            text, started = shape.header() + text, True
        stream.write(text)
        stream.flush()

    return write


def _folder_writer(shape: OutputShape, folder: Path) -> Callable[[Article], None]:
    """One file per record, `<id>.<extension>`: the folder is made if its parent exists."""
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise Refused(f"--out-dir {folder}: cannot make it: {exc.strerror}") from exc

    def write(article: Article) -> None:
        path = folder / f"{article.id}.{shape.extension}"
        try:
            path.write_text(shape.header() + shape.render(article, alone=True), encoding="utf-8")
        except OSError as exc:
            raise click.ClickException(f"{path}: cannot write: {exc.strerror}") from exc

    return write


def stopped(exc: Stopped, quiet: bool) -> NoReturn:
    """End a command a signal stopped: the summary so far, then 128 + the signal number."""
    if not quiet and exc.stats is not None:
        print_summary(exc.stats)
    click.echo(f"stopped by {exc}", err=True)
    sys.exit(exc.exit_code)


def print_summary(stats: RunStats) -> None:
    for line in stats.lines():
        click.echo(line, err=True)


def exit_with(stats: RunStats) -> None:
    sys.exit(EXIT_SOME_ERRORS if stats.errors else EXIT_OK)


FETCH = FetchConfig()


def fetch_options(command: Command) -> Command:
    """Flags shared by `fetch` and `fixtures record`: each names its `FetchConfig` field."""
    options = [
        click.option(
            "--timeout",
            type=click.FloatRange(min=0.1, max=MAX_SECONDS),
            default=FETCH.timeout,
            show_default=True,
            help="Connect/read timeout, s.",
        ),
        click.option(
            "--max-bytes",
            type=click.IntRange(min=1, max=MAX_BYTES),
            default=FETCH.max_bytes,
            show_default=True,
            help="Body cap.",
        ),
        click.option(
            "--robots/--ignore-robots",
            default=FETCH.robots,
            show_default=True,
            help="Read and obey robots.txt.",
        ),
        click.option(
            "--user-agent",
            default=FETCH.user_agent,
            show_default=True,
            help="Product token/version, e.g. 'mybot/1.0'.",
        ),
        click.option(
            "--contact", default=FETCH.contact, help="URL or e-mail put in the User-Agent."
        ),
        click.option(
            "--retries",
            type=click.IntRange(min=0, max=MAX_RETRIES),
            default=FETCH.retry.retries,
            show_default=True,
            help="Retries per request.",
        ),
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


def fetch_settings(
    opts: dict[str, Any], politeness: PolitenessConfig | None = None
) -> FetchSettings:
    """The fetch settings the shared fetch flags (and, for `fetch`, politeness) describe."""
    from scraper.sources.http.settings import FetchSettings  # the HTTP stack, when fetching

    try:
        addresses = AddressPolicy.allowing(opts["allow_networks"], opts["allow_private"])
    except ValueError as exc:
        raise click.UsageError(f"--allow-network: {exc}") from exc
    config = FetchConfig(
        user_agent=opts["user_agent"],
        contact=opts["contact"],
        timeout=opts["timeout"],
        max_bytes=opts["max_bytes"],
        robots=opts["robots"],
        retry=RetryConfig(retries=opts["retries"]),
        addresses=addresses,
    )
    return FetchSettings(fetch=config, politeness=politeness or PolitenessConfig())
