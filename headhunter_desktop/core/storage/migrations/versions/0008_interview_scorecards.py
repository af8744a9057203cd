"""Interviews: a scorecard of rows, a date, an outcome, and where the feedback came from.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05

The `ratings` JSON dict (competency -> rating) becomes rows of `interview_competencies`
(name, rating 1..5 or NULL, comment, position), so a competency can carry a comment and
keep its place; a value that is no rating 1..5 becomes an unrated row rather than being
lost. `scheduled_at` becomes `interview_date` (its UTC date: interviews are dated, not
timed). The feedback gains its provenance: drafted by the model, edited by a person since,
when and by which model. Rows are read before the table copy and written after it, so
SQLite copies `interviews` once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NAME_MAX = 100
OUTCOMES = ("pass", "fail", "hold")

_interviews_before = sa.table(
    "interviews",
    sa.column("id", sa.Integer()),
    sa.column("scheduled_at", sa.DateTime(timezone=True)),
    sa.column("ratings", sa.JSON()),
)
_interviews_after = sa.table(
    "interviews", sa.column("id", sa.Integer()), sa.column("interview_date", sa.Date())
)
_competencies = sa.table(
    "interview_competencies",
    sa.column("interview_id", sa.Integer()),
    sa.column("position", sa.Integer()),
    sa.column("name", sa.String()),
    sa.column("name_key", sa.String()),
    sa.column("rating", sa.Integer()),
    sa.column("comment", sa.Text()),
)


def upgrade() -> None:
    bind = op.get_bind()
    old_rows = bind.execute(sa.select(_interviews_before)).all()
    _create_competencies()
    with op.batch_alter_table("interviews") as batch_op:
        batch_op.add_column(sa.Column("interview_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("outcome", sa.String(length=16), nullable=True))
        batch_op.add_column(_flag("feedback_ai_drafted"))
        batch_op.add_column(_flag("feedback_edited_by_person"))
        batch_op.add_column(
            sa.Column("feedback_generated_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("feedback_model", sa.String(length=100), nullable=True))
        batch_op.create_check_constraint(op.f("ck_interviews_outcome"), f"outcome IN {OUTCOMES!r}")
        batch_op.drop_column("scheduled_at")
        batch_op.drop_column("ratings")
    for interview_id, scheduled_at, ratings in old_rows:
        _move_row(bind, interview_id, scheduled_at, ratings)


def downgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.select(_interviews_after.c.id, _interviews_after.c.interview_date))
    dates: dict[int, date | None] = {interview_id: day for interview_id, day in rows}
    ratings: dict[int, dict[str, int | None]] = {interview_id: {} for interview_id in dates}
    for row in bind.execute(sa.select(_competencies).order_by(_competencies.c.position)):
        ratings[row.interview_id][row.name] = row.rating
    with op.batch_alter_table("interviews") as batch_op:
        batch_op.add_column(sa.Column("scheduled_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("ratings", sa.JSON(), nullable=False, server_default="{}"))
        batch_op.drop_constraint(op.f("ck_interviews_outcome"), type_="check")
        for column in _ADDED_COLUMNS:
            batch_op.drop_column(column)
    op.drop_table("interview_competencies")
    _restore_ratings(bind, dates, ratings)


_ADDED_COLUMNS = (
    "interview_date", "outcome", "feedback_ai_drafted", "feedback_edited_by_person",
    "feedback_generated_at", "feedback_model",
)  # fmt: skip


def _move_row(
    bind: sa.Connection, interview_id: int, scheduled_at: datetime | str | None, ratings: Any
) -> None:
    rows = scorecard_rows(interview_id, ratings)
    if rows:
        bind.execute(_competencies.insert(), rows)
    if scheduled_at is not None:
        bind.execute(
            _interviews_after.update()
            .where(_interviews_after.c.id == interview_id)
            .values(interview_date=_utc_date(scheduled_at))
        )


def scorecard_rows(interview_id: int, ratings: Any) -> list[dict[str, Any]]:
    """The competency rows of one interview's `ratings` dict, in its order: names trimmed
    and unique case-insensitively (the first wins); a rating that is no whole 1..5 (or a
    {"rating", "comment"} object) becomes an unrated row."""
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for raw_name, value in (ratings if isinstance(ratings, dict) else {}).items():
        name = " ".join(str(raw_name).split())[:NAME_MAX].strip()
        key = name.casefold()
        if not name or key in seen:
            continue
        seen.add(key)
        rating, comment = _rating_and_comment(value)
        rows.append(
            {"interview_id": interview_id, "position": len(rows), "name": name,
             "name_key": key, "rating": rating, "comment": comment}
        )  # fmt: skip
    return rows


def _rating_and_comment(value: Any) -> tuple[int | None, str]:
    comment = ""
    if isinstance(value, dict):
        comment = str(value.get("comment") or "").strip()
        value = value.get("rating")
    if isinstance(value, bool):  # True is an int to Python, not a rating
        return None, comment
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    return (value if isinstance(value, int) and 1 <= value <= 5 else None), comment


def _utc_date(value: datetime | str) -> date:
    if isinstance(value, str):  # SQLite may hand back the stored text
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).date()


def _flag(name: str) -> sa.Column[bool]:
    return sa.Column(name, sa.Boolean(), nullable=False, server_default=sa.false())


def _create_competencies() -> None:
    op.create_table(
        "interview_competencies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("interview_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=NAME_MAX), nullable=False),
        sa.Column("name_key", sa.String(length=NAME_MAX), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False, server_default=""),
        sa.CheckConstraint(
            "rating BETWEEN 1 AND 5", name=op.f("ck_interview_competencies_rating_range")
        ),
        sa.ForeignKeyConstraint(
            ["interview_id"],
            ["interviews.id"],
            name=op.f("fk_interview_competencies_interview_id_interviews"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interview_competencies")),
        sa.UniqueConstraint(
            "interview_id", "name_key", name=op.f("uq_interview_competencies_interview_id")
        ),
    )
    op.create_index(
        op.f("ix_interview_competencies_interview_id"), "interview_competencies", ["interview_id"]
    )


def _restore_ratings(
    bind: sa.Connection, dates: dict[int, date | None], ratings: dict[int, dict[str, int | None]]
) -> None:
    table = sa.table(
        "interviews",
        sa.column("id", sa.Integer()),
        sa.column("scheduled_at", sa.DateTime(timezone=True)),
        sa.column("ratings", sa.JSON()),
    )
    for interview_id, day in dates.items():
        when = None if day is None else datetime(day.year, day.month, day.day, tzinfo=UTC)
        rated = {name: r for name, r in ratings[interview_id].items() if r is not None}
        bind.execute(
            table.update()
            .where(table.c.id == interview_id)
            .values(scheduled_at=when, ratings=rated)
        )
