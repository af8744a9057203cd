"""New SQLite databases are created from a snapshot of the schema their migrations build.

At the very first start both databases are new, and running every migration on them took
~0.3 s of the start (Alembic's imports, a dozen revisions, batch copies of tables). The
snapshot is what the migrations leave in an empty file: its tables, indexes, triggers, the
FTS5 table, and the rows they write (the version stamp), in one transaction, a few ms.

The migrations stay the truth. A snapshot is used only for a new, empty file and only
when it was taken at this build's head revision; otherwise, or when it fails, the file is
left empty and migrated as before. tests/core/test_schema_snapshot.py checks that each
committed snapshot equals what the migrations make, statement for statement.

Regenerate both after adding a migration: `python -m headhunter_desktop.core.schema_snapshot`.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

# Objects a statement of their own creates, in an order that always works: every table
# before the indexes and triggers on it.
_KIND_ORDER = ("table", "index", "trigger", "view")


@dataclass(frozen=True)
class Snapshot:
    """A database's schema at one revision, as the statements that rebuild it."""

    revision: str
    statements: tuple[str, ...]

    def to_json(self) -> str:
        document = {"revision": self.revision, "statements": list(self.statements)}
        return json.dumps(document, indent=1, ensure_ascii=False) + "\n"

    @classmethod
    def read(cls, path: Path) -> Snapshot | None:
        """The snapshot in `path`; None when it is missing or not one."""
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
            return cls(str(document["revision"]), tuple(map(str, document["statements"])))
        except (OSError, ValueError, KeyError, TypeError):
            return None


def take(connection: sqlite3.Connection, revision: str) -> Snapshot:
    """The statements that rebuild `connection`'s schema and rows in an empty file."""
    return Snapshot(revision, tuple(_schema(connection)) + tuple(_rows(connection)))


def create_from(path: Path, snapshot_path: Path, head: str) -> bool:
    """Fill the new, empty database file `path` from the snapshot; True when it did.

    False leaves the file as it was, for the migrations: a file that is not empty, a
    missing snapshot or one of another revision than `head`, or any error applying it
    (the transaction is rolled back).
    """
    if _has_content(path):
        return False
    snapshot = Snapshot.read(snapshot_path)
    if snapshot is None or snapshot.revision != head:
        log.info("no schema snapshot at revision %s for %s: migrating", head, path.name)
        return False
    try:
        connection = sqlite3.connect(path, isolation_level=None)
    except sqlite3.Error:
        return False  # no folder, no access: the engine meets it too and names it
    try:
        connection.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have created the schema while this one waited.
            if connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                connection.execute("ROLLBACK")
                return False
            for statement in snapshot.statements:
                connection.execute(statement)
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
    except sqlite3.Error as exc:
        log.warning("schema snapshot not applied to %s (%s): migrating", path.name, exc)
        return False
    finally:
        connection.close()
    return True


def _has_content(path: Path) -> bool:
    try:
        return path.stat().st_size > 0
    except FileNotFoundError:
        return False


def _schema(connection: sqlite3.Connection) -> list[str]:
    shadow = set(_tables_of_kind(connection, "shadow"))
    rows = connection.execute(
        "SELECT type, name, sql FROM sqlite_master"
        " WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY rowid"
    ).fetchall()
    # A virtual table's CREATE makes its shadow tables: they are not created again.
    kept = [(kind, sql) for kind, name, sql in rows if name not in shadow]
    return [sql for kind in _KIND_ORDER for found, sql in kept if found == kind]


def _rows(connection: sqlite3.Connection) -> list[str]:
    statements: list[str] = []
    for name in _tables_of_kind(connection, "table"):
        quoted = _quote_name(name)
        columns = [row[1] for row in connection.execute(f"PRAGMA table_info({quoted})")]
        values = " || ',' || ".join(f"quote({_quote_name(column)})" for column in columns)
        query = f"SELECT {values} FROM {quoted} ORDER BY rowid"
        for (literals,) in connection.execute(query):
            statements.append(f"INSERT INTO {quoted} VALUES({literals})")
    return statements


def _tables_of_kind(connection: sqlite3.Connection, kind: str) -> list[str]:
    """The main schema's tables of one kind ('table': rows of their own, 'shadow', 'virtual',
    'view'), SQLite's own left out, sorted."""
    rows = connection.execute("PRAGMA table_list").fetchall()  # (schema, name, type, …)
    return sorted(
        name
        for schema, name, found, *_ in rows
        if schema == "main" and found == kind and not name.startswith("sqlite_")
    )


def _quote_name(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def from_migrations() -> dict[Path, Snapshot]:
    """Both databases' snapshots, taken from scratch files the packaged migrations built,
    each keyed by the file it is committed as."""
    import tempfile

    import sqlalchemy as sa

    from headhunter_desktop.core.analytics import db as analytics_db
    from headhunter_desktop.core.storage import migrate

    def main_schema(engine: sa.Engine) -> None:
        with engine.begin() as connection:
            migrate.upgrade(connection)

    builds = (
        (migrate.SCHEMA_SNAPSHOT, migrate.head_revision(), main_schema),
        (analytics_db.SCHEMA_SNAPSHOT, analytics_db.head_revision(), analytics_db.upgrade_to_head),
    )
    snapshots: dict[Path, Snapshot] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for number, (target, revision, build) in enumerate(builds):
            database = Path(scratch, f"{number}.db")
            engine = sa.create_engine(f"sqlite:///{database}")
            try:
                build(engine)
            finally:
                engine.dispose()
            connection = sqlite3.connect(database)
            try:
                snapshots[target] = take(connection, revision)
            finally:
                connection.close()
    return snapshots


def _write_snapshots() -> None:
    for target, snapshot in from_migrations().items():
        target.write_text(snapshot.to_json(), encoding="utf-8")
        print(f"{target}: revision {snapshot.revision}, {len(snapshot.statements)} statements")


if __name__ == "__main__":
    _write_snapshots()
