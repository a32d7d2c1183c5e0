"""Shared by the fetch benchmarks: start and stop the local server process."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


class LocalServer:
    """`benchmarks/fetch_server.py` in its own process (so it never competes for our GIL)."""

    def __init__(self, *args: str, log: Path | None = None) -> None:
        cmd = [sys.executable, str(HERE / "fetch_server.py"), *args]
        if log:
            cmd += ["--log", str(log)]
        self.log = log
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
        self.port = int(self.proc.stdout.readline())  # type: ignore[union-attr]

    def urls(self, pages: int, hosts: int, path: str = "/page/{i}") -> list[str]:
        """`pages` URLs spread round-robin over `hosts` loopback addresses."""
        return [
            f"http://127.0.0.{i % hosts + 1}:{self.port}" + path.format(i=i) for i in range(pages)
        ]

    def stop(self) -> list[dict]:
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(30)
        if not self.log:
            return []
        return [json.loads(line) for line in self.log.read_text().splitlines()]
