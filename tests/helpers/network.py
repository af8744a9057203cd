"""Addresses where nothing answers: a server that is down, without waiting for a timeout."""

from __future__ import annotations

import socket
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
