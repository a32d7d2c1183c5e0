"""Configuration: one typed, frozen config object per component, given through its
constructor; nothing is read at import time.

This module holds what every layer needs: `CleanerConfig` (where the rule files are, and the
cleaner's limits), the config folder's location, and the TOML reader that rule, site-rule,
name and job files share. Other components declare their options next to their code
(`FetchConfig`, `RetryConfig`, `PolitenessConfig`, `DiscoveryConfig` in `scraper.sources`;
`DedupConfig`, `ExecutionConfig` in `scraper.jobs`), each default once; the job file
(`scraper.jobs.jobfile`) and the command-line flags fill them in, and a value left out keeps
the component's default.

The cleaners' data (`rules/`, `sites/`, `names.toml`, the other vocabularies, `models/`) ships
inside the package, in `DEFAULTS_DIR` (`scraper/defaults/`), so an installed copy works from
any folder. A config folder of one's own (`$SCRAPER_CONFIG_DIR`, or `CleanerConfig.config_dir`
from `--config-dir` or a job's `[cleaner] config_dir`) overrides it entry by entry: each top-level
entry the folder has (the `rules/` folder, `sites/`, `models/`, `names.toml`, ...) replaces the
packaged one whole, and any entry it lacks comes from the package (`CleanerConfig.path`). It is
read when the cleaners are built (`scraper.cleaners.cleaners`), never at import time.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scraper.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DISTRIBUTION = "chromecut"
"""The name on the package index (`scraper` there is an unrelated project); the import name
and the command stay `scraper`."""
ENV_CONFIG_DIR = "SCRAPER_CONFIG_DIR"
DEFAULTS_DIR = Path(__file__).resolve().parent / "defaults"
DEFAULT_MIN_BODY_WORDS = 8
DEFAULT_MAX_INPUT_BYTES = 50_000_000
DEFAULT_CLEAN_TIMEOUT = 30.0
DEFAULT_MAX_ELEMENTS = 250_000
DEFAULT_MAX_VOTE_ELEMENTS = 100_000
DEFAULT_MAX_VOTE_CHARS = 10_000_000
DEFAULT_MAX_LINES = 500_000
# the learned core is opt-in until every fixture passes under it (test_learned_fixtures.py)
DEFAULT_LEARNED = False


def default_config_dir() -> Path:
    """`$SCRAPER_CONFIG_DIR`, else the packaged defaults."""
    override = os.environ.get(ENV_CONFIG_DIR)
    return Path(override) if override else DEFAULTS_DIR


def config_path(config_dir: Path, entry: str) -> Path:
    """`entry` (a file or folder name such as `names.toml` or `rules`) in `config_dir` when the
    folder has it, else the packaged one: a folder of one's own needs only what it changes."""
    own = config_dir / entry
    return own if own.exists() else DEFAULTS_DIR / entry


def install_hint(extra: str) -> str:
    """The command that installs an optional part (a `[project.optional-dependencies]` key)."""
    return f"pip install '{DISTRIBUTION}[{extra}]'"


def load_toml(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as handle:
            data: dict[str, Any] = tomllib.load(handle)
            return data
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc


@dataclass(frozen=True, slots=True)
class CleanerConfig:
    """`min_body_words`: a shorter body is no article (`no_content`); `max_input_bytes`: the
    cap on one input, after decompression; `timeout`: seconds one page may take to clean
    (None: no limit).

    The limits below keep one page's work and memory bounded (RELIABILITY.md, "Pathological
    pages", has the measurements behind them; the evaluation set's pages have at most 10,476
    elements and 1.6 M characters, so none reaches a limit). `max_elements`: an HTML page
    with more elements is `too_large` (estimated from its start tags before parsing, counted
    exactly after); each element costs about 1 KiB through cleaning, and no article needs a
    quarter of a million. `max_vote_elements`, `max_vote_chars`: past either, trafilatura's
    vote is skipped and the page is judged by our own signals (it cannot be interrupted, and
    costs about 20 µs and 1.4 KiB per element, 0.12 s and 9 MiB per MB of text).
    `max_lines`: a text page with more line breaks is `too_large`.

    `learned`: a block model (`defaults/models/`, trained by `make train`) has the last word on
    which blocks are the article; False keeps the hand-set stages' labels alone.
    `model_dir`: where the models are (None: `models/` in the config folder, else the
    packaged ones).
    """

    config_dir: Path = field(default_factory=default_config_dir)
    min_body_words: int = DEFAULT_MIN_BODY_WORDS
    max_input_bytes: int = DEFAULT_MAX_INPUT_BYTES
    timeout: float | None = DEFAULT_CLEAN_TIMEOUT
    max_elements: int = DEFAULT_MAX_ELEMENTS
    max_vote_elements: int = DEFAULT_MAX_VOTE_ELEMENTS
    max_vote_chars: int = DEFAULT_MAX_VOTE_CHARS
    max_lines: int = DEFAULT_MAX_LINES
    learned: bool = DEFAULT_LEARNED
    model_dir: Path | None = None

    def __post_init__(self) -> None:
        if not self.config_dir.is_dir():
            raise ConfigError(f"config folder {self.config_dir}: not a folder")

    def path(self, entry: str) -> Path:
        """Where the cleaners read `entry` (`names.toml`, `rules`, ...): see `config_path`."""
        return config_path(self.config_dir, entry)

    @property
    def rules_dir(self) -> Path:
        return self.path("rules")

    @property
    def models_dir(self) -> Path:
        return self.model_dir or self.path("models")

    @property
    def sites_dir(self) -> Path:
        return self.path("sites")
