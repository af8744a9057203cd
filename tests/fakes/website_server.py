"""A local website for tests of the website reader: real HTTP on 127.0.0.1, any pages.

It runs in daemon threads (stdlib ``ThreadingHTTPServer``), so it works under any event
loop. A site is a mapping of request paths to routes: a string (an HTML page), a `Reply`
(any status, type, headers, delay), or a callable given the request's path and query
(for endless paginations and the like). A key ending in ``*`` matches every path that
starts with it. Every request is recorded (`hits`: path, time, User-Agent) so tests and
the benchmark can count requests and check robots.txt was obeyed.

Ready-made sites and behaviours live in tests/fakes/website_pages.py.
"""

from __future__ import annotations

import contextlib
import socketserver
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Reply:
    """One response: body, status, content type, extra headers, and a delay before it."""

    body: bytes | str = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()
    delay: float = 0.0  # seconds before the answer, on top of the server's own delay

    def encoded(self) -> bytes:
        return self.body.encode("utf-8") if isinstance(self.body, str) else self.body


Route = str | Reply | Callable[[str], Reply]
NOT_FOUND = Reply("<html><body><h1>Not found</h1></body></html>", status=404)


@dataclass(frozen=True)
class Hit:
    """A request the site received."""

    path: str  # with its query string, as sent
    at: float  # time.monotonic() when it arrived
    user_agent: str


class _Stopped(Exception):
    """Raised in a handler when the server stops while it waits."""


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    site: WebsiteServer

    def server_bind(self) -> None:
        # HTTPServer.server_bind does a reverse DNS lookup (getfqdn) that can stall.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A reader hanging up mid-page (the byte limit, a cancelled read) is normal here.
        if not isinstance(sys.exc_info()[1], OSError | _Stopped):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _HTTPServer

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        site = self.server.site
        site._record(Hit(self.path, time.monotonic(), self.headers.get("User-Agent", "")))
        try:
            self._answer(site, site.reply_for(self.path))
        finally:
            site._done()

    def _answer(self, site: WebsiteServer, reply: Reply) -> None:
        site._pause(site.delay + reply.delay)
        body = reply.encoded()
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in reply.headers:
            self.send_header(name, value)
        self.end_headers()
        with contextlib.suppress(OSError):
            self.wfile.write(body)


class WebsiteServer:
    """A site on 127.0.0.1:<free port>; `start()` it (or use it as a context manager)."""

    def __init__(self, pages: Mapping[str, Route], *, delay: float = 0.0) -> None:
        self.pages: dict[str, Route] = dict(pages)
        self.delay = delay  # seconds before every response
        self._hits: list[Hit] = []
        self._in_flight = 0
        self.max_in_flight = 0  # the most requests it was answering at once
        self._lock = threading.Lock()
        self._stop_event = threading.Event()
        self._server: _HTTPServer | None = None

    def start(self) -> WebsiteServer:
        server = _HTTPServer(("127.0.0.1", 0), _Handler)
        server.site = self
        self._server = server
        # A short poll: stop() waits for the serving loop to see it, once per test.
        serve = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
        serve.start()
        return self

    def stop(self) -> None:
        self._stop_event.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> WebsiteServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._server is not None, "start() the server first"
        return self._server.server_port

    def url(self, path: str = "/") -> str:
        """The address of `path` on this site."""
        return f"http://127.0.0.1:{self.port}{path}"

    @property
    def hits(self) -> list[Hit]:
        """Every request so far, in the order they arrived."""
        with self._lock:
            return list(self._hits)

    def paths(self) -> list[str]:
        """The path (and query) of every request so far."""
        return [hit.path for hit in self.hits]

    def reply_for(self, path: str) -> Reply:
        """What the site answers at `path` (with its query string)."""
        route = self._route(path)
        if route is None:
            return NOT_FOUND
        if isinstance(route, str):
            return Reply(route)
        return route if isinstance(route, Reply) else route(path)

    def _route(self, path: str) -> Route | None:
        bare = path.split("?", 1)[0]
        for key in (path, bare):
            if key in self.pages:
                return self.pages[key]
        prefixes = [key for key in self.pages if key.endswith("*") and bare.startswith(key[:-1])]
        return self.pages[max(prefixes, key=len)] if prefixes else None

    def _record(self, hit: Hit) -> None:
        with self._lock:
            self._hits.append(hit)
            self._in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)

    def _done(self) -> None:
        with self._lock:
            self._in_flight -= 1

    def _pause(self, seconds: float) -> None:
        if seconds > 0 and self._stop_event.wait(seconds):
            raise _Stopped


# The `serve` fixture (tests/conftest.py): `serve(pages, delay=0.0)` starts a site.
Serve = Callable[..., "WebsiteServer"]
