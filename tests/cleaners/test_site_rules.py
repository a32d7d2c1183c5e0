"""Site rules (`scraper/defaults/sites/<domain>.toml`): body/remove/title/date/authors selectors."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import scraper
from scraper.cleaners import cleaners
from scraper.config import DEFAULTS_DIR, CleanerConfig
from scraper.errors import ConfigError

CONFIG = DEFAULTS_DIR
PROSE = "This sentence is long enough to be read as running prose by the cleaner, and it ends."

PAGE = f"""<html><head><title>Wrong title from the head</title></head><body>
<div class="teaser-column"><h2>Another story</h2><p>Teaser one. {PROSE}</p>
<p>Teaser two. {PROSE}</p><p>Teaser three. {PROSE}</p><p>Teaser four. {PROSE}</p></div>
<div class="x-main"><div class="x-head"><span class="x-h">The real headline</span>
<span class="x-when">Published 3 March 2021</span><span class="x-who">Jane Roe</span></div>
<p>Story one. {PROSE}</p><p>Story two. {PROSE}</p>
<div class="x-plug"><p>Our partner offer is described here at length. {PROSE}</p></div>
<p>Story three. {PROSE}</p></div></body></html>"""

RULE = """
[site]
hosts = ["news.example.org"]
[select]
body = [".x-main"]
remove = [".x-plug"]
title = ".x-h"
date = ".x-when"
authors = [".x-who"]
"""


@pytest.fixture
def config(tmp_path: Path) -> CleanerConfig:
    shutil.copytree(CONFIG, tmp_path / "config")
    (tmp_path / "config" / "sites").mkdir(exist_ok=True)
    (tmp_path / "config" / "sites" / "news.example.org.toml").write_text(RULE, "utf-8")
    return CleanerConfig(config_dir=tmp_path / "config")


def test_site_rule_picks_body_removes_and_reads_metadata(config: CleanerConfig) -> None:
    article = scraper.clean_html(PAGE, "https://www.news.example.org/a/1", config=config)
    assert article.error is None
    assert "Story one." in article.body and "Story three." in article.body
    assert "Teaser" not in article.body
    assert "partner offer" not in article.body
    rules = {r.rule for r in article.removed if r.text.startswith(("Teaser", "Our partner"))}
    assert rules == {"site.outside_body", "site.remove"}
    assert article.title == "The real headline"
    assert (article.published or "").startswith("2021-03-03")
    assert article.authors == ("Jane Roe",)


def test_subdomains_match_and_other_hosts_do_not(config: CleanerConfig) -> None:
    sub = scraper.clean_html(PAGE, "https://m.news.example.org/a/1", config=config)
    other = scraper.clean_html(PAGE, "https://example.org/a/1", config=config)
    assert sub.title == "The real headline"
    assert other.title != "The real headline"
    assert not any(r.rule.startswith("site.") for r in other.removed)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[select]\nbody = ["div[["]\n', "select.body: bad CSS selector"),
        ('[select]\nbodies = [".a"]\n', "unknown keys ['select.bodies']"),
        ("[site]\nhosts = 'x.org'\n", "site.hosts must be a list"),
        ("[select]\ntitle = 3\n", "select.title must be a CSS selector"),
    ],
)
def test_bad_site_rules_fail_at_load_with_file_and_key(
    tmp_path: Path, text: str, message: str
) -> None:
    shutil.copytree(CONFIG, tmp_path / "config")
    (tmp_path / "config" / "sites").mkdir(exist_ok=True)
    (tmp_path / "config" / "sites" / "bad.example.toml").write_text(text, "utf-8")
    with pytest.raises(ConfigError) as info:
        cleaners(CleanerConfig(config_dir=tmp_path / "config"))
    assert "bad.example.toml" in str(info.value) and message in str(info.value)


def test_scraper_clean_with_a_bad_site_rule_is_a_usage_error(tmp_path: Path) -> None:
    shutil.copytree(CONFIG, tmp_path / "config")
    (tmp_path / "config" / "sites").mkdir(exist_ok=True)
    (tmp_path / "config" / "sites" / "bad.example.toml").write_text(
        '[select]\nbody = ["div[["]\n', "utf-8"
    )
    page = tmp_path / "page.html"
    page.write_text(PAGE, "utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "scraper", "clean", str(page), "--config-dir",
         str(tmp_path / "config")],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2
    assert "bad.example.toml" in result.stderr and "bad CSS selector" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_scraper_run_with_a_bad_site_rule_fails_at_load(tmp_path: Path) -> None:
    shutil.copytree(CONFIG, tmp_path / "config")
    (tmp_path / "config" / "sites").mkdir(exist_ok=True)
    (tmp_path / "config" / "sites" / "bad.example.toml").write_text(
        '[select]\nbody = ["div[["]\n', "utf-8"
    )
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "page.html").write_text(PAGE, "utf-8")
    job = tmp_path / "job.toml"
    job.write_text(
        '[job]\nname = "t"\n\n[cleaner]\nconfig_dir = "config"\n\n'
        '[[sources]]\ntype = "files"\npaths = ["pages/"]\n\n'
        '[[sinks]]\ntype = "jsonl"\npath = "out.jsonl"\n',
        "utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "scraper", "run", str(job), "--no-progress"],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 2
    assert "bad.example.toml" in result.stderr and "bad CSS selector" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out.jsonl").exists()
