"""`scraper fetch` and `scraper fixtures record` end to end, against the local server."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from scraper.cli import cli
from scraper.fixtures.cases import load_cases
from scraper.sources.raw import RawStore, host_folder
from tests.support.http_server import ALLOW_LOOPBACK, LocalServer, serve


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    yield from serve()


def fetch(tmp_path: Path, *args: str) -> tuple[int, list[dict]]:
    out = tmp_path / "out.jsonl"
    base = ["fetch", "-o", str(out), "--rate", "0", "--timeout", "1", "--retries", "1"]
    base += ALLOW_LOOPBACK
    cache = [] if "--no-cache" in args or "--cache" in args else ["--no-cache"]
    result = CliRunner().invoke(cli, [*base, *cache, *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    records = [json.loads(line) for line in out.read_text().splitlines()] if out.exists() else []
    return result.exit_code, records


def test_one_record_per_url_with_error_kinds(server: LocalServer, tmp_path: Path) -> None:
    urls_file = tmp_path / "urls.txt"
    urls_file.write_text(f"# a comment\n{server.url('/plain')}\n\n{server.url('/article/c1')}\n")
    paths = ["/article/c1", "/missing", "/doc.pdf", "/private/c", "/loop/a", "/latin1"]
    code, records = fetch(
        tmp_path, *(server.url(p) for p in paths), "not-a-url", "--urls-file", str(urls_file)
    )
    assert code == 1
    kinds = {r["url"]: (r["error"] or {}).get("kind") for r in records}
    assert len(records) == len(kinds) == 8  # the repeated /article/c1 is fetched once
    assert kinds == {
        server.url("/article/c1"): None,
        server.url("/plain"): None,
        server.url("/latin1"): None,
        server.url("/missing"): "http_status",
        server.url("/doc.pdf"): "unsupported_type",
        server.url("/private/c"): "robots_disallowed",
        server.url("/loop/a"): "too_many_redirects",
        "not-a-url": "input",
    }
    assert all(r["error"]["message"] for r in records if r["error"])


def test_sitemaps_and_feeds_feed_the_fetch(server: LocalServer, tmp_path: Path) -> None:
    code, records = fetch(
        tmp_path,
        "--sitemap",
        server.url("/sitemap.xml"),
        "--feed",
        server.url("/feed.atom"),
        "--path-glob",
        "/article/s1-*",
        "--path-glob",
        "/article/a*",
    )
    assert code == 0
    assert sorted(r["url"] for r in records) == sorted(
        [server.url(f"/article/s1-{i}") for i in range(3)]
        + [server.url("/article/a1"), server.url("/article/a2")]
    )


def test_raw_dir_round_trips_through_scraper_clean(server: LocalServer, tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    urls = [server.url("/latin1"), server.url("/redirect"), server.url("/plain")]
    _, fetched = fetch(tmp_path, *urls, "--raw-dir", str(raw))
    files = sorted(p.name.split(".", 1)[1] for p in raw.rglob("*") if p.is_file())
    assert files == ["html", "html", "html.json", "html.json", "txt", "txt.json"]
    sidecar = json.loads(next(raw.rglob("*.html.json")).read_text())
    assert {"url", "final_url", "status", "headers", "fetched_at"} <= set(sidecar)
    result = CliRunner().invoke(cli, ["clean", str(raw), "-q"])
    cleaned = [json.loads(line) for line in result.output.splitlines()]
    assert result.exit_code == 0
    assert {r["url"]: r["body"] for r in cleaned} == {r["url"]: r["body"] for r in fetched}


def test_raw_paths_never_come_from_url_text(tmp_path: Path) -> None:
    store = RawStore(tmp_path)
    for url in ["http://../../etc/passwd", "http://a.test/../../x", "http://%2e%2e/", "http:///"]:
        path = store.path_for(url, "html").resolve()
        assert path.is_relative_to(tmp_path.resolve())
        assert path.parent.parent == tmp_path.resolve()
    assert host_folder("http://Example.COM:8080/a") == "example.com_8080"


def test_second_run_revalidates_with_the_cache(server: LocalServer, tmp_path: Path) -> None:
    cache = tmp_path / "http.sqlite"
    for _ in range(2):
        code, records = fetch(tmp_path, server.url("/etag"), "--cache", str(cache))
        assert code == 0 and records[0]["title"] == "Cached page"
    last = server.state.hits_for("/etag")[-1]
    assert last.headers.get("If-None-Match") == '"v1"'


def test_no_urls_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["fetch"])
    assert result.exit_code == 2 and "give URLs" in result.output


def test_fixtures_record_writes_a_case_that_checks(server: LocalServer, tmp_path: Path) -> None:
    root = tmp_path / "fixtures"
    args = ["fixtures", "record", server.url("/latin1"), "--name", "html-cafe", "--dir", str(root)]
    args += ALLOW_LOOPBACK
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    case = root / "html-cafe"
    assert sorted(p.name for p in case.iterdir()) == [
        "expected.json",
        "page.html",
        "page.html.json",
    ]
    expected = json.loads((case / "expected.json").read_text())
    assert expected["url"] == server.url("/latin1")
    assert expected["fields"]["title"] == "Café owners meet"
    assert json.loads(result.stdout) == expected
    check = CliRunner().invoke(cli, ["fixtures", "check", "--dir", str(root)])
    assert check.exit_code == 0 and "ok   html-cafe" in check.output
    again = CliRunner().invoke(cli, args)
    assert again.exit_code == 2 and "already exists" in again.output
    assert CliRunner().invoke(cli, [*args, "--force"]).exit_code == 0


def test_a_recorded_case_keeps_its_declared_charset(server: LocalServer, tmp_path: Path) -> None:
    """The page is saved as the server sent it (ISO-8859-2 bytes, the charset only in the
    Content-Type header, kept in the sidecar); the case must read it with that charset, or
    the expectation would pin a mis-decoded title."""
    root = tmp_path / "fixtures"
    args = ["fixtures", "record", server.url("/latin2"), "--name", "html-ferry", "--dir", str(root)]
    result = CliRunner().invoke(cli, [*args, *ALLOW_LOOPBACK])
    assert result.exit_code == 0, result.output
    expected = json.loads((root / "html-ferry" / "expected.json").read_text())
    assert expected["fields"]["title"] == "Rozkład promów"
    article = load_cases(root)[0].run()
    assert "Źródło: świat, żółć, śliwka, Śląsk, Żabka." in article.body


@pytest.mark.parametrize("name", ["../escape", "Bad Name", "", "a/b", ".hidden"])
def test_fixtures_record_rejects_unsafe_names(name: str, tmp_path: Path) -> None:
    args = ["fixtures", "record", "http://127.0.0.1:9/x", "--name", name, "--dir", str(tmp_path)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code != 0 and list(tmp_path.iterdir()) == []


def test_fixtures_record_fetch_failure_writes_nothing(server: LocalServer, tmp_path: Path) -> None:
    args = ["fixtures", "record", server.url("/doc.pdf"), "--name", "pdf", "--dir", str(tmp_path)]
    args += ALLOW_LOOPBACK
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1 and "unsupported_type" in result.output
    assert list(tmp_path.iterdir()) == []
