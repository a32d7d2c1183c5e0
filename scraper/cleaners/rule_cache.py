"""What the prefilter derives from the rule files, kept in the user's cache folder.

Reading every rule pattern for its literals and gates (`prefilter.py`) and filing those
literals into one index per length tier cost a `scraper clean` of one small file about a
fifth of a second, in every process, for the same rule files. The result is written once as
JSON to `$XDG_CACHE_HOME/scraper/rules/` (else `~/.cache/scraper/rules/`), under a key hashed
from the rule files' bytes and the code that reads them (so an edited rule file or a new
version of the prefilter makes a new entry), and the Python version (whose regex parser it
reads). As with the language model's arrays (`array_cache.py`) the cache is a convenience:
a folder that cannot be written is skipped, and an entry that cannot be read or does not
have the expected shape is ignored (and replaced). Deleting the folder is always safe.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scraper.cleaners.prefilter import Gate, IndexState, Literals
from scraper.normalize.array_cache import cache_folder

FOLDER = "rules"
KEPT_ENTRIES = 16  # rule folders and versions remembered; older entries are removed
READERS = ("rule_cache.py", "prefilter.py", "rules.py")
"""The modules whose reading of the rule files the cache keeps: a new version of any of
them makes new entries."""
Derived = tuple[Literals | None, Gate | None]
"""A rule's required literals and its gate."""


@dataclass(frozen=True, slots=True)
class RuleFacts:
    """What the prefilter made of a rule set: per rule, then per tier of each tier list."""

    rules: list[Derived]
    tiers: list[IndexState]
    scoped_tiers: list[IndexState]


def cache_key(files: list[Path]) -> str:
    """A hash of the rule files (names and bytes), the modules that read them, and Python."""
    digest = hashlib.sha256(sys.version.encode())
    for name in READERS:
        digest.update(Path(__file__).with_name(name).read_bytes())
    for path in files:
        digest.update(b"\0" + path.name.encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


def _entry(key: str) -> Path | None:
    folder = cache_folder(FOLDER)
    return None if folder is None else folder / f"{key}.json"


def read_facts(key: str, rule_count: int) -> RuleFacts | None:
    """The cached facts for `key`, or None when there are none that can be read."""
    entry = _entry(key)
    if entry is None:
        return None
    try:
        data = json.loads(entry.read_bytes())
        rules = [(_literals(lits), _gate(gate)) for lits, gate in data["rules"]]
        tiers, scoped = list(data["tiers"]), list(data["scoped_tiers"])
    except (OSError, ValueError, TypeError, KeyError):  # also a half-written or foreign file
        return None
    if len(rules) != rule_count:
        return None
    return RuleFacts(rules, tiers, scoped)


def write_facts(key: str, facts: RuleFacts) -> None:
    """Store the facts under `key` (whole, by renaming), or leave things as they were."""
    entry = _entry(key)
    if entry is None:
        return
    data = {
        "rules": [[_sorted(lits), gate] for lits, gate in facts.rules],
        "tiers": facts.tiers,
        "scoped_tiers": facts.scoped_tiers,
    }
    partial = entry.with_name(f"{entry.name}.partial-{os.getpid()}")
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(json.dumps(data), encoding="utf-8")
        os.replace(partial, entry)
    except OSError:  # a read-only or full disk, no home: the next process derives again
        with suppress(OSError):
            partial.unlink(missing_ok=True)
        return
    _prune(entry.parent)


def _prune(folder: Path) -> None:
    """Remove all but the newest entries: each edit of a rule file makes a new one."""
    with suppress(OSError):
        entries = sorted(folder.glob("*.json"), key=lambda path: path.stat().st_mtime)
        for old in entries[:-KEPT_ENTRIES]:
            old.unlink(missing_ok=True)


def _sorted(literals: Literals | None) -> list[str] | None:
    return None if literals is None else sorted(literals)


def _literals(value: Any) -> Literals | None:
    if value is None:
        return None
    if not isinstance(value, list):
        raise TypeError("literals")
    return frozenset(str(literal) for literal in value)


def _gate(value: Any) -> Gate | None:
    if value is None:
        return None
    starts, holds = value
    return tuple(str(s) for s in starts), tuple(str(s) for s in holds)
