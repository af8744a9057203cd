"""The shared client directory: which UUID a client name stands for on this usage database.

Laptops keep main databases of their own; the first one to register a name decides its
UUID, and every laptop that adds a client of that name later adopts it, so their usage
and budgets are one client's. Names are compared by their key (case and spacing folded,
as the main database does), which the caller computes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa

from headhunter_desktop.core.analytics.db import write_transaction
from headhunter_desktop.core.analytics.tables import client_directory
from headhunter_desktop.core.analytics.upserts import upsert_insert


@dataclass(frozen=True)
class DirectoryEntry:
    """A client every laptop sharing the database knows by this UUID."""

    uuid: str
    name: str
    created_at: datetime
    created_by: str


def find_entry(engine: sa.Engine, name_key: str) -> DirectoryEntry | None:
    """The entry registered under `name_key`, or None."""
    with engine.connect() as conn:
        return _entry(conn, client_directory.c.name_key == name_key)


def claim_name(
    engine: sa.Engine, uuid: str, name: str, name_key: str, created_by: str
) -> DirectoryEntry:
    """Register `uuid` under `name` unless the name is taken; returns the entry holding it.

    The entry's UUID is `uuid` when the name was free (or `uuid` already held it), another
    one when a laptop registered the name first. When `uuid` is already registered under
    another name, that entry is returned. Safe against concurrent claims of one name.
    """
    values = {
        "uuid": uuid,
        "name": name,
        "name_key": name_key,
        "created_at": datetime.now(UTC),
        "created_by": created_by,
    }
    with write_transaction(engine) as conn:
        insert = upsert_insert(conn.dialect.name)
        # No conflict target: a taken name and a registered UUID both leave the row alone.
        conn.execute(insert(client_directory).values(values).on_conflict_do_nothing())
        holder = _entry(conn, client_directory.c.name_key == name_key)
        if holder is None:  # the name is free, but `uuid` is registered under another
            holder = _entry(conn, client_directory.c.uuid == uuid)
    assert holder is not None, "the claimed name or UUID is registered after the insert"
    return holder


def _entry(conn: sa.Connection, condition: sa.ColumnElement[bool]) -> DirectoryEntry | None:
    t = client_directory.c
    row = conn.execute(
        sa.select(t.uuid, t.name, t.created_at, t.created_by).where(condition)
    ).first()
    return None if row is None else DirectoryEntry(*row)
