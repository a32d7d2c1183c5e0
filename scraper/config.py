"""Where configuration lives and how it is read.

Settings are layered: `config/default.toml` < job file < environment < CLI flags. Nothing is
read at import time; callers build a `Settings` and hand its parts to the components.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from scraper.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ENV_CONFIG_DIR = "SCRAPER_CONFIG_DIR"


def default_config_dir() -> Path:
    """`$SCRAPER_CONFIG_DIR`, else the `config/` folder shipped next to the package."""
    override = os.environ.get(ENV_CONFIG_DIR)
    if override:
        return Path(override)
    here = Path(__file__).resolve().parent
    for candidate in (here / "_config", here.parent / "config"):
        if (candidate / "rules").is_dir():
            return candidate
    raise ConfigError(f"no config folder found; set {ENV_CONFIG_DIR}")


def load_toml(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc


@dataclass(frozen=True, slots=True)
class CleanerConfig:
    """Options of the cleaners; every one is declared here and documented in default.toml."""

    config_dir: Path = field(default_factory=default_config_dir)
    min_body_words: int = 8
    max_input_bytes: int = 50_000_000
    timeout: float | None = 30.0

    @property
    def rules_dir(self) -> Path:
        return self.config_dir / "rules"

    @property
    def sites_dir(self) -> Path:
        return self.config_dir / "sites"

    @classmethod
    def from_mapping(cls, data: dict[str, Any], where: str) -> CleanerConfig:
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ConfigError(f"{where}: unknown cleaner keys {sorted(unknown)}")
        values = dict(data)
        if "config_dir" in values:
            values["config_dir"] = Path(values["config_dir"])
        return cls(**values)
