"""Model defaults and constraints the CV intake (issue 4) relies on, on every backend."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from headhunter_desktop.core.paths import AppPaths
from headhunter_desktop.core.storage import migrate
from headhunter_desktop.core.storage.database import MainDatabase
from headhunter_desktop.core.storage.tables import Candidate, CvFile, ImportJob, ParseStatus


def _candidate(session: Session) -> int:
    candidate = Candidate(display_name="Ada", email_normalized="ada@example.com")
    session.add(candidate)
    session.flush()
    return candidate.id


def test_candidate_defaults(main_db: MainDatabase) -> None:
    candidate_id = main_db.run_sync(_candidate)
    row = main_db.run_sync(
        lambda s: s.execute(
            sa.select(
                Candidate.parse_status,
                Candidate.profile_edited_fields,
                Candidate.profile_json.is_(None),
            ).where(Candidate.id == candidate_id)
        ).one()
    )
    assert row[0] is ParseStatus.QUEUED
    assert row[1] == []
    assert row[2] is True  # Python None is SQL NULL, not the JSON text 'null'


def test_same_file_cannot_be_stored_twice(main_db: MainDatabase) -> None:
    candidate_id = main_db.run_sync(_candidate)

    def store(session: Session) -> None:
        session.add(
            CvFile(
                candidate_id=candidate_id,
                original_name="ada.pdf",
                stored_path="cv-files/ab.pdf",
                sha256="ab" * 32,
                size_bytes=10,
                kind="pdf",
            )
        )

    main_db.run_sync(store)
    with pytest.raises(sa.exc.IntegrityError):
        main_db.run_sync(store)


def test_erasing_a_candidate_erases_its_files_and_queue_rows(main_db: MainDatabase) -> None:
    candidate_id = main_db.run_sync(_candidate)

    def queue_and_store(session: Session) -> None:
        session.add(ImportJob(batch_id="b1", source_path="/home/x/Ada_CV.pdf"))
        session.add(ImportJob(batch_id="b1", source_path="/x.pdf", candidate_id=candidate_id))
        session.add(
            CvFile(
                candidate_id=candidate_id,
                original_name="Ada_CV.pdf",
                stored_path="cv-files/cd.pdf",
                sha256="cd" * 32,
                size_bytes=10,
                kind="pdf",
            )
        )

    main_db.run_sync(queue_and_store)
    main_db.run_sync(lambda s: s.delete(s.get(Candidate, candidate_id)))
    left = main_db.run_sync(
        lambda s: (
            s.scalar(sa.select(sa.func.count()).select_from(CvFile)),
            s.scalars(sa.select(ImportJob.source_path)).all(),
        )
    )
    assert left == (0, ["/home/x/Ada_CV.pdf"])


def test_open_and_describe(tmp_path: Path) -> None:
    db = MainDatabase.open(AppPaths(tmp_path / "d"))
    try:
        where = tmp_path / "d" / "headhunter.db"
        assert db.describe() == f"{where} (sqlite, schema {migrate.head_revision()})"
    finally:
        db.close()
