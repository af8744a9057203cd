"""Merging a duplicate field by field, and undoing it, on both database backends."""

from __future__ import annotations

import asyncio
from typing import Any

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
