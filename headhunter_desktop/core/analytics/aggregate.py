"""Summing usage over a period from the cheapest exact source (internal to queries.py).

A period [first, stop) is answered from:
- monthly_rollups for the UTC months it covers entirely (thousands of rows, not millions),
  and for months whose detail rows retention removed, when the query's calendar dates
  cover the whole month;
- usage_records for the rest, which is at most the two partial months at its ends.
Both give the same measures (counts, token sums, exact cost, latency histogram).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa

from headhunter_desktop.core.analytics import local_days
from headhunter_desktop.core.analytics.latency import BUCKETS
from headhunter_desktop.core.analytics.record import ERROR_STATUSES
from headhunter_desktop.core.analytics.rollups import (
    COST_INDEX,
    COUNT_COLUMNS,
    MEASURE_COLUMNS,
    zero_measures,
)
from headhunter_desktop.core.analytics.tables import (
    TIME_ROLLUPS,
    client_condition,
    client_key_expression,
    monthly_rollups,
    retention_state,
    usage_records,
)

Measures = list[Any]  # in rollups.MEASURE_COLUMNS order
Key = tuple[Any, ...]
GroupKey = str  # "client", "action" or "model"
_COST = COST_INDEX
_HIST = _COST + 1


@dataclass(frozen=True)
class Plan:
    """Where the measures of one period come from."""

    client: str | None  # a client key (tables.client_key), None for all clients
    month_ranges: tuple[tuple[date, date], ...]  # monthly_rollups months [lo, hi)
    detail_ranges: tuple[tuple[int, int], ...]  # usage_records instants [first, stop)
    detail_floor: int  # detail rows before this instant were removed by retention


def retention_cutoff(conn: sa.Connection) -> date | None:
    """First UTC month that still has detail rows after retention; None if never applied."""
    return conn.execute(sa.select(retention_state.c.cutoff_month)).scalar()


def plan_period(
    conn: sa.Connection,
    client: str | None,
    first: int,
    stop: int,
    calendar: tuple[date, date],
) -> Plan:
    """Split [first, stop) into rollup months and detail ranges (see the module docstring)."""
    cutoff = retention_cutoff(conn) or local_days.FIRST_MONTH
    months: list[tuple[date, date]] = []
    removed_hi = min(calendar[1], cutoff)
    if calendar[0] < removed_hi:
        months.append((calendar[0], removed_hi))
    floor = local_days.month_epoch(cutoff)
    live_lo, live_hi = local_days.full_months(max(first, floor), stop)
    detail: list[tuple[int, int]] = []
    if live_lo < live_hi:
        months.append((live_lo, live_hi))
        detail += [
            (max(first, floor), local_days.month_epoch(live_lo)),
            (local_days.month_epoch(live_hi), stop),
        ]
    else:
        detail.append((max(first, floor), stop))
    ranges = tuple((lo, hi) for lo, hi in detail if lo < hi)
    return Plan(client, tuple(months), ranges, floor)


def collect(conn: sa.Connection, plan: Plan, keys: Sequence[GroupKey]) -> dict[Key, Measures]:
    """Measures per combination of `keys` (clients by their key, see tables.client_key)."""
    result: dict[Key, Measures] = {}
    for lo, hi in plan.month_ranges:
        merge_sum_rows(result, conn.execute(_rollup_query(plan.client, keys, lo, hi)), len(keys))
    for first, stop in plan.detail_ranges:
        query = _detail_query(plan.client, [_detail_key(k) for k in keys], first, stop)
        merge_detail_rows(result, conn.execute(query), len(keys))
    return result


def collect_days(
    conn: sa.Connection, plan: Plan, first: int, stop: int, tz: Any
) -> dict[int, Measures]:
    """Measures per local day number: time rollups for all clients, else detail rows."""
    seconds, table = TIME_ROLLUPS[-1]
    use_rollup = plan.client is None
    source = table.c.start_epoch if use_rollup else usage_records.c.occurred_epoch
    first, stop = _data_bounds(conn, plan, source, first, stop, use_rollup)
    if first >= stop:
        return {}
    segments = local_days.offset_segments(tz, first, stop)
    result: dict[Key, Measures] = {}
    # A rollup row folds into one local day only if local midnights and DST changes fall
    # on its edges: hours for most zones, quarter hours for zones such as UTC+05:30.
    for seconds, table in TIME_ROLLUPS if use_rollup else ():
        changes = [start for start, _ in segments[1:]]
        if all(n % seconds == 0 for n in changes + [offset for _, offset in segments]):
            t = table.c
            day = local_days.local_day_expression(t.start_epoch, segments).label("k0")
            query = (
                sa.select(day, *(sa.func.sum(t[name]) for name in MEASURE_COLUMNS))
                .where(t.start_epoch >= first - first % seconds, t.start_epoch < stop)
                .group_by(sa.text("k0"))
            )
            merge_sum_rows(result, conn.execute(query), 1)
            return {key[0]: value for key, value in result.items()}
    first = max(first, plan.detail_floor)
    day = local_days.local_day_expression(usage_records.c.occurred_epoch, segments)
    merge_detail_rows(result, conn.execute(_detail_query(plan.client, [day], first, stop)), 1)
    return {key[0]: value for key, value in result.items()}


def _data_bounds(
    conn: sa.Connection,
    plan: Plan,
    column: sa.ColumnElement[int],
    first: int,
    stop: int,
    use_rollup: bool,
) -> tuple[int, int]:
    # Time-zone segments need finite ends, and are cheaper to find over the data's
    # span than over a period chosen wide "to be sure": two index lookups.
    query = sa.select(sa.func.min(column), sa.func.max(column))
    if not use_rollup and plan.client is not None:
        query = query.where(client_condition(plan.client))
    low, high = conn.execute(query).one()
    if low is None:
        return 0, 0
    return max(first, int(low)), min(stop, int(high) + 3600)


def _rollup_query(client: str | None, keys: Sequence[GroupKey], lo: date, hi: date) -> Any:
    m = monthly_rollups.c
    columns = {"client": m.client_key, "action": m.action, "model": m.model}
    labels = [columns[key].label(f"k{i}") for i, key in enumerate(keys)]
    query = sa.select(*labels, *(sa.func.sum(m[name]) for name in MEASURE_COLUMNS)).where(
        m.month >= lo, m.month < hi
    )
    if client is not None:
        query = query.where(m.client_key == client)
    return query.group_by(*(sa.text(f"k{i}") for i in range(len(keys))))


def _detail_key(key: GroupKey) -> sa.ColumnElement[Any]:
    r = usage_records.c
    if key == "client":
        return client_key_expression()
    if key == "model":
        return sa.func.coalesce(r.model, r.requested_model)
    return r.action


def _detail_query(
    client: str | None, keys: Sequence[sa.ColumnElement[Any]], first: int, stop: int
) -> Any:
    r = usage_records.c

    def count_if(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[int]:
        return sa.func.sum(sa.case((condition, 1), else_=0))

    labels = [key.label(f"k{i}") for i, key in enumerate(keys)]
    query = sa.select(
        *labels,
        r.latency_bucket,
        sa.func.count(),
        count_if(r.status.in_(ERROR_STATUSES)),
        count_if(r.cost_usd.is_(None)),
        *(sa.func.sum(r[name]) for name in COUNT_COLUMNS[3:]),
        sa.func.sum(r.cost_usd),
    ).where(r.occurred_epoch >= first, r.occurred_epoch < stop)
    if client is not None:
        query = query.where(client_condition(client))
    groups = [sa.text(f"k{i}") for i in range(len(keys))]
    return query.group_by(*groups, r.latency_bucket)


def merge_sum_rows(result: dict[Key, Measures], rows: Iterable[Any], width: int) -> None:
    """Add rows of (key..., measure sums...) from a rollup query into `result`."""
    for row in rows:
        measures = result.setdefault(tuple(row[:width]), zero_measures())
        values = row[width:]
        for i, value in enumerate(values):
            if value is not None:
                measures[i] += value if i == _COST else int(value)


def merge_detail_rows(result: dict[Key, Measures], rows: Iterable[Any], width: int) -> None:
    """Add rows of (key..., latency_bucket, counts..., cost) from a detail query into `result`."""
    for row in rows:
        measures = result.setdefault(tuple(row[:width]), zero_measures())
        bucket, counts, cost = row[width], row[width + 1 : width + 1 + _COST], row[-1]
        for i, value in enumerate(counts):
            measures[i] += int(value or 0)
        if cost is not None:
            measures[_COST] += cost
        measures[_HIST + bucket] += int(counts[0])


def merge_into(target: Measures, source: Measures) -> None:
    """Add one measures list to another."""
    for i in range(len(target)):
        target[i] += source[i]


def histogram(measures: Measures) -> list[int]:
    """The latency histogram part of a measures list."""
    return measures[_HIST : _HIST + BUCKETS]
