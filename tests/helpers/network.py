"""Addresses where nothing answers: a server that is down, without waiting for a timeout;
and a relay to a server that can be cut, as when a shared server goes away."""

from __future__ import annotations

import contextlib
import socket
import threading
from pathlib import Path


def closed_port() -> int:
    """A local TCP port that was free a moment ago: a connection to it is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def unreachable_postgres_url(password: str | None = None, database: str = "x") -> str:
    """A PostgreSQL URL on a closed local port (with `password` in it, to check it is hidden)."""
    user = "postgres" if password is None else f"postgres:{password}"
    return f"postgresql+psycopg://{user}@127.0.0.1:{closed_port()}/{database}"


def unreachable_openai_url() -> str:
    """An OpenAI-compatible base URL on a closed local port."""
    return f"http://127.0.0.1:{closed_port()}/v1"


def unreachable_url_like(db_url: str, folder: Path) -> str:
    """A database URL of the same kind as `db_url` that cannot be opened: an SQLite file in
    a folder that does not exist under `folder`, or PostgreSQL (password `pw-secret`) on a
    closed port."""
    if db_url.startswith("sqlite"):
        return f"sqlite:///{folder / 'not-mounted' / 'analytics.db'}"
    return unreachable_postgres_url(password="pw-secret")


class TcpRelay:
    """A local port forwarding to a TCP server (a database), until `cut()`: then the port is
    closed and open connections drop, as when a shared server goes away. `restore()`
    listens on the same port again."""

    def __init__(self, host: str, port: int) -> None:
        self._target = (host, port)
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._listener: socket.socket | None = None
        self.port = 0
        self.restore()

    def url_for(self, url: str) -> str:
        """`url` (a database URL on the target) pointed at the relay instead."""
        import sqlalchemy as sa

        parsed = sa.make_url(url)
        return parsed.set(host="127.0.0.1", port=self.port).render_as_string(hide_password=False)

    def restore(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen()
        self.port, self._listener = listener.getsockname()[1], listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            # Closing alone leaves the port listening while the accept thread blocks on it
            # (Linux): shutting it down wakes that thread, and new connections are refused.
            with contextlib.suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            listener.close()
        with self._lock:
            sockets, self._sockets = list(self._sockets), set()
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # cut
            try:
                server = socket.create_connection(self._target)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets |= {client, server}
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=_pump, args=(a, b), daemon=True).start()


def _pump(source: socket.socket, sink: socket.socket) -> None:
    with contextlib.suppress(OSError):
        while data := source.recv(65536):
            sink.sendall(data)
    with contextlib.suppress(OSError):
        sink.shutdown(socket.SHUT_WR)
