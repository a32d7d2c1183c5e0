"""What the job machinery costs on top of cleaning: state, de-duplication and sinks.

    python benchmarks/jobs_overhead.py           # 1,240 fixture pages, 2 workers
    python benchmarks/jobs_overhead.py --copies 20 --rounds 3

Side by side, alternating rounds, same pages, same 2-process pool:
- *cleaning alone*: the files read and cleaned through `LocalExecutor.clean`, results dropped;
- *full job*: `run_job` on a fresh state, with de-duplication (exact + MinHash LSH) and two
  sinks (JSONL + SQLite), every record committed to the state's outbox first.
Both include starting the pool. Target: the full job within 10 % of cleaning alone.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from jobs_common import ForeignLoad, fixture_files, job_file, load_note, wait_for_idle

from scraper.config import CleanerConfig
from scraper.exec.local import LocalExecutor
from scraper.inputs import FilesInput
from scraper.job import run_job
from scraper.pipeline import Task, item_key


def clean_only(folder: Path, workers: int) -> float:
    start = time.perf_counter()
    executor = LocalExecutor(CleanerConfig(), workers)
    try:
        source = FilesInput((str(folder / "pages"),), 50_000_000)
        tasks = (Task(item_key(item), item) for item in source.items())
        count = sum(1 for _ in executor.clean(tasks))
    finally:
        executor.close()
    assert count > 0
    return time.perf_counter() - start


def full_job(folder: Path, workers: int) -> float:
    shutil.rmtree(folder / "out", ignore_errors=True)
    for name in ("state.sqlite", "state.sqlite-wal", "state.sqlite-shm"):
        (folder / name).unlink(missing_ok=True)
    job = job_file(folder, '[[sources]]\ntype = "files"\npaths = ["pages/"]\n', workers=workers)
    start = time.perf_counter()
    stats = run_job(job)
    assert stats.emitted > 0
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--wait-idle", type=float, default=60, help="Wait up to S s for other jobs per round."
    )
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="jobs-overhead-"))
    count = fixture_files(folder / "pages", args.copies)
    print(f"{count} pages; start: {load_note()}")
    times: dict[str, list[float]] = {"clean": [], "job": []}
    for _ in range(args.rounds):
        for name, measure in (("clean", clean_only), ("job", full_job)):
            before = wait_for_idle(args.wait_idle)
            with ForeignLoad() as load:
                times[name].append(measure(folder, args.workers))
            print(f"  {name}: {times[name][-1]:.2f} s; other processes used {before:.2f} cores "
                  f"before, {load.cores:.2f} during", flush=True)  # fmt: skip
    clean, job = statistics.median(times["clean"]), statistics.median(times["job"])
    for name, values in times.items():
        middle = statistics.median(values)
        runs = ", ".join(f"{v:.2f}" for v in values)
        print(f"{name}: median {middle:.2f} s ({runs}), {count / middle:.1f} docs/s")
    print(f"overhead of state + dedup + sinks: {(job / clean - 1) * 100:+.1f} %")
    print(f"end: {load_note()}")
    shutil.rmtree(folder)


if __name__ == "__main__":
    main()
