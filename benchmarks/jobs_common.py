"""Shared by the job benchmarks: inputs built from the bundled fixtures, job files, and the
peak memory of a whole process tree (the job and its worker processes)."""

from __future__ import annotations

import html
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_TEXTS = [p.read_text("utf-8") for p in sorted((ROOT / "fixtures").glob("*/page.txt"))]


def as_html(text: str, copy: int, script_lines: int = 2500) -> bytes:
    """A fixture rendered as a web page of today's weight: the article in <p>s, a menu and a
    footer, and ~100 kB of inline script and style (most of a real page's bytes). `copy`
    changes one sentence, so copies are near-duplicates, not exact ones."""
    paras = [p.strip() for p in text.split("\n\n") if p.strip()]
    if len(paras) > 3:
        paras[3] += f" This is archive copy {copy}."
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paras)
    script = "".join(f"var v{i}=function(a,b){{return a*{i}+b;}};\n" for i in range(script_lines))
    page = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{html.escape(paras[0][:90])}</title><script>{script}</script>"
        f"<style>{'.c{color:#333;margin:0 auto}' * 300}</style></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/sport'>Sport</a></nav>"
        f"<article>{body}</article><footer>Copyright 2026 Example News</footer></body></html>"
    )
    return page.encode("utf-8")


def fixture_files(folder: Path, copies: int) -> int:
    """`copies` × the text fixtures as files (each copy a near-duplicate): the pages."""
    count = 0
    for n in range(copies):
        target = folder / f"copy-{n:04d}"
        target.mkdir(parents=True, exist_ok=True)
        for i, text in enumerate(FIXTURE_TEXTS):
            (target / f"page-{i:02d}.txt").write_text(
                text.replace("\n\n", f"\n\nArchive copy {n}.\n\n", 1) if n else text, "utf-8"
            )
            count += 1
    return count


def job_file(
    folder: Path, source: str, sinks: bool = True, workers: int = 2, extra: str = "",
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
            time.sleep(self.interval)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def run_scraper(*args: str, cwd: Path | None = None) -> tuple[float, TreeMemory, str]:
    """`scraper ARGS` in a subprocess: (wall seconds, its tree's memory, stderr)."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "scraper", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        cwd=cwd,
    )
    memory = TreeMemory(proc.pid)
    _out, err = proc.communicate()
    memory.stop()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"scraper {' '.join(args)} failed:\n{err}")
    return time.perf_counter() - start, memory, err


def load_note() -> str:
    one, five, _fifteen = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


def wait_for_idle(max_wait: float, busy_below: float = 0.25) -> float:
    """Wait (at most `max_wait` s) until other processes use less than `busy_below` cores;
    returns the cores they were using when we stopped waiting. This machine is shared with
    other engineers' CPU-bound jobs, and a scaling figure taken next to them measures them."""
    cores = os.cpu_count() or 1
    deadline = time.monotonic() + max_wait
    while True:
        busy = psutil.cpu_percent(interval=2.0) / 100 * cores
        if busy < busy_below or time.monotonic() >= deadline:
            return busy


class ForeignLoad:
    """Cores used by processes outside this process tree while a measurement ran."""

    def __enter__(self) -> ForeignLoad:
        self._start = (time.monotonic(), _busy(), _ours())
        return self

    def __exit__(self, *exc: object) -> None:
        wall = time.monotonic() - self._start[0]
        self.cores = ((_busy() - self._start[1]) - (_ours() - self._start[2])) / wall


def _busy() -> float:
    times = psutil.cpu_times()
    return times.user + times.system + getattr(times, "nice", 0.0)


def _ours() -> float:
    """CPU seconds of this process and its children, reaped (`os.times`) or still running."""
    own = os.times()
    total = own.user + own.system + own.children_user + own.children_system
    for child in psutil.Process().children(recursive=True):
        try:
            cpu = child.cpu_times()
            total += cpu.user + cpu.system
        except psutil.Error:
            pass
    return total
