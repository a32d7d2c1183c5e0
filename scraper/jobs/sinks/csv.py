"""CSV sink: a header row, then one row per record; arrays and objects as JSON text."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from scraper.jobs.sinks.base import COLUMNS, FileSink, Row, flat_values


class CsvSink(FileSink):
    kind = "csv"

    def header(self) -> bytes:
        return self._lines([list(COLUMNS)])

    def encode(self, rows: Sequence[Row]) -> bytes:
        return self._lines([flat_values(record) for _seq, record, _text in rows])

    @staticmethod
    def _lines(rows: list[list[object]]) -> bytes:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(rows)
        return buffer.getvalue().encode("utf-8")
