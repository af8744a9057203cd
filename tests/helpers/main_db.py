"""Main databases for tests: a fresh one on either backend, or one left at an old revision."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from headhunter_desktop.core.storage import clients as clients_repo
from headhunter_desktop.core.storage import migrate
from headhunter_desktop.core.storage.database import MainDatabase
from headhunter_desktop.core.storage.engine import (
    create_main_engine,
    parse_url,
    sqlite_file,
    sqlite_url,
)
from tests.postgres import temporary_postgres_database

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@contextmanager
def fresh_database_url(backend: str, folder: Path) -> Iterator[str]:
    """A new empty database on `backend` for a whole module (conftest's `postgres_url` is per test).

    Same rules as `postgres_url`: skip without a server locally, fail without one in CI.
    """
    if backend == "sqlite":
        yield sqlite_url(folder / "headhunter.db").render_as_string()
        return
    with temporary_postgres_database() as url:
        yield url


def create_at_revision(
    url: str, revision: str, statements: list[str], params: Mapping[str, Any] | None = None
) -> None:
    """Create the database at `url` migrated only to `revision`, and run `statements` (the
    rows an app of that time wrote) in the same transaction."""
    file = sqlite_file(parse_url(url))
    if file is not None:
        file.parent.mkdir(parents=True)
    engine = create_main_engine(parse_url(url))
    try:
        with engine.begin() as connection:
            migrate.upgrade(connection, revision)
            for statement in statements:
                connection.execute(sa.text(statement), dict(params or {}))
    finally:
        engine.dispose()


def store_client(db: MainDatabase, name: str, uuid: str | None = None) -> int:
    """A client company created straight in the main database; its id."""
    return db.run_sync(lambda s: clients_repo.create_client(s, name, uuid).id)
