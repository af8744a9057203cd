"""Indexes on updated_at of the tables the pool watch signs.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06

An open window asks about once a second whether the main database changed. On
PostgreSQL, each time the server finished a write, it reads max(updated_at) of
candidates, import jobs and client companies: without these indexes each read scanned
the whole table (100,000 candidates' rows with their CV texts).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("client_companies", "candidates", "import_jobs")


def upgrade() -> None:
    for table in TABLES:
        op.create_index(f"ix_{table}_updated_at", table, ["updated_at"])


def downgrade() -> None:
    for table in TABLES:
        op.drop_index(f"ix_{table}_updated_at", table_name=table)
