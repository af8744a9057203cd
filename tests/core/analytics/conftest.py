"""Analytics fixtures: every database test runs on a SQLite file and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from headhunter_desktop.core.analytics.db import open_analytics_db
from tests.postgres import database_name, temporary_postgres_database


@pytest.fixture(scope="session")
def migrated_analytics_template() -> Iterator[str]:
    """The name of a PostgreSQL database migrated to head, copied for each test that wants
    an `engine`: migrating a new database per test cost ~1.5 s of the suite each."""
    with temporary_postgres_database() as url:
        open_analytics_db(url).dispose()  # no connection may stay open on a template
        yield database_name(url)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def analytics_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty analytics database (a fresh SQLite file or PostgreSQL database) — on
    PostgreSQL one already migrated to head when the test opens it as `engine` (opening it
    again then migrates nothing, as it would not on SQLite after the first open)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'analytics.db'}"
        return
    migrated = "engine" in request.fixturenames
    template = request.getfixturevalue("migrated_analytics_template") if migrated else None
    with temporary_postgres_database(template) as url:
        yield url


@pytest.fixture
def db_url(analytics_url: str) -> str:
    """Here, the database under test is an analytics database (see tests/core/conftest.py)."""
    return analytics_url


@pytest.fixture
def engine(db_url: str) -> Iterator[sa.Engine]:
    """An analytics database migrated to head."""
    engine = open_analytics_db(db_url)
    try:
        yield engine
    finally:
        engine.dispose()
