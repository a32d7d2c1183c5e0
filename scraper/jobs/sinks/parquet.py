"""Parquet sink (needs the `parquet` extra, pyarrow): a folder of part files that together
are one dataset (`pyarrow.parquet.read_table(folder)`, `pandas.read_parquet(folder)`).

A Parquet file is only readable once its footer is written, so rows are buffered and each
part is written whole to a temporary name, synced, then renamed: a killed job leaves no
broken part. Parts are named after the first and last sequence number they hold, so a
resumed job removes the parts past its mark (written, but never acknowledged) and rewrites
them. The mark counts the parts it covers, so a lost part or folder is seen at the next
start. Arrays stay arrays (`list<string>`, `list<struct<text, rule, index, xpath>>`), the
error a struct.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from scraper.config import install_hint
from scraper.errors import ConfigError, SinkError
from scraper.jobs.sinks.base import COLUMNS, Mark, Row
from scraper.records import ARTICLE_SCHEMA

_PART = re.compile(r"^part-(\d{12})-(\d{12})\.parquet$")
ROWS_PER_PART = 2_000
BYTES_PER_PART = 32_000_000


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ConfigError(f"the parquet sink needs pyarrow: {install_hint('parquet')}") from exc
    return pyarrow


def arrow_type(spec: dict[str, Any], pa: Any) -> Any:
    """The Arrow type of a JSON Schema property of the article record."""
    if "oneOf" in spec:
        spec = next(s for s in spec["oneOf"] if s.get("type") != "null")
    kinds = spec.get("type", "object")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    if "array" in kinds:
        return pa.list_(arrow_type(spec["items"], pa))
    if "object" in kinds:
        props = spec.get("properties", {})
        return pa.struct([(name, arrow_type(sub, pa)) for name, sub in props.items()])
    if "boolean" in kinds:
        return pa.bool_()
    return pa.int64() if "integer" in kinds else pa.string()


def arrow_schema(pa: Any) -> Any:
    props = ARTICLE_SCHEMA["properties"]
    return pa.schema([(name, arrow_type(props[name], pa)) for name in COLUMNS])


def _same_field(schema: Any, wanted: Any, name: str) -> bool:
    return name in schema.names and schema.field(name).type == wanted.field(name).type


class ParquetSink:
    kind = "parquet"

    def __init__(self, path: Path, rows_per_part: int = ROWS_PER_PART) -> None:
        self.path = path
        self.name = f"{self.kind}:{path}"
        self.rows_per_part = rows_per_part
        self._pa = _pyarrow()
        self._schema = arrow_schema(self._pa)
        self._buffer: list[Row] = []
        self._bytes = 0
        self._seq = 0
        self._part_count = 0
        self._new_mark: Mark | None = None

    def _parts(self) -> list[tuple[int, int, Path]]:
        found = []
        for entry in self.path.iterdir() if self.path.is_dir() else ():
            match = _PART.match(entry.name)
            if match:
                found.append((int(match[1]), int(match[2]), entry))
        return sorted(found)

    def check(self, mark: Mark) -> str | None:
        if not mark.position:
            return None
        if not self.path.is_dir():
            return f"it is missing (the job state says it holds {mark.position} parts)"
        held = sum(1 for _first, last, _part in self._parts() if last <= mark.seq)
        if held < mark.position:
            return f"it holds {held} parts, fewer than the job state says ({mark.position})"
        return None

    def discard(self) -> None:
        try:
            for _first, _last, part in self._parts():
                part.unlink()
        except OSError as exc:
            raise SinkError(f"{self.path}: cannot remove its parts to rebuild it: {exc}") from exc

    def open(self, mark: Mark | None) -> None:
        if self.path.exists() and not self.path.is_dir():
            raise SinkError(f"{self.path}: the parquet sink writes a folder; this is a file")
        parts = self._parts()
        if mark is None and parts:
            raise SinkError(
                f"{self.path}: already holds parquet parts not written by this job "
                "(move them away, or point the sink elsewhere)"
            )
        self._seq = mark.seq if mark else 0
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            for _first, last, part in parts:
                if last > self._seq:
                    part.unlink()
            self._part_count = sum(1 for _first, last, _part in parts if last <= self._seq)
            for leftover in self.path.glob("*.tmp"):
                leftover.unlink()
            for _first, last, part in parts:
                if last <= self._seq:
                    self._upgrade(part)
        except OSError as exc:
            raise SinkError(f"{self.path}: cannot prepare the folder: {exc}") from exc

    def _upgrade(self, part: Path) -> None:
        """Rewrite a part written before the record gained a field (a column, or a key of
        `removed[]`'s entries), with that field null: a dataset is read with the schema of
        its first part, so a resumed job's new fields would otherwise be dropped from the
        whole folder."""
        try:
            present = self._pa.parquet.read_schema(str(part))
            if all(_same_field(present, self._schema, name) for name in COLUMNS):
                return
            rows = self._pa.parquet.read_table(str(part)).to_pylist()
        except self._pa.lib.ArrowException as exc:
            raise SinkError(f"{part}: cannot read this part: {exc}") from exc
        # missing keys, at the top or inside a struct, become nulls
        self._write(self._pa.Table.from_pylist(rows, schema=self._schema), part)

    def write(self, rows: Sequence[Row]) -> None:
        self._buffer.extend(rows)
        self._bytes += sum(len(row.record.get("body") or "") for row in rows)
        if len(self._buffer) >= self.rows_per_part or self._bytes >= BYTES_PER_PART:
            self._flush()

    def _flush(self) -> None:
        if not self._buffer:
            return
        first, last = self._buffer[0].seq, self._buffer[-1].seq
        columns = {name: [row.record.get(name) for row in self._buffer] for name in COLUMNS}
        table = self._pa.table(columns, schema=self._schema)
        self._write(table, self.path / f"part-{first:012d}-{last:012d}.parquet")
        self._buffer, self._bytes = [], 0
        self._seq = last
        self._part_count += 1
        self._new_mark = Mark(last, self._part_count)

    def _write(self, table: Any, final: Path) -> None:
        """Write a whole part under a temporary name, sync it, then rename it into place."""
        temp = final.with_name(final.name + ".tmp")
        try:
            self._pa.parquet.write_table(table, str(temp), compression="zstd")
            with open(temp, "rb") as handle:
                os.fsync(handle.fileno())
            os.replace(temp, final)
        except OSError as exc:
            raise SinkError(f"{final}: cannot write: {exc}") from exc

    def checkpoint(self) -> Mark | None:
        mark, self._new_mark = self._new_mark, None
        return mark

    def close(self) -> Mark | None:
        self._flush()
        return self.checkpoint()
