"""A main database damaged inside a page: found at open, after start, or by selftest's check."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from headhunter_desktop.core.errors import DatabaseError
from headhunter_desktop.core.storage.database import MainDatabase
from tests.helpers.sqlite_damage import damage_table_page, main_db_with_candidates


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "headhunter.db"
    main_db_with_candidates(path)
    return path


def test_a_sound_file_passes_every_check(db_file: Path) -> None:
    with MainDatabase.for_file(db_file) as db:
        db.check_integrity()
        asyncio.run(db.verified())


def test_damage_in_a_table_read_at_start_refuses_the_open(db_file: Path) -> None:
    damage_table_page(db_file, "client_companies")
    before = db_file.read_bytes()
    with pytest.raises(DatabaseError, match="is damaged") as caught:
        MainDatabase.for_file(db_file)
    assert str(db_file) in str(caught.value)
    assert db_file.read_bytes() == before  # nothing was written to it


def test_damage_in_the_candidates_is_found_after_start_and_by_selftest(db_file: Path) -> None:
    damage_table_page(db_file, "candidates")
    # Opening stays fast: the large tables are checked after start, not at open.
    with MainDatabase.for_file(db_file) as db:
        with pytest.raises(DatabaseError, match="is damaged"):
            asyncio.run(db.verified())
        with pytest.raises(DatabaseError, match="is damaged"):
            db.check_integrity()


def test_the_check_after_start_runs_once_for_all_waiters(db_file: Path) -> None:
    damage_table_page(db_file, "candidates")

    async def three_waiters() -> list[BaseException | None]:
        results = await asyncio.gather(*(db.verified() for _ in range(3)), return_exceptions=True)
        return list(results)

    with MainDatabase.for_file(db_file) as db:
        results = asyncio.run(three_waiters())
    assert all(isinstance(result, DatabaseError) for result in results)
    assert len({id(result) for result in results}) == 1  # one check, one outcome
