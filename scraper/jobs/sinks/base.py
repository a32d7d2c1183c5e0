"""What every job sink does, and the one row layout they all share.

Sinks are written from records already committed to the job state, each with its sequence
number, and report a `Mark` once what they hold is durable. `open(mark)` first brings the
output back to that mark (a file is cut back to its last acknowledged byte, so a line half
written when the job was killed is gone), which is what makes a resumed job exactly-once.
Before that, `check(mark)` says whether the output still holds what its mark claims (a
file at least that long, a table with at least that many rows, every Parquet part); one that
does not is `discard`ed and rebuilt from the job state.

Columns come from `ARTICLE_SCHEMA`, in its order: every sink has the same fields (lists and
objects as JSON text where the format has no such type; Parquet keeps them typed).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from scraper.errors import SinkError
from scraper.records import ARTICLE_SCHEMA, ON_REQUEST

__all__ = ["COLUMNS", "FileSink", "Mark", "Row", "Sink", "column_kind", "flat_values"]


@dataclass(frozen=True, slots=True)
class Mark:
    """How far a sink got: the last record it holds durably, and how much output that is,
    for `check`: bytes for files, rows for SQLite, part files for Parquet (0: unknown)."""

    seq: int
    position: int = 0


class Row(NamedTuple):
    """A committed record: its sequence number, the record, and its JSON text (one line,
    encoded once: the outbox keeps it and the JSONL sink writes it)."""

    seq: int
    record: dict[str, Any]
    text: str


COLUMNS: tuple[str, ...] = tuple(k for k in ARTICLE_SCHEMA["properties"] if k not in ON_REQUEST)


def column_kind(name: str) -> str:
    """`text`, `integer` or `json` (arrays and objects) for a record field."""
    spec = ARTICLE_SCHEMA["properties"][name]
    kinds = spec.get("type", "object")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    if "integer" in kinds:
        return "integer"
    if "string" in kinds:
        return "text"
    return "json"


_AS_JSON = tuple(column_kind(name) == "json" for name in COLUMNS)


def flat_values(record: dict[str, Any]) -> list[Any]:
    """The record's values in column order, arrays and objects as JSON text."""
    values = []
    for name, as_json in zip(COLUMNS, _AS_JSON, strict=True):
        value = record.get(name)
        if as_json and value is not None:
            value = json.dumps(value, ensure_ascii=False)
        values.append(value)
    return values


class Sink(Protocol):
    """A job output. `name` identifies it in the job state (type and path)."""

    name: str

    def open(self, mark: Mark | None) -> None:
        """Bring the output back to `mark`; None means a new sink, whose output must not
        exist yet (or be empty): a job never appends to, or cuts, a file it did not write."""

    def check(self, mark: Mark) -> str | None:
        """Why the output lacks what `mark` says it holds (missing, shorter); None if not."""

    def discard(self) -> None:
        """Remove the output, so that it can be rebuilt from the job state."""

    def write(self, rows: Sequence[Row]) -> None: ...

    def checkpoint(self) -> Mark | None:
        """Make what was written durable and say how far that is (None: nothing new)."""

    def close(self) -> Mark | None:
        """Write out anything buffered, checkpoint, release the output."""


class FileSink:
    """A file of whole lines appended per batch; positions are byte offsets."""

    kind = "file"

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = f"{self.kind}:{path}"
        self._file: Any = None
        self._seq = 0
        self._dirty = False

    def open(self, mark: Mark | None) -> None:
        size = self.path.stat().st_size if self.path.exists() else 0
        if mark is None and size:
            raise SinkError(
                f"{self.path}: exists and was not written by this job "
                "(move it away, or point the sink elsewhere)"
            )
        position = mark.position if mark else 0
        if size < position:
            raise SinkError(
                f"{self.path}: shorter ({size} bytes) than the job state says it must be "
                f"({position}): it was changed or removed outside the job. To start the job "
                "over, remove its state file and its outputs."
            )
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._file = open(self.path, "ab")  # noqa: SIM115 - held open for the whole run
            self._file.truncate(position)
            if position == 0:
                self._file.write(self.header())
        except OSError as exc:
            raise SinkError(f"{self.path}: cannot open: {exc}") from exc
        self._seq = mark.seq if mark else 0

    def check(self, mark: Mark) -> str | None:
        if not mark.position:
            return None
        if not self.path.exists():
            return f"it is missing (the job state says it holds {mark.position} bytes)"
        size = self.path.stat().st_size
        if size < mark.position:
            return f"it is shorter ({size} bytes) than the job state says ({mark.position})"
        return None

    def discard(self) -> None:
        try:
            self.path.unlink(missing_ok=True)
        except OSError as exc:
            raise SinkError(f"{self.path}: cannot remove it to rebuild it: {exc}") from exc

    def header(self) -> bytes:
        return b""

    def encode(self, rows: Sequence[Row]) -> bytes:
        raise NotImplementedError

    def write(self, rows: Sequence[Row]) -> None:
        if not rows:
            return
        try:
            self._file.write(self.encode(rows))
        except OSError as exc:
            raise SinkError(f"{self.path}: cannot write: {exc}") from exc
        self._seq = rows[-1].seq
        self._dirty = True

    def checkpoint(self) -> Mark | None:
        if not self._dirty:
            return None
        try:
            self._file.flush()
            os.fsync(self._file.fileno())
        except OSError as exc:
            raise SinkError(f"{self.path}: cannot write: {exc}") from exc
        self._dirty = False
        return Mark(self._seq, self._file.tell())

    def close(self) -> Mark | None:
        if self._file is None:
            return None
        mark = self.checkpoint()
        self._file.close()
        self._file = None
        return mark
