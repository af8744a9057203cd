"""Database URLs built from their parts, never by string formatting.

A data folder's path may hold `?`, `%` or `#`: pasted into `f"sqlite:///{path}"` they
would start a query string or an escape, and `d/agency?A` and `d/agency?B` would both
open `d/agency`. A `URL` object keeps the path as it is; the main and the usage database
both get theirs here.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa


def sqlite_url(path: Path) -> sa.URL:
    """The SQLAlchemy URL of an SQLite file (any character in the path is kept as it is)."""
    return sa.URL.create("sqlite", database=str(path))


def sqlite_file(url: sa.URL) -> Path | None:
    """The file behind an SQLite URL, or None for other databases and in-memory SQLite."""
    if url.get_backend_name() != "sqlite":
        return None
    database = url.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        return None
    return Path(database)


def is_sqlite_url(url: str | sa.URL) -> bool:
    """True for an SQLite URL, given as text or as a URL object."""
    if isinstance(url, sa.URL):
        return url.get_backend_name() == "sqlite"
    return url.startswith("sqlite")
