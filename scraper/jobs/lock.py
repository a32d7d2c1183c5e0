"""One run per job at a time: an exclusive OS lock on `<state>.lock`, taken before anything
is written.

Why an OS lock (`fcntl.flock`) and not a pid file: the kernel releases it when its holder
exits in any way, SIGKILL and the OOM killer included, so a dead run never leaves a stale
lock for the next one to argue with. Two runs of the same job would otherwise both write the
state and the sinks (duplicate records, a second CSV header mid-file, and sinks cut back by
the next run). The lock file keeps the holder's pid, only to say who holds it.

The client process holds it (with the Dask executor too: only the client writes state and
sinks). `fcntl` is POSIX-only, like the rest of the job runtime's signal handling.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType

from scraper.errors import ConfigError


class JobLocked(ConfigError):
    """Another run of this job holds its lock (a usage problem: exit 2)."""


def lock_path(state: Path) -> Path:
    return state.with_name(state.name + ".lock")


class JobLock:
    """`with JobLock(state, name):` holds the job's lock, or raises `JobLocked` at once."""

    def __init__(self, state: Path, job_name: str) -> None:
        self.path = lock_path(state)
        self.job_name = job_name
        self._fd: int | None = None

    def acquire(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise ConfigError(f"{self.path}: cannot open the job's lock file: {exc}") from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            os.close(fd)
            raise JobLocked(
                f"job {self.job_name} is already running (pid {holder}); wait for it to "
                f"finish or stop it, then run it again (lock: {self.path})"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        self._fd = fd

    def release(self) -> None:
        """Unlock; the file stays (removing it would race with a run that just opened it)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> JobLock:
        self.acquire()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()
