"""Client companies: a UUID each, and when the shared client directory learnt of them.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03

Laptops that keep their own main databases and share one usage server cannot tell clients
apart by id (every database counts from 1): usage records and budgets name a client by
its UUID instead. Existing clients get fresh UUIDs here; none is registered in the shared
directory yet, so the app registers them at its next contact with the usage server.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("client_companies") as batch_op:
        batch_op.add_column(sa.Column("uuid", sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column("registered_at", sa.DateTime(timezone=True), nullable=True))
    clients = sa.table("client_companies", sa.column("id"), sa.column("uuid"))
    bind = op.get_bind()
    ids = bind.execute(sa.select(clients.c.id)).scalars().all()
    # Per row, from Python: neither database has a portable UUID function.
    for client_id in ids:
        bind.execute(
            clients.update().where(clients.c.id == client_id).values(uuid=str(uuid.uuid4()))
        )
    with op.batch_alter_table("client_companies") as batch_op:
        batch_op.alter_column("uuid", existing_type=sa.String(length=36), nullable=False)
        batch_op.create_unique_constraint(op.f("uq_client_companies_uuid"), ["uuid"])


def downgrade() -> None:
    with op.batch_alter_table("client_companies") as batch_op:
        batch_op.drop_constraint(op.f("uq_client_companies_uuid"), type_="unique")
        batch_op.drop_column("registered_at")
        batch_op.drop_column("uuid")
