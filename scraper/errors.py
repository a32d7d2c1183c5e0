"""The exception tree. Stages raise; the runner turns an exception into an error record.

Every class carries the `kind` that appears in the record's `error.kind`, so the mapping from
failure to record lives here and nowhere else; and whether that kind is *retryable*.

Where the line runs between final and retryable outcomes: an outcome is final when it says
something about the input, so trying the same bytes again gives the same answer (decode,
parse, no_content, too_large, unsupported_type, input, timeout: the cleaning budget is spent
on the page's own work). It is retryable when the machine, not the input, stopped the work:
an OSError raised while cleaning bytes already read (disk full, file-size limit, too many
open files), a MemoryError, or the worker process dying under the page (`worker_crashed`).
A retryable outcome is tried once more in the same run and, if it fails again, recorded with
`error.retryable: true` and processed again on the next run even when the input is
unchanged. Reading the input itself (a file that cannot be opened, a URL that cannot be
fetched) is re-done on every run anyway, so those kinds need no mark.
"""

from __future__ import annotations

from typing import ClassVar


class ScraperError(Exception):
    kind = "error"
    retryable: ClassVar[bool] = False


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


class EnvironmentFault(ScraperError):
    """The machine failed the work, not the input: one of `ENVIRONMENT_ERRORS` out of
    cleaning bytes already read."""

    kind = "environment"
    retryable = True


ENVIRONMENT_ERRORS: tuple[type[BaseException], ...] = (OSError, MemoryError)
"""What Python raises when the machine fails the work (no disk, no file size, no memory)."""


def environment_message(exc: BaseException) -> str:
    """The message of the `environment` record an exception from `ENVIRONMENT_ERRORS` gives."""
    return f"the machine failed the work ({type(exc).__name__}: {exc}); retryable"


class WorkerCrashed(ScraperError):
    """The worker process died while cleaning the page, and died again when the page was
    tried alone in a fresh worker. Retryable although the page is the likely culprit: the
    OOM killer picks its victim by the machine's state, so a neighbour's load can kill a
    worker on an innocent page, and losing that page for good would be silent; a page that
    really kills its worker costs each later run two worker restarts, and no more."""

    kind = "worker_crashed"
    retryable = True


class ConfigError(ScraperError):
    kind = "config"


class StartupError(ConfigError):
    """A worker could not start (a dependency could not load its data): the run stops at
    once, as for a bad configuration, instead of turning every page into an error record."""


class SinkError(ScraperError):
    kind = "sink"


def _classes() -> list[type[ScraperError]]:
    found, stack = [], [ScraperError]
    while stack:
        cls = stack.pop()
        found.append(cls)
        stack.extend(cls.__subclasses__())
    return found


def error_kinds() -> list[str]:
    """Every `error.kind` a record can carry: the kinds of the classes above."""
    return sorted({cls.kind for cls in _classes()})


def is_retryable(kind: str) -> bool:
    """Whether an error record of this kind is tried again on the next run."""
    return any(cls.retryable and cls.kind == kind for cls in _classes())
