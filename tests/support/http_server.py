"""A real HTTP server for the fetcher tests: threaded, on 127.0.0.x, ephemeral port.

Each route acts out one behaviour a crawler meets in the wild (a flaky 503, a 429 with
Retry-After, a stall, a drip, a gzip bomb, a redirect loop, ...). Every request is logged
with its arrival time and the local address it came in on, so tests can check what the
server actually saw (gaps between requests, conditional headers, paths never requested).
Several addresses share one port and one log: each address is a separate "host".
"""

from __future__ import annotations

import functools
import gzip
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from scraper.sources.http.addresses import AddressPolicy
from tests.support.faults import fault
from tests.support.pathological import BY_NAME

ARTICLE = """<!DOCTYPE html><html><head><title>{title}</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>{title}</h1>
<p>The harbour board met on Tuesday evening to discuss the new ferry timetable, which has
drawn complaints from commuters who say the early sailing leaves too soon for them.</p>
<p>Officials said the changes were needed because of crew shortages over the winter, and
promised that the schedule would be reviewed again before the summer season begins.</p>
<p>{extra}</p>
</article><footer>Copyright 2026 Harbour News</footer></body></html>"""
LATIN1 = ARTICLE.format(
    title="Café owners meet",
    extra="Les propriétaires du café ont dit que la fête aura lieu à l'été prochain, déjà prévue.",
)
LATIN2 = ARTICLE.format(  # ISO-8859-2, declared in the header only: detection alone guesses
    title="Rozkład promów",  # another ISO-8859 code page and loses the Polish letters
    extra="Zarząd portu omówił nowy rozkład rejsów, na który skarżą się pasażerowie: poranny "
    "kurs odpływa zbyt wcześnie. Źródło: świat, żółć, śliwka, Śląsk, Żabka.",
)
ROBOTS = {
    "127.0.0.1": "User-agent: *\nDisallow: /private\n",
    "127.0.0.3": "User-agent: *\nDisallow: /private\nCrawl-delay: 0.3\n",
    "127.0.0.4": None,  # robots.txt answers 503
}
SITEMAP_INDEX = """<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>{base}/sitemap-1.xml.gz</loc></sitemap>
<sitemap><loc>{base}/sitemap-2.xml</loc></sitemap>
</sitemapindex>"""
SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>"""
RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
<item><title>a</title><link>{base}/article/r1</link></item>
<item><title>b</title><link>{base}/article/r2#comments</link></item>
<item><title>c</title><guid isPermaLink="true">{base}/article/r3</guid></item>
</channel></rss>"""
ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>T</title>
<entry><title>a</title><link rel="alternate" href="{base}/article/a1"/></entry>
<entry><title>b</title><link href="/article/a2"/><link rel="edit" href="/edit/a2"/></entry>
</feed>"""


LOOPBACK = AddressPolicy.allowing(["127.0.0.0/8"])
"""The server's addresses, which the address guard refuses unless they are allowed."""
ALLOW_LOOPBACK = ("--allow-network", "127.0.0.0/8")


