"""`scraper clean` inputs, run as the installed command: standard input (`-`), `--url` for a
saved page, and folders whose pages are found by content, with what is skipped counted."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from scraper.config import CleanerConfig
from tests.cleaners.test_site_rules import PAGE, RULE
from tests.conftest import FIXTURES, SEED

SCRAPER = str(Path(sys.executable).with_name("scraper"))
SITE_URL = "https://www.news.example.org/a/1"
HTML_PAGE = next(FIXTURES.glob("html-*/page.html"))


def clean(*args: str, stdin: bytes | None = None) -> tuple[int, list[dict], str]:
    result = subprocess.run(
        [SCRAPER, "clean", "--no-progress", *args],
        input=stdin,
        capture_output=True,
        timeout=120,
    )
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    return result.returncode, records, result.stderr.decode()


def test_dash_reads_standard_input() -> None:
    code, records, _ = clean("-", stdin=SEED.read_bytes())
    assert code == 0
    (record,) = records
    assert (record["input"], record["error"]) == ("<stdin>", None)
    assert record["word_count"] > 100
    code, (empty,), _ = clean("-", stdin=b"")
    assert (code, empty["input"], empty["error"]["kind"]) == (1, "<stdin>", "no_content")


def _site_config(tmp_path: Path) -> Path:
    config = tmp_path / "config"
    shutil.copytree(CleanerConfig().config_dir, config)
    (config / "sites").mkdir(exist_ok=True)
    (config / "sites" / "news.example.org.toml").write_text(RULE, "utf-8")
    return config


def test_url_makes_site_rules_apply_and_links_resolve(tmp_path: Path) -> None:
    page = tmp_path / "saved.php"
    page.write_text(PAGE.replace("<head>", '<head><meta property="og:image" content="/i.jpg">'))
    config = str(_site_config(tmp_path))
    _, (plain,), _ = clean(str(page), "--config-dir", config)
    code, (ruled,), _ = clean(str(page), "--config-dir", config, "--url", SITE_URL)
    assert code == 0
    assert "partner offer" in plain["body"]
    assert "partner offer" not in ruled["body"] and "Story three." in ruled["body"]
    assert "site.remove" in {r["rule"] for r in ruled["removed"]}
    assert "site.remove" not in {r["rule"] for r in plain["removed"]}
    assert (ruled["url"], ruled["input"], ruled["title"]) == (
        SITE_URL,
        str(page),
        "The real headline",
    )
    assert ruled["image"] == "https://www.news.example.org/i.jpg" != plain["image"]
    _, (piped,), _ = clean("-", "--config-dir", config, "--url", SITE_URL, stdin=page.read_bytes())
    assert piped["body"] == ruled["body"]


def test_url_is_for_one_saved_page(tmp_path: Path) -> None:
    result = subprocess.run(
        [SCRAPER, "clean", str(SEED), str(HTML_PAGE), "--url", SITE_URL],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2 and "--url" in result.stderr
    bad = subprocess.run(
        [SCRAPER, "clean", str(SEED), "--url", "example.org/a"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 2 and "absolute http(s) URL" in bad.stderr


def _saved_site(folder: Path) -> None:
    (folder / "sub").mkdir(parents=True)
    (folder / ".git").mkdir()
    shutil.copy(HTML_PAGE, folder / "story.php")
    shutil.copy(HTML_PAGE, folder / "sub" / "index")  # wget's name for …/sub/
    shutil.copy(SEED, folder / "notes")  # a text dump without an extension
    (folder / "style.css").write_text("body { color: red }\n")
    (folder / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    (folder / "empty.shtml").write_bytes(b"")
    (folder / ".git" / "HEAD").write_text("ref: refs/heads/main\n")


def test_folders_give_pages_by_content_and_count_the_rest(tmp_path: Path) -> None:
    _saved_site(tmp_path / "site")
    code, records, stderr = clean(str(tmp_path / "site"))
    assert code == 0
    assert sorted(Path(r["input"]).name for r in records) == ["index", "notes", "story.php"]
    assert all(r["error"] is None for r in records)
    assert "skipped in folders: binary 1, empty 1, hidden 1, not a page 1" in stderr


def test_a_file_named_on_the_command_line_always_gives_a_record(tmp_path: Path) -> None:
    _saved_site(tmp_path / "site")
    names = ("logo.png", "empty.shtml", "style.css")
    code, records, _ = clean(*(str(tmp_path / "site" / name) for name in names))
    assert code == 1
    kinds = {Path(r["input"]).name: (r["error"] or {}).get("kind") for r in records}
    assert kinds == {"logo.png": "decode", "empty.shtml": "no_content", "style.css": "no_content"}


def test_a_folder_of_no_pages_is_a_usage_error_saying_what_it_skipped(tmp_path: Path) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(32))
    code, records, stderr = clean(str(tmp_path / "assets"))
    assert (code, records) == (2, [])
    assert "skipped: binary 1" in stderr


def test_an_archive_without_its_extension_is_read_as_one(tmp_path: Path) -> None:
    from tests.support.warc_files import write_warc

    crawl = tmp_path / "crawl-0001"
    write_warc(crawl)
    _, records, _ = clean(str(crawl))
    assert len(records) >= 3
    assert all(r["input"] == str(crawl) and r["input_offset"] is not None for r in records)
    assert records[0]["url"] == "http://a.test/1" and records[0]["error"] is None
