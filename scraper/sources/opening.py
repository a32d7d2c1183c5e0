"""Opening an input file for reading, refusing anything that is not a regular file; then
reading it whole under the size cap (gunzipped when it is gzip), or only its first bytes.

A folder of saved pages may hold a symbolic link whose target is gone, a FIFO, a socket or
a device node. Each of these must become one error record, and none may be opened blindly:
`open()` on a FIFO blocks until some other process writes to it, and reading a device such
as `/dev/zero` never ends. So the file's type is checked before it is opened, and again on
the open descriptor (opened non-blocking), in case the path was swapped in between.
"""

from __future__ import annotations

import gzip
import os
import stat
import zlib
from pathlib import Path
from typing import BinaryIO

from scraper.config import DEFAULT_MAX_INPUT_BYTES
from scraper.errors import DecodeError, InputError, TooLarge

_NOT_REGULAR = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def file_type(mode: int) -> str:
    """What a file of this `st_mode` is, in words, for a file that is not a regular one."""
    if stat.S_ISDIR(mode):
        return "a directory"
    for test, name in _NOT_REGULAR:
        if test(mode):
            return name
    return "not a regular file"


def check_regular(path: Path) -> None:
    """Raise `InputError` unless `path` is (or links to) a regular file that exists."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError as exc:
        if os.path.islink(path):
            message = f"dangling symbolic link (to {os.readlink(path)}, which does not exist)"
            raise InputError(f"{path}: {message}") from exc
        raise InputError(f"{path}: no such file") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if stat.S_ISDIR(mode):
        raise InputError(f"{path}: is a directory")
    if not stat.S_ISREG(mode):
        raise InputError(f"{path}: not a regular file ({file_type(mode)}); not read")


def open_regular(path: Path) -> BinaryIO:
    """`path` opened for binary reading, or `InputError` saying why not (see the module)."""
    check_regular(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise InputError(f"{path}: not a regular file ({file_type(mode)}); not read")
    os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


HEAD_BYTES = 4096
"""How much of a file is read to judge what it holds (a WARC, a page, something else)."""


def read_head(path: Path, size: int = HEAD_BYTES) -> bytes:
    """The first `size` bytes of the file, of its content when it is gzip; `InputError`
    when it cannot be read (broken gzip data included)."""
    with open_regular(path) as handle:
        return stream_head(handle, str(path), size)


def stream_head(handle: BinaryIO, name: str, size: int = HEAD_BYTES) -> bytes:
    """What `read_head` does, for an open stream (left at its start when it is seekable)."""
    raw = handle.read(size)
    if handle.seekable():
        handle.seek(0)
    if not raw.startswith(b"\x1f\x8b"):
        return raw
    inflater = zlib.decompressobj(31)
    try:
        return inflater.decompress(raw, size)
    except zlib.error as exc:
        raise InputError(f"{name}: broken gzip data: {exc}") from exc


def read_capped(path: Path, max_bytes: int = DEFAULT_MAX_INPUT_BYTES) -> bytes:
    """The file's bytes, gunzipped when it is gzip, never more than `max_bytes` in memory."""
    try:
        with open_regular(path) as handle:
            return read_stream_capped(handle, str(path), max_bytes)
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc


def read_stream_capped(handle: BinaryIO, name: str, max_bytes: int) -> bytes:
    """What `read_capped` does, for an open seekable stream that `name` names in errors."""
    head = handle.read(2)
    handle.seek(0)
    if head == b"\x1f\x8b":
        return _gunzip_capped(handle, name, max_bytes)
    data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise TooLarge(f"{name}: larger than the {max_bytes:,}-byte cap")
    return data


def _gunzip_capped(handle: BinaryIO, path: str, max_bytes: int) -> bytes:
    chunks: list[bytes] = []
    total = 0
    try:
        with gzip.GzipFile(fileobj=handle) as stream:
            while chunk := stream.read(1 << 16):
                total += len(chunk)
                if total > max_bytes:
                    raise TooLarge(f"{path}: decompresses past the {max_bytes:,}-byte cap")
                chunks.append(chunk)
    except (OSError, EOFError, zlib.error) as exc:
        raise DecodeError(f"{path}: broken gzip data: {exc}") from exc
    return b"".join(chunks)
