"""Analytics fixtures: every database test runs on a SQLite file and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from headhunter_desktop.core.analytics.db import open_analytics_db


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL of an empty analytics database: a fresh SQLite file, or a fresh PG database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'analytics.db'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def engine(db_url: str) -> Iterator[sa.Engine]:
    """An analytics database migrated to head."""
    engine = open_analytics_db(db_url)
    try:
        yield engine
    finally:
        engine.dispose()
