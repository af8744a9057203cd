"""Analytics fixtures: every database test runs on a SQLite file and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from headhunter_desktop.core.analytics.db import open_analytics_db


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
