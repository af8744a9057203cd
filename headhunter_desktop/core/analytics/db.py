"""Opening the analytics database: engine set-up, migration to head, errors a user can act on."""

from __future__ import annotations

import functools
import logging
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event

from headhunter_desktop.core import migration_files
from headhunter_desktop.core.analytics.tables import VERSION_TABLE
from headhunter_desktop.core.analytics.upserts import upsert_insert
from headhunter_desktop.core.db_integrity import describe_problems, file_problems
from headhunter_desktop.core.db_urls import sqlite_file, sqlite_url
from headhunter_desktop.core.errors import DatabaseError
from headhunter_desktop.core.paths import AppPaths
from headhunter_desktop.core.private_files import private_sqlite_file
from headhunter_desktop.core.schema_snapshot import create_from

LOGGER = logging.getLogger("headhunter_desktop.analytics")
MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# What the migrations make of an empty file, for new files (core/schema_snapshot.py).
SCHEMA_SNAPSHOT = MIGRATIONS_DIR / "head_schema.json"
# Long enough for another app instance's batch or a retention run to finish.
SQLITE_BUSY_TIMEOUT_MS = 10_000
PG_CONNECT_TIMEOUT_S = 5
# Serialises concurrent first starts against one PostgreSQL database.
_PG_MIGRATION_LOCK = 0x48484E41  # "HHNA"
# Left to the full check after start-up: the detail rows are nearly all of a large file.
LARGE_TABLES = (
    "usage_records",
    "hourly_rollups",
    "quarter_hour_rollups",
    "client_hourly_rollups",
    "client_daily_rollups",
    "daily_action_rollups",
    "daily_client_rollups",
)


def default_analytics_url(paths: AppPaths) -> sa.URL:
    """The SQLite file `analytics.db` in the data directory, as a SQLAlchemy URL."""
    return sqlite_url(paths.analytics_db)


def open_analytics_db(url: str | sa.URL) -> sa.Engine:
    """Create the engine, migrate the database to the newest schema, or raise DatabaseError."""
    try:
        parsed = sa.make_url(url)
    except (sa.exc.ArgumentError, ValueError):
        # The text may hold a password: do not repeat it.
        raise DatabaseError(
            "The usage database setting is not a valid database URL. "
            "Use sqlite:///PATH or postgresql+psycopg://USER@HOST/DB."
        ) from None
    shown = parsed.render_as_string(hide_password=True)
    try:
        engine = _create_engine(parsed)
    except (sa.exc.NoSuchModuleError, ImportError):
        raise DatabaseError(
            f"The usage database URL {shown} names a database this app cannot use. "
            "Use sqlite:///PATH or postgresql+psycopg://USER@HOST/DB."
        ) from None
    try:
        _check_file(parsed, full=False, large=LARGE_TABLES)
        upgrade_to_head(engine)
    except DatabaseError:
        engine.dispose()
        raise
    except (sa.exc.DBAPIError, OSError) as exc:
        engine.dispose()
        raise describe_failure(exc, parsed) from exc
    return engine


def check_file_integrity(url: str | sa.URL, *, full: bool = True) -> None:
    """SQLite's check of every page of a usage database file (`full`: integrity_check,
    which also matches indexes to tables; else quick_check).

    Raises DatabaseError when damaged; a server database is not checked.
    """
    _check_file(sa.make_url(url), full=full)


def _check_file(url: sa.URL, *, full: bool, large: tuple[str, ...] = ()) -> None:
    if (path := sqlite_file(url)) is None:
        return  # a server database: the server keeps its pages sound
    if problems := file_problems(path, full=full, large=large):
        raise DatabaseError(
            f"The usage database file {path} is damaged or is not a database "
            f"({describe_problems(problems)}). Move it aside or restore a backup, then restart."
        )


def is_sqlite(bind: sa.Engine | sa.Connection) -> bool:
    """True when the analytics database is a SQLite file."""
    return bind.dialect.name == "sqlite"


@contextmanager
def write_transaction(engine: sa.Engine) -> Iterator[sa.Connection]:
    """A transaction that takes the write lock at once (SQLite: BEGIN IMMEDIATE).

    A deferred SQLite transaction that reads first and writes later can fail with
    "database is locked" without waiting; an immediate one waits for busy_timeout.
    """
    with engine.connect() as conn:
        if is_sqlite(engine):
            conn.execution_options(sqlite_begin="IMMEDIATE")
        with conn.begin():
            yield conn


