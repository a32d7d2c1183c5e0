"""Fault routes for the local test server: connections that break in the ways networks do.

`/fault/<kind>/<n>/<anything>` misbehaves for the first `n` requests of that exact path and
then serves a normal article, so a test can tell "recovered by a retry" (n=1) from "gave up
with the right error" (n=99). Kinds:

- `drop`: headers promise the whole body, half of it is sent, the connection is shut.
- `reset`: the request is read, then the socket is closed with RST (SO_LINGER 0).
- `reset-mid`: headers and part of the body, then RST.
- `stall-body`: headers and part of the body, then nothing for 3 s.
- `bad-chunked`: chunked transfer encoding whose chunk size is not hexadecimal.
- `cut-chunked`: one good chunk, then the connection closes without the last chunk.
- `garbage`: the response is not HTTP at all.
"""

from __future__ import annotations

import socket
import struct
import time
from collections.abc import Callable
from typing import Any

BODY = (
    "<!DOCTYPE html><html><head><title>Ferry timetable</title></head><body><article>"
    "<h1>Ferry timetable</h1><p>The harbour board met on Tuesday evening to discuss the new "
    "ferry timetable, which has drawn complaints from commuters who say the early sailing "
    "leaves too soon for them.</p><p>Officials said the changes were needed because of crew "
    "shortages over the winter, and promised a review before the summer season.</p>"
    + "<p>More of the same story, sentence after sentence, for the length of it.</p>" * 40
    + "</article></body></html>"
).encode()

Handler = Any  # tests.support.http_server.Handler (imported there, not here: no import cycle)


def _head(h: Handler, length: int | None = len(BODY), chunked: bool = False) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "text/html; charset=utf-8")
    if chunked:
        h.send_header("Transfer-Encoding", "chunked")
    elif length is not None:
        h.send_header("Content-Length", str(length))
    h.end_headers()
    h.wfile.flush()


def reset_connection(connection: socket.socket) -> None:
    """Close with RST (SO_LINGER 0) instead of an orderly FIN."""
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    connection.close()


def _reset(h: Handler) -> None:
    reset_connection(h.connection)
    h.close_connection = True


def drop(h: Handler) -> None:
    _head(h)
    h.wfile.write(BODY[: len(BODY) // 2])
    h.wfile.flush()
    h.connection.shutdown(socket.SHUT_RDWR)
    h.close_connection = True


def reset(h: Handler) -> None:
    _reset(h)


def reset_mid(h: Handler) -> None:
    _head(h)
    h.wfile.write(BODY[:1000])
    h.wfile.flush()
    time.sleep(0.05)
    _reset(h)


def stall_body(h: Handler) -> None:
    _head(h)
    h.wfile.write(BODY[:1000])
    h.wfile.flush()
    time.sleep(3)
    h.close_connection = True


def bad_chunked(h: Handler) -> None:
    _head(h, chunked=True)
    h.wfile.write(b"zz; not hex\r\n" + BODY[:100] + b"\r\n0\r\n\r\n")
    h.close_connection = True


def cut_chunked(h: Handler) -> None:
    _head(h, chunked=True)
    h.wfile.write(b"%x\r\n%s\r\n" % (1000, BODY[:1000]))
    h.wfile.flush()
    h.connection.shutdown(socket.SHUT_RDWR)
    h.close_connection = True


def garbage(h: Handler) -> None:
    h.wfile.write(b"\x16\x03\x01 this is not an HTTP response\r\n\r\n")
    h.wfile.flush()
    h.connection.shutdown(socket.SHUT_RDWR)
    h.close_connection = True


FAULTS: dict[str, Callable[[Handler], None]] = {
    "drop": drop,
    "reset": reset,
    "reset-mid": reset_mid,
    "stall-body": stall_body,
    "bad-chunked": bad_chunked,
    "cut-chunked": cut_chunked,
    "garbage": garbage,
}


def fault(h: Handler, host: str, path: str) -> None:
    """Route for `/fault/<kind>/<n>/...`."""
    _, _, kind, count, *_ = path.split("/")
    if h.state.count(path) <= int(count):
        FAULTS[kind](h)
        return
    h.send(200, BODY, "text/html; charset=utf-8")
