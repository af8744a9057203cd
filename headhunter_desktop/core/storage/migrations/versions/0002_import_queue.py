"""Import queue table; hand-edited profile fields on candidates.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26

`profile_edited_fields` becomes NOT NULL after existing candidates are filled with an
empty list; on SQLite that ALTER copies the table (batch mode), which the app runs with
foreign keys off so that dropping the old copy cascades nowhere.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

IMPORT_STATES = ("queued", "extracting", "parsing", "embedding", "done", "failed", "cancelled")


def upgrade() -> None:
    with op.batch_alter_table("candidates") as batch_op:
        batch_op.add_column(sa.Column("profile_edited_fields", sa.JSON(), nullable=True))
    op.execute("UPDATE candidates SET profile_edited_fields = '[]'")
    with op.batch_alter_table("candidates") as batch_op:
        batch_op.alter_column("profile_edited_fields", existing_type=sa.JSON(), nullable=False)

    op.create_table(
        "import_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.String(length=36), nullable=False),
        sa.Column("source_path", sa.Text(), nullable=False),
        sa.Column("stored_path", sa.String(length=1024), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("client_company_id", sa.Integer(), nullable=True),
        sa.Column(
            "state",
            sa.Enum(
                *IMPORT_STATES,
                name="import_state",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_import_jobs_candidate_id_candidates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["client_company_id"],
            ["client_companies.id"],
            name=op.f("fk_import_jobs_client_company_id_client_companies"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_jobs")),
    )
    for column in ("batch_id", "candidate_id", "client_company_id", "sha256", "state"):
        op.create_index(op.f(f"ix_import_jobs_{column}"), "import_jobs", [column])


def downgrade() -> None:
    op.drop_table("import_jobs")
    with op.batch_alter_table("candidates") as batch_op:
        batch_op.drop_column("profile_edited_fields")
