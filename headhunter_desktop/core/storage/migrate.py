"""Alembic plumbing for the main database, configured in code (no alembic.ini at run time).

Developers add a revision with ``python -m headhunter_desktop.core.storage.migrate "message"``:
it autogenerates the next numbered revision from the models against a scratch database.
"""

from __future__ import annotations

import functools
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from headhunter_desktop.core import migration_files
from headhunter_desktop.core.storage.tables import Base
from headhunter_desktop.core.storage.types import UtcDateTime

if TYPE_CHECKING:  # Alembic is imported only to migrate (see core/migration_files.py)
    from alembic.config import Config
    from alembic.script import ScriptDirectory

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# What the migrations make of an empty file, for new files (core/schema_snapshot.py).
SCHEMA_SNAPSHOT = MIGRATIONS_DIR / "head_schema.json"
# Not the default "alembic_version": the analytics database may share a PostgreSQL
# database with this one and has migrations of its own.
VERSION_TABLE = "alembic_version_main"
MANAGED_TABLES = frozenset(Base.metadata.tables)
# Raw-SQL tables with no model (core/search, migration 0003): the FTS5 table and its shadow
# tables on SQLite, the tsvector table on PostgreSQL. The drift check leaves them out.
UNMODELLED_TABLES = frozenset(
    {
        "candidate_fts",
        "candidate_fts_config",
        "candidate_fts_content",
        "candidate_fts_data",
        "candidate_fts_docsize",
        "candidate_fts_idx",
        "candidate_search",
        "vector_changes",  # migration 0011: SQLite's log of embedding changes
    }
)


def _render_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    # Revisions must not import app code that may change later: render plain SQLAlchemy.
    if type_ == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _include_name(name: str | None, type_: str, parent_names: Any) -> bool:
    return not (type_ == "table" and name in UNMODELLED_TABLES)


def context_options() -> dict[str, Any]:
    """Options for every MigrationContext of the main database (env.py and checks)."""
    return {
        "target_metadata": Base.metadata,
        "version_table": VERSION_TABLE,
        "render_as_batch": True,  # SQLite can only ALTER by copying the table
        "compare_type": True,
        "render_item": _render_item,
        "include_name": _include_name,
    }


def alembic_config(connection: sa.Connection | None = None) -> Config:
    """An Alembic Config pointing at the packaged migrations, bound to `connection`."""
    from alembic.config import Config

    config = Config()
    # configparser interpolation: a '%' in the install path must be doubled.
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    config.attributes["connection"] = connection
    return config


@functools.cache
def script_directory() -> ScriptDirectory:
    """The packaged revisions (read once: they do not change while the app runs)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


@functools.cache
def _revision_ids() -> tuple[str, ...]:
    ids = migration_files.revision_ids(MIGRATIONS_DIR / "versions")
    assert ids, "the packaged migrations have no revisions"
    return ids


def head_revision() -> str:
    """The newest revision this build knows."""
    return _revision_ids()[-1]


def known_revisions() -> frozenset[str]:
    """Every revision id this build can migrate from."""
    return frozenset(_revision_ids())


def current_revision(connection: sa.Connection) -> str | None:
    """The revision stamped in the database, or None for an unversioned database."""
    return migration_files.stamped_revision(connection, VERSION_TABLE)


def upgrade(connection: sa.Connection, target: str = "head") -> None:
    """Apply migrations up to `target` inside the connection's current transaction."""
    from alembic import command

    command.upgrade(alembic_config(connection), target)


def differences(connection: sa.Connection) -> list[Any]:
    """Autogenerate's differences between the models and the database (empty = no drift)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    context = MigrationContext.configure(connection, opts=context_options())
    return list(compare_metadata(context, Base.metadata))


def new_revision(message: str) -> None:
    """Autogenerate the next numbered revision file from the models (a developer tool)."""
    from alembic import command

    next_id = f"{int(head_revision()) + 1:04d}"
    with tempfile.TemporaryDirectory() as scratch:
        engine = sa.create_engine(f"sqlite:///{Path(scratch) / 'scratch.db'}")
        try:
            with engine.begin() as connection:
                upgrade(connection)
                config = alembic_config(connection)
                command.revision(config, message, autogenerate=True, rev_id=next_id)
        finally:
            engine.dispose()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit('usage: python -m headhunter_desktop.core.storage.migrate "what changes"')
    new_revision(sys.argv[1])
