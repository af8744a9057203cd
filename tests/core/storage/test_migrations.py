"""Migrations keep the user's data, and the models never drift from them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from headhunter_desktop.core.storage import migrate
from headhunter_desktop.core.storage.database import MainDatabase
from headhunter_desktop.core.storage.engine import create_main_engine, parse_url
from headhunter_desktop.core.storage.tables import Candidate, CvFile, ImportJob, Interview
from tests.helpers.main_db import create_at_revision

# About creating and migrating databases: never from the test templates.
pytestmark = pytest.mark.fresh_databases

T0 = "'2024-01-01 10:00:00'"
EMBEDDING = bytes(range(16))

# Plain SQL as a 0001-era app would have written it: a client with a department and a
# job, a candidate with a CV file and an interview, and a duplicate pointing at it.
SEED_0001 = [
    "INSERT INTO client_companies (id, name, name_key, website, profile_json, created_at, "
    "updated_at) VALUES (1, 'Acme', 'acme', 'https://acme.example', '{\"size\": 40}', "
    f"{T0}, {T0})",
    f"INSERT INTO departments VALUES (1, 1, 'Platform', NULL, {T0}, {T0})",
    f"INSERT INTO jobs VALUES (1, 1, 1, 'SRE', 'open', 'We run things.', NULL, {T0}, {T0})",
    "INSERT INTO candidates (id, client_company_id, display_name, email_normalized, "
    "extracted_text, profile_json, parse_status, embedding, embedding_model, created_at, "
    "updated_at) VALUES (1, 1, 'Ada Lovelace', 'ada@example.com', 'CV text', "
    f"'{{\"basics\": {{\"name\": \"Ada\"}}}}', 'done', :embedding, 'text-embedding-3-small', "
    f"{T0}, {T0})",
    "INSERT INTO candidates (id, display_name, parse_status, duplicate_of_id, created_at, "
    f"updated_at) VALUES (2, 'Ada L.', 'failed', 1, {T0}, {T0})",
    "INSERT INTO cv_files VALUES (1, 1, 'ada.pdf', 'cv-files/ab/abcd.pdf', "
    f"'{'a' * 64}', 1234, 'pdf', 'application/pdf', {T0})",
    "INSERT INTO interviews (id, candidate_id, job_id, stage, ratings, created_at, updated_at) "
    f"VALUES (1, 1, 1, 'first', '{{\"python\": 5}}', {T0}, {T0})",
]


def _create_at_0001(url: str) -> None:
    create_at_revision(url, "0001", SEED_0001, {"embedding": EMBEDDING})


def test_upgrade_from_first_revision_keeps_data(db_url: str) -> None:
    _create_at_0001(db_url)

    with MainDatabase(db_url) as db:
        revision = db.run_sync(lambda s: migrate.current_revision(s.connection()))
        ada = db.run_sync(lambda s: s.get(Candidate, 1))
        dup = db.run_sync(lambda s: s.get(Candidate, 2))
        cv = db.run_sync(lambda s: s.get(CvFile, 1))
        interview = db.run_sync(lambda s: s.get(Interview, 1))
        scores = db.run_sync(
            lambda s: [(c.name, c.rating) for c in s.get_one(Interview, 1).competencies]
        )
        queue = db.run_sync(lambda s: s.scalars(sa.select(ImportJob)).all())

    assert revision == migrate.head_revision()
    assert ada is not None and dup is not None and cv is not None and interview is not None
    assert ada.profile_json == {"basics": {"name": "Ada"}}
    assert ada.embedding == EMBEDDING
    assert ada.created_at == datetime(2024, 1, 1, 10, tzinfo=UTC)
    assert ada.profile_edited_fields == [] and dup.profile_edited_fields == []
    assert dup.duplicate_of_id == 1
    # The SQLite table copy for 0002 must not cascade-delete the candidate's children.
    assert cv.candidate_id == 1 and cv.sha256 == "a" * 64
    assert scores == [("python", 5)] and interview.job_id == 1  # ratings became rows (0008)
    assert queue == []


def test_upgraded_database_keeps_its_constraints(db_url: str) -> None:
    _create_at_0001(db_url)
    with MainDatabase(db_url) as db:
        with pytest.raises(sa.exc.IntegrityError):
            db.run_sync(
                lambda s: s.execute(
                    sa.text("UPDATE candidates SET parse_status = 'bogus' WHERE id = 1")
                )
            )
        db.run_sync(lambda s: s.execute(sa.text("DELETE FROM candidates WHERE id = 1")))
        left = db.run_sync(
            lambda s: (
                s.scalar(sa.text("SELECT count(*) FROM cv_files")),
                s.scalar(sa.text("SELECT duplicate_of_id FROM candidates WHERE id = 2")),
            )
        )
    assert left == (0, None)  # CASCADE and SET NULL still in force after the table copy


def test_models_match_migrations(main_db: MainDatabase) -> None:
    diffs = main_db.run_sync(lambda s: migrate.differences(s.connection()))
    assert diffs == [], "models and migrations differ: add a revision (see migrate.py)"


def test_sqlite_migration_is_one_transaction(tmp_path) -> None:
    engine = create_main_engine(parse_url(f"sqlite:///{tmp_path / 'x.db'}"))
    try:
        with pytest.raises(RuntimeError), engine.begin() as connection:
            migrate.upgrade(connection)
            raise RuntimeError("crash half-way")
        assert sa.inspect(engine).get_table_names() == []
    finally:
        engine.dispose()
