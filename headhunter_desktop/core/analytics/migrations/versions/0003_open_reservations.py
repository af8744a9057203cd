"""Reservations every process sharing the usage database sees, for hard budget caps.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04

One row per process and client: the money it has set aside for calls in flight and for
records not yet committed. A hard cap counts the other processes' rows (see
core/analytics/shared_reservations.py); a row of a process that died lapses.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from headhunter_desktop.core.analytics.columns import Money

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEY_LENGTH = 48


def upgrade() -> None:
    op.create_table(
        "open_reservations",
        sa.Column("owner", sa.String(64), primary_key=True),
        sa.Column("client_uuid", sa.String(KEY_LENGTH), primary_key=True),
        sa.Column("amount_usd", Money(), nullable=False),
        sa.Column("expires_epoch", sa.BigInteger(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("open_reservations")
