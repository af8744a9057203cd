"""The main database: opened, vetted and migrated at start-up, used from one worker thread.

All database work runs on a single worker thread (as Anki does): the GUI thread never
blocks on a disk or a server, SQLite sees one writer per process, and the order of
operations is the order they were submitted in.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from headhunter_desktop.core.db_integrity import CheckOnce, file_problems
from headhunter_desktop.core.db_urls import sqlite_file, sqlite_url
from headhunter_desktop.core.errors import DatabaseError
from headhunter_desktop.core.paths import AppPaths
from headhunter_desktop.core.private_files import private_sqlite_file
from headhunter_desktop.core.schema_snapshot import create_from
from headhunter_desktop.core.storage import migrate
from headhunter_desktop.core.storage.engine import (
    create_main_engine,
    damaged_error,
    display_url,
    parse_url,
    prepare_sqlite_file,
    readonly_sqlite_engine,
    translate_error,
)

T = TypeVar("T")

# Any constant shared by all app instances: serialises concurrent migrations on a server.
_PG_MIGRATION_LOCK = 0x4848_0001
# Checked after start-up rather than at open: they hold nearly all of a large pool's pages.
LARGE_TABLES = ("candidates", "candidate_fts")


class MainDatabase:
    """The main database of one data folder or server URL.

    Opening checks that the database is ours and not from a newer build, then applies
    pending migrations in one transaction; a bad database raises `DatabaseError` with
    nothing written. Work goes through `run()` (async) or `run_sync()`.
    """

    def __init__(self, url: str | sa.URL, *, executor: ThreadPoolExecutor | None = None) -> None:
        """`executor` must have one thread (the app's `Workers.main_db`); without one the
        database runs a thread of its own, stopped by `close()`."""
        self._url = parse_url(url)
        file = sqlite_file(self._url)
        # Where the data is, fit for messages: the file path, or the URL without password.
        self.location = str(file) if file is not None else display_url(self._url)
        self.revision: str | None = None
        self._verification = CheckOnce(lambda: self._check_file(full=False))
        self._worker: threading.Thread | None = None
        self._closed = False
        self._own_executor = executor is None
        self._executor = executor or ThreadPoolExecutor(1, thread_name_prefix="main-db")
        try:
            self._executor.submit(self._enter_worker).result()
            self._engine = self._executor.submit(self._open).result()
        except BaseException:
            self._stop_worker()
            raise
        self._sessions = sessionmaker(self._engine, expire_on_commit=False)

    @classmethod
    def for_file(cls, path: Path) -> MainDatabase:
        """Open (creating if needed) the SQLite database at `path`."""
        return cls(sqlite_url(Path(path)))

    @classmethod
    def open(cls, paths: AppPaths, url: str | sa.URL | None = None) -> MainDatabase:
        """Open `url` when given (HEADHUNTER_DATABASE_URL), else the data folder's file."""
        return cls(url) if url else cls.for_file(paths.main_db)

    @property
    def engine(self) -> sa.Engine:
        """The engine, for code that needs Core or raw SQL (use it on the worker thread)."""
        return self._engine

    @property
    def dialect(self) -> str:
        """'sqlite' or 'postgresql'."""
        return self._engine.dialect.name

    def describe(self) -> str:
        """One line for selftest and the About box: where, which backend, which schema."""
        return f"{self.location} ({self.dialect}, schema {self.revision})"

    def check_integrity(self) -> None:
        """SQLite's full `integrity_check` (for selftest); raises DatabaseError when damaged."""
        self._check_file(full=True)

    async def verified(self) -> None:
        """Wait until a full quick check found the file sound; raises DatabaseError if not.

        The check starts at the first call (off the event loop, on a connection of its
        own that cannot write) and runs once; later calls get its result at once.
        """
        await self._verification.wait()

    async def run(self, fn: Callable[[Session], T]) -> T:
        """Run `fn(session)` in one transaction on the worker thread and return its result.

        Commits when `fn` returns, rolls back when it raises. Cancelling the awaiting task
        does not stop `fn` once it has started. Return plain values, not ORM objects.
        """
        self._check_open()
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self._call, fn)

    def run_sync(self, fn: Callable[[Session], T]) -> T:
        """`run()` for synchronous callers (CLI, tests): blocks until `fn` is done."""
        self._check_open()
        if threading.current_thread() is self._worker:
            raise RuntimeError("run_sync() called from the database thread: it would deadlock")
        return self._executor.submit(self._call, fn).result()

    def close(self) -> None:
        """Finish queued work, close all connections and stop the worker thread."""
        if self._closed:
            return
        self._closed = True
        try:
            self._executor.submit(self._engine.dispose).result()
        finally:
            self._stop_worker()

    def _stop_worker(self) -> None:
        if self._own_executor:
            self._executor.shutdown(wait=True)

    def __enter__(self) -> MainDatabase:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- worker thread --------------------------------------------------------------

    def _enter_worker(self) -> None:
        self._worker = threading.current_thread()

    def _check_open(self) -> None:
        if self._closed:
            raise RuntimeError(f"the database {self.location} is closed")

    def _call(self, fn: Callable[[Session], T]) -> T:
        with self._translated(), self._sessions.begin() as session:
            return fn(session)

    @contextmanager
    def _translated(self) -> Iterator[None]:
        try:
            yield
        except sa.exc.IntegrityError:
            raise  # a constraint the caller's code broke: its bug or its error to phrase
        except sa.exc.DBAPIError as exc:
            # Server down, file locked or damaged: the user's problem. Anything else is a bug.
            translated = translate_error(exc, self._url)
            if translated is None:
                raise
            raise translated from exc

    def _open(self) -> sa.Engine:
        path = sqlite_file(self._url)
        if path is not None:
            prepare_sqlite_file(path)
            self._vet_readonly(path)
            private_sqlite_file(path)  # before SQLite creates it, or its -wal and -shm
            create_from(path, migrate.SCHEMA_SNAPSHOT, migrate.head_revision())  # if new
        engine = create_main_engine(self._url)
        try:
            self.revision = self._migrate(engine, sqlite=self._url.get_backend_name() == "sqlite")
        except BaseException:
            engine.dispose()
            raise
        return engine

    def _vet_readonly(self, path: Path) -> None:
        # Switching to WAL writes to the file: look at it read-only before that.
        if not path.exists() or path.stat().st_size == 0:
            return
        engine = readonly_sqlite_engine(path)
        try:
            with self._translated(), engine.connect() as connection:
                self._check_compatible(connection, strict=True)
        finally:
            engine.dispose()
        if problems := file_problems(path, large=LARGE_TABLES):
            raise damaged_error(path, problems)

    def _check_file(self, *, full: bool) -> None:
        path = sqlite_file(self._url)
        if path is None:
            return  # a server database: the server keeps its pages sound
        if problems := file_problems(path, full=full):
            raise damaged_error(path, problems)

    def _migrate(self, engine: sa.Engine, *, sqlite: bool) -> str:
        # SQLite batch migrations copy a table and drop the old one; with foreign keys on,
        # that DROP would cascade-delete the children. So migrate with them off, then
        # verify every link before committing.
        migration_engine = (
            create_main_engine(self._url, foreign_keys=False, poolclass=NullPool)
            if sqlite
            else engine
        )
        try:
            with self._translated(), migration_engine.begin() as connection:
                if connection.dialect.name == "postgresql":
                    connection.execute(
                        sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK}
                    )
                current = self._check_compatible(connection, strict=sqlite)
                if current != migrate.head_revision():
                    self._upgrade(connection, current, sqlite=sqlite)
                return migrate.head_revision()
        finally:
            if migration_engine is not engine:
                migration_engine.dispose()

    def _upgrade(self, connection: sa.Connection, current: str | None, *, sqlite: bool) -> None:
        try:
            migrate.upgrade(connection)
        except sa.exc.OperationalError:
            raise  # unreachable server, locked file…: translated by the caller
        except Exception as exc:
            raise DatabaseError(
                f"Upgrading the database {self.location} from schema {current or 'none'} "
                f"failed ({type(exc).__name__}); it was left as it was."
            ) from exc
        if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first():
            raise DatabaseError(
                f"Upgrading the database {self.location} would break links between "
                "records; it was left as it was."
            )

    def _check_compatible(self, connection: sa.Connection, *, strict: bool) -> str | None:
        """The database's revision; raises unless it is ours and not from a newer build.

        `strict` (an SQLite file of our own) refuses any foreign table; a server database
        may hold other tables (e.g. analytics), just not ours without our version table.
        """
        tables = set(sa.inspect(connection).get_table_names())
        if migrate.VERSION_TABLE in tables:
            revision = migrate.current_revision(connection)
            if revision is not None and revision not in migrate.known_revisions():
                raise DatabaseError(
                    f"The database {self.location} was created by a newer version of "
                    f"Headhunter Desktop (schema {revision}); update the app. "
                    "It was left untouched."
                )
            if revision is not None:
                return revision
        foreign = tables - {migrate.VERSION_TABLE} if strict else tables & migrate.MANAGED_TABLES
        if foreign:
            raise DatabaseError(
                f"{self.location} is not a Headhunter database (it holds other tables: "
                f"{', '.join(sorted(foreign)[:3])}). It was left untouched; "
                "choose another data folder or database."
            )
        return None
