"""Keeping monthly_rollups and the hourly/quarter-hour rollups in step with the detail rows.

The writer adds each newly inserted record to both rollups in the same transaction
as the insert, so a replayed record (already present, so not inserted) is never
counted twice. Reprice applies cost deltas the same way; retention rebuilds the
months it is about to remove from the detail rows.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from headhunter_desktop.core.analytics.latency import BUCKET_COLUMNS, BUCKETS
from headhunter_desktop.core.analytics.record import ERROR_STATUSES
from headhunter_desktop.core.analytics.tables import (
    TIME_ROLLUPS,
    client_key,
    client_key_expression,
    monthly_rollups,
    usage_records,
)

COUNT_COLUMNS = (
    "calls",
    "errors",
    "unpriced_calls",
    "tokens_input",
    "tokens_cached_input",
    "tokens_output",
    "tokens_reasoning",
    "tokens_total",
)
MEASURE_COLUMNS = (*COUNT_COLUMNS, "cost_usd", *BUCKET_COLUMNS)
UNPRICED_INDEX = COUNT_COLUMNS.index("unpriced_calls")  # positions in a measures list
COST_INDEX = len(COUNT_COLUMNS)
_COST = COST_INDEX
_HIST = _COST + 1

MonthKey = tuple[str, str, str, date]  # client_key, action, model, month


def month_of(epoch: int) -> date:
    """First day of the UTC month that contains `epoch`."""
    moment = datetime.fromtimestamp(epoch, UTC)
    return date(moment.year, moment.month, 1)


def zero_measures() -> list[Any]:
    """An empty measures list, in MEASURE_COLUMNS order."""
    return [0] * len(COUNT_COLUMNS) + [Decimal(0)] + [0] * BUCKETS


def add_record(measures: list[Any], row: Mapping[str, Any], sign: int = 1) -> None:
    """Add (or with sign=-1 remove) one detail row to a measures list."""
    measures[0] += sign
    measures[1] += sign if row["status"] in ERROR_STATUSES else 0
    measures[2] += sign if row["cost_usd"] is None else 0
    for i, name in enumerate(COUNT_COLUMNS[3:], start=3):
        measures[i] += sign * row[name]
    if row["cost_usd"] is not None:
        measures[_COST] += sign * row["cost_usd"]
    measures[_HIST + row["latency_bucket"]] += sign


def month_key(row: Mapping[str, Any]) -> MonthKey:
    """The monthly_rollups key of a detail row."""
    return (
        client_key(row["client_uuid"], row["client_company_id"]),
        row["action"],
        row["model"] or row["requested_model"],
        month_of(row["occurred_epoch"]),
    )


TimeDeltas = dict[int, dict[int, list[Any]]]  # seconds per row -> start_epoch -> measures


def time_deltas() -> TimeDeltas:
    """Empty deltas for every time rollup."""
    return {seconds: {} for seconds, _ in TIME_ROLLUPS}


def time_measures(deltas: TimeDeltas, epoch: int) -> list[list[Any]]:
    """The measures lists of the time-rollup rows that contain `epoch` (created as needed)."""
    out = []
    for seconds, rows in deltas.items():
        start = epoch - epoch % seconds
        out.append(rows.get(start) or rows.setdefault(start, zero_measures()))
    return out


def add_new_records(conn: sa.Connection, rows: Iterable[Mapping[str, Any]]) -> None:
    """Count newly inserted detail rows into all rollups."""
    months: dict[MonthKey, list[Any]] = {}
    names: dict[MonthKey, str | None] = {}
    times = time_deltas()
    month_cache: dict[int, date] = {}  # a batch mostly shares a few days
    for row in rows:
        epoch = row["occurred_epoch"]
        day = epoch // 86_400
        month = month_cache.get(day) or month_cache.setdefault(day, month_of(epoch))
        key = (
            client_key(row["client_uuid"], row["client_company_id"]),
            row["action"],
            row["model"] or row["requested_model"],
            month,
        )
        names[key] = row["client_company_name"]
        add_record(months.get(key) or months.setdefault(key, zero_measures()), row)
        for measures in time_measures(times, epoch):
            add_record(measures, row)
    apply_deltas(conn, months, times, names)


def apply_deltas(
    conn: sa.Connection,
    months: Mapping[MonthKey, list[Any]],
    times: TimeDeltas,
    names: Mapping[MonthKey, str | None] | None = None,
) -> None:
    """Add measure deltas to rollup rows, creating missing rows; keys sorted against deadlocks."""
    names = names or {}
    if months:
        params = []
        for key in sorted(months):
            client_key, action, model, month = key
            row = dict(zip(MEASURE_COLUMNS, months[key], strict=True))
            row.update(
                client_key=client_key,
                action=action,
                model=model,
                month=month,
                client_company_name=names.get(key),
            )
            params.append(row)
        conn.execute(_upsert(conn, monthly_rollups, rename=bool(names)), params)
    for seconds, table in TIME_ROLLUPS:
        deltas = times.get(seconds)
        if deltas:
            params = [
                {"start_epoch": start, **dict(zip(MEASURE_COLUMNS, deltas[start], strict=True))}
                for start in sorted(deltas)
            ]
            conn.execute(_upsert(conn, table, rename=False), params)


def merge_month_rows(conn: sa.Connection, rows: Sequence[Mapping[str, Any]]) -> None:
    """Add whole monthly_rollups rows to the rows of their keys (created, with the row's
    client name, where missing); keys sorted against deadlocks."""
    ordered = sorted(rows, key=lambda r: (r["client_key"], r["action"], r["model"], r["month"]))
    conn.execute(_upsert(conn, monthly_rollups, rename=False), ordered)


def _upsert(conn: sa.Connection, table: sa.Table, *, rename: bool) -> Any:
    return _upsert_statement(conn.dialect.name, table, rename)


@functools.cache
def _upsert_statement(dialect: str, table: sa.Table, rename: bool) -> Any:
    # Built once per table: with its 73 measure columns the expression takes ~4 ms of pure
    # Python to construct, which every writer batch paid per table while holding the GIL
    # (the GUI thread's longest stalls during an import; bench_import.py --trace-stalls).
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(table)
    updates: dict[str, Any] = {
        name: table.c[name] + stmt.excluded[name] for name in MEASURE_COLUMNS
    }
    if rename:
        # The latest record names the client (companies get renamed in the main database).
        updates["client_company_name"] = stmt.excluded.client_company_name
    keys = [column.name for column in table.primary_key.columns]
    return stmt.on_conflict_do_update(index_elements=keys, set_=updates)


def _inline(number: int) -> sa.ColumnElement[int]:
    return sa.literal_column(str(int(number)), sa.BigInteger())


def _measure_selects() -> list[Any]:
    r = usage_records.c
    one_if = lambda cond: sa.func.sum(sa.case((cond, 1), else_=0))  # noqa: E731
    return [
        sa.func.count().label("calls"),
        one_if(r.status.in_(ERROR_STATUSES)).label("errors"),
        one_if(r.cost_usd.is_(None)).label("unpriced_calls"),
        *(sa.func.sum(r[name]).label(name) for name in COUNT_COLUMNS[3:]),
        sa.func.coalesce(sa.func.sum(r.cost_usd), 0).label("cost_usd"),
        *(one_if(r.latency_bucket == i).label(name) for i, name in enumerate(BUCKET_COLUMNS)),
    ]


def bytewise(column: sa.ColumnElement[str], conn: sa.Connection) -> sa.ColumnElement[str]:
    """Compare strings byte by byte on both databases (PostgreSQL sorts by locale otherwise)."""
    return column.collate("C") if conn.dialect.name == "postgresql" else column


def rebuild_months(conn: sa.Connection, first: date, stop: date) -> None:
    """Recompute monthly_rollups for UTC months in [first, stop) from the detail rows."""
    r = usage_records.c
    conn.execute(
        monthly_rollups.delete().where(
            monthly_rollups.c.month >= first, monthly_rollups.c.month < stop
        )
    )
    month = first
    while month < stop:
        following = _next_month(month)
        start, end = _epoch(month), _epoch(following)
        # Constants inline, not bound: PostgreSQL matches GROUP BY expressions textually.
        client = client_key_expression()
        model = sa.func.coalesce(r.model, r.requested_model)
        select = (
            sa.select(
                client,
                r.action,
                model,
                sa.literal(month, sa.Date()),
                sa.func.max(bytewise(r.client_company_name, conn)),
                *_measure_selects(),
            )
            .where(r.occurred_epoch >= start, r.occurred_epoch < end)
            .group_by(client, r.action, model)
        )
        columns = ["client_key", "action", "model", "month", "client_company_name"]
        conn.execute(monthly_rollups.insert().from_select([*columns, *MEASURE_COLUMNS], select))
        month = following


def rebuild_time_rollups(conn: sa.Connection, start_epoch: int, end_epoch: int) -> None:
    """Recompute the hourly and quarter-hour rollups for [start_epoch, end_epoch) (hour-aligned)."""
    r = usage_records.c
    for seconds, table in TIME_ROLLUPS:
        t = table.c
        conn.execute(table.delete().where(t.start_epoch >= start_epoch, t.start_epoch < end_epoch))
        start = r.occurred_epoch - r.occurred_epoch % _inline(seconds)
        select = (
            sa.select(start, *_measure_selects())
            .where(r.occurred_epoch >= start_epoch, r.occurred_epoch < end_epoch)
            .group_by(start)
        )
        conn.execute(table.insert().from_select(["start_epoch", *MEASURE_COLUMNS], select))


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _epoch(month: date) -> int:
    return int(datetime(month.year, month.month, 1, tzinfo=UTC).timestamp())