def upgrade_to_head(engine: sa.Engine) -> None:
    """Apply the analytics migrations; refuse a database written by a newer app version."""
    known = _revision_ids()
    head = known[-1]
    with engine.connect() as conn:
        if _current_revision(conn, engine.url, known) == head:
            return
    with write_transaction(engine) as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
        # Another instance may have migrated while we waited for the lock.
        if _current_revision(conn, engine.url, known) == head:
            return
        _migrate(conn)
        LOGGER.info("analytics database migrated to %s", head)


def head_revision() -> str:
    """The newest analytics revision this build knows."""
    return _revision_ids()[-1]


@functools.cache
def _revision_ids() -> tuple[str, ...]:
    return migration_files.revision_ids(MIGRATIONS_DIR / "versions")


def _migrate(conn: sa.Connection) -> None:
    # Alembic is imported only here: opening a current database never needs it.
    from alembic import command
    from alembic.config import Config
    from alembic.util.exc import CommandError

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    config.attributes["connection"] = conn
    try:
        command.upgrade(config, "head")
    except CommandError as exc:
        raise describe_failure(exc, conn.engine.url) from exc


def _current_revision(conn: sa.Connection, url: sa.URL, known: tuple[str, ...]) -> str | None:
    current = migration_files.stamped_revision(conn, VERSION_TABLE)
    if current is not None and current not in known:
        raise DatabaseError(
            f"The usage database {url.render_as_string(hide_password=True)} was written by a "
            f"newer version of Headhunter Desktop (schema revision {current}). "
            "Update the app, or point it at another usage database."
        )
    return current


def _create_engine(url: sa.URL) -> sa.Engine:
    if url.get_backend_name() == "sqlite":
        if (path := sqlite_file(url)) is not None:
            private_sqlite_file(path)  # before SQLite creates it, or its -wal and -shm
            create_from(path, SCHEMA_SNAPSHOT, head_revision())  # a new file: no migrating
        engine = sa.create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        _install_sqlite_hooks(engine)
        return engine
    connect_args: dict[str, Any] = {}
    if url.get_backend_name() == "postgresql":
        connect_args["connect_timeout"] = PG_CONNECT_TIMEOUT_S
    return sa.create_engine(url, pool_pre_ping=True, connect_args=connect_args)


def _install_sqlite_hooks(engine: sa.Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # SQLAlchemy, not the sqlite3 module, decides when a transaction begins (see below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
            # WAL: readers never block the writer, and two app instances can share the file.
            _use_wal(cursor)
            # FULL: a commit survives a power cut, which matters because the spool is
            # cleared right after it.
            cursor.execute("PRAGMA synchronous = FULL")
            cursor.execute("PRAGMA foreign_keys = ON")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")


def _use_wal(cursor: Any) -> None:
    if cursor.execute("PRAGMA journal_mode").fetchone()[0].lower() in ("wal", "memory"):
        return
    # Switching needs a moment alone with the file; SQLite does not wait for that by
    # itself when two instances create the database at the same time.
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def describe_failure(exc: BaseException, url: sa.URL) -> DatabaseError:
    """Turn a driver or migration failure into a message that names the cause, never a password."""
    shown = url.render_as_string(hide_password=True)
    reason = _first_line(getattr(exc, "orig", None) or exc)
    if url.password:
        reason = reason.replace(str(url.password), "***")
    lowered = reason.lower()
    if url.get_backend_name() == "sqlite":
        path = url.database or ":memory:"
        if "not a database" in lowered or "malformed" in lowered:
            return DatabaseError(
                f"The usage database file {path} is damaged or is not a database ({reason}). "
                "It was left untouched: move it aside or restore a backup, then restart."
            )
        if "unable to open" in lowered:
            return DatabaseError(
                f"The usage database file {path} cannot be opened ({reason}). "
                "Check that its folder exists and is writable."
            )
        if "readonly" in lowered or "read-only" in lowered:
            return DatabaseError(f"The usage database file {path} is read-only ({reason}).")
        if "locked" in lowered:
            return DatabaseError(
                f"The usage database file {path} is locked by another program ({reason})."
            )
        return DatabaseError(f"The usage database file {path} cannot be used ({reason}).")
    if isinstance(exc, sa.exc.OperationalError | sa.exc.InterfaceError):
        return DatabaseError(f"Cannot reach the usage database server at {shown} ({reason}).")
    return DatabaseError(f"The usage database at {shown} cannot be used ({reason}).")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def upsert(conn: sa.Connection, table: sa.Table, values: dict[str, Any], keys: list[str]) -> None:
    """Insert a row, or replace the non-key columns of the row with the same `keys`."""
    insert = upsert_insert(conn.dialect.name)
    stmt = insert(table).values(values)
    changed = {k: stmt.excluded[k] for k in values if k not in keys}
    conn.execute(stmt.on_conflict_do_update(index_elements=keys, set_=changed))
