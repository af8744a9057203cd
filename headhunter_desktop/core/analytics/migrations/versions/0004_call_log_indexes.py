"""An index for the call log filtered by action.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05

The call log pages newest first by (occurred_epoch, id). A client's calls have the
covering (client_uuid, occurred_epoch, …) index and all calls the occurred_epoch one;
one action's calls had neither, so a page of a rare action read the newer calls of every
action first (about 0.2 s for a page of one call in 500, at a million calls; count_calls
about 0.5 s). (action, occurred_epoch) makes such a page one index range.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "ix_usage_records_action_occurred_epoch"


def upgrade() -> None:
    op.create_index(INDEX, "usage_records", ["action", "occurred_epoch"])


def downgrade() -> None:
    op.drop_index(INDEX, table_name="usage_records")
