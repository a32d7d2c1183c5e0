"""What the job machinery costs on top of cleaning: state, de-duplication and sinks.

    python benchmarks/jobs_overhead.py           # 1,240 fixture pages, 2 workers, 3 rounds
    python benchmarks/jobs_overhead.py --copies 80 --rounds 5

Side by side, alternating rounds, same pages, same 2-process pool, each in a fresh process:
- *cleaning alone*: this script with `--mode clean`: the files read and cleaned through
  `LocalExecutor.clean` (the pool `scraper run` uses), results dropped;
- *state + sinks*: `scraper run` on a fresh state with two sinks (JSONL + SQLite), every
  record committed to the state's outbox first, de-duplication off;
- *state + sinks + dedup*: the same with exact and near (MinHash LSH) de-duplication.
Target: state + sinks within 10 % of cleaning alone. The machine is shared with other
engineers' CPU-bound jobs, so the script also reports the CPU time of each run (the process
and its pool workers), which their load barely moves, and the load they put on it.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from jobs_common import ForeignLoad, fixture_files, job_file, load_note, wait_for_idle


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


def measure(command: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the command and all its descendants)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{command} failed:\n{done.stderr}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def commands(folder: Path, workers: int) -> dict[str, list[str]]:
    source = '[[sources]]\ntype = "files"\npaths = ["pages/"]\n'
    job = job_file(folder, source, workers=workers)
    plain = job_file(folder, source, workers=workers, name="plain.toml",
                     extra="\n[dedup]\nexact = false\nnear = false\n")  # fmt: skip
    here = str(Path(__file__).resolve())
    run = [sys.executable, "-m", "scraper", "run"]
    return {
        "clean": [sys.executable, here, "--mode", "clean", "--dir", str(folder)],
        "state+sinks": [*run, str(plain), "--no-progress", "-q"],
        "state+sinks+dedup": [*run, str(job), "--no-progress", "-q"],
    }


def fresh(folder: Path) -> None:
    shutil.rmtree(folder / "out", ignore_errors=True)
    for name in ("state.sqlite", "state.sqlite-wal", "state.sqlite-shm"):  # both job variants
        (folder / name).unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--mode", choices=["compare", "clean"], default="compare")
    parser.add_argument("--dir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument(
        "--wait-idle", type=float, default=60, help="Wait up to S s for other jobs per round."
    )
    args = parser.parse_args()
    if args.mode == "clean":
        clean_only(args.dir, args.workers)
        return
    folder = Path(tempfile.mkdtemp(prefix="jobs-overhead-"))
    count = fixture_files(folder / "pages", args.copies)
    print(f"{count} pages; start: {load_note()}")
    runs = commands(folder, args.workers)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in runs}
    for _ in range(args.rounds):
        for name, command in runs.items():
            fresh(folder)
            before = wait_for_idle(args.wait_idle)
            with ForeignLoad() as load:
                wall, cpu = measure(command)
            times[name].append((wall, cpu))
            print(f"  {name}: {wall:.2f} s, CPU {cpu:.2f} s; other processes used {before:.2f} "
                  f"cores before, {load.cores:.2f} during", flush=True)  # fmt: skip
    middle = {n: [statistics.median(v[i] for v in t) for i in (0, 1)] for n, t in times.items()}
    best = {n: min(w for w, _ in t) for n, t in times.items()}
    for name in times:
        print(f"{name}: median {middle[name][0]:.2f} s, {count / middle[name][0]:.1f} docs/s, "
              f"CPU {middle[name][1]:.2f} s; best {best[name]:.2f} s")  # fmt: skip
    for name in list(times)[1:]:
        wall = middle[name][0] / middle["clean"][0] - 1
        cpu = middle[name][1] / middle["clean"][1] - 1
        fastest = best[name] / best["clean"] - 1
        print(
            f"overhead of {name}: wall clock {wall * 100:+.1f} % (medians), "
            f"{fastest * 100:+.1f} % (best rounds); CPU time {cpu * 100:+.1f} % (medians)"
        )
    print(f"end: {load_note()}")
    shutil.rmtree(folder)


if __name__ == "__main__":
    main()
