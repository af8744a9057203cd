"""Import queue: a `duplicate` state and a machine-readable `error_code`.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26

A file whose bytes are already in the pool ends as `duplicate` (not `done`), and a failed
file keeps the code of its error (`password_required`, `scanned`, ...) so the GUI can
offer the right fix, e.g. asking for a PDF password.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_STATES = ("queued", "extracting", "parsing", "embedding", "done", "failed", "cancelled")
NEW_STATES = (*OLD_STATES, "duplicate")


def _states_check(states: Sequence[str]) -> str:
    return "state IN (" + ", ".join(f"'{s}'" for s in states) + ")"


def upgrade() -> None:
    with op.batch_alter_table("import_jobs") as batch_op:
        batch_op.add_column(sa.Column("error_code", sa.String(length=40), nullable=True))
        batch_op.drop_constraint(op.f("ck_import_jobs_import_state"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_import_jobs_import_state"), _states_check(NEW_STATES)
        )


def downgrade() -> None:
    op.execute("UPDATE import_jobs SET state = 'done' WHERE state = 'duplicate'")
    with op.batch_alter_table("import_jobs") as batch_op:
        batch_op.drop_constraint(op.f("ck_import_jobs_import_state"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_import_jobs_import_state"), _states_check(OLD_STATES)
        )
        batch_op.drop_column("error_code")
