"""Where the cleaners' data comes from: the packaged defaults, and a config folder of one's own
that overrides them entry by entry (`scraper.config.config_path`)."""

from __future__ import annotations

import shutil
from importlib.metadata import version
from pathlib import Path

import pytest

from scraper.cleaners import clean_page, cleaners
from scraper.config import (
    DEFAULTS_DIR,
    DISTRIBUTION,
    ENV_CONFIG_DIR,
    CleanerConfig,
    default_config_dir,
    install_hint,
    load_toml,
)
from scraper.errors import ConfigError
from scraper.records import Page
from tests.conftest import ROOT

SITE_RULE = '[site]\nhosts = ["news.example.org"]\n[select]\nbody = [".story"]\n'
PAGE = (
    b"<html><body><div class='aside'><p>"
    + b"The mayor said the new bridge would open in the spring after two years of work. " * 3
    + b"</p></div><div class='story'><p>"
    + b"The council met on Tuesday and voted to keep the library open on weekends. " * 3
    + b"</p></div></body></html>"
)


def test_the_defaults_ship_inside_the_package() -> None:
    assert DEFAULTS_DIR.parent.name == "scraper"
    for entry in ("rules", "models", "names.toml", "dates.toml", "jobs/example.toml"):
        assert (DEFAULTS_DIR / entry).exists(), entry


def test_without_a_folder_of_ones_own_the_packaged_defaults_are_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(ENV_CONFIG_DIR, raising=False)
    config = CleanerConfig()
    assert config.config_dir == DEFAULTS_DIR
    assert config.rules_dir == DEFAULTS_DIR / "rules"
    assert config.path("names.toml") == DEFAULTS_DIR / "names.toml"


def test_a_folder_with_only_site_rules_keeps_the_packaged_rules_and_models(
    tmp_path: Path,
) -> None:
    (tmp_path / "sites").mkdir()
    (tmp_path / "sites" / "news.example.org.toml").write_text(SITE_RULE, "utf-8")
    config = CleanerConfig(config_dir=tmp_path, learned=True)
    assert config.sites_dir == tmp_path / "sites"
    assert config.rules_dir == DEFAULTS_DIR / "rules"
    assert config.models_dir == DEFAULTS_DIR / "models"
    cleaners(config)  # builds: rules, names, vocabularies and models all found
    page = Page(PAGE, "t", url="https://news.example.org/a")
    assert "bridge" in clean_page(page, CleanerConfig(config_dir=DEFAULTS_DIR)).body
    article = clean_page(page, config)
    assert "library open" in article.body and "bridge" not in article.body


def test_an_entry_of_ones_own_replaces_the_packaged_one_whole(tmp_path: Path) -> None:
    shutil.copytree(DEFAULTS_DIR / "rules", tmp_path / "rules")
    for path in (tmp_path / "rules").glob("*.toml"):
        if path.name != "share.toml":
            path.unlink()
    text, _ = cleaners(CleanerConfig(config_dir=tmp_path))
    assert text.rules.groups == ("share",)
    assert CleanerConfig(config_dir=tmp_path).path("names.toml") == DEFAULTS_DIR / "names.toml"


def test_the_environment_names_the_folder_and_a_missing_one_is_an_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(ENV_CONFIG_DIR, str(tmp_path))
    assert default_config_dir() == tmp_path
    monkeypatch.setenv(ENV_CONFIG_DIR, str(tmp_path / "nowhere"))
    with pytest.raises(ConfigError, match="not a folder"):
        CleanerConfig()


def test_no_data_is_left_at_the_repository_root() -> None:
    assert not (ROOT / "config").exists()


def test_the_distribution_name_is_one_and_every_install_hint_uses_it() -> None:
    project = load_toml(ROOT / "pyproject.toml")["project"]
    assert project["name"] == DISTRIBUTION != "scraper"
    assert version(DISTRIBUTION) == project["version"]  # what `scraper --version` reads
    assert install_hint("parquet") == "pip install 'chromecut[parquet]'"
    texts = [ROOT / "README.md", *sorted((ROOT / "scraper").rglob("*.py"))]
    stale = [p.name for p in texts if "install 'scraper[" in p.read_text("utf-8")]
    assert stale == []
