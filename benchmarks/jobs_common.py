"""Shared by the job benchmarks: distinct inputs (real pages of the evaluation set, generated
articles where it is absent or too small), job files, and the CPU time and peak memory of a
whole process tree (the job and its worker processes)."""

from __future__ import annotations

import random
import re
import resource
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil
from bench_pages import ArticleWriter, GeneratedPages, eval_pages, eval_set

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True)
class InputPage:
    name: str
    url: str | None
    html: str

    def text(self) -> str:
        """The page as a text dump gives it (as `bench-text` renders the evaluation set)."""
        import html_text

        return html_text.extract_text(_CONTROL.sub("", self.html), guess_layout=True)


def input_pages(count: int, seed: int = 0) -> tuple[str, list[InputPage]]:
    """`count` distinct pages and where they come from: a reproducible sample of the
    evaluation set's real pages when it is there and large enough (shuffled, so that any first
    N of them mix every source dataset), else generated articles."""
    root = eval_set()
    if root is not None:
        found = [InputPage(p.id, p.url, p.html) for p in eval_pages(root, count, seed)]
        random.Random(seed).shuffle(found)
        if len(found) == count:
            return f"{count} real pages of {root.name} (sample seed {seed})", found
    pages = GeneratedPages(ArticleWriter.for_machine())
    made = [InputPage(f"generated-{n}", None, pages.html(n)) for n in range(count)]
    return f"{count} generated articles (no evaluation set at {root})", made


def job_file(
    folder: Path,
    source: str,
    sinks: bool = True,
    workers: int = 2,
    extra: str = "",
    name: str = "job.toml",
) -> Path:
    sink_tables = (
        '[[sinks]]\ntype = "jsonl"\npath = "out/articles.jsonl"\n\n'
        '[[sinks]]\ntype = "sqlite"\npath = "out/articles.sqlite"\n'
    )
    text = f'[job]\nname = "bench"\nstate = "state.sqlite"\n\n{source}\n'
    text += (sink_tables if sinks else "") + f"\n[execution]\nworkers = {workers}\n{extra}"
    path = folder / name
    path.write_text(text, "utf-8")
    return path


def fresh_job(folder: Path) -> None:
    """No output and no state left from an earlier round."""
    for path in (folder / "out").glob("*"):
        path.unlink()
    for name in ("state.sqlite", "state.sqlite-wal", "state.sqlite-shm"):
        (folder / name).unlink(missing_ok=True)


@dataclass
class TreeMemory:
    """Peak of the summed RSS (and PSS, which counts shared pages once) of a process and
    all its descendants, sampled on a thread."""

    pid: int
    interval: float = 0.2
    peak_rss: int = 0
    peak_pss: int = 0
    peak_processes: int = 0

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        root = psutil.Process(self.pid)
        tick = 0
        while not self._stop.is_set():
            try:
                procs = [root, *root.children(recursive=True)]
                rss = sum(p.memory_info().rss for p in procs)
                self.peak_rss = max(self.peak_rss, rss)
                self.peak_processes = max(self.peak_processes, len(procs))
                if tick % 5 == 0:
                    pss = sum(p.memory_full_info().pss for p in procs)
                    self.peak_pss = max(self.peak_pss, pss)
            except psutil.Error:
                pass
            tick += 1
            self._stop.wait(self.interval)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


@dataclass(frozen=True)
class TreeRun:
    """What one command cost: wall clock, CPU of the whole tree, peak memory, its stderr."""

    wall: float
    cpu: float
    memory: TreeMemory | None
    stderr: str


def run_tree(command: list[str], cwd: Path | None = None, sample: bool = False) -> TreeRun:
    """`command` in a subprocess; its CPU time includes every worker it started and reaped.
    `sample` also follows its tree's memory (a thread reading /proc every 0.2 s)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=cwd
    )
    memory = TreeMemory(proc.pid) if sample else None
    _out, err = proc.communicate()
    wall = time.perf_counter() - start
    if memory:
        memory.stop()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({proc.returncode}):\n{err}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return TreeRun(wall, cpu, memory, err)


def scraper_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "scraper", *args]
