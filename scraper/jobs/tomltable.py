"""Reading one table of a TOML file with types checked and every key accounted for.

A job file is written by hand and run for hours, so a typo must fail at load time and say
where: every error names the file, the key (`sinks[2].path`) and the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from scraper.errors import ConfigError
from scraper.jobs.ceilings import MAX_INTEGER, MAX_SECONDS

T = TypeVar("T")
_MISSING = object()


class Table:
    def __init__(self, data: Any, file: Path, where: str) -> None:
        self.file = file
        self.where = where
        if not isinstance(data, dict):
            self.fail(None, f"must be a table, not {type(data).__name__}")
        self.data: dict[str, Any] = data
        self._used: set[str] = set()

    def fail(self, key: str | None, reason: str) -> None:
        name = f"{self.where}.{key}" if key and self.where else (key or self.where or "(top)")
        raise ConfigError(f"{self.file}: {name}: {reason}")

    def known(self, *keys: str) -> None:
        """Keys read elsewhere (sections of the top-level table)."""
        self._used.update(keys)

    def _get(self, key: str, default: Any, check: Callable[[Any], bool], what: str) -> Any:
        self._used.add(key)
        value = self.data.get(key, _MISSING)
        if value is _MISSING:
            if default is _MISSING:
                self.fail(key, "missing (required)")
            return default
        if not check(value):
            self.fail(key, f"must be {what}, not {value!r}")
        return value

    def text(self, key: str, default: Any = _MISSING, choices: tuple[str, ...] = ()) -> Any:
        value = self._get(key, default, lambda v: isinstance(v, str) and bool(v), "a string")
        if choices and value is not default and value not in choices:
            self.fail(key, f"must be one of {', '.join(choices)}, not {value!r}")
        return value

    def flag(self, key: str, default: Any = _MISSING) -> Any:
        return self._get(key, default, lambda v: isinstance(v, bool), "true or false")

    def integer(
        self, key: str, default: Any = _MISSING, low: int = 0, high: int = MAX_INTEGER
    ) -> Any:
        """An integer in [low, high]: every integer has a ceiling (`ceilings.py`)."""
        return self._get(
            key,
            default,
            lambda v: type(v) is int and low <= v <= high,
            f"an integer ≥ {low} and ≤ {high}",
        )

    def number(
        self, key: str, default: Any = _MISSING, low: float = 0.0, high: float = MAX_SECONDS
    ) -> Any:
        value = self._get(
            key,
            default,
            lambda v: type(v) in (int, float) and low <= v <= high,
            f"a number ≥ {low:g} and ≤ {high:g}",
        )
        return float(value) if value is not None else None

    def texts(self, key: str, default: Any = _MISSING) -> Any:
        value = self._get(
            key,
            default,
            lambda v: isinstance(v, list) and all(isinstance(s, str) and s for s in v),
            "a list of strings",
        )
        return tuple(value) if isinstance(value, list) else value

    def path(self, key: str, default: Any = _MISSING) -> Any:
        """A path; relative ones are taken from the job file's folder."""
        value = self.text(key, default)
        return value if not isinstance(value, str) else resolve(self.file, value)

    def done(self) -> None:
        """Fail on keys nobody read: a misspelt key must not be silently ignored."""
        unknown = sorted(set(self.data) - self._used)
        if unknown:
            self.fail(unknown[0], f"unknown key (known here: {', '.join(sorted(self._used))})")


def resolve(file: Path, value: str) -> Path:
    path = Path(value).expanduser()
    return path if path.is_absolute() else (file.parent / path).resolve()


def tables(data: Any, file: Path, where: str) -> list[Table]:
    """An array of tables (`[[sinks]]`)."""
    if not isinstance(data, list):
        raise ConfigError(f"{file}: {where}: must be an array of tables ([[{where}]])")
    return [Table(item, file, f"{where}[{i + 1}]") for i, item in enumerate(data)]
