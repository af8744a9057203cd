"""An analytics database seen from outside: insert as the writer does, count and sum."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from headhunter_desktop.core.analytics.db import MIGRATIONS_DIR, write_transaction
from headhunter_desktop.core.analytics.record import UsageRecord
from headhunter_desktop.core.analytics.record_insert import insert_records
from headhunter_desktop.core.analytics.rollups import MEASURE_COLUMNS
from headhunter_desktop.core.analytics.tables import (
    hourly_rollups,
    monthly_rollups,
    quarter_hour_rollups,
    usage_records,
)


def migrate_to(url: str, revision: str, *, down: bool = False) -> None:
    """Upgrade (or downgrade) the analytics database at `url` to `revision` only, as an
    app of that time left it."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            (command.downgrade if down else command.upgrade)(config, revision)
    finally:
        engine.dispose()


def insert(engine: sa.Engine, records: Iterable[UsageRecord]) -> int:
    """Insert records the way the writer does."""
    with write_transaction(engine) as conn:
        return insert_records(conn, list(records))


def count_rows(engine: sa.Engine) -> int:
    """How many detail records the database holds."""
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(usage_records)).scalar_one()


def stored_ids(engine: sa.Engine) -> list[str]:
    """The ids of the detail records, in no particular order."""
    with engine.connect() as conn:
        return list(conn.execute(sa.select(usage_records.c.id)).scalars())


def rollup_sums(engine: sa.Engine) -> list[Any]:
    """Column sums of monthly_rollups, asserting every time rollup has the same ones."""
    out = []
    with engine.connect() as conn:
        for table in (monthly_rollups, hourly_rollups, quarter_hour_rollups):
            columns = (sa.func.coalesce(sa.func.sum(table.c[n]), 0) for n in MEASURE_COLUMNS)
            values = conn.execute(sa.select(*columns)).one()
            out.append([Decimal(v) if i == 8 else int(v) for i, v in enumerate(values)])
    assert out[1] == out[0] and out[2] == out[0], "rollups disagree"
    return out[0]
