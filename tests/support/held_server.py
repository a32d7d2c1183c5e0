"""A real HTTP server on 127.0.0.1 whose pages are held until the test lets them go.

It gives a test a job that is certainly running (a request has arrived and waits for its
answer) for as long as the test needs, without a sleep: the test waits for the request
(`wait_for_requests`), acts (starts a second run, sends a signal), then `release()`s.
Every page is an article of its own (its path in the text), so records stay distinct.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

from tests.support.waiting import STUCK

PAGE = """<html><head><title>Held page {path}</title></head><body><article>
<h1>Held page {path}</h1>
<p>This page stands for {path}: a report on the harbour works, the new ferry timetable and
the council's plans for the waterfront, written out at length so that it is an article.</p>
<p>The harbour master said the works would finish in spring, and the ferries would run
every half hour from then on, with an extra boat on market days for {path}.</p>
<p>Residents asked about parking, noise and the old fish market, which will become a hall
for concerts and a covered market, the council said, once the funding is agreed.</p>
</article></body></html>"""


class HeldServer:
    """Serves every path once `release()` is called; until then requests wait."""

    def __init__(self) -> None:
        self.released = threading.Event()
        self.paths: list[str] = []
        self._arrived = threading.Condition()
        held = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                with held._arrived:
                    held.paths.append(self.path)
                    held._arrived.notify_all()
                held.released.wait(STUCK)
                body = PAGE.format(path=self.path).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: object, client_address: object) -> None:
                pass  # a client killed mid-request is what some tests do

        self._server = Server(("127.0.0.1", 0), Handler)
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def wait_for_requests(self, count: int) -> None:
        with self._arrived:
            got = self._arrived.wait_for(lambda: len(self.paths) >= count, STUCK)
        assert got, f"the server got {len(self.paths)} requests, not {count}"

    def release(self) -> None:
        self.released.set()

    def hold(self) -> None:
        self.released.clear()

    def __enter__(self) -> HeldServer:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.released.set()
        self._server.shutdown()
        self._server.server_close()
