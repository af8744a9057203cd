"""Rollups computed from the detail rows alone (and the marginal ones from the rollups
they sum): what the writer's increments must equal. Retention rebuilds the months it is
about to remove with these; tests and benchmarks compare them with what the writer kept."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa

from headhunter_desktop.core.analytics.latency import BUCKET_COLUMNS
from headhunter_desktop.core.analytics.record import ERROR_STATUSES
from headhunter_desktop.core.analytics.rollups import (
    COUNT_COLUMNS,
    DAY_S,
    HOUR_S,
    MARGINAL_ROLLUPS,
    MEASURE_COLUMNS,
)
from headhunter_desktop.core.analytics.tables import (
    TIME_ROLLUPS,
    client_daily_rollups,
    client_hourly_rollups,
    client_key_expression,
    monthly_rollups,
    usage_records,
)


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
    _rebuild_marginals(conn, monthly_rollups, monthly_rollups.c.month, first, stop)


def rebuild_time_rollups(
    conn: sa.Connection,
    start_epoch: int,
    end_epoch: int,
    rollups: Sequence[tuple[int, sa.Table]] = TIME_ROLLUPS,
) -> None:
    """Recompute the daily, hourly and quarter-hour rollups of all clients (or `rollups`)
    for [start_epoch, end_epoch) (UTC-day aligned)."""
    r = usage_records.c
    for seconds, table in rollups:
        t = table.c
        conn.execute(table.delete().where(t.start_epoch >= start_epoch, t.start_epoch < end_epoch))
        start = r.occurred_epoch - r.occurred_epoch % _inline(seconds)
        select = (
            sa.select(start, *_measure_selects())
            .where(r.occurred_epoch >= start_epoch, r.occurred_epoch < end_epoch)
            .group_by(start)
        )
        conn.execute(table.insert().from_select(["start_epoch", *MEASURE_COLUMNS], select))


def rebuild_client_days(conn: sa.Connection, start_epoch: int, end_epoch: int) -> None:
    """Recompute client_daily_rollups and client_hourly_rollups for [start_epoch, end_epoch)
    (UTC-day aligned) from the detail rows."""
    r = usage_records.c
    client = client_key_expression()
    for seconds, table, extra in (
        (DAY_S, client_daily_rollups, [r.action, sa.func.coalesce(r.model, r.requested_model)]),
        (HOUR_S, client_hourly_rollups, []),
    ):
        t = table.c
        conn.execute(table.delete().where(t.start_epoch >= start_epoch, t.start_epoch < end_epoch))
        start = r.occurred_epoch - r.occurred_epoch % _inline(seconds)
        select = (
            sa.select(client, start, *extra, *_measure_selects())
            .where(r.occurred_epoch >= start_epoch, r.occurred_epoch < end_epoch)
            .group_by(client, start, *extra)
        )
        keys = ["client_key", "start_epoch", *(["action", "model"] if extra else [])]
        conn.execute(table.insert().from_select([*keys, *MEASURE_COLUMNS], select))
    days = client_daily_rollups
    _rebuild_marginals(conn, days, days.c.start_epoch, start_epoch, end_epoch)


def _rebuild_marginals(
    conn: sa.Connection, source: sa.Table, period: sa.Column[Any], first: Any, stop: Any
) -> None:
    """Recompute the marginal rollups summing `source` (by month or by day: the column
    `period`) for periods in [first, stop) from `source` itself, rebuilt just before."""
    for table, _key_of in MARGINAL_ROLLUPS:
        if period.name not in table.c:
            continue
        t = table.c
        conn.execute(table.delete().where(t[period.name] >= first, t[period.name] < stop))
        keys = [column.name for column in table.primary_key.columns]
        select = (
            sa.select(
                *(source.c[k] for k in keys), *(sa.func.sum(source.c[m]) for m in MEASURE_COLUMNS)
            )
            .where(period >= first, period < stop)
            .group_by(*(source.c[k] for k in keys))
        )
        conn.execute(table.insert().from_select([*keys, *MEASURE_COLUMNS], select))


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _epoch(month: date) -> int:
    return int(datetime(month.year, month.month, 1, tzinfo=UTC).timestamp())
