"""INSERT … ON CONFLICT in the usage database's own SQL dialect.

`sqlalchemy.dialects.postgresql` (with the drivers' dialects it imports) is 25-65 ms of
imports that a data folder's own SQLite usage database never needs, and start-up pays for
every import before the window is usable: it is imported only for a PostgreSQL server.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def upsert_insert(dialect: str) -> Callable[..., Any]:
    """`insert(table)` of `dialect` ("postgresql" or "sqlite"), with its ON CONFLICT clauses."""
    if dialect == "postgresql":
        from sqlalchemy.dialects import postgresql

        return postgresql.insert
    from sqlalchemy.dialects import sqlite

    return sqlite.insert
