"""A usage database file damaged inside a page: found at open or by the full check."""

from __future__ import annotations

from pathlib import Path

import pytest

from headhunter_desktop.core.analytics.db import check_file_integrity, open_analytics_db
from headhunter_desktop.core.db_urls import sqlite_url
from headhunter_desktop.core.errors import DatabaseError
from tests.helpers.sqlite_damage import damage_table_page
from tests.helpers.usage_db import insert
from tests.helpers.usage_records import random_records


@pytest.fixture
def usage_file(tmp_path: Path) -> Path:
    path = tmp_path / "analytics.db"
    engine = open_analytics_db(sqlite_url(path))
    insert(engine, random_records(400))
    engine.dispose()
    return path


def test_a_sound_file_passes(usage_file: Path) -> None:
    check_file_integrity(sqlite_url(usage_file))
    check_file_integrity(sqlite_url(usage_file), full=False)


def test_damaged_detail_rows_are_found_by_the_full_check(usage_file: Path) -> None:
    damage_table_page(usage_file, "usage_records")
    open_analytics_db(sqlite_url(usage_file)).dispose()  # start-up stays quick
    for full in (True, False):
        with pytest.raises(DatabaseError, match="is damaged") as caught:
            check_file_integrity(sqlite_url(usage_file), full=full)
        assert str(usage_file) in str(caught.value)


def test_damage_in_a_table_read_at_start_refuses_the_open(usage_file: Path) -> None:
    damage_table_page(usage_file, "monthly_rollups")
    with pytest.raises(DatabaseError, match="is damaged"):
        open_analytics_db(sqlite_url(usage_file))
