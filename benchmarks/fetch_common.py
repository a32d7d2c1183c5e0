"""Shared by the fetch benchmarks: the local server process, pinned to its own core, and
clients started as fresh processes on the other cores."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import psutil
from bench_common import HERE, CorePlan, pinned


class LocalServer:
    """`benchmarks/fetch_server.py` in its own process (so it never competes for our GIL),
    on the plan's server core."""

    def __init__(self, *args: str, plan: CorePlan, log: Path | None = None) -> None:
        cmd = [sys.executable, str(HERE / "fetch_server.py"), *args]
        if log:
            cmd += ["--log", str(log)]
        self.log = log
        with pinned(plan.server):
            self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
        self.port = int(self.proc.stdout.readline())  # type: ignore[union-attr]
        self._process = psutil.Process(self.proc.pid)

    def urls(self, pages: int, hosts: int, path: str = "/page/{i}") -> list[str]:
        """`pages` URLs spread round-robin over `hosts` loopback addresses."""
        return [
            f"http://127.0.0.{i % hosts + 1}:{self.port}" + path.format(i=i) for i in range(pages)
        ]

    def cpu_seconds(self) -> float:
        times = self._process.cpu_times()
        return times.user + times.system

    def stop(self) -> list[dict]:
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(30)
        if not self.log:
            return []
        return [json.loads(line) for line in self.log.read_text().splitlines()]
