"""Small pure parts of the fetch layer: retry timing, Retry-After, the cache, sidecars."""

from __future__ import annotations

import random
from pathlib import Path

from scraper.sources.files import FileSource, load_page
from scraper.sources.http.cache import CachedResponse, HttpCache
from scraper.sources.http.ratelimit import PolitenessConfig, host_key
from scraper.sources.http.retry import RetryConfig, parse_retry_after
from scraper.sources.raw import RawMeta, read_sidecar, write_raw


def test_backoff_grows_exponentially_with_full_jitter() -> None:
    config = RetryConfig(backoff=0.5, max_backoff=3.0)
    rng = random.Random(7)
    for attempt, ceiling in [(1, 0.5), (2, 1.0), (3, 2.0), (4, 3.0), (9, 3.0)]:
        waits = [config.backoff_for(attempt, rng) for _ in range(200)]
        assert min(waits) > 0 and max(waits) <= ceiling
        assert max(waits) > ceiling * 0.8  # jitter spans the range, not a fixed wait


def test_retry_after_seconds_and_dates() -> None:
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412490.0) == 0.0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def test_rate_and_host_keys() -> None:
    assert PolitenessConfig(rate=2).delay == 0.5
    assert PolitenessConfig(rate=0).delay == 0.0
    assert host_key("http://Example.org:8080/a") == "example.org:8080"
    assert host_key("https://example.org/") == "example.org:"


def test_cache_keeps_only_responses_with_validators(tmp_path: Path) -> None:
    cache = HttpCache(tmp_path / "c.sqlite")
    cache.put(CachedResponse("http://a.test/1", b"body", {"X": "1"}, etag='"e"'))
    cache.put(CachedResponse("http://a.test/2", b"body"))
    hit = cache.get("http://a.test/1")
    assert hit is not None and hit.body == b"body" and hit.headers == {"X": "1"}
    assert hit.conditional_headers() == {"If-None-Match": '"e"'}
    assert cache.get("http://a.test/2") is None


def test_sidecar_gives_a_saved_page_its_url_and_charset(tmp_path: Path) -> None:
    page_path = tmp_path / "p.html"
    meta = RawMeta(
        "http://a.test/x", "http://a.test/y", 200, {"Content-Type": "text/html; charset=cp1251"}
    )
    write_raw(page_path, "Привет".encode("cp1251"), meta)
    assert read_sidecar(page_path) == meta
    page = load_page(page_path)
    assert page.url == "http://a.test/y" and page.encoding == "cp1251"


def test_foreign_json_next_to_a_page_is_not_a_sidecar(tmp_path: Path) -> None:
    (tmp_path / "p.html").write_text("<p>x</p>")
    (tmp_path / "p.html.json").write_text('{"url": "http://evil.test/"}')
    assert read_sidecar(tmp_path / "p.html") is None
    assert load_page(tmp_path / "p.html").url is None


def test_file_source_yields_one_item_per_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("hello")
    items = list(FileSource((str(tmp_path / "a.txt"), str(tmp_path / "missing.txt"))).pages())
    assert [type(i).__name__ for i in items] == ["Page", "Failed"]
    assert items[1].to_article().error.kind == "input"  # type: ignore[union-attr]
