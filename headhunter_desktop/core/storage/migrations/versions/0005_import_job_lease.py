"""Import queue: the process that works on a job, and its lease.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03

Two processes on one data folder (a window opened while a command-line import runs) must
not parse the same file twice: a job is claimed by one process (host, pid and a random
run token, since pids are reused) whose heartbeat keeps the lease alive; the owner sets
when its own lease ends, so a process with a shorter lease never cuts another's short.
A job whose owner is gone (lease expired, or a dead pid on the same host) may be taken over.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("import_jobs") as batch_op:
        batch_op.add_column(sa.Column("owner_token", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("owner_host", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("owner_pid", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("lease_expires_at", sa.DateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("import_jobs") as batch_op:
        for column in (
            "lease_expires_at",
            "heartbeat_at",
            "owner_pid",
            "owner_host",
            "owner_token",
        ):
            batch_op.drop_column(column)
