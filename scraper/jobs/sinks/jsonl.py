"""The JSON Lines job sink: one record per line, exactly-once across restarts. (`scraper
clean` and `scraper fetch` write their streams through `scraper.cli.formats`.)"""

from __future__ import annotations

import json
from collections.abc import Sequence

from scraper.jobs.sinks.base import FileSink, Row
from scraper.records import Article


def dumps(article: Article) -> str:
    return json.dumps(article.to_dict(), ensure_ascii=False)


class JsonlFileSink(FileSink):
    """The job sink: one record per line, appended per batch; a resumed job first cuts the
    file back to the last line the job state acknowledged, so no half line survives."""

    kind = "jsonl"

    def encode(self, rows: Sequence[Row]) -> bytes:
        return "".join(row.text + "\n" for row in rows).encode()
