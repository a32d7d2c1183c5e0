"""Reading one HTTP response body safely: a byte cap counted *after* decompression, a
total-time budget, and the content-type check that happens before any body is read.

Reads use `read1`, which returns whatever has arrived, so the budget is checked between
small reads; urllib3 (>= 2.6) inflates gzip/deflate at most `amt` bytes per read, so a gzip
bomb is cut off at the cap without ever being expanded in memory; the time budget stops a
server that drips one byte just inside the read timeout from holding a worker forever.
"""

from __future__ import annotations

import io
import time

import requests
from urllib3.exceptions import DecodeError as Urllib3DecodeError
from urllib3.exceptions import ProtocolError, ReadTimeoutError

from scraper.errors import ConnectionFailed, DecodeError, Timeout, TooLarge, UnsupportedType

CHUNK = 1 << 16
PAGE_TYPES = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "text"}


def media_type(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def page_kind(content_type: str | None, url: str) -> str | None:
    """ "html" or "text" for a page we clean; None when the header names no type at all (the
    cleaner then decides from the content). Anything else is an `unsupported_type` error."""
    kind = media_type(content_type)
    if not kind:
        return None
    if kind in PAGE_TYPES:
        return PAGE_TYPES[kind]
    raise UnsupportedType(f"{url}: content type {kind!r} is not HTML, XHTML or plain text")


def check_declared_length(response: requests.Response, max_bytes: int) -> None:
    """Refuse before reading when Content-Length already says the body is too big (only for
    identity bodies: a compressed length says nothing about the inflated size)."""
    length = response.headers.get("Content-Length", "")
    encoded = response.headers.get("Content-Encoding", "identity").strip().lower()
    if length.isdigit() and int(length) > max_bytes and encoded in ("", "identity"):
        raise TooLarge(
            f"{response.url}: Content-Length {int(length):,} is over the {max_bytes:,}-byte cap"
        )


def read_body(response: requests.Response, max_bytes: int, deadline: float) -> bytes:
    """The decoded body, or TooLarge / Timeout / ConnectionFailed / DecodeError."""
    check_declared_length(response, max_bytes)
    buffer = io.BytesIO()  # getvalue() hands over its buffer: no second copy of a big body
    url = response.url
    raw = response.raw
    try:
        while chunk := raw.read1(CHUNK, decode_content=True):
            buffer.write(chunk)
            if buffer.tell() > max_bytes:
                raise TooLarge(f"{url}: body is over the {max_bytes:,}-byte cap (after decoding)")
            if time.monotonic() > deadline:
                raise Timeout(f"{url}: body still arriving when the time budget ran out")
    except ReadTimeoutError as exc:
        response.close()
        raise Timeout(f"{url}: read timed out while receiving the body") from exc
    except Urllib3DecodeError as exc:
        response.close()
        raise DecodeError(f"{url}: broken compressed body: {exc}") from exc
    except ProtocolError as exc:
        response.close()
        raise ConnectionFailed(f"{url}: connection broke while receiving the body") from exc
    except BaseException:
        response.close()  # a half-read body: the connection cannot be reused
        raise
    raw.release_conn()  # read to the end: the connection goes back to the pool
    return buffer.getvalue()
