"""Usage databases as an app of analytics revision 0001 left them: clients named by their
main-database id only (before clients had UUIDs)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from headhunter_desktop.core.analytics.columns import ExactDecimal
from headhunter_desktop.core.analytics.latency import BUCKET_COLUMNS, latency_bucket
from headhunter_desktop.core.analytics.record_insert import epoch_seconds
from headhunter_desktop.core.analytics.tables import (
    hourly_rollups,
    quarter_hour_rollups,
    usage_records,
)
from tests.helpers.usage_db import migrate_to
from tests.helpers.usage_records import make_record, record_id, utc

# (old client id or None, name snapshot, cost, when)
OldCall = tuple[int | None, str | None, str, datetime]
# The 0001 shapes of the tables whose client key changed type.
OLD_MONTHLY = sa.table(
    "monthly_rollups",
    *(sa.column(n) for n in ("action", "model", "month", "client_company_name", "calls")),
    sa.column("client_key", sa.BigInteger()),
    sa.column("cost_usd", ExactDecimal(20, 12)),
    *(sa.column(n) for n in BUCKET_COLUMNS),
)
OLD_BUDGETS = sa.table(
    "budgets",
    sa.column("client_company_id", sa.BigInteger()),
    sa.column("client_company_name"),
    sa.column("monthly_limit_usd", ExactDecimal(20, 12)),
    sa.column("warn_ratio", ExactDecimal(6, 4)),
    sa.column("hard_cap"),
    sa.column("updated_at"),
)


def create_0001_usage_db(url: str, calls: list[OldCall], budget_for: dict[int, str]) -> None:
    """A usage database at revision 0001 with `calls` (detail and rollup rows, consistent)
    and a $100 hard-capped budget per old client id in `budget_for` (id -> name)."""
    migrate_to(url, "0001")
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            rollups: dict[tuple[sa.TableClause, tuple], dict[str, Any]] = {}
            for i, (client, name, cost, at) in enumerate(calls):
                _old_call(conn, rollups, i, client, name, Decimal(cost), at)
            for (table, _key), values in rollups.items():
                conn.execute(table.insert().values(values))
            for client, name in budget_for.items():
                conn.execute(OLD_BUDGETS.insert().values(_old_budget(client, name)))
    finally:
        engine.dispose()


def _old_budget(client: int, name: str) -> dict[str, Any]:
    return {
        "client_company_id": client,
        "client_company_name": name,
        "monthly_limit_usd": Decimal(100),
        "warn_ratio": Decimal("0.8"),
        "hard_cap": True,
        "updated_at": utc(2025, 3, 1),
    }


def _old_call(
    conn: sa.Connection,
    rollups: dict[tuple[sa.TableClause, tuple], dict[str, Any]],
    i: int,
    client: int | None,
    name: str | None,
    cost: Decimal,
    at: datetime,
) -> None:
    record = make_record(
        id=record_id(i), occurred_at=at, client_company_id=client, client_company_name=name
    )
    row = {c.name: getattr(record, c.name, None) for c in usage_records.columns}
    del row["client_uuid"]  # not a column yet
    bucket = latency_bucket(record.latency_ms)
    epoch = epoch_seconds(at)
    row.update(occurred_epoch=epoch, latency_bucket=bucket, cost_usd=cost)
    conn.execute(usage_records.insert().values(row))
    month = {
        "client_key": -1 if client is None else client,
        "action": record.action,
        "model": record.model,
        "month": date(at.year, at.month, 1),
        "client_company_name": name,
    }
    keys: list[tuple[sa.TableClause, dict[str, Any]]] = [(OLD_MONTHLY, month)]
    for seconds, table in ((3600, hourly_rollups), (900, quarter_hour_rollups)):
        keys.append((table, {"start_epoch": epoch - epoch % seconds}))
    for table, key in keys:
        values = rollups.setdefault((table, tuple(key.values())), {**key, "calls": 0})
        values["calls"] += 1
        values["cost_usd"] = values.get("cost_usd", 0) + cost
        values[BUCKET_COLUMNS[bucket]] = values.get(BUCKET_COLUMNS[bucket], 0) + 1
