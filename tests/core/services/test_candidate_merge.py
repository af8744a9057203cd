"""Merging a duplicate field by field, and undoing it, on both database backends."""

from __future__ import annotations

import asyncio
from typing import Any

import numpy as np
import sqlalchemy as sa

from headhunter_desktop.core.search.talent_search import TalentSearch
from headhunter_desktop.core.services.candidate_merge import CandidateMergeService, Side
from headhunter_desktop.core.storage.database import MainDatabase
from headhunter_desktop.core.storage.tables import Candidate, CvFile, Interview
from tests.helpers.candidates import Person, add_people, ids

OLD = {
    "basics": {"name": "Ada Lovelace", "email": "ada@old.example", "phone": "+44 1"},
    "skills": [{"name": "Fortran"}],
    "currentTitle": "Analyst",
    "yearsOfExperience": 5,
}
NEW = {
    "basics": {"name": "Ada King", "email": "ada@new.example"},
    "skills": [{"name": "Rust"}],
    "currentTitle": "Engineer",
    "yearsOfExperience": 8,
}


def _seed(db: MainDatabase) -> None:
    add_people(
        db,
        [
            Person(1, "Ada Lovelace", "Analyst, Fortran", OLD,
                   extra={"profile_edited_fields": ["basics.email"]}),
            Person(2, "Ada King", "Engineer, Rust", NEW, extra={"duplicate_of_id": 1}),
            Person(3, "A. King", "Engineer", None, extra={"duplicate_of_id": 2}),
        ],
    )  # fmt: skip

    def files(session: Any) -> None:
        for n, owner in ((1, 1), (2, 2)):
            session.add(CvFile(candidate_id=owner, original_name=f"cv{n}.txt", stored_path=f"f{n}",
                               sha256=str(n) * 64, size_bytes=1, kind="txt"))  # fmt: skip
        session.add(Interview(candidate_id=2, stage="screening"))

    db.run_sync(files)


def _rows(db: MainDatabase) -> dict[str, Any]:
    def read(session: Any) -> dict[str, Any]:
        people = {c.id: (c.display_name, c.profile_json, c.duplicate_of_id)
                  for c in session.scalars(sa.select(Candidate))}  # fmt: skip
        files = dict(session.execute(sa.select(CvFile.original_name, CvFile.candidate_id)).all())
        interviews = list(session.scalars(sa.select(Interview.candidate_id)))
        return {"people": people, "files": files, "interviews": interviews}

    return db.run_sync(read)


def test_merge_takes_the_chosen_fields_and_undo_restores_both(main_db: MainDatabase) -> None:
    _seed(main_db)
    search = TalentSearch(main_db, "text-embedding-3-small")
    merger = CandidateMergeService(main_db, search)
    before = _rows(main_db)

    async def scenario() -> tuple[Any, ...]:
        preview = await merger.preview(2)
        undo = await merger.merge(2, {"name": Side.ORIGINAL, "skills": Side.DUPLICATE})
        merged = _rows(main_db)
        rust = ids(await search.search("rust", None, 10))
        await merger.undo(undo)
        return preview, merged, rust, ids(await search.search("rust", None, 10))

    preview, merged, rust_after_merge, rust_after_undo = asyncio.run(scenario())
    rows = {row.key: row for row in preview.rows}
    assert (preview.original.id, preview.duplicate.id) == (1, 2)
    assert (rows["name"].original, rows["name"].duplicate) == ("Ada Lovelace", "Ada King")
    # The newer CV is proposed, except where the original was edited by hand.
    assert rows["title"].proposed == Side.DUPLICATE and rows["email"].proposed == Side.ORIGINAL
    assert rows["phone"].proposed == Side.ORIGINAL  # the newer CV has none
    assert rows["cv_text"].duplicate.startswith("cv2.txt")

    name, profile, _ = merged["people"][1]
    assert 2 not in merged["people"] and name == "Ada Lovelace"
    assert profile["skills"] == [{"name": "Rust", "level": None, "keywords": []}]
    assert profile["currentTitle"] == "Engineer" and profile["basics"]["email"] == "ada@old.example"
    assert merged["files"] == {"cv1.txt": 1, "cv2.txt": 1} and merged["interviews"] == [1]
    assert merged["people"][3][2] == 1  # a duplicate of the duplicate now points at the original
    assert rust_after_merge == [1]

    assert _rows(main_db) == before
    assert rust_after_undo == [2]


def _full_rows(db: MainDatabase) -> list[dict[str, Any]]:
    # Every column, the embedding's bytes and the timestamps included.
    def read(session: Any) -> list[dict[str, Any]]:
        rows = session.execute(sa.select(Candidate.__table__).order_by(Candidate.id))
        return [dict(row._mapping) for row in rows]

    return db.run_sync(read)


def test_a_merge_can_be_undone_after_a_restart(main_db: MainDatabase, db_url: str) -> None:
    _seed(main_db)
    vector = np.array([0.6, 0.8, 0.0], dtype="<f4").tobytes()

    def embed(session: Any) -> None:
        session.get(Candidate, 2).embedding = vector
        session.get(Candidate, 2).embedding_model = "text-embedding-3-small"

    main_db.run_sync(embed)
    before, files_before = _full_rows(main_db), _rows(main_db)
    search = TalentSearch(main_db, "text-embedding-3-small")
    asyncio.run(CandidateMergeService(main_db, search).merge(2, {}))
    main_db.close()  # the window closes; the undo must not have lived only in memory

    with MainDatabase(db_url) as reopened:
        merger = CandidateMergeService(reopened, TalentSearch(reopened, "text-embedding-3-small"))
        stored = asyncio.run(merger.last_merge(1))
        assert stored is not None and stored.duplicate_name == "Ada King"
        assert stored.merged_at.tzinfo is not None
        assert asyncio.run(merger.last_merge(2)) is None  # #2 was merged away, not into
        asyncio.run(merger.undo(stored.undo))
        after = _full_rows(reopened)
        assert after[:2] == before[:2]  # both people exactly as they were
        # #3 was pointed at #1 and back: only its updated_at says so.
        assert {**after[2], "updated_at": None} == {**before[2], "updated_at": None}
        assert _rows(reopened) == files_before
        assert asyncio.run(merger.last_merge(1)) is None  # used: not offered again


def test_erasing_the_merged_candidate_leaves_no_copy_of_the_other(main_db: MainDatabase) -> None:
    # The stored undo holds the merged-away person's CV: it goes with the candidate.
    _seed(main_db)
    merger = CandidateMergeService(main_db, TalentSearch(main_db, "text-embedding-3-small"))
    asyncio.run(merger.merge(2, {}))
    count = sa.select(sa.func.count()).select_from(sa.table("candidate_merges"))
    assert main_db.run_sync(lambda s: s.scalar(count)) == 1
    main_db.run_sync(lambda s: s.delete(s.get(Candidate, 1)))
    assert main_db.run_sync(lambda s: s.scalar(count)) == 0
