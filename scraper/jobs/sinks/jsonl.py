"""JSON Lines sinks: one record per line. `JsonlSink` streams (`scraper clean`, `scraper
fetch`), flushed per record so a killed run leaves whole lines; `JsonlFileSink` is the job
sink, exactly-once across restarts."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import IO

from scraper.jobs.sinks.base import FileSink, Row
from scraper.records import Article


def dumps(article: Article) -> str:
    return json.dumps(article.to_dict(), ensure_ascii=False)


class JsonlSink:
    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    def write(self, article: Article) -> None:
        self._stream.write(dumps(article) + "\n")
        self._stream.flush()

    def close(self) -> None:
        self._stream.flush()


class JsonlFileSink(FileSink):
    """The job sink: one record per line, appended per batch; a resumed job first cuts the
    file back to the last line the job state acknowledged, so no half line survives."""

    kind = "jsonl"

    def encode(self, rows: Sequence[Row]) -> bytes:
        return "".join(row.text + "\n" for row in rows).encode()
