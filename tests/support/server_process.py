"""The test server in a process of its own, for tests that kill it (SIGKILL) and start it
again on the same port, and a stand-in that holds the port while the server is down.

Both report what they see, so a test waits for an observed event instead of sleeping: the
server process prints a line for every request it gets (`wait_for_requests`), the stand-in
counts the connections it turns away (`Outage.wait_for_attempts`).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
from types import TracebackType

from tests.support.faults import reset_connection
from tests.support.http_server import Hit, LocalServer
from tests.support.waiting import STUCK


class ServerProcess:
    """`python -m tests.support.server_process PORT [hold]`, driven from a test.

    With `hold`, the process loads everything and waits for `release()` before it takes the
    port: a restart then leaves the port closed for milliseconds, not for an interpreter's
    start-up, so how long an outage lasts is up to the test."""

    def __init__(self, port: int = 0, hold: bool = False) -> None:
        command = [sys.executable, "-m", "tests.support.server_process", str(port)]
        self.process = subprocess.Popen(
            [*command, *(["hold"] if hold else [])],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.port = port
        self.paths: list[str] = []
        self._lines = threading.Condition()
        self._ready = self._ended = False
        threading.Thread(target=self._read, daemon=True).start()
        if not hold:
            self._wait_ready()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            word, _, rest = line.strip().partition(" ")
            with self._lines:
                if word == "ready":
                    self.port, self._ready = int(rest), True
                elif word == "hit":
                    self.paths.append(rest)
                self._lines.notify_all()
        with self._lines:
            self._ended = True
            self._lines.notify_all()

    def _wait_ready(self) -> None:
        with self._lines:
            self._lines.wait_for(lambda: self._ready or self._ended, STUCK)
        assert self._ready, "the server did not start"

    def release(self) -> None:
        """Take the port and serve (a held process); returns once it listens."""
        assert self.process.stdin is not None
        self.process.stdin.write("go\n")
        self.process.stdin.flush()
        self._wait_ready()

    def wait_for_requests(self, count: int, prefix: str = "/") -> None:
        """Until the server has received `count` requests for paths under `prefix`."""

        def enough() -> bool:
            return sum(p.startswith(prefix) for p in self.paths) >= count

        with self._lines:
            self._lines.wait_for(lambda: enough() or self._ended, STUCK)
            got = enough()
        assert got, f"the server got {len(self.paths)} requests, not {count} under {prefix}"

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(STUCK)


class Outage:
    """A host that is down, seen from the client: it holds a killed server's port and resets
    every connection before any answer (a connection error, which the fetcher retries, as it
    does a refused connection), counting them, so a test knows the client met the outage."""

    def __init__(self, port: int) -> None:
        self._listener = socket.socket()
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", port))
        self._listener.listen(64)
        self._turned_away = threading.Condition()
        self.attempts = 0
        self._thread = threading.Thread(target=self._turn_away, daemon=True)
        self._thread.start()

    def _turn_away(self) -> None:
        while True:
            try:
                connection, _ = self._listener.accept()
            except OSError:  # closed: the outage is over
                return
            reset_connection(connection)
            with self._turned_away:
                self.attempts += 1
                self._turned_away.notify_all()

    def wait_for_attempts(self, count: int) -> None:
        """Until clients have tried to connect `count` times while the host was down."""
        with self._turned_away:
            got = self._turned_away.wait_for(lambda: self.attempts >= count, STUCK)
        assert got, f"{self.attempts} connection attempts during the outage, not {count}"

    def __enter__(self) -> Outage:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._listener.shutdown(socket.SHUT_RDWR)  # wakes the accept; close alone would not
        self._listener.close()
        self._thread.join(STUCK)


_STDOUT = threading.Lock()


def _report(hit: Hit) -> None:
    """A line a request, whole: handler threads print at once."""
    with _STDOUT:
        sys.stdout.write(f"hit {hit.path}\n")
        sys.stdout.flush()


def main(argv: list[str]) -> None:
    port = int(argv[0]) if argv else 0
    if argv[1:] == ["hold"]:
        sys.stdin.readline()
    server = LocalServer(("127.0.0.1",), port, bomb=False, on_hit=_report)
    print("ready", server.state.port, flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main(sys.argv[1:])
