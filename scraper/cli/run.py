"""`scraper run JOB.toml`: the command-line face of `scraper.run_job`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from scraper.cli.options import Refused, exit_with, print_summary, quiet_option, stopped
from scraper.errors import ConfigError, SinkError
from scraper.jobs.ceilings import MAX_WORKERS
from scraper.jobs.interrupts import Stopped, stopping


@click.command("run")
@click.argument("job_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Process every input again, changed or not.")
@click.option(
    "--executor", metavar="NAME", help="local or dask (or a plugin's); overrides the job file."
)
@click.option(
    "--scheduler", help="Dask scheduler address (tcp://HOST:PORT); implies --executor dask."
)
@click.option(
    "--workers",
    type=click.IntRange(min=0, max=MAX_WORKERS),
    help="Cleaning processes (0 = in this process); Dask: size of a local cluster.",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Progress bar on stderr (default: when stderr is a terminal).",
)
@quiet_option
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
    from scraper.jobs.jobfile import load_job  # the job runtime only for this command
    from scraper.jobs.runner import RunOptions, run_job

    options = RunOptions(
        force=force,
        executor=executor or ("dask" if scheduler else None),
        scheduler=scheduler,
        workers=workers,
        progress=sys.stderr.isatty() if progress is None else progress,
    )
    try:
        with stopping():
            stats = run_job(load_job(job_file), options)
    except (ConfigError, SinkError) as exc:
        raise Refused(str(exc)) from exc
    except Stopped as exc:
        stopped(exc, quiet)
    if not quiet:
        print_summary(stats)
    exit_with(stats)
