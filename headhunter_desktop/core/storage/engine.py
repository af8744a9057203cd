"""Engines for the main database: URL handling, SQLite pragmas, readable errors.

SQLite gets WAL (readers never block the writer), foreign keys (off by default in
SQLite, and the schema's ON DELETE rules depend on them), a busy timeout, and real
transactions: the stdlib driver skips BEGIN before DDL and SELECT, so SQLAlchemy
emits it instead, which also makes a migration all-or-nothing.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.pool import NullPool

from headhunter_desktop.core.db_integrity import describe_problems
from headhunter_desktop.core.db_urls import sqlite_file
from headhunter_desktop.core.db_urls import sqlite_url as sqlite_url  # re-exported
from headhunter_desktop.core.errors import DatabaseError
from headhunter_desktop.core.private_files import private_dir

SQLITE_BUSY_TIMEOUT_MS = 5000
SQLITE_MAGIC = b"SQLite format 3\x00"
PG_CONNECT_TIMEOUT_S = 10

# Not a bare "malformed": SQLite's JSON functions say "malformed JSON" about a value.
_SQLITE_CORRUPT = (
    "file is not a database",
    "database disk image is malformed",
    "malformed database schema",
    # Every text the app stores is UTF-8: text that is not was damaged on disk.
    "could not decode to utf-8",
)


def parse_url(url: str | sa.URL) -> sa.URL:
    """Parse a database URL; `postgresql://` means psycopg 3, the driver the app ships."""
    try:
        parsed = sa.make_url(url)
    except (sa.exc.ArgumentError, ValueError):
        # The URL may hold a password: never echo it back.
        raise DatabaseError(
            "The database URL is not valid; expected e.g. "
            "postgresql+psycopg://user@host:5432/dbname or sqlite:///path/to/file.db."
        ) from None
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def display_url(url: sa.URL) -> str:
    """The URL with its password masked, fit for messages and logs."""
    return url.render_as_string(hide_password=True)


def create_main_engine(url: sa.URL, *, foreign_keys: bool = True, **kwargs: Any) -> sa.Engine:
    """An engine with the app's connection settings (`foreign_keys=False` only for migrations)."""
    try:
        if url.get_backend_name() != "sqlite":
            kwargs.setdefault("pool_pre_ping", True)  # laptops sleep; servers drop idle links
            if url.get_backend_name() == "postgresql":
                kwargs.setdefault("connect_args", {"connect_timeout": PG_CONNECT_TIMEOUT_S})
            return sa.create_engine(url, **kwargs)
        engine = sa.create_engine(url, **kwargs)
    except (sa.exc.NoSuchModuleError, ImportError):
        raise DatabaseError(
            f"No database driver for '{url.drivername}' is installed; "
            "use sqlite or postgresql+psycopg."
        ) from None
    _configure_sqlite(engine, foreign_keys=foreign_keys)
    return engine


def _configure_sqlite(engine: sa.Engine, *, foreign_keys: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA journal_mode = WAL")
            # NORMAL is durable in WAL mode except for the last commits on power loss.
            cursor.execute("PRAGMA synchronous = NORMAL")
            cursor.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: sa.Connection) -> None:
        # IMMEDIATE takes the write lock up front: a deferred transaction that reads and
        # then writes fails at once (no busy wait) if another process wrote meanwhile.
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def prepare_sqlite_file(path: Path) -> None:
    """Create the folder if needed; refuse a folder we cannot use or a non-SQLite file."""
    folder = path.parent
    try:
        private_dir(folder)
    except OSError as exc:
        raise DatabaseError(
            f"The folder {folder} for the database cannot be created "
            f"({exc.strerror or type(exc).__name__}). Choose another data folder."
        ) from None
    if not folder.is_dir():
        raise DatabaseError(f"{folder} is not a folder. Choose another data folder.")
    # SQLite needs to create its -wal and -shm files next to the database.
    if not os.access(folder, os.W_OK | os.X_OK):
        raise DatabaseError(
            f"The folder {folder} is not writable; the database needs it. "
            "Choose another data folder or fix its permissions."
        )
    try:
        with path.open("rb") as file:
            header = file.read(len(SQLITE_MAGIC))
    except FileNotFoundError:
        return
    except OSError as exc:
        raise DatabaseError(
            f"The database {path} cannot be read ({exc.strerror or type(exc).__name__})."
        ) from None
    if header and header != SQLITE_MAGIC:
        raise corrupt_error(path)


def readonly_sqlite_engine(path: Path) -> sa.Engine:
    """An engine that can only read `path`: used to vet a file before anything writes to it."""
    uri = path.resolve().as_uri() + "?mode=ro"
    return sa.create_engine(
        "sqlite://", creator=lambda: sqlite3.connect(uri, uri=True), poolclass=NullPool
    )


def corrupt_error(path: Path) -> DatabaseError:
    """The error for a file that is not a (readable) Headhunter database."""
    return DatabaseError(
        f"{path} is not a Headhunter database or is damaged. It was left untouched: "
        "restore a backup or choose another data folder."
    )


def damaged_error(path: Path, problems: list[str]) -> DatabaseError:
    """The error for a database whose pages SQLite's integrity check finds damaged."""
    return DatabaseError(
        f"The database {path} is damaged ({describe_problems(problems)}): "
        "restore a backup or choose another data folder."
    )


def translate_error(exc: BaseException, url: sa.URL) -> DatabaseError | None:
    """A specific DatabaseError for a driver error a user can meet, or None for a bug."""
    orig = getattr(exc, "orig", exc)
    message = str(orig).strip()
    path = sqlite_file(url)
    if url.get_backend_name() == "sqlite":
        return _translate_sqlite(message.lower(), path or Path(":memory:"))
    if isinstance(exc, sa.exc.OperationalError | sa.exc.InterfaceError):
        first_line = message.splitlines()[0] if message else type(orig).__name__
        if url.password:
            first_line = first_line.replace(str(url.password), "***")
        return DatabaseError(f"Cannot reach the database server {display_url(url)}: {first_line}")
    return None


def _translate_sqlite(message: str, path: Path) -> DatabaseError | None:
    if any(marker in message for marker in _SQLITE_CORRUPT):
        return corrupt_error(path)
    if "unable to open database file" in message:
        return DatabaseError(
            f"The database {path} cannot be opened: its folder is missing or not writable."
        )
    if "readonly database" in message:
        return DatabaseError(f"The database {path} is read-only; the app needs to write to it.")
    if "locked" in message:
        return DatabaseError(
            f"The database {path} is busy (another program is writing to it); try again."
        )
    if "disk is full" in message:
        return DatabaseError(f"The disk holding {path} is full.")
    if "disk i/o error" in message:
        return DatabaseError(f"Reading or writing {path} failed (disk I/O error).")
    return None
