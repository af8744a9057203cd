"""Alembic environment: runs on the connection the app (or a test) hands over."""

from __future__ import annotations

from alembic import context

from headhunter_desktop.core.storage.migrate import context_options

connection = context.config.attributes.get("connection")
if connection is None or context.is_offline_mode():
    # The app migrates itself at start-up; there is no alembic.ini and no URL to read.
    raise RuntimeError(
        "main-database migrations run through MainDatabase or migrate.upgrade(connection)"
    )

context.configure(connection=connection, **context_options())
with context.begin_transaction():
    context.run_migrations()
