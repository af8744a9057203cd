"""Clients by UUID: usage records, rollups and budgets; the shared client directory.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03

Laptops with main databases of their own share this database: their client ids collide,
so a client is its UUID here. Existing records keep a NULL UUID (this database cannot
know which laptop's client an old id was) and are counted under a legacy key per id,
"legacy:3"; the app maps them to the UUID where that is unambiguous (usage.legacy_clients).
Rollup rows and budgets keyed by an old id get the same legacy key; calls for no client
keep the key '' (it was -1).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from headhunter_desktop.core.analytics.columns import UtcDateTime

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEY_LENGTH = 48
COVERED = (
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
)


def upgrade() -> None:
    op.add_column("usage_records", sa.Column("client_uuid", sa.String(36), nullable=True))
    op.drop_index("ix_usage_records_client_covering", table_name="usage_records")
    op.create_index(
        "ix_usage_records_client_uuid_covering", "usage_records", ["client_uuid", *COVERED]
    )
    with op.batch_alter_table("monthly_rollups") as batch_op:
        batch_op.alter_column(
            "client_key", existing_type=sa.BigInteger(), type_=sa.String(KEY_LENGTH)
        )
    op.execute(
        "UPDATE monthly_rollups SET client_key = CASE WHEN client_key = '-1' THEN '' "
        "ELSE 'legacy:' || client_key END"
    )
    with op.batch_alter_table("budgets") as batch_op:
        batch_op.alter_column(
            "client_company_id",
            new_column_name="client_uuid",
            existing_type=sa.BigInteger(),
            type_=sa.String(KEY_LENGTH),
            existing_nullable=False,
        )
    op.execute("UPDATE budgets SET client_uuid = 'legacy:' || client_uuid")
    op.create_table(
        "client_directory",
        sa.Column("uuid", sa.String(36), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("name_key", sa.String(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("created_by", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("uuid", name="pk_client_directory"),
        sa.UniqueConstraint("name_key", name="uq_client_directory_name_key"),
    )


def downgrade() -> None:
    # Rows keyed by a UUID have no id to go back to: refuse rather than lose billing data.
    keyed = sa.text(
        "SELECT (SELECT count(*) FROM monthly_rollups WHERE client_key <> '' "
        "AND client_key NOT LIKE 'legacy:%') + (SELECT count(*) FROM budgets "
        "WHERE client_uuid NOT LIKE 'legacy:%')"
    )
    if op.get_bind().execute(keyed).scalar():
        raise RuntimeError("usage is already recorded per client UUID: cannot downgrade")
    op.drop_table("client_directory")
    op.execute("UPDATE budgets SET client_uuid = substr(client_uuid, 8)")
    op.execute(
        "UPDATE monthly_rollups SET client_key = CASE WHEN client_key = '' THEN '-1' "
        "ELSE substr(client_key, 8) END"
    )
    _to_bigint("budgets", "client_uuid", "client_company_id")
    _to_bigint("monthly_rollups", "client_key", None)
    op.drop_index("ix_usage_records_client_uuid_covering", table_name="usage_records")
    op.create_index(
        "ix_usage_records_client_covering", "usage_records", ["client_company_id", *COVERED]
    )
    with op.batch_alter_table("usage_records") as batch_op:
        batch_op.drop_column("client_uuid")


def _to_bigint(table: str, column: str, new_name: str | None) -> None:
    with op.batch_alter_table(table) as batch_op:
        batch_op.alter_column(
            column,
            new_column_name=new_name,
            existing_type=sa.String(KEY_LENGTH),
            type_=sa.BigInteger(),
            existing_nullable=False,
            postgresql_using=f"{column}::bigint",
        )
