"""Keyword search index: an FTS5 table on SQLite, a tsvector table on PostgreSQL.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26

Raw SQL with no model (core/search owns these tables), so the drift check in
storage/migrate.py leaves them out. The index starts empty: `KeywordIndex.index_missing`
fills it from the candidates when `TalentSearch` first loads.

SQLite: `candidate_fts`, rowid = candidate id, columns name, title, skills, body. The
tokenizer folds case and diacritics ("Zoë" = "Zoe"); '+' and '#' are word characters so
"C++" and "C#" stay words. A trigger erases the row with its candidate. A batch
migration that copies `candidates` drops this trigger: such a migration must create it
again (tests/core/search/test_keyword.py checks erasure at head).

PostgreSQL: `candidate_search(candidate_id, document tsvector)` with a GIN index, the
row deleted with its candidate by ON DELETE CASCADE. The tsvector is built in Python
(core/search/keyword_postgres.py) with the same tokens as SQLite: no text search config,
no `unaccent` extension needed on the server.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_UPGRADE = [
    """
    CREATE VIRTUAL TABLE candidate_fts USING fts5(
        name, title, skills, body,
        tokenize = "unicode61 remove_diacritics 2 tokenchars '+#'"
    )
    """,
    """
    CREATE TRIGGER candidate_fts_erase AFTER DELETE ON candidates
    BEGIN
        DELETE FROM candidate_fts WHERE rowid = OLD.id;
    END
    """,
]
SQLITE_DOWNGRADE = [
    "DROP TRIGGER IF EXISTS candidate_fts_erase",
    "DROP TABLE IF EXISTS candidate_fts",
]
POSTGRES_UPGRADE = [
    """
    CREATE TABLE candidate_search (
        candidate_id INTEGER NOT NULL,
        document TSVECTOR NOT NULL,
        CONSTRAINT pk_candidate_search PRIMARY KEY (candidate_id),
        CONSTRAINT fk_candidate_search_candidate_id_candidates FOREIGN KEY (candidate_id)
            REFERENCES candidates (id) ON DELETE CASCADE
    )
    """,
    "CREATE INDEX ix_candidate_search_document ON candidate_search USING gin (document)",
]
POSTGRES_DOWNGRADE = ["DROP TABLE IF EXISTS candidate_search"]


def _run(statements: dict[str, list[str]]) -> None:
    # Other databases get no keyword index; core/search refuses them with a clear error.
    for statement in statements.get(op.get_bind().dialect.name, []):
        op.execute(statement)


def upgrade() -> None:
    _run({"sqlite": SQLITE_UPGRADE, "postgresql": POSTGRES_UPGRADE})


def downgrade() -> None:
    _run({"sqlite": SQLITE_DOWNGRADE, "postgresql": POSTGRES_DOWNGRADE})
