"""A job sink whose `body` is written as Markdown or HTML (`body_format` in a `[[sinks]]`
table), in front of any other sink.

The job state keeps each record with its `blocks` when some sink asks for a format (so a
replay or a rebuild renders the same body again); this wrapper renders the body from them and
takes `blocks` out, so every sink's rows keep the columns of the record schema.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from scraper.jobs.sinks.base import Mark, Row, Sink
from scraper.structure import BodyBlock, paragraph_blocks, to_html, to_markdown

BODY_FORMATS = ("text", "markdown", "html")


def formatted_body(record: dict[str, Any], body_format: str) -> str:
    """The record's body in `body_format`, from its blocks (paragraphs when it has none)."""
    body: str = record.get("body") or ""
    if body_format == "text" or not body:
        return body
    blocks = tuple(BodyBlock.from_json(b) for b in record.get("blocks") or ())
    blocks = blocks or paragraph_blocks(body)
    if body_format == "markdown":
        return to_markdown(None, blocks)
    return to_html(None, blocks)


class FormattedSink:
    """Delegates to `sink`, with each row's body in `body_format` and no `blocks` key."""

    def __init__(self, sink: Sink, body_format: str) -> None:
        self.sink = sink
        self.body_format = body_format
        self.name = sink.name

    def open(self, mark: Mark | None) -> None:
        self.sink.open(mark)

    def check(self, mark: Mark) -> str | None:
        return self.sink.check(mark)

    def discard(self) -> None:
        self.sink.discard()

    def write(self, rows: Sequence[Row]) -> None:
        self.sink.write([self._row(row) for row in rows])

    def _row(self, row: Row) -> Row:
        record = {k: v for k, v in row.record.items() if k != "blocks"}
        record["body"] = formatted_body(row.record, self.body_format)
        return Row(row.seq, record, json.dumps(record, ensure_ascii=False))

    def checkpoint(self) -> Mark | None:
        return self.sink.checkpoint()

    def close(self) -> Mark | None:
        return self.sink.close()
