"""Database fixtures for the core tests: main and analytics databases on each backend."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from headhunter_desktop.core.storage.database import MainDatabase
from headhunter_desktop.core.storage.engine import sqlite_url
from tests.postgres import database_name, temporary_postgres_database


@pytest.fixture(scope="session")
def migrated_main_template() -> Iterator[str]:
    """The name of a PostgreSQL main database opened (migrated) once, copied for each test
    that wants a `main_db`: migrating a new database per test cost seconds each."""
    with temporary_postgres_database() as url:
        MainDatabase(url).close()  # no connection may stay open on a template
        yield database_name(url)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database URL that does not exist yet: an SQLite file, or an empty PostgreSQL DB —
    on PostgreSQL one already migrated when the test opens it as `main_db` (opening it then
    migrates nothing, as it would not on SQLite after the first open)."""
    if request.param == "sqlite":
        yield sqlite_url(tmp_path / "data" / "headhunter.db").render_as_string()
        return
    migrated = "main_db" in request.fixturenames
    template = request.getfixturevalue("migrated_main_template") if migrated else None
    with temporary_postgres_database(template) as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def analytics_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL of an empty analytics database: a fresh SQLite file, or a fresh PG database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'analytics.db'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def main_db(db_url: str) -> Iterator[MainDatabase]:
    """An opened, migrated MainDatabase on each backend; closed after the test."""
    db = MainDatabase(db_url)
    try:
        yield db
    finally:
        db.close()
