"""Daily rollups (all clients; per client, action and model); hourly rollups per client.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02

A usage-panel refresh of a period that is not whole UTC months ("this month", "last 30
days") read every detail row of its partial months, and one client's by-day breakdown
every detail row of the period: 140-200 ms at a million records. These rollups bound
what a refresh reads to whole days plus a few hours of detail rows, and a by-day
breakdown to a row per day plus the hours that fall on another local day
(core/analytics/aggregate.py). Filled here from the detail rows the database holds;
the writer keeps them up to date from now on.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from headhunter_desktop.core.analytics.columns import ExactDecimal

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEY_LENGTH = 48
# Frozen here on purpose, as in 0001: a later change of the histogram needs its own migration.
_LATENCY_BUCKETS = 64
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
_BUCKETS = tuple(f"lat_b{i:02d}" for i in range(_LATENCY_BUCKETS))
_ERRORS = "('error', 'interrupted')"


def _measures() -> list[sa.Column]:
    return [
        *(sa.Column(n, sa.BigInteger(), nullable=False, server_default="0") for n in _COUNTS),
        sa.Column("cost_usd", ExactDecimal(20, 12), nullable=False, server_default="0"),
        *(sa.Column(n, sa.Integer(), nullable=False, server_default="0") for n in _BUCKETS),
    ]


def upgrade() -> None:
    op.create_table(
        "daily_rollups",
        sa.Column("start_epoch", sa.BigInteger(), nullable=False, autoincrement=False),
        *_measures(),
        sa.PrimaryKeyConstraint("start_epoch", name="pk_daily_rollups"),
    )
    op.create_table(
        "client_daily_rollups",
        sa.Column("client_key", sa.String(KEY_LENGTH), nullable=False),
        sa.Column("start_epoch", sa.BigInteger(), nullable=False, autoincrement=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("model", sa.String(), nullable=False),
        *_measures(),
        sa.PrimaryKeyConstraint(
            "client_key", "start_epoch", "action", "model", name="pk_client_daily_rollups"
        ),
    )
    op.create_index("ix_client_daily_rollups_start_epoch", "client_daily_rollups", ["start_epoch"])
    op.create_table(
        "client_hourly_rollups",
        sa.Column("client_key", sa.String(KEY_LENGTH), nullable=False),
        sa.Column("start_epoch", sa.BigInteger(), nullable=False, autoincrement=False),
        *_measures(),
        sa.PrimaryKeyConstraint("client_key", "start_epoch", name="pk_client_hourly_rollups"),
    )
    _fill("daily_rollups", 86_400, client=False)
    _fill("client_daily_rollups", 86_400, "action, COALESCE(model, requested_model)")
    _fill("client_hourly_rollups", 3600)


def _fill(table: str, seconds: int, keys: str = "", *, client: bool = True) -> None:
    # Plain SQL, the same on SQLite and PostgreSQL; costs are stored scaled on SQLite, so
    # their sum is the scaled sum too.
    client_key = "COALESCE(client_uuid, 'legacy:' || CAST(client_company_id AS VARCHAR), '')"
    start = f"occurred_epoch - occurred_epoch % {seconds}"
    groups = ", ".join([*([client_key] if client else []), start, *([keys] if keys else [])])
    columns = ", ".join(
        [*(["client_key"] if client else []), "start_epoch", *(["action, model"] if keys else [])]
    )
    measures = ", ".join(
        [
            "COUNT(*)",
            f"SUM(CASE WHEN status IN {_ERRORS} THEN 1 ELSE 0 END)",
            "SUM(CASE WHEN cost_usd IS NULL THEN 1 ELSE 0 END)",
            *(f"SUM({n})" for n in _COUNTS[3:]),
            "COALESCE(SUM(cost_usd), 0)",
            *(f"SUM(CASE WHEN latency_bucket = {i} THEN 1 ELSE 0 END)" for i in range(64)),
        ]
    )
    op.execute(
        f"INSERT INTO {table} ({columns}, {', '.join(_COUNTS)}, cost_usd, {', '.join(_BUCKETS)}) "
        f"SELECT {groups}, {measures} FROM usage_records GROUP BY {groups}"
    )


def downgrade() -> None:
    op.drop_table("client_hourly_rollups")
    op.drop_index("ix_client_daily_rollups_start_epoch", table_name="client_daily_rollups")
    op.drop_table("client_daily_rollups")
    op.drop_table("daily_rollups")
