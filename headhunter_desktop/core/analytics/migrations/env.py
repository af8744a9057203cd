"""Alembic environment of the analytics database: run in-process by db.upgrade_to_head."""

from __future__ import annotations

from alembic import context

from headhunter_desktop.core.analytics.tables import VERSION_TABLE, metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("the analytics migrations run from open_analytics_db(), not the alembic CLI")

context.configure(
    connection=connection,
    target_metadata=metadata,
    version_table=VERSION_TABLE,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
    transactional_ddl=True,  # our SQLite engines emit BEGIN themselves, so DDL is atomic too
)
with context.begin_transaction():
    context.run_migrations()
