"""`scraper gate check | update | sample`: the accuracy gate (scraper/eval/gate.py) by hand.

`check` is what `make test` runs (tests/eval/test_gate.py); `update` is the only way floors
move, and it lowers none without `--lower REASON`; `sample` draws the sample's ids again.
Run them from the root of a checkout (the default paths are relative to it).

Exit codes: 0 all well, 1 a figure below its floor or a refused update, 2 usage errors (no
evaluation set, a bad ids or floors file).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from scraper.errors import ScraperError
from scraper.eval.settings import DATASET, FLOORS_FILE, IDS_FILE, PER_DATASET, SAMPLE_SEED
from scraper.jobs.ceilings import MAX_INTEGER, MAX_WORKERS

EXIT_BELOW = 1
_path = click.Path(path_type=Path)

dataset_option = click.option(
    "--dataset", type=_path, default=DATASET, show_default=True, help="The evaluation set."
)
ids_option = click.option(
    "--ids", type=_path, default=IDS_FILE, show_default=True, help="The sample's page ids."
)
floors_option = click.option(
    "--floors", type=_path, default=FLOORS_FILE, show_default=True, help="The pinned floors."
)
jobs_option = click.option(
    "--jobs",
    type=click.IntRange(min=1, max=MAX_WORKERS),
    help="Worker processes (default: one per core).",
)


@click.group()
def gate() -> None:
    """Accuracy gate: our figures on a fixed sample of the evaluation set against floors."""


def _dataset(path: Path) -> Path:
    if not path.is_dir():
        raise click.UsageError(f"{path}: no such evaluation set folder")
    return path


@gate.command("check")
@dataset_option
@ids_option
@floors_option
@jobs_option
def gate_check(dataset: Path, ids: Path, floors: Path, jobs: int | None) -> None:
    """Score the sample and hold each figure against its floor; exit 1 when one is below."""
    from scraper.eval.gate import render, run_check  # the evaluation only when it runs

    started = time.monotonic()
    try:
        checks, measured = run_check(_dataset(dataset), ids, floors, jobs)
    except ScraperError as exc:
        raise click.UsageError(str(exc)) from exc
    click.echo(render(checks, measured))
    wall, cpu = time.monotonic() - started, measured.cpu_seconds
    click.echo(f"{wall:.1f} s wall, {cpu:.1f} s of extraction CPU in the workers", err=True)
    if not all(item.passed for item in checks):
        sys.exit(EXIT_BELOW)


@gate.command("update")
@dataset_option
@ids_option
@floors_option
@jobs_option
@click.option(
    "--lower",
    "reason",
    metavar="REASON",
    help="Also lower the floors whose figures fell below them, because of REASON; the commit "
    "message must carry the lines this prints.",
)
def gate_update(
    dataset: Path, ids: Path, floors: Path, jobs: int | None, reason: str | None
) -> None:
    """Pin the floors to the sample's figures now: raise each that its figure clears by more
    than the margin, keep the others, and lower one only with --lower."""
    from scraper.eval.floors import (
        is_lowered,
        lowered,
        lowered_line,
        moved_line,
        read_floors,
        render_floors,
        sample_digest,
        update,
    )
    from scraper.eval.gate import measure
    from scraper.eval.sample import read_ids

    try:
        page_ids = read_ids(ids)
        old = read_floors(floors) if floors.exists() else None
        measured = measure(_dataset(dataset), page_ids, jobs)
    except ScraperError as exc:
        raise click.UsageError(str(exc)) from exc
    pinned, changes = update(old, measured.figures, sample_digest(page_ids), measured.pages)
    for change in changes:
        if not is_lowered(change):
            click.echo(moved_line(change))
    down = lowered(changes)
    if down and not reason:
        click.echo("\n".join(lowered_line(change) for change in down))
        click.echo(f"Refused: {len(down)} floors would be lowered; nothing written. If that is "
                   "intended, run again with --lower REASON.", err=True)  # fmt: skip
        sys.exit(EXIT_BELOW)
    floors.write_text(render_floors(pinned, measured.figures), encoding="utf-8")
    click.echo(f"{floors}: {len(changes)} floors changed", err=True)
    if down:
        click.echo("\nThe commit message must carry these lines:")
        click.echo("\n".join(f"{lowered_line(change)} because {reason}" for change in down))


@gate.command("sample")
@dataset_option
@ids_option
@click.option(
    "--per-dataset",
    type=click.IntRange(min=1, max=MAX_INTEGER),
    default=PER_DATASET,
    show_default=True,
    help="Pages drawn from each source dataset.",
)
@click.option(
    "--seed", type=int, default=SAMPLE_SEED, show_default=True, help="Seed of the ranking."
)
def gate_sample(dataset: Path, ids: Path, per_dataset: int, seed: int) -> None:
    """Draw the sample again: PER_DATASET pages of each source dataset, ranked by a hash of
    the seed and their id, written to the ids file (then pin floors for it with update)."""
    from scraper.eval.data import load_truth
    from scraper.eval.sample import stratified_sample, write_ids

    try:
        truth = load_truth(_dataset(dataset))
    except ScraperError as exc:
        raise click.UsageError(str(exc)) from exc
    chosen = stratified_sample(truth, per_dataset, seed)
    header = [
        f"Accuracy gate sample: {len(chosen)} page ids of {dataset.name} (never the pages),",
        f"{per_dataset} per source dataset (all of a smaller one). Drawn by",
        f"  scraper gate sample --per-dataset {per_dataset} --seed {seed}",
        "Floors for it: floors.toml. A regression gate: never tune against these pages.",
    ]
    write_ids(ids, chosen, header)
    click.echo(f"{ids}: {len(chosen)} pages", err=True)
