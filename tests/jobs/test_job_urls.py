"""URL inputs in a job, against the real local HTTP server: one record per URL, politeness
seen from the server's log, and a re-run that revalidates instead of re-emitting."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from scraper.jobs.runner import RunOptions, run_job
from tests.support.http_server import LocalServer, serve
from tests.support.job_helpers import jsonl, write_job
from tests.support.pacing import gaps, shortest_gap

RATE = 10


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    yield from serve()


def url_job(folder: Path, server: LocalServer, prefix: str, executor: str = "local") -> Path:
    urls = [server.url(f"/article/{prefix}-{i}", host=h) for h in ("127.0.0.1", "127.0.0.2")
            for i in range(4)]  # fmt: skip
    urls += [
        server.url("/etag"),
        server.url("/doc.pdf"),
        server.url(f"/private/{prefix}"),  # disallowed by robots.txt on 127.0.0.1
        server.url(f"/article/{prefix}-0") + "#again",  # the same page once normalised
        "not a url",
    ]
    listed = ", ".join(f'"{u}"' for u in urls)
    return write_job(
        folder,
        f"""
[job]
name = "web"

[[sources]]
type = "urls"
urls = [{listed}]

[[sources]]
type = "sitemap"
urls = ["{server.url('/sitemap.xml', host='127.0.0.2')}"]

[fetch]
timeout = 3
retries = 0
allow_networks = ["127.0.0.0/8"]

[politeness]
rate = {RATE}
concurrency = 4

[execution]
executor = "{executor}"
workers = 2
""",
    )


def test_url_job_one_record_per_url_polite_and_revalidated(
    tmp_path: Path, server: LocalServer
) -> None:
    import time

    started = time.monotonic()
    job = url_job(tmp_path, server, "local")
    stats = run_job(job)
    records = jsonl(tmp_path / "web.jsonl")
    assert len(records) == stats.emitted == 8 + 4 + 6  # pages, etag/pdf/private/bad, sitemap
    kinds = {r["url"]: r["error"] and r["error"]["kind"] for r in records}
    assert kinds[server.url("/etag")] is None
    assert kinds[server.url("/doc.pdf")] == "unsupported_type"
    assert kinds[server.url("/private/local")] == "robots_disallowed"
    assert kinds["not a url"] == "input"
    assert stats.outcomes["duplicate"] == 1  # the #again URL, dropped before fetching
    assert sum(1 for u in kinds if "/article/s" in u) == 6  # from the sitemap index
    for host in ("127.0.0.1", "127.0.0.2"):  # every request: robots, sitemaps, pages
        assert min(gaps(server.state.arrivals(host, since=started))) >= shortest_gap(RATE)
    etag_hits = len(server.state.hits_for("/etag"))
    again = run_job(job)
    assert again.emitted == 0, again.outcomes
    assert again.outcomes["unchanged"] == len(records)
    last = server.state.hits_for("/etag")[etag_hits:]
    assert [h.headers.get("If-None-Match") for h in last] == ['"v1"']  # answered 304
    forced = run_job(job, RunOptions(force=True))
    assert forced.emitted == len(records)
    assert server.state.hits_for("/etag")[-1].headers.get("If-None-Match") is None
