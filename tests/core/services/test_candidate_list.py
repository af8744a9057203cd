"""The candidate list: the newest POOL_LIST_LIMIT rows, and how many there are in all."""

from __future__ import annotations

import asyncio
from pathlib import Path

from headhunter_desktop.core.paths import AppPaths
from headhunter_desktop.core.search.talent_search import TalentSearch
from headhunter_desktop.core.services.candidates import POOL_LIST_LIMIT, CandidateService
from headhunter_desktop.core.storage.database import MainDatabase
from tests.helpers.candidate_rows import PROFILES, insert_candidates
from tests.helpers.candidates import add_clients

TOTAL = POOL_LIST_LIMIT + 50


def service(db: MainDatabase, tmp_path: Path) -> CandidateService:
    return CandidateService(db, AppPaths(tmp_path / "data"), TalentSearch(db, "any-model"))


def test_the_list_shows_the_newest_and_counts_them_all(
    main_db: MainDatabase, tmp_path: Path
) -> None:
    add_clients(main_db, 1)
    insert_candidates(main_db, TOTAL)
    people = service(main_db, tmp_path)

    async def scenario():  # type: ignore[no-untyped-def]
        return await people.newest(), await people.newest(client=1), await people.list()

    page, client_page, listed = asyncio.run(scenario())
    assert page.total == TOTAL and page.is_partial
    assert [p.id for p in page.people] == list(range(TOTAL, TOTAL - POOL_LIST_LIMIT, -1))
    assert client_page.total == TOTAL // 10 and not client_page.is_partial
    assert {p.client_company_id for p in client_page.people} == {1}
    assert listed == page.people


def test_list_rows_match_the_full_summaries(main_db: MainDatabase, tmp_path: Path) -> None:
    """The list reads a few columns only; its rows equal those built from whole candidates."""
    add_clients(main_db, 1)
    insert_candidates(main_db, 30)
    people = service(main_db, tmp_path)

    async def scenario():  # type: ignore[no-untyped-def]
        listed = await people.list()
        return listed, await people.summaries([p.id for p in listed])

    listed, full = asyncio.run(scenario())
    assert listed == [full[p.id] for p in listed]
    titles = {p.id % len(PROFILES): (p.title, p.years) for p in listed}
    assert titles == {
        0: ("Data Engineer", 7.5),
        1: ("Pastry Chef", 3),
        2: ("", None),
        3: ("", None),
    }
    assert {p.status for p in listed} == {"done", "failed"}