@functools.lru_cache(maxsize=1)
def _bomb(size: int) -> bytes:
    """Built once per process, when the server starts (so that building it counts neither
    against a request's time nor against a test's memory), unless the server is one that
    is killed and started again and must come up at once."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = b"\0" * (1 << 20)
    parts = [packer.compress(zeros) for _ in range(size >> 20)]
    return b"".join([*parts, packer.flush()])


@dataclass
class Hit:
    at: float
    host: str
    path: str
    headers: dict[str, str]
    client_port: int = 0


@dataclass
class ServerState:
    port: int = 0
    hits: list[Hit] = field(default_factory=list)
    seen: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    on_hit: Callable[[Hit], None] | None = None

    def count(self, key: str) -> int:
        with self.lock:
            self.seen[key] = self.seen.get(key, 0) + 1
            return self.seen[key]

    def hits_for(self, path: str, host: str | None = None) -> list[Hit]:
        with self.lock:
            return [h for h in self.hits if h.path == path and (host is None or h.host == host)]

    def arrivals(self, host: str, prefix: str = "/", since: float = float("-inf")) -> list[float]:
        """When requests for paths under `prefix` (and robots.txt, which is paced like any
        request) reached `host`, from `since` on."""
        with self.lock:
            return sorted(
                h.at
                for h in self.hits
                if h.host == host
                and h.at >= since
                and (h.path.startswith(prefix) or h.path == "/robots.txt")
            )

    def base(self, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    state: ServerState

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def send(self, status: int, body: bytes = b"", ctype: str = "text/html", **headers: str):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for key, value in headers.items():
            self.send_header(key.replace("_", "-"), value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self) -> None:
        host = self.connection.getsockname()[0]
        path = urlsplit(self.path).path
        hit = Hit(time.monotonic(), host, path, dict(self.headers), self.client_address[1])
        with self.state.lock:
            self.state.hits.append(hit)
        if self.state.on_hit is not None:
            self.state.on_hit(hit)
        route = ROUTES.get(path) or next(
            (fn for prefix, fn in PREFIXES.items() if path.startswith(prefix)), None
        )
        if route is None:
            self.send(404, b"<h1>Not found</h1>")
        else:
            route(self, host, path)


def robots(h: Handler, host: str, path: str) -> None:
    text = ROBOTS.get(host, "")
    if text is None:
        h.send(503, b"busy")
    elif text == "":
        h.send(404, b"none")
    else:
        h.send(200, text.encode(), "text/plain")


def article(h: Handler, host: str, path: str) -> None:
    h.send(200, ARTICLE.format(title=f"Ferry timetable {path}", extra="More.").encode())


def flaky(h: Handler, host: str, path: str) -> None:
    if h.state.count(path) == 1:
        h.send(503, b"try again")
    else:
        article(h, host, path)


def busy(h: Handler, host: str, path: str) -> None:
    if h.state.count(path) == 1:
        h.send(429, b"slow down", Retry_After="1")
    else:
        article(h, host, path)


def stall(h: Handler, host: str, path: str) -> None:
    time.sleep(3)
    article(h, host, path)


def drip(h: Handler, host: str, path: str) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Content-Length", "100000")
    h.end_headers()
    try:
        for _ in range(40):
            h.wfile.write(b"<p>x</p>")
            h.wfile.flush()
            time.sleep(0.1)
    except OSError:
        pass
    h.close_connection = True


def big(h: Handler, host: str, path: str) -> None:
    h.send(200, b"<p>" + b"a" * 3_000_000 + b"</p>")


def big_unsized(h: Handler, host: str, path: str) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Connection", "close")
    h.end_headers()
    try:
        for _ in range(300):
            h.wfile.write(b"a" * 10_000)
    except OSError:
        pass
    h.close_connection = True


def bomb(h: Handler, host: str, path: str) -> None:
    h.send(200, _bomb(64 << 20), Content_Encoding="gzip")


def loop(h: Handler, host: str, path: str) -> None:
    h.send(302, b"", Location="/loop/b" if path == "/loop/a" else "/loop/a")


def redirect(h: Handler, host: str, path: str) -> None:
    h.send(301, b"", Location="/article/moved")


def redirect_to(h: Handler, host: str, path: str) -> None:
    """/redirect-to/127.0.0.2 sends the client to that address, same port."""
    target = path.rsplit("/", 1)[-1]
    h.send(302, b"", Location=f"{h.state.base(target)}/article/redirected")


def pdf(h: Handler, host: str, path: str) -> None:
    h.send(200, b"%PDF-1.7 not a page", "application/pdf")


def binary_html(h: Handler, host: str, path: str) -> None:
    h.send(200, b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "text/html")


def broken_gzip(h: Handler, host: str, path: str) -> None:
    h.send(200, b"\x1f\x8b\x08\x00 this is not deflate data at all" * 20, Content_Encoding="gzip")


def latin1(h: Handler, host: str, path: str) -> None:
    h.send(200, LATIN1.encode("latin-1"), "text/html; charset=ISO-8859-1")


def latin2(h: Handler, host: str, path: str) -> None:
    h.send(200, LATIN2.encode("iso-8859-2"), "text/html; charset=ISO-8859-2")


@functools.lru_cache(maxsize=4)
def _gzipped(name: str) -> bytes:
    return gzip.compress(BY_NAME[name].build(), compresslevel=6)


def pathological(h: Handler, host: str, path: str) -> None:
    """A page of `tests/support/pathological.py`, sent gzip-compressed (a 10 MB table is
    then about 30 KB on the wire)."""
    name = path.removeprefix("/pathological/")
    if name not in BY_NAME:
        h.send(404, b"no such page")
    else:
        h.send(200, _gzipped(name), Content_Encoding="gzip")


def plain(h: Handler, host: str, path: str) -> None:
    text = "Ferry timetable\n\n" + " ".join(["The harbour board met on Tuesday."] * 12)
    h.send(200, text.encode(), "text/plain; charset=utf-8")


def etag(h: Handler, host: str, path: str) -> None:
    tag, modified = '"v1"', "Tue, 01 Sep 2026 10:00:00 GMT"
    if h.headers.get("If-None-Match") == tag or h.headers.get("If-Modified-Since") == modified:
        h.send(304, b"", ETag=tag)
    else:
        body = ARTICLE.format(title="Cached page", extra="Stored.").encode()
        h.send(200, body, ETag=tag, Last_Modified=modified)


def sitemap_index(h: Handler, host: str, path: str) -> None:
    h.send(200, SITEMAP_INDEX.format(base=h.state.base(host)).encode(), "application/xml")


def sitemap_part(h: Handler, host: str, path: str) -> None:
    name = "s1" if path.endswith(".gz") else "s2"
    locs = "".join(
        f"<url><loc>{h.state.base(host)}/article/{name}-{i}</loc></url>" for i in range(3)
    )
    body = SITEMAP.format(urls=locs).encode()
    if path.endswith(".gz"):
        h.send(200, gzip.compress(body), "application/x-gzip")
    else:
        h.send(200, body, "text/xml")


def rss(h: Handler, host: str, path: str) -> None:
    h.send(200, RSS.format(base=h.state.base(host)).encode(), "application/rss+xml")


def atom(h: Handler, host: str, path: str) -> None:
    h.send(200, ATOM.format(base=h.state.base(host)).encode(), "application/atom+xml")


ROUTES = {
    "/robots.txt": robots,
    "/stall": stall,
    "/drip": drip,
    "/big": big,
    "/big-unsized": big_unsized,
    "/bomb": bomb,
    "/redirect": redirect,
    "/doc.pdf": pdf,
    "/latin1": latin1,
    "/latin2": latin2,
    "/binary-html": binary_html,
    "/broken-gzip": broken_gzip,
    "/plain": plain,
    "/etag": etag,
    "/sitemap.xml": sitemap_index,
    "/sitemap-1.xml.gz": sitemap_part,
    "/sitemap-2.xml": sitemap_part,
    "/feed.rss": rss,
    "/feed.atom": atom,
}
PREFIXES = {
    "/article/": article,
    "/flaky/": flaky,
    "/busy/": busy,
    "/loop/": loop,
    "/redirect-to/": redirect_to,
    "/fault/": fault,
    "/pathological/": pathological,
}


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that hang up early (timeouts, caps) are the point of these routes


class LocalServer:
    """Servers on 127.0.0.1-4, one port, one shared state; stopped by `close()`."""

    def __init__(
        self,
        hosts: tuple[str, ...] = ("127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4"),
        port: int = 0,
        bomb: bool = True,
        on_hit: Callable[[Hit], None] | None = None,
    ):
        if bomb:
            _bomb(64 << 20)
        self.state = ServerState(on_hit=on_hit)
        handler = type("BoundHandler", (Handler,), {"state": self.state})
        first = QuietServer((hosts[0], port), handler)
        self.state.port = first.server_address[1]
        self.servers = [first] + [
            QuietServer((host, self.state.port), handler) for host in hosts[1:]
        ]
        for server in self.servers:
            threading.Thread(target=server.serve_forever, daemon=True).start()

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return self.state.base(host) + path

    def close(self) -> None:
        for server in self.servers:
            server.shutdown()
            server.server_close()


def serve() -> Iterator[LocalServer]:
    """Body of a pytest fixture: a server for the duration of a test module."""
    server = LocalServer()
    try:
        yield server
    finally:
        server.close()
