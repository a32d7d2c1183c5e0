"""Job state: one SQLite file (WAL) that says what every input became and feeds the sinks.

Why the state is the source of truth: a job may be killed at any moment, SIGKILL included.
A record counts as produced only once it is committed here, in the same transaction as its
input's status (the *outbox*). Sinks are written from committed records and remember how far
they got (a high-water mark: the last sequence number and, for files, the byte offset). A
restarted job first brings every sink back to its mark, then replays the records after it,
so each input reaches each sink exactly once whatever moment the previous run died at.

The outbox is pruned once every sink holds a record, so the state also keeps the latest
record of every input, zlib-compressed (`records`): a sink found missing or short at start
(deleted, truncated, a Parquet part lost) is rebuilt from it instead of staying behind for
good. A state damaged on disk is refused at open (`PRAGMA quick_check`), not discovered by
a traceback halfway through a run.

Only one process writes (the job's client); fetch threads read through a connection of
their own (`StateReader`).
"""

from __future__ import annotations

import json
import sqlite3
import threading
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scraper.errors import ConfigError
from scraper.jobs.sinks.base import Mark, Row
from scraper.records import now_iso

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, finished_at TEXT,
    force INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS inputs (
    key TEXT PRIMARY KEY, run INTEGER NOT NULL, status TEXT NOT NULL, outcome TEXT,
    fingerprint TEXT, record_id TEXT, url TEXT, etag TEXT, last_modified TEXT,
    seq INTEGER, updated_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS inputs_url ON inputs(url);
CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, record TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sinks (name TEXT PRIMARY KEY, seq INTEGER NOT NULL,
    position INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS records (key TEXT PRIMARY KEY, seq INTEGER NOT NULL,
    record BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS records_seq ON records(seq);
CREATE TABLE IF NOT EXISTS firsts (content_hash TEXT PRIMARY KEY, record_id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS signatures (record_id TEXT PRIMARY KEY, seq INTEGER NOT NULL,
    signature BLOB NOT NULL);
"""
_UPSERT_INPUT = """
INSERT INTO inputs (key, run, status, outcome, fingerprint, record_id, url, etag, last_modified,
                    seq, updated_at)
VALUES (?, ?, 'emitted', ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT(key) DO UPDATE SET run = excluded.run, status = excluded.status,
    outcome = excluded.outcome, fingerprint = excluded.fingerprint,
    record_id = excluded.record_id, url = excluded.url, etag = excluded.etag,
    last_modified = excluded.last_modified, seq = excluded.seq, updated_at = excluded.updated_at
"""
_STORE_RECORD = """
INSERT INTO records (key, seq, record) VALUES (?, ?, ?)
ON CONFLICT(key) DO UPDATE SET seq = excluded.seq, record = excluded.record
"""
PAGE_ROWS = 500


class StateDamaged(ConfigError):
    """The state file is not a sound SQLite database any more (a usage problem: exit 2)."""

    def __init__(self, path: Path, detail: object) -> None:
        super().__init__(
            f"{path}: the job state is damaged ({detail}); restore it from a backup, or "
            "remove it and the job's outputs to run the job from scratch"
        )


@dataclass(frozen=True, slots=True)
class Run:
    """One invocation of a job. An interrupted run is resumed (same id) by the next one."""

    id: int
    force: bool
    resumed: bool


@dataclass(frozen=True, slots=True)
class Prior:
    """What the state knows of an input: the run that last saw it and its fingerprint."""

    run: int
    fingerprint: str | None
    url: str | None = None
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class Entry:
    """One finished input. `record` (its JSON text) is None when nothing was emitted."""

    key: str
    fingerprint: str
    outcome: str
    record: str | None = None
    record_id: str | None = None
    url: str | None = None
    etag: str | None = None
    last_modified: str | None = None


def connect(path: Path, what: str) -> sqlite3.Connection:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA busy_timeout=30000")
    except (OSError, sqlite3.Error) as exc:
        raise ConfigError(f"{path}: cannot open the {what}: {exc}") from exc
    return db


class JobState:
    """The writer's side. Changes accumulate in one open transaction until `commit`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = connect(path, "job state")
        try:
            problems = [row[0] for row in self._db.execute("PRAGMA quick_check(3)")]
            if problems != ["ok"]:
                found = "; ".join(" ".join(problem.split()) for problem in problems)
                raise StateDamaged(path, found[:300])
            self._db.executescript(SCHEMA)
        except sqlite3.DatabaseError as exc:
            self._db.close()
            raise StateDamaged(path, exc) from exc
        except StateDamaged:
            self._db.close()
            raise

    def _write(self, sql: str, args: Iterable[Any] = ()) -> sqlite3.Cursor:
        if not self._db.in_transaction:
            self._db.execute("BEGIN IMMEDIATE")
        return self._db.execute(sql, tuple(args))

    def commit(self) -> None:
        if self._db.in_transaction:
            self._db.execute("COMMIT")

    def begin_run(self, force: bool) -> Run:
        """Resume the last run if it never finished (keeping its --force), else start one."""
        row = self._db.execute(
            "SELECT id, finished_at, force FROM runs ORDER BY id DESC LIMIT 1"
        ).fetchone()
        if row is not None and row[1] is None:
            if force and not row[2]:
                self._write("UPDATE runs SET force = 1 WHERE id = ?", (row[0],))
            self.commit()
            return Run(row[0], force or bool(row[2]), resumed=True)
        cursor = self._write(
            "INSERT INTO runs (started_at, force) VALUES (?, ?)", (now_iso(), int(force))
        )
        self.commit()
        return Run(int(cursor.lastrowid or 0), force, resumed=False)

    def finish_run(self, run: Run) -> None:
        self._write("UPDATE runs SET finished_at = ? WHERE id = ?", (now_iso(), run.id))
        self.commit()

    def prior(self, key: str) -> Prior | None:
        row = self._db.execute(
            "SELECT run, fingerprint, url, etag, last_modified FROM inputs WHERE key = ?", (key,)
        ).fetchone()
        return None if row is None else Prior(*row)

    def add(self, entry: Entry, run: Run) -> int | None:
        """Record a finished input (and its record in the outbox); returns the record's seq."""
        if entry.record is None:
            self._write(
                "UPDATE inputs SET run = ?, status = 'unchanged', updated_at = ? WHERE key = ?",
                (run.id, now_iso(), entry.key),
            )
            return None
        seq = self._write("INSERT INTO outbox (record) VALUES (?)", (entry.record,)).lastrowid
        packed = zlib.compress(entry.record.encode("utf-8"))
        self._write(_STORE_RECORD, (entry.key, seq, packed))
        self._write(
            _UPSERT_INPUT,
            (entry.key, run.id, entry.outcome, entry.fingerprint, entry.record_id,
             entry.url, entry.etag, entry.last_modified, seq, now_iso()),
        )  # fmt: skip
        return seq

    def last_seq(self) -> int:
        row = self._db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'").fetchone()
        return int(row[0]) if row else 0

    def records_after(self, seq: int) -> Iterator[Row]:
        """Committed records a sink has not acknowledged, in order, a page at a time."""
        while True:
            rows = self._db.execute(
                "SELECT seq, record FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?",
                (seq, PAGE_ROWS),
            ).fetchall()
            if not rows:
                return
            for seq, text in rows:
                yield Row(seq, json.loads(text), text)

    def stored_records(self) -> Iterator[Row]:
        """The latest record of every input, in sequence order, a page at a time: what a
        sink rebuilt from scratch must hold."""
        seq = 0
        while True:
            rows = self._db.execute(
                "SELECT seq, record FROM records WHERE seq > ? ORDER BY seq LIMIT ?",
                (seq, PAGE_ROWS),
            ).fetchall()
            if not rows:
                return
            for seq, packed in rows:
                text = zlib.decompress(packed).decode("utf-8")
                yield Row(seq, json.loads(text), text)

    def unstored(self) -> int:
        """Inputs with a record but no stored copy of it (a state from before `records`)."""
        row = self._db.execute(
            "SELECT COUNT(*) FROM inputs WHERE seq IS NOT NULL "
            "AND key NOT IN (SELECT key FROM records)"
        ).fetchone()
        return int(row[0])

    def marks(self) -> dict[str, Mark]:
        rows = self._db.execute("SELECT name, seq, position FROM sinks").fetchall()
        return {name: Mark(seq, position) for name, seq, position in rows}

    def set_marks(self, marks: Mapping[str, Mark]) -> None:
        for name, mark in marks.items():
            self._write(
                "INSERT INTO sinks (name, seq, position) VALUES (?, ?, ?) ON CONFLICT(name) "
                "DO UPDATE SET seq = excluded.seq, position = excluded.position",
                (name, mark.seq, mark.position),
            )

    def prune(self) -> None:
        """Drop outbox records every sink holds; the outbox stays as small as the lag."""
        row = self._db.execute("SELECT MIN(seq) FROM sinks").fetchone()
        if row and row[0] is not None:
            self._write("DELETE FROM outbox WHERE seq <= ?", (row[0],))

    def first_copy(self, content_hash: str) -> str | None:
        row = self._db.execute(
            "SELECT record_id FROM firsts WHERE content_hash = ?", (content_hash,)
        ).fetchone()
        return row[0] if row else None

    def remember_first(self, content_hash: str, record_id: str) -> None:
        self._write("INSERT OR IGNORE INTO firsts VALUES (?, ?)", (content_hash, record_id))

    def signatures(self, record_ids: Iterable[str]) -> list[tuple[str, int, bytes]]:
        ids = list(record_ids)
        marks = ",".join("?" * len(ids))
        sql = f"SELECT record_id, seq, signature FROM signatures WHERE record_id IN ({marks})"
        return [(r, s, bytes(b)) for r, s, b in self._db.execute(sql, ids)]

    def all_signatures(self) -> Iterator[tuple[str, bytes]]:
        for record_id, signature in self._db.execute(
            "SELECT record_id, signature FROM signatures ORDER BY seq"
        ):
            yield record_id, bytes(signature)

    def set_signature(self, record_id: str, seq: int, signature: bytes | None) -> None:
        if signature is None:
            self._write("DELETE FROM signatures WHERE record_id = ?", (record_id,))
        else:
            self._write(
                "INSERT OR REPLACE INTO signatures VALUES (?, ?, ?)", (record_id, seq, signature)
            )

    def counts(self) -> dict[str, int]:
        """Inputs by outcome of the last time they were emitted (for reports and tests)."""
        rows = self._db.execute("SELECT outcome, COUNT(*) FROM inputs GROUP BY outcome")
        return dict(rows.fetchall())

    def close(self) -> None:
        self.commit()
        self._db.close()


class StateReader:
    """A read-only view for other threads (the fetch workers draw the URL list, and check
    each URL against the state, on their own threads). It sees committed rows only."""

    def __init__(self, path: Path) -> None:
        self._db = connect(path, "job state")
        self._lock = threading.Lock()

    def prior(self, key: str) -> Prior | None:
        with self._lock:
            row = self._db.execute(
                "SELECT run, fingerprint, url, etag, last_modified FROM inputs WHERE key = ?",
                (key,),
            ).fetchone()
        return None if row is None else Prior(*row)

    def close(self) -> None:
        with self._lock:
            self._db.close()
