"""10,000 calls of `clean_html` / `clean_text` in one process: RSS must stay flat.

Run: `.venv/bin/python benchmarks/embed_memory.py [--calls 10000]`. The pages are the bundled
fixtures, cycled; RSS is read from /proc after each tenth of the calls.
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

import scraper

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def rss_mib() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=10_000)
    args = parser.parse_args()
    pages = [
        (path.suffix == ".html", path.read_text("utf-8", "replace"))
        for path in sorted(FIXTURES.glob("*/page.*"))
    ]
    started = time.perf_counter()
    readings = []
    for call in range(args.calls):
        is_html, text = pages[call % len(pages)]
        scraper.clean_html(text) if is_html else scraper.clean_text(text)
        if (call + 1) % (args.calls // 10) == 0:
            readings.append(rss_mib())
            print(f"{call + 1:6d} calls: RSS {readings[-1]:.1f} MiB", flush=True)
    elapsed = time.perf_counter() - started
    print(
        f"{args.calls} calls over {len(pages)} pages in {elapsed:.0f} s; RSS after the first "
        f"tenth {readings[0]:.1f} MiB, at the end {readings[-1]:.1f} MiB "
        f"(growth {readings[-1] - readings[0]:+.1f} MiB)"
    )


if __name__ == "__main__":
    main()
