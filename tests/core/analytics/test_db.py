"""Opening the analytics database: migrations, versions, damaged files, unreachable servers."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from headhunter_desktop.core.analytics.db import (
    MIGRATIONS_DIR,
    default_analytics_url,
    open_analytics_db,
)
from headhunter_desktop.core.analytics.tables import VERSION_TABLE, metadata, usage_records
from headhunter_desktop.core.errors import DatabaseError
from headhunter_desktop.core.paths import AppPaths
from tests.helpers.network import unreachable_postgres_url
from tests.helpers.usage_db import insert
from tests.helpers.usage_records import make_record, record_id

# About creating and migrating databases: never from the test templates.
pytestmark = pytest.mark.fresh_databases


def _revision(engine: sa.Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(
            conn, opts={"version_table": VERSION_TABLE}
        ).get_current_revision()


def _head() -> str | None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return ScriptDirectory.from_config(config).get_current_head()


def test_empty_database_is_migrated_to_head_and_reopens(db_url: str) -> None:
    engine = open_analytics_db(db_url)
    assert _revision(engine) == _head()
    assert set(metadata.tables) <= set(sa.inspect(engine).get_table_names())
    insert(engine, [make_record(id=record_id(1))])
    engine.dispose()

    again = open_analytics_db(db_url)  # already at head: nothing to do, data kept
    with again.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(usage_records)).scalar() == 1
    again.dispose()


def test_migration_matches_the_metadata(engine: sa.Engine) -> None:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE})
        diff = compare_metadata(context, metadata)
    assert diff == []


def test_database_from_a_newer_app_is_refused(engine: sa.Engine, db_url: str) -> None:
    with engine.begin() as conn:
        conn.execute(sa.text(f"UPDATE {VERSION_TABLE} SET version_num = '9999_future'"))
    engine.dispose()
    with pytest.raises(DatabaseError, match="newer version of Headhunter Desktop") as info:
        open_analytics_db(db_url)
    assert "9999_future" in str(info.value)


def test_damaged_sqlite_file_is_reported_and_left_untouched(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "analytics.db"
    garbage = b"this is not a database, it is a shopping list\n" * 200
    path.write_bytes(garbage)
    with pytest.raises(DatabaseError, match="damaged or is not a database") as info:
        open_analytics_db(f"sqlite:///{path}")
    assert str(path) in str(info.value)
    assert path.read_bytes() == garbage
    assert sorted(p.name for p in folder.iterdir()) == ["analytics.db"]  # no -wal, no -shm


def test_missing_folder_is_reported(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="cannot be opened"):
        open_analytics_db(f"sqlite:///{tmp_path / 'no-such-folder' / 'analytics.db'}")


def test_unreachable_server_is_reported_without_the_password() -> None:
    url = unreachable_postgres_url(password="s3cr3t-pw")
    with pytest.raises(DatabaseError, match="Cannot reach the usage database server") as info:
        open_analytics_db(url)
    assert "s3cr3t-pw" not in str(info.value)
    assert "***" in str(info.value)


def test_nonsense_url_is_reported_without_echoing_it() -> None:
    with pytest.raises(DatabaseError, match="not a valid database URL") as info:
        open_analytics_db("postgres://ana:s3cr3t-pw@@::nonsense")
    assert "s3cr3t-pw" not in str(info.value)


def test_default_url_is_analytics_db_in_the_data_dir(tmp_path: Path) -> None:
    url = default_analytics_url(AppPaths(tmp_path))
    assert sa.make_url(url).database == str(tmp_path / "analytics.db")
    open_analytics_db(url).dispose()
    assert (tmp_path / "analytics.db").exists()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    engine = open_analytics_db(f"sqlite:///{tmp_path / 'a.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    engine.dispose()
    raw = sqlite3.connect(tmp_path / "a.db")
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    raw.close()


def test_money_is_exact_on_both_databases(engine: sa.Engine) -> None:
    # 3,000 calls of a fraction of a nano-dollar each: a float would drift.
    tiny = Decimal("0.000000000123")
    records = [make_record(id=record_id(i), cost_usd=tiny) for i in range(3000)]
    insert(engine, records)
    with engine.connect() as conn:
        total = conn.execute(sa.select(sa.func.sum(usage_records.c.cost_usd))).scalar()
        one = conn.execute(sa.select(usage_records.c.cost_usd).limit(1)).scalar()
    assert total == Decimal("0.000000369")
    assert one == tiny
