"""Whether the main database changed since the last look, whoever changed it.

The main database is shared: the command line's `cv import` (another process) or another
laptop on the same server writes while a window is open. An open window polls this about
once a second on the database thread, so each look must cost next to nothing:

- SQLite: `PRAGMA data_version` on a connection of the watcher's own. Its value changes
  whenever any *other* connection commits — this process's sessions included, since
  they use other connections — and reading it touches no page and takes no lock. With
  it, the stat of the file and its -wal (two system calls; see `_file_stamps`).
- PostgreSQL: the newest finished transaction id of the server first (constant time); only
  when it moved, a one-row signature of the tables the CVs tab shows (counts and newest
  changes of candidates, import jobs and clients).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from headhunter_desktop.core.storage.database import MainDatabase

# Moves when any write transaction of the server ends (a cheap gate for the signature).
_PG_NEWEST_XID = sa.text("SELECT pg_snapshot_xmax(pg_current_snapshot())::text")
_PG_SIGNATURE = sa.text(
    "SELECT (SELECT count(*) FROM candidates), (SELECT max(updated_at) FROM candidates),"
    " (SELECT count(*) FROM import_jobs), (SELECT max(updated_at) FROM import_jobs),"
    " (SELECT count(*) FROM client_companies), (SELECT max(updated_at) FROM client_companies)"
)


class PoolWatch:
    """Answers "did the main database change since I last asked?" (see the module doc).

    The first look only takes note of the current state. `close()` before the database.
    """

    def __init__(self, db: MainDatabase) -> None:
        self._db = db
        self._sqlite = db.dialect == "sqlite"
        self._connection: Any = None  # SQLite: the watcher's own (pooled DBAPI) connection
        self._gate: str | None = None
        self._signature: tuple[Any, ...] | None = None

    async def changed(self) -> bool:
        """True when something was committed since the previous call."""
        before = self._signature
        self._signature = await self._db.run(self._look)
        return before is not None and self._signature != before

    def close(self) -> None:
        """Give the watcher's connection back (blocking; call before the database closes)."""
        if self._connection is not None:
            self._db.run_sync(lambda _session: self._release())
        self._signature = None  # a new connection counts from its own start

    def _look(self, session: Session) -> tuple[Any, ...]:
        # The session stays unused for SQLite (no transaction: no BEGIN IMMEDIATE lock).
        return self._sqlite_version() if self._sqlite else self._pg_signature(session)

    def _sqlite_version(self) -> tuple[Any, ...]:
        if self._connection is None:
            # Autocommit (the engine's connect hook): a read of the pragma opens no transaction.
            self._connection = self._db.engine.raw_connection()
        cursor = self._connection.cursor()
        try:
            version = cursor.execute("PRAGMA data_version").fetchone()[0]
        finally:
            cursor.close()
        return (version, *_file_stamps(Path(self._db.location)))

    def _pg_signature(self, session: Session) -> tuple[Any, ...]:
        gate = session.execute(_PG_NEWEST_XID).scalar_one()
        if gate == self._gate and self._signature is not None:
            return self._signature
        self._gate = gate
        return tuple(session.execute(_PG_SIGNATURE).one())

    def _release(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            connection.close()


def _file_stamps(database: Path) -> tuple[tuple[int, int, int] | None, ...]:
    # A second engine closed in the same process can leave the watcher's connection on a
    # stale wal-index (POSIX locks are per process), blind to the next process's commits;
    # those still change the -wal file (or, once checkpointed, the database file).
    return tuple(_stamp(Path(f"{database}{suffix}")) for suffix in ("", "-wal"))


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_ino, info.st_size, info.st_mtime_ns
