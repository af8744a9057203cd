"""Candidate merges kept for their undo.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06

A merge could be undone only until the window closed (the undo lived in memory). Now each
merge keeps both candidates as they were and the ids of what moved, until it is undone or
the candidate it was merged into is erased (CASCADE: the row holds the other person's CV).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "candidate_merges",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "original_id",
            sa.Integer(),
            sa.ForeignKey(
                "candidates.id",
                ondelete="CASCADE",
                name="fk_candidate_merges_original_id_candidates",
            ),
            nullable=False,
        ),
        sa.Column("duplicate_id", sa.Integer(), nullable=False),
        sa.Column("duplicate_name", sa.String(200), nullable=False),
        sa.Column("merged_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("undo", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_candidate_merges"),
    )
    op.create_index("ix_candidate_merges_original_id", "candidate_merges", ["original_id"])


def downgrade() -> None:
    op.drop_index("ix_candidate_merges_original_id", table_name="candidate_merges")
    op.drop_table("candidate_merges")
