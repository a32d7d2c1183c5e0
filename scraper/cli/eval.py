"""`scraper eval`: extractors side by side on an evaluation set, as a table on stdout (and
JSON / per-page JSON lines on request); progress and failures go to stderr.

Exit codes: 0 when the run completes (failed extractions are counted, not fatal), 1 when the
workers cannot run, 2 for usage errors (no such dataset, unknown source dataset or extractor,
a baseline library that is not installed).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from scraper.cli.options import writable_output
from scraper.errors import InputError, ScraperError
from scraper.eval.baselines import BASELINES
from scraper.eval.metadata_protocols import PROTOCOLS
from scraper.eval.settings import DEFAULT_BOOTSTRAP, DEFAULT_JOBS, DEFAULT_TIMEOUT
from scraper.jobs.ceilings import MAX_INTEGER, MAX_SECONDS, MAX_WORKERS

_path = click.Path(path_type=Path)
_count = click.IntRange(min=1, max=MAX_INTEGER)


@click.command("eval")
@click.argument("dataset", type=_path)
@click.option("--baselines", is_flag=True, help="Also run " + ", ".join(BASELINES) + ".")
@click.option("--extractors", help="Comma-separated extractors (default: scraper).")
@click.option("--dataset-name", multiple=True, help="Only this source dataset (repeatable).")
@click.option(
    "--ids",
    "ids_path",
    type=_path,
    help="Only the pages whose ids this file lists (one a line; e.g. tests/eval/gate/pages.txt).",
)
@click.option("--limit", type=_count, help="Only the first N pages.")
@click.option("--sample", type=_count, help="N pages drawn at random.")
@click.option(
    "--seed", type=int, default=0, show_default=True, help="Seed of --sample and of the bootstrap."
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1, max=MAX_WORKERS),
    default=DEFAULT_JOBS,
    show_default=True,
    help="Worker processes (docs/s stays a single-process figure).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1, max=MAX_SECONDS),
    default=DEFAULT_TIMEOUT,
    show_default=True,
    help="Seconds one extraction may take; past it the page counts as empty output.",
)
@click.option(
    "--bootstrap",
    type=click.IntRange(min=0, max=MAX_INTEGER),
    default=DEFAULT_BOOTSTRAP,
    show_default=True,
    help="Resamples of the pages for the ± standard errors.",
)
@click.option(
    "--json",
    "json_path",
    type=_path,
    callback=writable_output,
    help="Write the summary as JSON here (its folder must exist; checked before the run).",
)
@click.option(
    "--per-page",
    type=_path,
    callback=writable_output,
    help="Write per-page scores (JSON lines) here (its folder must exist).",
)
@click.option(
    "--metadata",
    is_flag=True,
    help="Score title, authors and date instead of the body, on the pages with such truth"
    " (extractors: scraper; --baselines adds trafilatura, htmldate; ± is the binomial SE).",
)
@click.option(
    "--protocols",
    default=",".join(PROTOCOLS),
    show_default=True,
    help="With --metadata: the page as is, without JSON-LD and <meta>, as whole-page text.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress on stderr.")
def eval_command(dataset: Path, **opts: Any) -> None:
    """Score extractors side by side on an evaluation set (main-content-eval format): shingle
    F1/P/R for full-text truth, snippet P/R otherwise, overall and per source dataset; with
    --metadata, the share of pages whose title, authors and date are right, per protocol."""
    from scraper.eval.data import iter_eval_pages
    from scraper.eval.report import render, write_json, write_per_page
    from scraper.eval.run import choose_extractors, evaluate, summarise

    if not dataset.is_dir():
        raise click.UsageError(f"{dataset}: no such dataset folder")
    if opts["metadata"]:
        _metadata_eval(dataset, opts)
        return
    try:
        names = choose_extractors(opts["extractors"], opts["baselines"])
        truth = _selected_truth(dataset, opts)
    except ScraperError as exc:
        raise click.UsageError(str(exc)) from exc
    outcomes = evaluate(
        iter_eval_pages(dataset, truth=truth), names, jobs=opts["jobs"], timeout=opts["timeout"]
    )
    try:
        done = list(_eval_progress(outcomes, len(truth) * len(names), opts["quiet"]))
    except ScraperError as exc:
        raise click.ClickException(str(exc)) from exc
    summary = summarise(done, names, opts["bootstrap"], opts["seed"])
    click.echo(render(summary))
    if opts["per_page"]:
        write_per_page(opts["per_page"], done, names)
    if opts["json_path"]:
        run = {"dataset": str(dataset), "pages": len(truth), "extractors": names}
        run |= {k: opts[k] for k in ("dataset_name", "limit", "sample", "seed", "jobs", "timeout")}
        run["ids"] = str(opts["ids_path"]) if opts["ids_path"] else None
        write_json(opts["json_path"], summary, run)


def _selected_truth(dataset: Path, opts: dict[str, Any], metadata: bool = False) -> Any:
    """The truth records of the pages chosen by the selection options (with --metadata, of
    pages with a title, author or date truth only). Raises `ScraperError` on a bad choice."""
    from scraper.eval.data import choose, load_truth
    from scraper.eval.metadata_run import with_metadata_truth
    from scraper.eval.sample import read_ids, select_ids

    truth = load_truth(dataset, opts["dataset_name"])
    if opts["ids_path"]:
        truth = select_ids(truth, read_ids(opts["ids_path"]))
    if metadata:
        truth = with_metadata_truth(truth)
    truth = choose(truth, opts["limit"], opts["sample"], opts["seed"])
    if not truth:
        raise InputError(f"{dataset}: no pages selected")
    return truth


def _metadata_eval(dataset: Path, opts: dict[str, Any]) -> None:
    from scraper.eval.data import iter_eval_pages
    from scraper.eval.metadata_report import render, write_json, write_per_page
    from scraper.eval.metadata_run import choose_extractors, evaluate, pairs, summarise

    protocols = [p.strip() for p in opts["protocols"].split(",") if p.strip()]
    unknown = [p for p in protocols if p not in PROTOCOLS]
    if unknown or not protocols:
        known = ", ".join(PROTOCOLS)
        raise click.UsageError(f"unknown protocol {', '.join(unknown)} (known: {known})")
    try:
        names = choose_extractors(opts["extractors"], opts["baselines"])
        truth = _selected_truth(dataset, opts, metadata=True)
    except ScraperError as exc:
        raise click.UsageError(str(exc)) from exc
    if not pairs(protocols, names):
        raise click.UsageError(f"{', '.join(names)}: none reads the {', '.join(protocols)} form")
    pages = iter_eval_pages(dataset, truth=truth)
    outcomes = evaluate(pages, protocols, names, jobs=opts["jobs"], timeout=opts["timeout"])
    total = len(truth) * len(pairs(protocols, names))
    try:
        done = list(_eval_progress(outcomes, total, opts["quiet"]))
    except ScraperError as exc:
        raise click.ClickException(str(exc)) from exc
    summary = summarise(done, protocols, names)
    click.echo(render(summary))
    if opts["per_page"]:
        write_per_page(opts["per_page"], done, pairs(protocols, names))
    if opts["json_path"]:
        run = {"dataset": str(dataset), "pages": len(truth), "protocols": protocols}
        run |= {"extractors": names}
        run |= {k: opts[k] for k in ("dataset_name", "limit", "sample", "seed", "jobs", "timeout")}
        run["ids"] = str(opts["ids_path"]) if opts["ids_path"] else None
        write_json(opts["json_path"], summary, run)


def _eval_progress(outcomes: Iterator[Any], total: int, quiet: bool) -> Iterator[Any]:
    """Failures as they happen, and a count every 500 extractions, on stderr."""
    started = time.monotonic()
    for count, outcome in enumerate(outcomes, 1):
        if outcome.failure and not quiet:
            click.echo(
                f"{outcome.failure}: {outcome.extractor} on {outcome.page_id} {outcome.detail}",
                err=True,
            )
        if not quiet and (count % 500 == 0 or count == total):
            elapsed = time.monotonic() - started
            click.echo(f"{count}/{total} extractions, {elapsed:.0f} s", err=True)
        yield outcome
