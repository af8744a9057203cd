"""Usage records, rollups, price overrides, budgets and cost revisions.

Revision ID: 0001
Revises:
Create Date: 2026-05-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from headhunter_desktop.core.analytics.columns import ExactDecimal, UtcDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# Frozen here on purpose: a later change of the histogram needs its own migration.
_LATENCY_BUCKETS = 64


def _rollup_measures() -> list[sa.Column]:
    names = (
        "calls",
        "errors",
        "unpriced_calls",
        "tokens_input",
        "tokens_cached_input",
        "tokens_output",
        "tokens_reasoning",
        "tokens_total",
    )
    return [
        *(sa.Column(n, sa.BigInteger(), nullable=False, server_default="0") for n in names),
        sa.Column("cost_usd", ExactDecimal(20, 12), nullable=False, server_default="0"),
        *(
            sa.Column(f"lat_b{i:02d}", sa.Integer(), nullable=False, server_default="0")
            for i in range(_LATENCY_BUCKETS)
        ),
    ]


def upgrade() -> None:
    op.create_table(
        "usage_records",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("occurred_at", UtcDateTime(), nullable=False),
        sa.Column("occurred_epoch", sa.BigInteger(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("client_company_id", sa.BigInteger(), nullable=True),
        sa.Column("client_company_name", sa.String(), nullable=True),
        sa.Column("entity_type", sa.String(), nullable=True),
        sa.Column("entity_id", sa.String(), nullable=True),
        sa.Column("requested_model", sa.String(), nullable=False),
        sa.Column("model", sa.String(), nullable=True),
        sa.Column("tokens_input", sa.Integer(), nullable=False),
        sa.Column("tokens_cached_input", sa.Integer(), nullable=False),
        sa.Column("tokens_output", sa.Integer(), nullable=False),
        sa.Column("tokens_reasoning", sa.Integer(), nullable=False),
        sa.Column("tokens_total", sa.Integer(), nullable=False),
        sa.Column("usage_source", sa.String(16), nullable=False),
        sa.Column("cost_usd", ExactDecimal(20, 12), nullable=True),
        sa.Column("price_source", sa.String(16), nullable=False),
        sa.Column("latency_ms", sa.Integer(), nullable=False),
        sa.Column("latency_bucket", sa.SmallInteger(), nullable=False),
        sa.Column("ttft_ms", sa.Integer(), nullable=True),
        sa.Column("streaming", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("error_type", sa.String(), nullable=True),
        sa.Column("app_user", sa.String(), nullable=False),
        sa.Column("app_version", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_usage_records"),
    )
    op.create_index("ix_usage_records_occurred_epoch", "usage_records", ["occurred_epoch"])
    op.create_index(
        "ix_usage_records_client_covering",
        "usage_records",
        [
            "client_company_id",
            "occurred_epoch",
            "action",
            "latency_bucket",
            "status",
            "cost_usd",
            "tokens_input",
            "tokens_cached_input",
            "tokens_output",
            "tokens_reasoning",
            "tokens_total",
        ],
    )

    op.create_table(
        "monthly_rollups",
        sa.Column("client_key", sa.BigInteger(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("model", sa.String(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("client_company_name", sa.String(), nullable=True),
        *_rollup_measures(),
        sa.PrimaryKeyConstraint(
            "client_key", "action", "model", "month", name="pk_monthly_rollups"
        ),
    )
    op.create_index("ix_monthly_rollups_month", "monthly_rollups", ["month"])

    for table in ("hourly_rollups", "quarter_hour_rollups"):
        op.create_table(
            table,
            sa.Column("start_epoch", sa.BigInteger(), autoincrement=False, nullable=False),
            *_rollup_measures(),
            sa.PrimaryKeyConstraint("start_epoch", name=f"pk_{table}"),
        )

    op.create_table(
        "retention_state",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("cutoff_month", sa.Date(), nullable=False),
        sa.Column("applied_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_retention_state"),
    )

    op.create_table(
        "price_overrides",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("model", sa.String(), nullable=False),
        sa.Column("input_per_mtok", ExactDecimal(20, 12), nullable=False),
        sa.Column("output_per_mtok", ExactDecimal(20, 12), nullable=False),
        sa.Column("cached_input_per_mtok", ExactDecimal(20, 12), nullable=True),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_price_overrides"),
        sa.UniqueConstraint(
            "model", "effective_from", name="uq_price_overrides_model_effective_from"
        ),
    )

    op.create_table(
        "budgets",
        sa.Column("client_company_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("client_company_name", sa.String(), nullable=False),
        sa.Column("monthly_limit_usd", ExactDecimal(20, 12), nullable=False),
        sa.Column("warn_ratio", ExactDecimal(6, 4), nullable=False),
        sa.Column("hard_cap", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("client_company_id", name="pk_budgets"),
    )

    op.create_table(
        "cost_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.String(36), nullable=False),
        sa.Column("old_cost_usd", ExactDecimal(20, 12), nullable=True),
        sa.Column("old_price_source", sa.String(16), nullable=False),
        sa.Column("new_cost_usd", ExactDecimal(20, 12), nullable=True),
        sa.Column("new_price_source", sa.String(16), nullable=False),
        sa.Column("revised_at", UtcDateTime(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["usage_records.id"],
            name="fk_cost_revisions_record_id_usage_records",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_cost_revisions"),
    )
    op.create_index("ix_cost_revisions_record_id", "cost_revisions", ["record_id"])


def downgrade() -> None:
    for index, table in (
        ("ix_cost_revisions_record_id", "cost_revisions"),
        ("ix_monthly_rollups_month", "monthly_rollups"),
        ("ix_usage_records_client_covering", "usage_records"),
        ("ix_usage_records_occurred_epoch", "usage_records"),
    ):
        op.drop_index(index, table_name=table)
    for table in (
        "cost_revisions",
        "budgets",
        "price_overrides",
        "retention_state",
        "quarter_hour_rollups",
        "hourly_rollups",
        "monthly_rollups",
        "usage_records",
    ):
        op.drop_table(table)
