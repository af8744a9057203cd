"""Migration 0003: the search index appears on upgrade from 0002, and goes on downgrade."""

from __future__ import annotations

import asyncio

import sqlalchemy as sa
from alembic import command

from headhunter_desktop.core.search import TalentSearch
from headhunter_desktop.core.storage import migrate
from headhunter_desktop.core.storage.database import MainDatabase
from tests.helpers.main_db import create_at_revision

T0 = "'2024-01-01 10:00:00'"
SEARCH_TABLES = {
    "sqlite": {
        "candidate_fts",
        "candidate_fts_config",
        "candidate_fts_content",
        "candidate_fts_data",
        "candidate_fts_docsize",
        "candidate_fts_idx",
    },
    "postgresql": {"candidate_search"},
}


A_CANDIDATE_AT_0002 = (
    "INSERT INTO candidates (id, display_name, extracted_text, profile_json, "
    "profile_edited_fields, parse_status, created_at, updated_at) VALUES "
    "(1, 'Zoë Ångström', 'Runs Kubernetes clusters.', "
    f"'{{\"skills\": [{{\"name\": \"Helm\"}}]}}', '[]', 'done', {T0}, {T0})"
)


def _tables(db: MainDatabase) -> set[str]:
    return db.run_sync(lambda s: set(sa.inspect(s.connection()).get_table_names()))


def test_upgrade_from_0002_adds_the_index_and_fills_it_on_first_use(db_url: str) -> None:
    create_at_revision(db_url, "0002", [A_CANDIDATE_AT_0002])
    with MainDatabase(db_url) as db:
        assert db.revision == migrate.head_revision()
        assert "0003" in migrate.known_revisions()
        assert SEARCH_TABLES[db.dialect] <= _tables(db)
        talent = TalentSearch(db, "any-model")
        try:
            hits = asyncio.run(talent.search("kubernetes zoe helm", None))
        finally:
            talent.close()
    assert [(h.candidate_id, h.matched_terms) for h in hits] == [(1, ["kubernetes", "zoe", "helm"])]


def test_downgrade_to_0002_removes_the_index(main_db: MainDatabase) -> None:
    def downgrade(session: sa.orm.Session) -> None:
        command.downgrade(migrate.alembic_config(session.connection()), "0002")

    main_db.run_sync(downgrade)
    assert not SEARCH_TABLES[main_db.dialect] & _tables(main_db)
    if main_db.dialect == "sqlite":
        triggers = main_db.run_sync(
            lambda s: s.scalars(
                sa.text("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            ).all()
        )
        assert triggers == []


def test_drift_check_sees_nothing_but_the_search_tables(main_db: MainDatabase) -> None:
    # migrate.differences() must leave the raw-SQL search tables out (an include_name filter
    # in migrate.context_options); whether or not it does yet, nothing else may differ.
    diffs = main_db.run_sync(lambda s: migrate.differences(s.connection()))
    others = [d for d in diffs if _table_of(d) not in SEARCH_TABLES[main_db.dialect]]
    assert others == []


def _table_of(diff: tuple) -> str | None:
    kind, obj = diff[0], diff[1]
    if kind == "remove_table":
        return obj.name
    if kind == "remove_index":
        return obj.table.name
    return None
