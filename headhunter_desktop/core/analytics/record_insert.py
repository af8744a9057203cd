"""Idempotent batch insert of usage records, with their rollups, in the caller's transaction."""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Any

import sqlalchemy as sa

from headhunter_desktop.core.analytics.latency import latency_bucket
from headhunter_desktop.core.analytics.record import UsageRecord
from headhunter_desktop.core.analytics.rollups import add_new_records
from headhunter_desktop.core.analytics.tables import usage_records
from headhunter_desktop.core.analytics.upserts import upsert_insert

RECORD_FIELDS = tuple(field.name for field in dataclasses.fields(UsageRecord))
_record_values = operator.attrgetter(*RECORD_FIELDS)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_SECOND = timedelta(seconds=1)
COST_QUANTUM = Decimal("1e-12")


def epoch_seconds(moment: datetime) -> int:
    """Whole seconds since 1970 UTC (floor), exact for any aware datetime."""
    return (moment - _EPOCH) // _SECOND


def quantize_cost(cost: Decimal | float | None) -> Decimal | None:
    """Round a cost to the 12 places the database keeps, so rollups add what rows hold.

    Takes any finite number (a cost of nothing may be the int 0); raises ValueError for a
    cost that is not finite or too large to round, TypeError for one that is not a number.
    """
    if cost is None:
        return None
    if isinstance(cost, bool) or not isinstance(cost, Decimal | int | float):
        raise TypeError(f"a cost must be a number, not {type(cost).__name__}")
    # A float through its shortest repr: Decimal(0.1) would carry the binary error along.
    exact = Decimal(repr(cost)) if isinstance(cost, float) else Decimal(cost)
    if not exact.is_finite():
        raise ValueError(f"a cost must be finite, not {cost}")
    try:
        return exact.quantize(COST_QUANTUM, rounding=ROUND_HALF_EVEN)
    except InvalidOperation:
        raise ValueError(f"a cost of {cost} USD is too large to store") from None


def record_row(record: UsageRecord) -> dict[str, Any]:
    """The usage_records row of a record, with its derived columns."""
    record.check()
    row = dict(zip(RECORD_FIELDS, _record_values(record), strict=True))
    row["occurred_epoch"] = epoch_seconds(record.occurred_at)
    row["latency_bucket"] = latency_bucket(record.latency_ms)
    row["cost_usd"] = quantize_cost(record.cost_usd)
    return row


def insert_records(conn: sa.Connection, records: Iterable[UsageRecord]) -> int:
    """Insert records not yet present (by id) and count them into the rollups; returns how many.

    On SQLite the caller must hold the write lock (`write_transaction`), so that no other
    writer can insert between the existence check and the insert.
    """
    rows: dict[str, dict[str, Any]] = {}
    for record in records:
        rows.setdefault(record.id, record_row(record))
    if not rows:
        return 0
    if conn.dialect.name == "sqlite":
        new_rows = _insert_sqlite(conn, rows)
    else:
        new_rows = _insert_returning(conn, rows)
    add_new_records(conn, new_rows)
    return len(new_rows)


def _insert_returning(conn: sa.Connection, rows: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    stmt = (
        upsert_insert("postgresql")(usage_records)
        .on_conflict_do_nothing(index_elements=["id"])
        .returning(usage_records.c.id)
    )
    inserted = set(conn.execute(stmt, list(rows.values())).scalars())
    return [row for key, row in rows.items() if key in inserted]


def _insert_sqlite(conn: sa.Connection, rows: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    # sqlite3's executemany is several times faster than a compiled multi-row statement,
    # which is what makes the writer keep up with bursts; it cannot return the inserted
    # ids, so the existing ones are looked up first, under the write lock.
    existing: set[str] = set()
    ids = list(rows)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        query = sa.select(usage_records.c.id).where(usage_records.c.id.in_(chunk))
        existing.update(conn.execute(query).scalars())
    new_rows = [row for key, row in rows.items() if key not in existing]
    if new_rows:
        names = [column.name for column in usage_records.columns]
        converters = [
            (index, processor)
            for index, column in enumerate(usage_records.columns)
            if (processor := column.type.bind_processor(conn.dialect)) is not None
        ]
        pick = operator.itemgetter(*names)
        params = []
        for row in new_rows:
            values = list(pick(row))
            for index, processor in converters:
                if values[index] is not None:
                    values[index] = processor(values[index])
            params.append(tuple(values))
        placeholders = ", ".join("?" for _ in names)
        conn.exec_driver_sql(
            f"INSERT INTO usage_records ({', '.join(names)}) VALUES ({placeholders}) "
            "ON CONFLICT (id) DO NOTHING",
            params,
        )
    return new_rows
