"""A small, fast asyncio HTTP/1.1 server for the fetch benchmarks, run as its own process.

It listens on one port on 127.0.0.1 ... 127.0.0.N (N "virtual hosts": loopback addresses
all reach this machine) and logs every request's arrival time and local address, so the
politeness benchmark can check the gaps each host actually saw. Routes:

- `/robots.txt`: allows everything (404 with `--no-robots`)
- `/page/<i>`: article i as an HTML page of `--page-bytes` bytes (the first `--pages` of them
  made before the port is printed, so the first round does not pay for making them)
- `/size/<n>/<i>`: article i as an HTML page of exactly n bytes (sent in 64 KiB writes)

Every article is distinct (`bench_pages`): a client that cleans what it fetches sees the
variety of a real crawl.

Usage: `python benchmarks/fetch_server.py --hosts 20 --log FILE` prints `PORT` on stdout
and serves until SIGTERM/SIGINT, then writes the log (JSON lines: t, host, path).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import sys
import time

from bench_pages import ArticleWriter, GeneratedPages

SCRIPT_BYTES = 2_000
HTML = "text/html; charset=utf-8"


class Server:
    def __init__(self, pages: GeneratedPages, page_bytes: int, count: int, robots: bool) -> None:
        self.pages = pages
        self.page_bytes = page_bytes
        self.robots = robots
        self.log: list[tuple[float, str, str]] = []
        self.cache = {i: pages.sized_html(i, page_bytes) for i in range(count)}

    def body_for(self, path: str) -> tuple[int, bytes, str]:
        if path == "/robots.txt":
            if self.robots:
                return 200, b"User-agent: *\nAllow: /\n", "text/plain"
            return 404, b"no robots.txt", "text/plain"
        parts = path.strip("/").split("/")
        if parts[0] == "page" and len(parts) == 2 and parts[1].isdigit():
            number = int(parts[1])
            body = self.cache.get(number) or self.pages.sized_html(number, self.page_bytes)
            return 200, body, HTML
        if parts[0] == "size" and len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
            return 200, self.pages.sized_html(int(parts[2]), int(parts[1])), HTML
        return 404, b"not found", "text/plain"

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        host = writer.get_extra_info("sockname")[0]
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                path = head.split(b" ", 2)[1].decode("latin-1")
                self.log.append((time.time(), host, path))
                status, body, ctype = self.body_for(path)
                writer.write(
                    f"HTTP/1.1 {status} {'OK' if status == 200 else 'Not Found'}\r\n"
                    f"Content-Type: {ctype}\r\nContent-Length: {len(body)}\r\n\r\n".encode()
                )
                for start in range(0, len(body), 1 << 16):
                    writer.write(body[start : start + (1 << 16)])
                    await writer.drain()
        except (
            asyncio.IncompleteReadError,
            ConnectionError,
            asyncio.LimitOverrunError,
            asyncio.CancelledError,
        ):
            pass
        finally:
            writer.close()


async def main(args: argparse.Namespace) -> None:
    pages = GeneratedPages(ArticleWriter.for_machine(), SCRIPT_BYTES)
    server = Server(pages, args.page_bytes, args.pages, not args.no_robots)
    hosts = [f"127.0.0.{i}" for i in range(1, args.hosts + 1)]
    first = await asyncio.start_server(server.handle, hosts[0], args.port, backlog=1024)
    port = first.sockets[0].getsockname()[1]
    others = [await asyncio.start_server(server.handle, h, port, backlog=1024) for h in hosts[1:]]
    print(port, flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    for srv in (first, *others):
        srv.close()
    if args.log:
        with open(args.log, "w") as out:
            for t, host, path in server.log:
                out.write(json.dumps({"t": t, "host": host, "path": path}) + "\n")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--page-bytes", type=int, default=15_000)
    parser.add_argument("--pages", type=int, default=0, help="Pages made before serving.")
    parser.add_argument("--no-robots", action="store_true")
    parser.add_argument("--log")
    asyncio.run(main(parser.parse_args()))
    sys.exit(0)
