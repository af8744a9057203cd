"""New SQLite databases come from the committed schema snapshots, which must equal what the
migrations make; anything doubtful falls back to the migrations."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from headhunter_desktop.core import schema_snapshot
from headhunter_desktop.core.analytics import db as analytics_db
from headhunter_desktop.core.schema_snapshot import Snapshot, create_from, from_migrations, take
from headhunter_desktop.core.storage import migrate
from headhunter_desktop.core.storage.database import MainDatabase

# These tests create their databases themselves, not from the suite's templates.
pytestmark = pytest.mark.fresh_databases

REGENERATE = "python -m headhunter_desktop.core.schema_snapshot"


def open_new(kind: str, path: Path) -> None:
    if kind == "main":
        MainDatabase.for_file(path).close()
    else:
        analytics_db.open_analytics_db(f"sqlite:///{path}").dispose()


def snapshot_module(kind: str) -> ModuleType:
    return migrate if kind == "main" else analytics_db


def schema_of(path: Path) -> tuple[str, ...]:
    connection = sqlite3.connect(path)
    try:
        return take(connection, "").statements
    finally:
        connection.close()


def canonical(statements: tuple[str, ...]) -> list[str]:
    """The statements in an order-free form: Alembic's batch copies of a table list its
    constraints, and create its indexes, in an order that varies from run to run."""
    return sorted(_canonical_statement(statement) for statement in statements)


def _canonical_statement(statement: str) -> str:
    head, separator, body = statement.partition(" (\n\t")
    if not statement.startswith("CREATE TABLE") or not separator:
        return statement
    parts = body.removesuffix("\n)").split(", \n\t")
    columns = [part for part in parts if not part.startswith("CONSTRAINT ")]
    constraints = sorted(part for part in parts if part.startswith("CONSTRAINT "))
    return head + " (" + " | ".join(columns + constraints) + ")"


def forbid_migrating(monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    def refuse(*_args: object) -> None:
        raise AssertionError("a new database was migrated, not made from its snapshot")

    if kind == "main":
        monkeypatch.setattr(migrate, "upgrade", refuse)
    else:
        monkeypatch.setattr(analytics_db, "_migrate", refuse)


def test_each_committed_snapshot_is_what_the_migrations_make() -> None:
    built = from_migrations()
    assert set(built) == {migrate.SCHEMA_SNAPSHOT, analytics_db.SCHEMA_SNAPSHOT}
    for path, snapshot in built.items():
        committed = Snapshot.read(path)
        assert committed is not None, f"{path} is missing: run `{REGENERATE}`"
        assert committed.revision == snapshot.revision, f"run `{REGENERATE}`"
        same = canonical(committed.statements) == canonical(snapshot.statements)
        assert same, f"{path} is out of date: run `{REGENERATE}`"
    # What the snapshots hold: the FTS5 table (not its shadow tables), triggers, the stamp.
    main = built[migrate.SCHEMA_SNAPSHOT].statements
    assert any(s.startswith("CREATE VIRTUAL TABLE candidate_fts") for s in main)
    assert not any("candidate_fts_data" in s for s in main)
    assert any(s.startswith("CREATE TRIGGER vector_change_insert") for s in main)
    assert f"INSERT INTO \"alembic_version_main\" VALUES('{migrate.head_revision()}')" in main


@pytest.mark.parametrize("kind", ["main", "usage"])
def test_a_new_file_made_from_the_snapshot_equals_one_the_app_migrates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    with monkeypatch.context() as patched:
        forbid_migrating(patched, kind)
        open_new(kind, tmp_path / "from_snapshot.db")
    monkeypatch.setattr(snapshot_module(kind), "SCHEMA_SNAPSHOT", tmp_path / "none.json")
    open_new(kind, tmp_path / "migrated.db")

    made = schema_of(tmp_path / "from_snapshot.db")
    assert canonical(made) == canonical(schema_of(tmp_path / "migrated.db"))
    assert len(made) > 20
    # Opened again, it is current: nothing to migrate, nothing changed.
    with monkeypatch.context() as patched:
        forbid_migrating(patched, kind)
        open_new(kind, tmp_path / "from_snapshot.db")
    assert schema_of(tmp_path / "from_snapshot.db") == made


@pytest.mark.parametrize("kind", ["main", "usage"])
def test_a_snapshot_of_another_revision_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    module = snapshot_module(kind)
    committed = Snapshot.read(module.SCHEMA_SNAPSHOT)
    assert committed is not None
    # A developer added a migration and forgot to regenerate the snapshot.
    stale = tmp_path / "stale.json"
    stale.write_text(Snapshot("0001", committed.statements).to_json(), encoding="utf-8")
    monkeypatch.setattr(module, "SCHEMA_SNAPSHOT", stale)
    migrations: list[int] = []
    if kind == "main":
        monkeypatch.setattr(migrate, "upgrade", _counting(migrate.upgrade, migrations))
    else:
        monkeypatch.setattr(analytics_db, "_migrate", _counting(analytics_db._migrate, migrations))

    open_new(kind, tmp_path / "new.db")

    assert migrations == [1]
    assert canonical(schema_of(tmp_path / "new.db")) == canonical(committed.statements)


def test_a_snapshot_that_fails_halfway_leaves_the_file_to_the_migrations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    committed = Snapshot.read(migrate.SCHEMA_SNAPSHOT)
    assert committed is not None
    broken = tmp_path / "broken.json"
    statements = (*committed.statements[:3], "CREATE TABLE oops (", *committed.statements[3:])
    broken.write_text(Snapshot(committed.revision, statements).to_json(), encoding="utf-8")

    assert not create_from(tmp_path / "direct.db", broken, committed.revision)
    assert schema_of(tmp_path / "direct.db") == ()  # rolled back: nothing half made

    monkeypatch.setattr(migrate, "SCHEMA_SNAPSHOT", broken)
    MainDatabase.for_file(tmp_path / "new.db").close()
    assert canonical(schema_of(tmp_path / "new.db")) == canonical(committed.statements)


def test_a_database_with_anything_in_it_is_never_filled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    existing = tmp_path / "existing.db"
    connection = sqlite3.connect(existing)
    connection.execute("CREATE TABLE notes (text TEXT)")
    connection.commit()
    connection.close()
    head = migrate.head_revision()

    assert not create_from(existing, migrate.SCHEMA_SNAPSHOT, head)
    # Made by another process between the size check and the write lock: left alone too.
    monkeypatch.setattr(schema_snapshot, "_has_content", lambda _path: False)
    assert not create_from(existing, migrate.SCHEMA_SNAPSHOT, head)

    assert schema_of(existing) == ("CREATE TABLE notes (text TEXT)",)


def _counting(function: Callable[..., object], calls: list[int]) -> Callable[..., object]:
    def counted(*args: object) -> object:
        calls.append(1)
        return function(*args)

    return counted
