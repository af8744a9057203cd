"""Import queue: the warnings the extraction of a file gave.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04

A file can be read to the end and still give damaged text (font glyph names instead of
digits, words run together, one word per line): the extraction says so in one line per
warning, and the queue keeps those lines (newline-separated) so the CVs tab can show
which candidates deserve a look at their original. NULL: no warning, or read before
this revision.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("import_jobs") as batch_op:
        batch_op.add_column(sa.Column("warnings", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("import_jobs") as batch_op:
        batch_op.drop_column("warnings")
