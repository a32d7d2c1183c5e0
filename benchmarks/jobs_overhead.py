"""What the job machinery costs on top of cleaning: state, de-duplication and sinks.

    python benchmarks/jobs_overhead.py --rounds 5

Distinct real pages (a fixed sample of the evaluation set, written as files to a temporary
folder at run time; generated articles when it is absent) go through three variants, one after
the other in every round, each in a fresh process and on a fresh state, on an idle machine
(bench_common's guard):
- *cleaning alone*: this script with `--mode clean`: the files read and cleaned through
  `LocalExecutor.clean` (the pool `scraper run` uses), results dropped;
- *state + sinks*: `scraper run` on a fresh state with two sinks (JSONL + SQLite), every
  record committed to the state's outbox first, de-duplication off;
- *state + sinks + dedup*: the same with exact and near (MinHash LSH) de-duplication.
Each reports the wall clock and the CPU time of its whole process tree (per page, too).
Target: state + sinks within 10 % of cleaning alone.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from bench_common import Guard, add_guard_options, alternate, load_note
from bench_results import show, spread, write_results
from jobs_common import fresh_job, input_pages, job_file, run_tree, scraper_command


def clean_only(folder: Path, workers: int) -> None:
    from scraper.config import CleanerConfig
    from scraper.jobs.executors.local import LocalExecutor
    from scraper.jobs.inputs import FilesInput
    from scraper.jobs.pipeline import Task, item_key

    executor = LocalExecutor(CleanerConfig(), workers)
    try:
        source = FilesInput((str(folder / "pages"),), 50_000_000)
        tasks = (Task(item_key(item), item) for item in source.items())
        assert sum(1 for _ in executor.clean(tasks)) > 0
    finally:
        executor.close()


def write_pages(folder: Path, count: int) -> str:
    source, pages = input_pages(count)
    (folder / "pages").mkdir(parents=True)
    for page in pages:
        name = page.name.replace("/", "__")
        (folder / "pages" / f"{name}.html").write_text(page.html, "utf-8")
    return source


def commands(folder: Path, workers: int) -> dict[str, list[str]]:
    source = '[[sources]]\ntype = "files"\npaths = ["pages/"]\n'
    job = job_file(folder, source, workers=workers)
    plain = job_file(
        folder,
        source,
        workers=workers,
        name="plain.toml",
        extra="\n[dedup]\nexact = false\nnear = false\n",
    )
    here = str(Path(__file__).resolve())
    return {
        "cleaning alone": [
            sys.executable,
            here,
            "--mode",
            "clean",
            "--dir",
            str(folder),
            "--workers",
            str(workers),
        ],
        "state + sinks": scraper_command("run", str(plain), "--no-progress", "-q"),
        "state + sinks + dedup": scraper_command("run", str(job), "--no-progress", "-q"),
    }


def variant(folder: Path, command: list[str], pages: int) -> Callable[[], dict]:
    def run() -> dict:
        fresh_job(folder)
        done = run_tree(command, cwd=folder)
        return {"wall_s": done.wall, "cpu_s": done.cpu, "cpu_ms_per_page": 1000 * done.cpu / pages}

    return run


def report(runs: dict[str, list[dict]], pages: int) -> dict:
    print(f"\n{pages} pages, median (min–max) over {len(runs['cleaning alone'])} rounds:")
    print("| variant | wall clock | CPU time | CPU per page |\n|---|---:|---:|---:|")
    for name, rounds in runs.items():
        print(
            f"| {name} | {show((r['wall_s'] for r in rounds), 2)} s "
            f"| {show((r['cpu_s'] for r in rounds), 2)} s "
            f"| {show((r['cpu_ms_per_page'] for r in rounds), 2)} ms |"
        )
    base = runs["cleaning alone"]
    overheads = {}
    for name, rounds in list(runs.items())[1:]:
        figures = {}
        for key in ("wall_s", "cpu_s"):
            middle = (
                spread(r[key] for r in rounds)["median"] / spread(r[key] for r in base)["median"]
            )
            pairs = [100 * (r[key] / b[key] - 1) for r, b in zip(rounds, base, strict=True)]
            figures[key] = {"of_medians_pct": 100 * (middle - 1), "by_round_pct": spread(pairs)}
            print(
                f"overhead of {name}, {key[:-2]}: {100 * (middle - 1):+.1f} % (medians); "
                f"round by round {show(pairs, 1)} %"
            )
        overheads[name] = figures
    return overheads


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--mode", choices=["compare", "clean"], default="compare")
    parser.add_argument("--dir", type=Path, help=argparse.SUPPRESS)
    add_guard_options(parser)
    args = parser.parse_args()
    if args.mode == "clean":
        clean_only(args.dir, args.workers)
        return
    guard = Guard.from_args(args)
    folder = Path(tempfile.mkdtemp(prefix="jobs-overhead-"))
    try:
        source = write_pages(folder, args.pages)
        print(f"inputs: {source}; start: {load_note()}", flush=True)
        guard.wait_for_idle("at the start")
        variants = {
            name: variant(folder, command, args.pages)
            for name, command in commands(folder, args.workers).items()
        }
        runs = alternate(guard, args.rounds, variants)
        overheads = report(runs, args.pages)
    finally:
        shutil.rmtree(folder)
    print(f"end: {load_note()}")
    summary = {
        name: {key: spread(r[key] for r in rounds) for key in rounds[0]}
        for name, rounds in runs.items()
    }
    write_results(
        "jobs-overhead",
        guard,
        {
            "inputs": source,
            "pages": args.pages,
            "rounds": runs,
            "summary": summary,
            "overhead": overheads,
        },
        args.results,
    )


if __name__ == "__main__":
    main()
