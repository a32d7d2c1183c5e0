"""Limits on what one input may cost: decompression, header sizes, nesting, entities.

Each test hands over an input built to be expensive (a small file that inflates to
hundreds of megabytes, entities that expand a billion-fold, nesting 100,000 deep) and
checks both the outcome and that memory stayed near the cap instead of the input's
inflated size.
"""

from __future__ import annotations

import resource
import zlib
from pathlib import Path

import pytest

import scraper
from scraper.errors import TooLarge
from scraper.sources.base import Failed
from scraper.sources.discover import Discovery, DiscoveryConfig, parse_feed, parse_sitemap
from scraper.sources.warc import MAX_HEADER_BYTES, WarcSource

PROSE = "The harbour board met on Tuesday evening to discuss the new ferry timetable. " * 4


def gzip_of(*parts: bytes, repeat: bytes = b"", times: int = 0) -> bytes:
    """gzip of parts[0] + repeat * times + parts[1:], compressed as it goes."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    out = [packer.compress(parts[0])]
    out += [packer.compress(repeat) for _ in range(times)]
    out += [packer.compress(part) for part in parts[1:]]
    return b"".join([*out, packer.flush()])


def grown_mib(before: int) -> float:
    return (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024


def test_a_warc_header_line_that_inflates_to_300_mb_stops_at_the_cap(tmp_path: Path) -> None:
    head = b"WARC/1.0\r\nWARC-Type: response\r\nX-Long: "
    path = tmp_path / "bomb.warc.gz"
    path.write_bytes(gzip_of(head, b"\r\n\r\n", repeat=b"a" * (1 << 20), times=300))
    assert path.stat().st_size < 400_000
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    items = list(WarcSource((path,)).pages())
    assert len(items) == 1 and isinstance(items[0], Failed)
    assert items[0].kind == "too_large" and f"{MAX_HEADER_BYTES:,}" in items[0].message
    assert grown_mib(before) < 64  # was 924 MiB before the cap


def test_a_sitemap_gzip_bomb_stops_at_the_cap() -> None:
    bomb = gzip_of(b"<urlset>", b"</urlset>", repeat=b" " * (1 << 20), times=200)
    discovery = Discovery(lambda url: bomb, DiscoveryConfig(max_bytes=5_000_000))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    (failed,) = list(discovery.sitemap("http://a.test/sitemap.xml.gz"))
    assert isinstance(failed, Failed) and isinstance(failed.error, TooLarge)
    assert grown_mib(before) < 64


LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a0 "http://a.test/lol">'
    + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))
    + "]>"
)


def test_feed_and_sitemap_entities_are_not_expanded() -> None:
    feed = (LAUGHS + "<rss><channel><item><link>&a9;</link></item></channel></rss>").encode()
    sitemap = (LAUGHS + "<urlset><url><loc>&a9;</loc></url></urlset>").encode()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    links = parse_feed(feed, "http://a.test/feed")
    _index, locs = parse_sitemap(sitemap, "http://a.test/sitemap.xml")
    assert all("lol" not in u for u in [*links, *locs])
    assert grown_mib(before) < 64


@pytest.mark.parametrize(
    "markup",
    [
        "<script type='application/ld+json'>" + "[" * 100_000 + "]" * 100_000 + "</script>",
        "<script type='application/ld+json'>" + '{"a":' * 5_000 + "1" + "}" * 5_000 + "</script>",
    ],
    ids=["JSON-LD arrays 100,000 deep", "JSON-LD objects 5,000 deep"],
)
def test_deep_json_ld_is_ignored_not_fatal(markup: str) -> None:
    page = f"<html><head><title>T</title>{markup}</head><body><p>{PROSE}</p></body></html>"
    article = scraper.clean_html(page)
    assert article.ok and "harbour board" in article.body


def test_deep_feed_nesting_gives_no_links_and_no_crash() -> None:
    deep = b"<rss>" + b"<x>" * 100_000 + b"</x>" * 100_000 + b"</rss>"
    assert parse_feed(deep, "http://a.test/feed") == []
