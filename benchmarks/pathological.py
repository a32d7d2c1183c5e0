"""Pathological pages: wall time and peak RSS of one page per process (RELIABILITY.md,
"Pathological pages").

Every page of `tests/support/pathological.py` goes through `scraper clean` in a process of its
own, and those within fetch's 10 MB body cap through `scraper fetch` from a local server on
127.0.0.1 that sends them gzip-compressed. Each process reports its own peak RSS (VmHWM, which
starts afresh at exec); wall time includes the interpreter's start-up. Median and range over
`--rounds` rounds. The target (issue 13): every page finishes within the cleaning timeout
+ 5 s and under 1 GB.

Usage: `python benchmarks/pathological.py --rounds 3` (`make bench-pathological`).
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_common import Guard, add_guard_options  # noqa: E402
from bench_results import write_results  # noqa: E402

from scraper.config import DEFAULT_CLEAN_TIMEOUT  # noqa: E402
from tests.support.pathological import PAGES  # noqa: E402
from tests.support.peak import run_scraper  # noqa: E402

FETCH_CAP = 10_000_000
ALLOW_LOOPBACK = ["--allow-network", "127.0.0.0/8"]


class GzipFiles(BaseHTTPRequestHandler):
    """Serves the files of one folder, gzip-compressed once each."""

    folder = Path()
    cache: ClassVar[dict[str, bytes]] = {}

    def do_GET(self) -> None:
        name = self.path.strip("/")
        if not (self.folder / name).is_file():  # robots.txt among them: crawl anything
            self.send_error(404)
            return
        if name not in self.cache:
            self.cache[name] = gzip.compress((self.folder / name).read_bytes(), 6)
        body = self.cache[name]
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def outcome_of(out: Path) -> str:
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    if len(records) != 1:
        return f"{len(records)} records!"
    error = records[0]["error"]
    return error["kind"] if error else f"article ({records[0]['word_count']:,} words)"


def measure(args: list[str], out: Path, rounds: int, guard: Guard) -> dict[str, object]:
    """`rounds` runs, each on an idle machine (a round others disturbed is run again)."""
    seconds, mib, outcomes = [], [], set()
    for number in range(rounds):

        def one_round() -> dict[str, object]:
            run = run_scraper([*args, "-q", "-o", str(out)], limit=600.0)
            return {"seconds": run.seconds, "mib": run.peak_mib, "outcome": outcome_of(out)}

        found = guard.measured(f"{args[0]} {Path(args[-1]).name} round {number + 1}", one_round)
        seconds.append(found["seconds"])
        mib.append(found["mib"])
        outcomes.add(found["outcome"])
    return {"seconds": seconds, "mib": mib, "outcome": " / ".join(sorted(outcomes))}


def row(name: str, size: int, how: str, found: dict[str, object]) -> str:
    seconds, mib = found["seconds"], found["mib"]
    assert isinstance(seconds, list) and isinstance(mib, list)
    return (
        f"| {name} | {size / 1e6:.1f} MB | {how} | {found['outcome']} | "
        f"{statistics.median(seconds):.1f} s ({min(seconds):.1f}-{max(seconds):.1f}) | "
        f"{statistics.median(mib):.0f} MiB ({min(mib)}-{max(mib)}) |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", nargs="*", help="page names (default: all)")
    add_guard_options(parser)
    options = parser.parse_args()
    guard = Guard.from_args(options)
    pages = [p for p in PAGES if not options.only or p.name in options.only]
    results: list[dict[str, object]] = []
    lines = [
        f"Target: within {DEFAULT_CLEAN_TIMEOUT:g} + 5 s and under 1 GB (953 MiB) per page.",
        "| page | size | through | outcome | wall, median (range) | peak RSS, median (range) |",
        "|---|---|---|---|---|---|",
    ]
    with tempfile.TemporaryDirectory(prefix="pathological-") as tmp:
        folder = Path(tmp)
        GzipFiles.folder = folder
        server = ThreadingHTTPServer(("127.0.0.1", 0), GzipFiles)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}"
        out = folder / "out.jsonl"
        for page in pages:
            data = page.build()
            (folder / page.name).write_bytes(data)
            runs = [("clean", ["clean", str(folder / page.name)])]
            if len(data) <= FETCH_CAP:
                fetch = ["fetch", "--rate", "0", "--no-cache", "--retries", "0", *ALLOW_LOOPBACK]
                runs.append(("fetch, gzip", [*fetch, f"{base}/{page.name}"]))
            for how, args in runs:
                found = measure(args, out, options.rounds, guard)
                results.append({"page": page.name, "bytes": len(data), "how": how, **found})
                lines.append(row(page.name, len(data), how, found))
                print(lines[-1], flush=True)
            (folder / page.name).unlink()
        server.shutdown()
    write_results("pathological", guard, {"pages": results}, options.results)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
