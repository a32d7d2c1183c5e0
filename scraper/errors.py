"""The exception tree. Stages raise; the runner turns an exception into an error record.

Every class carries the `kind` that appears in the record's `error.kind`, so the mapping from
failure to record lives here and nowhere else.
"""

from __future__ import annotations


class ScraperError(Exception):
    kind = "error"


class InputError(ScraperError):
    """An input that cannot be read at all (missing file, unreadable container)."""

    kind = "input"


class DecodeError(ScraperError):
    kind = "decode"


class ParseError(ScraperError):
    kind = "parse"


class UnsupportedType(ScraperError):
    kind = "unsupported_type"


class NoContent(ScraperError):
    """The page was read, but nothing on it is an article body."""

    kind = "no_content"


class TooLarge(ScraperError):
    kind = "too_large"


class Timeout(ScraperError):
    kind = "timeout"


class FetchError(ScraperError):
    kind = "fetch"


class HTTPStatus(FetchError):
    kind = "http_status"

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class ConnectionFailed(FetchError):
    kind = "connection"


class TooManyRedirects(FetchError):
    kind = "too_many_redirects"


class RobotsDisallowed(FetchError):
    kind = "robots_disallowed"


class BlockedAddress(FetchError):
    """The URL's host is (or resolves to) an address the crawl may not go to: loopback,
    private, link-local, multicast or reserved, unless the user allowed it."""

    kind = "blocked_address"


class InternalError(ScraperError):
    """A bug in scraper, not a fault of the input: the page gets this error record instead of
    ending the batch, and fuzzing and the property tests count it as a failure."""

    kind = "internal"


class ConfigError(ScraperError):
    kind = "config"


class SinkError(ScraperError):
    kind = "sink"


def error_kinds() -> list[str]:
    """Every `error.kind` a record can carry: the kinds of the classes above."""
    found, stack = set(), [ScraperError]
    while stack:
        cls = stack.pop()
        found.add(cls.kind)
        stack.extend(cls.__subclasses__())
    return sorted(found)
