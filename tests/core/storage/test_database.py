"""Opening the main database: pragmas, the worker thread, and bad files left untouched."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from headhunter_desktop.core.errors import DatabaseError
from headhunter_desktop.core.paths import AppPaths
from headhunter_desktop.core.storage import migrate
from headhunter_desktop.core.storage.database import MainDatabase
from headhunter_desktop.core.storage.tables import ClientCompany


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    return tmp_path / "data" / "headhunter.db"


def _pragma(db: MainDatabase, name: str) -> object:
    return db.run_sync(lambda s: s.execute(sa.text(f"PRAGMA {name}")).scalar())


def _all_messages(exc: BaseException | None) -> str:
    messages = []
    while exc is not None:
        messages.append(str(exc))
        exc = exc.__cause__ or exc.__context__
    return "\n".join(messages)


def test_open_creates_a_wal_database_with_foreign_keys(db_file: Path) -> None:
    with MainDatabase.open(AppPaths(db_file.parent)) as db:
        assert db.dialect == "sqlite"
        assert _pragma(db, "journal_mode") == "wal"
        assert _pragma(db, "foreign_keys") == 1
        assert _pragma(db, "busy_timeout") == 5000
    assert db_file.is_file()


def test_reopening_is_a_no_op(db_file: Path) -> None:
    MainDatabase.for_file(db_file).close()
    before = db_file.read_bytes()
    MainDatabase.for_file(db_file).close()
    assert db_file.read_bytes() == before


def test_run_executes_on_the_worker_thread(main_db: MainDatabase) -> None:
    async def thread_names() -> tuple[str, str]:
        worker = await main_db.run(lambda _session: threading.current_thread().name)
        return worker, threading.current_thread().name

    worker, caller = asyncio.run(thread_names())
    assert worker.startswith("main-db") and worker != caller
    assert main_db.run_sync(lambda _s: threading.current_thread().name) == worker


def test_run_commits_on_success_and_rolls_back_on_error(main_db: MainDatabase) -> None:
    def add(name: str, fail: bool) -> Callable[[Session], None]:
        def work(session: Session) -> None:
            session.add(ClientCompany(name=name, name_key=name.lower()))
            session.flush()
            if fail:
                raise ValueError("boom")

        return work

    asyncio.run(main_db.run(add("Kept", fail=False)))
    with pytest.raises(ValueError, match="boom"):
        asyncio.run(main_db.run(add("Lost", fail=True)))
    names = main_db.run_sync(lambda s: s.scalars(sa.select(ClientCompany.name)).all())
    assert names == ["Kept"]


def test_timestamps_come_back_as_aware_utc(main_db: MainDatabase) -> None:
    def create(session: Session) -> int:
        client = ClientCompany(name="Zed", name_key="zed")
        session.add(client)
        session.flush()
        return client.id

    client_id = main_db.run_sync(create)
    created = main_db.run_sync(lambda s: s.get(ClientCompany, client_id).created_at)
    assert created.tzinfo is not None and created.utcoffset().total_seconds() == 0
    assert abs((datetime.now(UTC) - created).total_seconds()) < 60


def test_closed_database_refuses_work(db_file: Path) -> None:
    db = MainDatabase.for_file(db_file)
    db.close()
    db.close()  # idempotent
    with pytest.raises(RuntimeError, match="closed"):
        db.run_sync(lambda _s: None)


def test_corrupt_file_is_refused_and_left_untouched(db_file: Path) -> None:
    db_file.parent.mkdir(parents=True)
    garbage = os.urandom(8192)
    db_file.write_bytes(garbage)
    with pytest.raises(DatabaseError, match="is not a Headhunter database or is damaged"):
        MainDatabase.for_file(db_file)
    assert db_file.read_bytes() == garbage
    assert sorted(p.name for p in db_file.parent.iterdir()) == ["headhunter.db"]


def test_damaged_file_with_a_valid_header_is_refused(db_file: Path) -> None:
    MainDatabase.for_file(db_file).close()
    damaged = db_file.read_bytes()[:100] + os.urandom(8192)
    db_file.write_bytes(damaged)
    with pytest.raises(DatabaseError, match="is not a Headhunter database or is damaged"):
        MainDatabase.for_file(db_file)
    assert db_file.read_bytes() == damaged


def test_someone_elses_sqlite_file_is_refused(db_file: Path) -> None:
    db_file.parent.mkdir(parents=True)
    with sqlite3.connect(db_file) as other:
        other.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, title TEXT)")
    before = db_file.read_bytes()
    with pytest.raises(DatabaseError, match="not a Headhunter database"):
        MainDatabase.for_file(db_file)
    assert db_file.read_bytes() == before


def test_database_from_a_newer_version_is_refused_untouched(db_file: Path) -> None:
    MainDatabase.for_file(db_file).close()
    with sqlite3.connect(db_file) as raw:
        raw.execute(f"UPDATE {migrate.VERSION_TABLE} SET version_num = '0999_future'")
    raw.close()
    before = db_file.read_bytes()
    with pytest.raises(DatabaseError, match="created by a newer version of Headhunter Desktop"):
        MainDatabase.for_file(db_file)
    assert db_file.read_bytes() == before


def test_newer_version_is_refused_on_every_backend(db_url: str) -> None:
    MainDatabase(db_url).close()
    engine = sa.create_engine(db_url)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text(f"UPDATE {migrate.VERSION_TABLE} SET version_num = '0999_x'"))
        with pytest.raises(DatabaseError, match="update the app"):
            MainDatabase(db_url)
        with engine.connect() as conn:
            assert migrate.current_revision(conn) == "0999_x"
    finally:
        engine.dispose()


def test_folder_that_cannot_be_created_is_refused(tmp_path: Path) -> None:
    # A regular file where a folder should be: mkdir fails even for root (unlike chmod).
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(DatabaseError, match="cannot be created"):
        MainDatabase.for_file(blocker / "data" / "headhunter.db")
    assert blocker.read_text() == "x"


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes through chmod 0o500"
)
def test_read_only_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(DatabaseError, match="is not writable"):
            MainDatabase.for_file(folder / "headhunter.db")
    finally:
        folder.chmod(0o700)


def test_unreachable_server_names_it_without_the_password() -> None:
    url = "postgresql+psycopg://recruiter:s3cret-pw@127.0.0.1:1/headhunter"
    with pytest.raises(DatabaseError, match="Cannot reach the database server") as caught:
        MainDatabase(url)
    assert "127.0.0.1:1" in str(caught.value)
    assert "s3cret-pw" not in _all_messages(caught.value)


@pytest.mark.parametrize(
    "url",
    ["postgresql://u:s3cret-pw@host:notaport/db", "not a url", "oracle+nope://u:s3cret-pw@h/d"],
)
def test_bad_url_is_refused_without_echoing_it(url: str) -> None:
    with pytest.raises(DatabaseError) as caught:
        MainDatabase(url)
    assert "s3cret-pw" not in _all_messages(caught.value)
