"""Every rollup the writer keeps equals the same rollup computed from the detail rows alone,
after inserts (replayed batches included), a reprice and a legacy client's adoption."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from headhunter_desktop.core.analytics.legacy_clients import adopt_legacy_client
from headhunter_desktop.core.analytics.reprice import reprice
from headhunter_desktop.core.analytics.rollup_rebuild import (
    rebuild_client_days,
    rebuild_months,
    rebuild_time_rollups,
)
from headhunter_desktop.core.analytics.rollups import (
    MARGINAL_ROLLUPS,
)
from headhunter_desktop.core.analytics.tables import (
    TIME_ROLLUPS,
    client_daily_rollups,
    client_hourly_rollups,
    daily_client_rollups,
    monthly_client_rollups,
    monthly_rollups,
)
from tests.helpers.usage_db import insert, migrate_to
from tests.helpers.usage_records import client_uuid_of, random_records

ROLLUPS = (
    monthly_rollups,
    client_daily_rollups,
    client_hourly_rollups,
    *(t for t, _ in MARGINAL_ROLLUPS),
    *(t for _, t in TIME_ROLLUPS),
)
FIRST, STOP = datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 6, 1, tzinfo=UTC)


class _Price:
    def __init__(self, cost: Decimal | None) -> None:
        self.cost_usd = cost
        self.source = "override" if cost is not None else "unpriced"


class HalfPricer:
    """A price per call from its tokens; calls with an odd input count get none."""

    def price(self, model: str, *, tokens_input: int, tokens_output: int, **_: Any) -> _Price:
        if tokens_input % 2:
            return _Price(None)
        return _Price(Decimal(tokens_input + 3 * tokens_output).scaleb(-9))


def _rows(conn: sa.Connection) -> dict[str, list[tuple[Any, ...]]]:
    out = {}
    for table in ROLLUPS:
        order = [c for c in table.primary_key.columns]
        # Rows with nothing left (every call moved away) are as good as absent.
        query = sa.select(table).where(table.c.calls != 0).order_by(*order)
        out[table.name] = [tuple(r) for r in conn.execute(query)]
    return out


def _rebuilt(engine: sa.Engine) -> dict[str, list[tuple[Any, ...]]]:
    with engine.connect() as conn:
        transaction = conn.begin()
        start, end = int(FIRST.timestamp()), int(STOP.timestamp())
        rebuild_months(conn, date(2025, 1, 1), date(2025, 6, 1))
        rebuild_time_rollups(conn, start, end)
        rebuild_client_days(conn, start, end)
        rows = _rows(conn)
        transaction.rollback()
    return rows


def _kept(engine: sa.Engine) -> dict[str, list[tuple[Any, ...]]]:
    with engine.connect() as conn:
        return _rows(conn)


def test_the_writer_keeps_every_rollup_equal_to_a_rebuild(engine: sa.Engine) -> None:
    records = random_records(400, seed=5)
    insert(engine, records[:250])
    insert(engine, records[200:])  # a replayed part of a batch counts once
    assert _kept(engine) == _rebuilt(engine)
    assert sum(len(rows) for rows in _kept(engine).values()) > 400

    assert reprice(engine, HalfPricer(), FIRST, STOP) > 100
    assert _kept(engine) == _rebuilt(engine)

    moved = adopt_legacy_client(engine, 13, client_uuid_of(3))
    assert moved > 0
    kept = _kept(engine)
    assert kept == _rebuilt(engine)
    for table in (client_daily_rollups, client_hourly_rollups, daily_client_rollups):
        assert not [row for row in kept[table.name] if row[0] == "legacy:13"]
    assert not [row for row in kept[monthly_client_rollups.name] if row[1] == "legacy:13"]


def test_the_marginal_rollups_are_filled_from_the_rollups_on_upgrade(
    engine: sa.Engine, db_url: str
) -> None:
    # Migration 0006 sums the rollups an older app kept: what the writer keeps since.
    insert(engine, random_records(300, seed=9))
    kept = _kept(engine)
    assert all(kept[table.name] for table, _ in MARGINAL_ROLLUPS)
    migrate_to(db_url, "0005", down=True)
    with engine.connect() as conn:
        assert not set(sa.inspect(conn).get_table_names()) & {t.name for t, _ in MARGINAL_ROLLUPS}
    migrate_to(db_url, "0006")
    assert _kept(engine) == kept
