"""A ~1 GB WARC built from the fixtures, run through `scraper run`: peak memory of the whole
process tree (the job and its cleaning processes) must stay under 500 MB.

    python benchmarks/jobs_big_warc.py                 # 1 GB in /tmp, 2 workers
    python benchmarks/jobs_big_warc.py --size-mb 100   # a quicker look

Each WARC `response` record is a fixture rendered as a ~110 kB HTML page (see
`jobs_common.as_html`) with its own URL, preceded by its `request` record, as a crawler
writes them. Every copy changes one sentence, so the job also runs near-duplicate detection
on every record. Sinks: JSONL + SQLite.
"""

from __future__ import annotations

import argparse
import io
import shutil
import tempfile
from pathlib import Path

from jobs_common import FIXTURE_TEXTS, as_html, job_file, load_note, run_scraper
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


def build_warc(path: Path, size: int) -> int:
    """Write WARC records until the file reaches `size` bytes; returns the page count."""
    pages = 0
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=False)
        while out.tell() < size:
            text = FIXTURE_TEXTS[pages % len(FIXTURE_TEXTS)]
            body = as_html(text, pages)
            url = f"http://site-{pages % 97}.example/{pages // 97}/story-{pages}.html"
            request = writer.create_warc_record(
                url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            )
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            response = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=headers
            )
            writer.write_record(request)
            writer.write_record(response)
            pages += 1
    return pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--dir", type=Path, default=None, help="Work folder (default: /tmp).")
    args = parser.parse_args()
    folder = args.dir or Path(tempfile.mkdtemp(prefix="jobs-big-warc-"))
    folder.mkdir(parents=True, exist_ok=True)
    warc = folder / "big.warc"
    pages = build_warc(warc, args.size_mb * 1_000_000)
    size = warc.stat().st_size
    print(f"built {warc}: {size / 1e9:.2f} GB, {pages} pages", flush=True)
    shutil.rmtree(folder / "out", ignore_errors=True)
    for name in ("state.sqlite", "state.sqlite-wal", "state.sqlite-shm"):
        (folder / name).unlink(missing_ok=True)
    job = job_file(folder, f'[[sources]]\ntype = "warc"\npaths = ["{warc.name}"]\n',
                   workers=args.workers)  # fmt: skip
    print(f"before: {load_note()}", flush=True)
    seconds, memory, err = run_scraper("run", str(job), "--no-progress")
    print(err.strip())
    print(f"after: {load_note()}")
    print(
        f"{pages} pages, {size / 1e9:.2f} GB in {seconds:.0f} s ({pages / seconds:.1f} pages/s, "
        f"{size / 1e6 / seconds:.1f} MB/s); peak of the process tree ({memory.peak_processes} "
        f"processes): RSS {memory.peak_rss / 2**20:.0f} MiB, PSS {memory.peak_pss / 2**20:.0f} MiB"
    )
    jsonl = folder / "out" / "articles.jsonl"
    with open(jsonl, encoding="utf-8") as records:
        lines = sum(1 for _ in records)
    print(f"{lines} JSONL records (one per page: {lines == pages}); work folder {folder}")


if __name__ == "__main__":
    main()
