"""Rollups without the client (per action and model) and without the action (per client).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02

An all-clients usage panel grouped monthly_rollups and client_daily_rollups, whose rows
are per client *and* action and model: with 50 clients, 50 times the rows its action,
model and client breakdowns need (65-125 ms at a million records, over the 50 ms
target). These four hold the same sums per (month | day, action, model) and per
(month | day, client). Filled from the rollups the database already holds, not from the
detail rows: months whose detail rows retention removed are in the rollups only.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from headhunter_desktop.core.analytics.columns import ExactDecimal

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEY_LENGTH = 48
# Frozen here on purpose, as in 0001 and 0005.
_COUNTS = (
    "calls",
    "errors",
    "unpriced_calls",
    "tokens_input",
    "tokens_cached_input",
    "tokens_output",
    "tokens_reasoning",
    "tokens_total",
)
_BUCKETS = tuple(f"lat_b{i:02d}" for i in range(64))
_MEASURES = (*_COUNTS, "cost_usd", *_BUCKETS)


def _measures() -> list[sa.Column]:
    return [
        *(sa.Column(n, sa.BigInteger(), nullable=False, server_default="0") for n in _COUNTS),
        sa.Column("cost_usd", ExactDecimal(20, 12), nullable=False, server_default="0"),
        *(sa.Column(n, sa.Integer(), nullable=False, server_default="0") for n in _BUCKETS),
    ]


def _key(name: str) -> sa.Column:
    if name == "month":
        return sa.Column("month", sa.Date(), nullable=False)
    if name == "start_epoch":
        return sa.Column("start_epoch", sa.BigInteger(), nullable=False, autoincrement=False)
    return sa.Column(name, sa.String(KEY_LENGTH if name == "client_key" else None), nullable=False)


# (table, its key columns, the rollup it sums)
_TABLES = (
    ("monthly_action_rollups", ("month", "action", "model"), "monthly_rollups"),
    ("monthly_client_rollups", ("month", "client_key"), "monthly_rollups"),
    ("daily_action_rollups", ("start_epoch", "action", "model"), "client_daily_rollups"),
    ("daily_client_rollups", ("client_key", "start_epoch"), "client_daily_rollups"),
)


def upgrade() -> None:
    for table, keys, source in _TABLES:
        op.create_table(
            table,
            *(_key(k) for k in keys),
            *_measures(),
            sa.PrimaryKeyConstraint(*keys, name=f"pk_{table}"),
        )
        # Plain SQL, the same on SQLite and PostgreSQL; costs are stored scaled on SQLite,
        # so their sum is the scaled sum too.
        groups = ", ".join(keys)
        sums = ", ".join(f"SUM({m})" for m in _MEASURES)
        op.execute(
            f"INSERT INTO {table} ({groups}, {', '.join(_MEASURES)}) "
            f"SELECT {groups}, {sums} FROM {source} GROUP BY {groups}"
        )
    op.create_index("ix_daily_client_rollups_start_epoch", "daily_client_rollups", ["start_epoch"])


def downgrade() -> None:
    op.drop_index("ix_daily_client_rollups_start_epoch", table_name="daily_client_rollups")
    for table, _keys, _source in reversed(_TABLES):
        op.drop_table(table)
