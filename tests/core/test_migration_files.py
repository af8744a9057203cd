"""The revision files as the app reads them without Alembic agree with Alembic's view, and
a database's stamp is read the same way on both backends."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.config import Config
from alembic.script import ScriptDirectory

from headhunter_desktop.core import migration_files
from headhunter_desktop.core.analytics import db as analytics_db
from headhunter_desktop.core.errors import DatabaseError
from headhunter_desktop.core.storage import migrate

MIGRATION_DIRS = {"main": migrate.MIGRATIONS_DIR, "analytics": analytics_db.MIGRATIONS_DIR}


@pytest.mark.parametrize("database", sorted(MIGRATION_DIRS))
def test_file_prefixes_are_alembics_single_numbered_line(database: str) -> None:
    folder: Path = MIGRATION_DIRS[database]
    config = Config()
    config.set_main_option("script_location", str(folder))
    script = ScriptDirectory.from_config(config)
    alembic_ids = [r.revision for r in reversed(list(script.walk_revisions()))]

    assert migration_files.revision_ids(folder / "versions") == tuple(alembic_ids)
    assert alembic_ids == [f"{n:04d}" for n in range(1, len(alembic_ids) + 1)]
    assert script.get_heads() == [alembic_ids[-1]]


def test_the_stamp_is_read_or_none(tmp_path: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'x.db'}")
    try:
        with engine.begin() as conn:
            assert migration_files.stamped_revision(conn, "versions") is None
            conn.exec_driver_sql("CREATE TABLE versions (version_num VARCHAR(32) NOT NULL)")
            assert migration_files.stamped_revision(conn, "versions") is None
            conn.exec_driver_sql("INSERT INTO versions VALUES ('0007')")
            assert migration_files.stamped_revision(conn, "versions") == "0007"
            conn.exec_driver_sql("INSERT INTO versions VALUES ('0008')")
            with pytest.raises(DatabaseError, match="names 2 revisions"):
                migration_files.stamped_revision(conn, "versions")
    finally:
        engine.dispose()
