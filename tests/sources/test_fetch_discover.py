"""Discovery from sitemaps and feeds served by a real server; URL normalisation and filters."""

from __future__ import annotations

import gzip
from collections.abc import Iterator

import pytest

from scraper.sources.base import Failed
from scraper.sources.discover import Discovery, DiscoveryConfig, parse_feed, parse_sitemap
from scraper.sources.http.config import FetchConfig
from scraper.sources.http.ratelimit import PolitenessConfig
from scraper.sources.http.run import FetchRun
from scraper.sources.http.settings import FetchSettings
from scraper.sources.urls import UrlFilter, UrlList, normalize_url
from tests.support.http_server import LOOPBACK, LocalServer, serve


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    yield from serve()


def fetch_run() -> FetchRun:
    return FetchRun(
        FetchSettings(fetch=FetchConfig(addresses=LOOPBACK), politeness=PolitenessConfig(rate=0))
    )


def test_sitemap_index_with_a_gzipped_child(server: LocalServer) -> None:
    pages, failed = fetch_run().discover([], sitemaps=[server.url("/sitemap.xml")])
    assert failed == []
    expected = [server.url(f"/article/{s}-{i}") for s in ("s1", "s2") for i in range(3)]
    assert pages == expected


def test_rss_and_atom_feeds(server: LocalServer) -> None:
    pages, _ = fetch_run().discover([], feeds=[server.url("/feed.rss"), server.url("/feed.atom")])
    names = ["r1", "r2", "r3", "a1", "a2"]
    assert pages == [server.url(f"/article/{n}") for n in names]  # fragment dropped, rel=edit not


def test_a_broken_sitemap_becomes_one_failed_item(server: LocalServer) -> None:
    pages, failed = fetch_run().discover(["http://x.test/a"], sitemaps=[server.url("/missing")])
    assert pages == ["http://x.test/a"]
    assert [(f.url, f.kind) for f in failed] == [(server.url("/missing"), "http_status")]


def test_sitemap_parsing_is_safe_and_bounded() -> None:
    evil = b"""<?xml version="1.0"?><!DOCTYPE u [<!ENTITY x SYSTEM "file:///etc/passwd">]>
    <urlset><url><loc>http://a.test/&x;</loc></url><url><loc>/rel</loc></url></urlset>"""
    is_index, locs = parse_sitemap(evil, "http://a.test/sitemap.xml")
    assert not is_index and "root:" not in "".join(locs)
    assert "http://a.test/rel" in locs
    gz = gzip.compress(b"<urlset>" + b"<url><loc>http://a.test/p</loc></url>" * 50 + b"</urlset>")
    discovery = Discovery(lambda url: gz, DiscoveryConfig(max_urls=10))
    assert len(list(discovery.sitemap("http://a.test/s.xml.gz"))) == 10


def test_sitemap_index_cycles_end() -> None:
    index = b"""<sitemapindex><sitemap><loc>http://a.test/i.xml</loc></sitemap></sitemapindex>"""
    assert list(Discovery(lambda url: index).sitemap("http://a.test/i.xml")) == []


def test_not_a_feed_is_a_parse_error() -> None:
    items = list(Discovery(lambda url: b"\x00\x01 binary").feed("http://a.test/f"))
    assert len(items) == 1 and isinstance(items[0], Failed) and items[0].kind == "parse"
    assert parse_feed(b"<rss><channel></channel></rss>", "http://a.test/") == []


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("HTTP://Example.COM:80/a/./b/../c?utm_source=x&id=1#top", "http://example.com/a/c?id=1"),
        ("https://example.com:443", "https://example.com/"),
        ("http://example.com:8080/%7euser/a%2fb", "http://example.com:8080/~user/a%2Fb"),
        ("https://bücher.example/straße", "https://xn--bcher-kva.example/stra%C3%9Fe"),
        ("http://user:pw@example.com/x y", "http://example.com/x%20y"),
        ("http://[::1]:8080/x", "http://[::1]:8080/x"),
    ],
)
def test_normalize_url(raw: str, normal: str) -> None:
    assert normalize_url(raw) == normal


@pytest.mark.parametrize("bad", ["ftp://example.com/", "mailto:a@b.c", "http://", "nonsense"])
def test_not_http_urls_do_not_normalise(bad: str) -> None:
    assert normalize_url(bad) is None


def test_dedupe_and_filters_count_what_they_drop() -> None:
    urls = UrlList(UrlFilter(hosts=("example.com",), path_globs=("/news/*",)))
    given = [
        "http://example.com/news/1",
        "http://EXAMPLE.com/news/1#c",
        "http://www.example.com/news/2",
        "http://example.com/about",
        "http://other.org/news/3",
        "not a url",
    ]
    assert list(urls(given)) == [
        "http://example.com/news/1",
        "http://www.example.com/news/2",
        "not a url",
    ]
    assert urls.counts == {"duplicate": 1, "filtered": 2}
