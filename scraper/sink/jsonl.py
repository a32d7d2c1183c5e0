"""JSON Lines sink: one record per line, flushed per record so a killed run leaves whole lines."""

from __future__ import annotations

import json
from typing import IO

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
