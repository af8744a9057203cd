"""A log of embedding changes, for the vector index's copy in the data folder.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02

SQLite only (core/search/vector_cache.py keeps the copy for SQLite files): triggers write
one `vector_changes` row per candidate whose embedding (or its model) is inserted, updated
or erased, whoever writes it (this app, the CLI, another tool). A start-up reads the rows
after the copy's watermark and catches up on those candidates only, instead of reading
every candidate's vector again. Raw SQL with no model, left out of the drift check.

A batch migration that copies `candidates` drops these triggers: it must create them again
(the cache then sees them missing and falls back to a full load until it does).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TRIGGERS = ("vector_change_insert", "vector_change_update", "vector_change_delete")
SQLITE_UPGRADE = [
    "CREATE TABLE vector_changes (seq INTEGER PRIMARY KEY, candidate_id INTEGER NOT NULL)",
    """
    CREATE TRIGGER vector_change_insert AFTER INSERT ON candidates
    WHEN NEW.embedding IS NOT NULL
    BEGIN
        INSERT INTO vector_changes (candidate_id) VALUES (NEW.id);
    END
    """,
    """
    CREATE TRIGGER vector_change_update AFTER UPDATE OF embedding, embedding_model ON candidates
    BEGIN
        INSERT INTO vector_changes (candidate_id) VALUES (NEW.id);
    END
    """,
    """
    CREATE TRIGGER vector_change_delete AFTER DELETE ON candidates
    WHEN OLD.embedding IS NOT NULL
    BEGIN
        INSERT INTO vector_changes (candidate_id) VALUES (OLD.id);
    END
    """,
]
SQLITE_DOWNGRADE = [
    *(f"DROP TRIGGER IF EXISTS {name}" for name in TRIGGERS),
    "DROP TABLE IF EXISTS vector_changes",
]


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_UPGRADE:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_DOWNGRADE:
            op.execute(statement)
