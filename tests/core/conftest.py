"""Database fixtures for the core tests: main and analytics databases on each backend."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from headhunter_desktop.core.storage.database import MainDatabase
from headhunter_desktop.core.storage.engine import sqlite_url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database URL that does not exist yet: an SQLite file, or an empty PostgreSQL DB."""
    if request.param == "sqlite":
        return sqlite_url(tmp_path / "data" / "headhunter.db").render_as_string()
    return request.getfixturevalue("postgres_url")


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
