"""SQLite sink: table `articles`, one row per record id (a newer record replaces the row),
the record's fields as columns, arrays and objects as JSON text.

Upserts are idempotent, so replaying records after a crash cannot duplicate a row; the
database runs with `synchronous=FULL` so a batch acknowledged to the job state is on disk.
Its mark counts the rows, so a deleted or emptied database is seen at the next start.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

from scraper.errors import SinkError
from scraper.jobs.sinks.base import COLUMNS, Mark, Row, column_kind, flat_values

_TYPES = {"integer": "INTEGER", "text": "TEXT", "json": "TEXT"}


def create_table_sql(table: str = "articles") -> str:
    columns = ", ".join(
        f"{name} {_TYPES[column_kind(name)]}" + (" PRIMARY KEY" if name == "id" else "")
        for name in COLUMNS
    )
    return f"CREATE TABLE IF NOT EXISTS {table} ({columns})"


class SqliteSink:
    kind = "sqlite"

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = f"{self.kind}:{path}"
        self._db: sqlite3.Connection | None = None
        self._seq = 0
        self._dirty = False
        updates = ", ".join(f"{c} = excluded.{c}" for c in COLUMNS if c != "id")
        self._upsert = (
            f"INSERT INTO articles ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"
            f" ON CONFLICT(id) DO UPDATE SET {updates}"
        )

    def open(self, mark: Mark | None) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(self.path), isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            if mark is None and self._has_rows():
                raise SinkError(
                    f"{self.path}: already has an `articles` table with rows not written by "
                    "this job (move it away, or point the sink elsewhere)"
                )
            self._db.execute(create_table_sql())
            self._add_missing_columns()
        except sqlite3.Error as exc:
            raise SinkError(f"{self.path}: cannot open the SQLite sink: {exc}") from exc
        self._seq = mark.seq if mark else 0

    def check(self, mark: Mark) -> str | None:
        if not mark.position:
            return None
        if not self.path.exists():
            return f"it is missing (the job state says it holds {mark.position} rows)"
        try:
            db = sqlite3.connect(self.path.resolve().as_uri() + "?mode=ro", uri=True)
            try:
                rows = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
            finally:
                db.close()
        except sqlite3.Error as exc:
            return f"its articles table cannot be read ({exc})"
        if rows < mark.position:
            return f"it holds {rows} rows, fewer than the job state says ({mark.position})"
        return None

    def discard(self) -> None:
        try:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        except OSError as exc:
            raise SinkError(f"{self.path}: cannot remove it to rebuild it: {exc}") from exc

    def _has_rows(self) -> bool:
        assert self._db is not None
        exists = self._db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'articles'"
        ).fetchone()
        return bool(exists and self._db.execute("SELECT 1 FROM articles LIMIT 1").fetchone())

    def _add_missing_columns(self) -> None:
        """A table made before the schema gained a (nullable) field gets that column."""
        assert self._db is not None
        present = {row[1] for row in self._db.execute("PRAGMA table_info(articles)")}
        for name in COLUMNS:
            if name not in present:
                kind = _TYPES[column_kind(name)]
                self._db.execute(f"ALTER TABLE articles ADD COLUMN {name} {kind}")

    def write(self, rows: Sequence[Row]) -> None:
        if not rows or self._db is None:
            return
        try:
            self._db.execute("BEGIN")
            self._db.executemany(self._upsert, [flat_values(row.record) for row in rows])
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            raise SinkError(f"{self.path}: cannot write: {exc}") from exc
        self._seq = rows[-1].seq
        self._dirty = True

    def checkpoint(self) -> Mark | None:
        if not self._dirty or self._db is None:
            return None
        self._dirty = False
        try:
            rows = self._db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        except sqlite3.Error as exc:
            raise SinkError(f"{self.path}: cannot count its rows: {exc}") from exc
        return Mark(self._seq, int(rows))

    def close(self) -> Mark | None:
        mark = self.checkpoint()
        if self._db is not None:
            self._db.close()
            self._db = None
        return mark
