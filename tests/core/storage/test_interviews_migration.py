"""Migration 0008: an existing database's interviews keep their ratings as scorecard rows,
their date, notes and feedback; and the revision goes back down without losing them."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from headhunter_desktop.core.domain.interview import Competency, FeedbackReport
from headhunter_desktop.core.storage import interviews as repo
from headhunter_desktop.core.storage import migrate
from headhunter_desktop.core.storage.database import MainDatabase
from headhunter_desktop.core.storage.engine import create_main_engine, parse_url
from tests.helpers.main_db import create_at_revision

T0 = "'2024-01-01 10:00:00'"
RATINGS = {
    "Python": 5,
    " python ": 2,  # the same competency again: the first one wins
    "System   design": "4",
    "SQL": 9,  # no rating 1..5: kept, unrated
    "Go": 3.0,
    "Teamwork": {"rating": 2, "comment": " Quiet in the group task "},
    "Flag": True,
    "  ": 4,  # no name: dropped
    "x" * 120: 1,
}
SEED_0007 = [
    "INSERT INTO client_companies (id, name, name_key, uuid, created_at, updated_at) "
    f"VALUES (1, 'Acme', 'acme', '00000000-0000-4000-a000-000000000001', {T0}, {T0})",
    f"INSERT INTO jobs VALUES (1, 1, NULL, 'SRE', 'open', NULL, NULL, {T0}, {T0})",
    "INSERT INTO candidates (id, display_name, parse_status, profile_edited_fields, "
    f"created_at, updated_at) VALUES (1, 'Ada', 'done', '[]', {T0}, {T0})",
    "INSERT INTO interviews (id, candidate_id, job_id, stage, scheduled_at, interviewer, "
    "notes, ratings, feedback_text, created_at, updated_at) VALUES (1, 1, 1, 'technical', "
    f"'2024-03-04 23:30:00+00:00', 'Grace', 'Talked shop.', :ratings, 'Good.', {T0}, {T0})",
    "INSERT INTO interviews (id, candidate_id, job_id, stage, ratings, created_at, "
    f"updated_at) VALUES (2, 1, NULL, 'first', '{{}}', {T0}, {T0})",
]


def _create_at_0007(url: str) -> None:
    create_at_revision(url, "0007", SEED_0007, {"ratings": json.dumps(RATINGS)})


def test_ratings_become_scorecard_rows_and_the_rest_is_kept(db_url: str) -> None:
    _create_at_0007(db_url)
    with MainDatabase(db_url) as db:
        revision = db.run_sync(lambda s: migrate.current_revision(s.connection()))
        first = db.run_sync(lambda s: repo.get_interview(s, 1))
        second = db.run_sync(lambda s: repo.get_interview(s, 2))
        assert db.run_sync(lambda s: migrate.differences(s.connection())) == []
    assert revision == migrate.head_revision()
    assert first.scorecard == [
        Competency(name="Python", rating=5),
        Competency(name="System design", rating=4),
        Competency(name="SQL"),
        Competency(name="Go", rating=3),
        Competency(name="Teamwork", rating=2, comment="Quiet in the group task"),
        Competency(name="Flag"),
        Competency(name="x" * 100, rating=1),
    ]
    assert (first.stage, first.date, first.interviewer, first.notes) == (
        "technical", date(2024, 3, 4), "Grace", "Talked shop.",
    )  # fmt: skip
    assert first.outcome is None and first.job_id == 1
    assert first.feedback == FeedbackReport(
        markdown="Good."
    )  # written by a person, as far as known
    assert (second.scorecard, second.date, second.stage) == ([], None, "first")


def test_the_upgraded_database_keeps_scorecards_in_bounds(db_url: str) -> None:
    _create_at_0007(db_url)
    with MainDatabase(db_url) as db:
        for statement in (
            "UPDATE interview_competencies SET rating = 6 WHERE name = 'Python'",
            "UPDATE interviews SET outcome = 'maybe' WHERE id = 1",
            "INSERT INTO interview_competencies (interview_id, position, name, name_key) "
            "VALUES (1, 9, 'PYTHON', 'python')",
        ):
            with pytest.raises(sa.exc.IntegrityError):
                db.run_sync(_executes(statement))
        db.run_sync(lambda s: s.execute(sa.text("DELETE FROM interviews WHERE id = 1")))
        left = db.run_sync(
            lambda s: s.scalar(sa.text("SELECT count(*) FROM interview_competencies"))
        )
    assert left == 0  # the scorecard goes with its interview


def _executes(statement: str) -> Callable[[Session], object]:
    return lambda session: session.execute(sa.text(statement))


def test_going_back_to_0007_restores_ratings_and_dates(db_url: str) -> None:
    _create_at_0007(db_url)
    MainDatabase(db_url).close()  # migrated to head
    engine = create_main_engine(parse_url(db_url), foreign_keys=False, poolclass=NullPool)
    try:
        with engine.begin() as connection:
            command.downgrade(migrate.alembic_config(connection), "0007")
            rows = connection.execute(
                sa.text("SELECT id, scheduled_at, ratings FROM interviews ORDER BY id")
            ).all()
            tables = sa.inspect(connection).get_table_names()
    finally:
        engine.dispose()
    assert "interview_competencies" not in tables
    [(_, scheduled, ratings), (_, no_date, no_ratings)] = rows
    assert str(scheduled).startswith("2024-03-04") and no_date is None
    loaded = ratings if isinstance(ratings, dict) else json.loads(ratings)
    assert loaded == {"Python": 5, "System design": 4, "Go": 3, "Teamwork": 2, "x" * 100: 1}
    assert no_ratings in ({}, "{}")
