"""Summing usage over a period from the cheapest exact source (internal to queries.py).

A period [first, stop) is answered from:
- monthly_rollups for the UTC months it covers entirely (thousands of rows, not millions),
  and for months whose detail rows retention removed, when the query's calendar dates
  cover the whole month;
- client_daily_rollups for the whole UTC days of its partial months;
- usage_records for what is left: the parts of at most two UTC days at its ends. Where
  a part is longer than half a day, the whole day is read from client_daily_rollups and the
  detail rows of the day outside the period are subtracted instead (local midnight in
  Berlin is 23:00 UTC: an hour of detail rows rather than twenty-three).
All give the same measures (counts, token sums, exact cost, latency histogram), so the
subtraction is exact. A filter on the app user reads detail rows only (no rollup has it).
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
    DAY_S,
    HOUR_S,
    MEASURE_COLUMNS,
    zero_measures,
)
from headhunter_desktop.core.analytics.tables import (
    TIME_ROLLUPS,
    client_condition,
    client_daily_rollups,
    client_hourly_rollups,
    client_key_expression,
    monthly_rollups,
    retention_state,
    usage_records,
)

Measures = list[Any]  # in rollups.MEASURE_COLUMNS order
Key = tuple[Any, ...]
GroupKey = str  # "client", "action", "model" or "user" (detail rows only)
_COST = COST_INDEX
_HIST = _COST + 1


@dataclass(frozen=True)
class Plan:
    """Where the measures of one period come from."""

    client: str | None  # a client key (tables.client_key), None for all clients
    month_ranges: tuple[tuple[date, date], ...]  # monthly_rollups months [lo, hi)
    detail_ranges: tuple[tuple[int, int], ...]  # usage_records instants [first, stop)
    detail_floor: int  # detail rows before this instant were removed by retention
    day_ranges: tuple[tuple[int, int], ...] = ()  # client_daily_rollups UTC days
    # usage_records instants inside day_ranges but outside the period: subtracted
    minus_ranges: tuple[tuple[int, int], ...] = ()
    app_user: str | None = None  # only this user's calls: detail rows only


def retention_cutoff(conn: sa.Connection) -> date | None:
    """First UTC month that still has detail rows after retention; None if never applied."""
    return conn.execute(sa.select(retention_state.c.cutoff_month)).scalar()


def plan_period(
    conn: sa.Connection,
    client: str | None,
    first: int,
    stop: int,
    calendar: tuple[date, date],
    app_user: str | None = None,
    *,
    detail_only: bool = False,
) -> Plan:
    """Split [first, stop) into rollup months, rollup days and detail ranges (see the module
    docstring). With `app_user` or `detail_only` (a breakdown by user): detail rows only,
    so months retention removed are left out."""
    cutoff = retention_cutoff(conn) or local_days.FIRST_MONTH
    floor = local_days.month_epoch(cutoff)
    if app_user is not None or detail_only:
        lo = max(first, floor)
        detail = ((lo, stop),) if lo < stop else ()
        return Plan(client, (), detail, floor, app_user=app_user)
    months: list[tuple[date, date]] = []
    removed_hi = min(calendar[1], cutoff)
    if calendar[0] < removed_hi:
        months.append((calendar[0], removed_hi))
    live_lo, live_hi = local_days.full_months(max(first, floor), stop)
    cover = _DayCover()
    if live_lo < live_hi:
        months.append((live_lo, live_hi))
        cover.add(max(first, floor), local_days.month_epoch(live_lo))
        cover.add(local_days.month_epoch(live_hi), stop)
    else:
        cover.add(max(first, floor), stop)
    return Plan(
        client,
        tuple(months),
        _joined(cover.detail),
        floor,
        day_ranges=_joined(cover.days),
        minus_ranges=_joined(cover.minus),
    )


class _DayCover:
    """Covers instants with whole UTC days (client_daily_rollups) and detail ranges, signed."""

    def __init__(self) -> None:
        self.days: list[tuple[int, int]] = []
        self.detail: list[tuple[int, int]] = []
        self.minus: list[tuple[int, int]] = []

    def add(self, first: int, stop: int) -> None:
        if first >= stop:
            return
        if first <= local_days.LOW or stop >= local_days.HIGH:
            self.detail.append((first, stop))  # open-ended: no days to count
            return
        day_lo = first - first % DAY_S
        day_hi = stop - stop % DAY_S
        if day_lo == day_hi:
            self._part(first, stop, day_lo)
            return
        if first > day_lo:
            self._part(first, day_lo + DAY_S, day_lo)
            day_lo += DAY_S
        if day_lo < day_hi:
            self.days.append((day_lo, day_hi))
        if stop > day_hi:
            self._part(day_hi, stop, day_hi)

    def _part(self, first: int, stop: int, day: int) -> None:
        # Whichever reads fewer detail rows: the part itself, or the day less the rest.
        if 2 * (stop - first) <= DAY_S:
            self.detail.append((first, stop))
            return
        self.days.append((day, day + DAY_S))
        self.minus += [(day, first), (stop, day + DAY_S)]


def _joined(ranges: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(r for r in ranges if r[0] < r[1]):
        if out and out[-1][1] == lo:
            out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return tuple(out)


def collect(conn: sa.Connection, plan: Plan, keys: Sequence[GroupKey]) -> dict[Key, Measures]:
    """Measures per combination of `keys` (clients by their key, see tables.client_key)."""
    result: dict[Key, Measures] = {}
    for lo, hi in plan.month_ranges:
        merge_sum_rows(result, conn.execute(_rollup_query(plan.client, keys, lo, hi)), len(keys))
    for first, stop in plan.day_ranges:
        merge_sum_rows(result, conn.execute(_day_query(plan.client, keys, first, stop)), len(keys))
    detail_keys = [_detail_key(k) for k in keys]
    for first, stop in plan.detail_ranges:
        query = _detail_query(plan, detail_keys, first, stop)
        merge_detail_rows(result, conn.execute(query), len(keys))
    for first, stop in plan.minus_ranges:
        query = _detail_query(plan, detail_keys, first, stop)
        merge_detail_rows(result, conn.execute(query), len(keys), sign=-1)
    if plan.minus_ranges:
        # A key whose calls were all outside the period: nothing of it is left.
        result = {key: m for key, m in result.items() if m[0]}
    return result


def collect_days(
    conn: sa.Connection, plan: Plan, first: int, stop: int, tz: Any
) -> dict[int, Measures]:
    """Measures per local day number, from the rollups of all clients or of the plan's
    client; from detail rows for a user filter, or one client in a time zone whose
    local midnight is not on the hour."""
    if plan.app_user is None and plan.client is None:
        fine: Sequence[tuple[int, sa.Table]] = TIME_ROLLUPS[1:]
        source = TIME_ROLLUPS[-1][1].c.start_epoch
    elif plan.app_user is None:
        fine, source = ((HOUR_S, client_hourly_rollups),), client_hourly_rollups.c.start_epoch
        first = max(first, plan.detail_floor)  # like the detail rows: months still held
    else:
        fine, source = (), usage_records.c.occurred_epoch
    first, stop = _data_bounds(conn, plan, source, first, stop, bool(fine))
    if first >= stop:
        return {}
    segments = local_days.offset_segments(tz, first, stop)
    edges = [start for start, _ in segments[1:]] + [offset for _, offset in segments]
    for seconds, table in fine:
        # A row folds into one local day only if local midnights and DST changes fall on
        # its edges: hours for most zones, quarter hours for zones such as UTC+05:30.
        if all(n % seconds == 0 for n in edges):
            return _days_from_rollups(conn, plan, table, first - first % seconds, stop, segments)
    first = max(first, plan.detail_floor)
    day = local_days.local_day_expression(usage_records.c.occurred_epoch, segments)
    result: dict[Key, Measures] = {}
    merge_detail_rows(result, conn.execute(_detail_query(plan, [day], first, stop)), 1)
    return {key[0]: value for key, value in result.items()}


def _days_from_rollups(
    conn: sa.Connection,
    plan: Plan,
    fine: sa.Table,
    first: int,
    stop: int,
    segments: list[tuple[int, int]],
) -> dict[int, Measures]:
    # Whole UTC days inside [first, stop) come from a row per day; the rows of `fine`
    # inside them that lie on another local day (in Berlin the hour from 23:00 UTC) move
    # from their UTC day to their local day; the rest of the period is read from `fine`.
    day_lo = first + (-first) % DAY_S
    day_hi = max(day_lo, stop - stop % DAY_S)
    f = fine.c
    local_day = local_days.local_day_expression(f.start_epoch, segments)
    utc_day = f.start_epoch // sa.literal(DAY_S, sa.BigInteger())
    inside = sa.and_(f.start_epoch >= day_lo, f.start_epoch < day_hi)
    moved = sa.select(
        local_day.label("k0"),
        sa.case((inside, utc_day), else_=sa.literal(None, sa.BigInteger())).label("k1"),
        *(sa.func.sum(f[name]) for name in MEASURE_COLUMNS),
    ).where(
        f.start_epoch >= first,
        f.start_epoch < stop,
        sa.or_(sa.not_(inside), local_day != utc_day),
    )
    days = _day_totals(plan.client, day_lo, day_hi)
    if plan.client is not None:
        moved = moved.where(f.client_key == plan.client)
    result: dict[Key, Measures] = {}
    merge_sum_rows(result, ((row[0] // DAY_S, *row[1:]) for row in conn.execute(days)), 1)
    shifted: dict[Key, Measures] = {}
    merge_sum_rows(shifted, conn.execute(moved.group_by(sa.text("k0"), sa.text("k1"))), 2)
    for (local, utc), measures in shifted.items():
        merge_into(result.setdefault((local,), zero_measures()), measures)
        if utc is not None:
            subtract_from(result.setdefault((utc,), zero_measures()), measures)
    return {key[0]: value for key, value in result.items() if value[0]}


def _day_totals(client: str | None, day_lo: int, day_hi: int) -> Any:
    """Measures per UTC day start in [day_lo, day_hi), of all clients or of one."""
    table = TIME_ROLLUPS[0][1] if client is None else client_daily_rollups
    t = table.c
    query = sa.select(t.start_epoch, *(sa.func.sum(t[name]) for name in MEASURE_COLUMNS)).where(
        t.start_epoch >= day_lo, t.start_epoch < day_hi
    )
    if client is not None:
        query = query.where(t.client_key == client)
    # Grouped by the column, not the day number: rows come in primary-key order, so the
    # database sums them as they come instead of sorting them first.
    return query.group_by(t.start_epoch)


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
    if plan.client is not None:
        if use_rollup:
            query = query.where(client_hourly_rollups.c.client_key == plan.client)
        else:
            query = query.where(client_condition(plan.client))
    low, high = conn.execute(query).one()
    if low is None:
        return 0, 0
    return max(first, int(low)), min(stop, int(high) + HOUR_S)


def _rollup_query(client: str | None, keys: Sequence[GroupKey], lo: date, hi: date) -> Any:
    m = monthly_rollups.c
    query = _sum_query(monthly_rollups, keys).where(m.month >= lo, m.month < hi)
    if client is not None:
        query = query.where(m.client_key == client)
    return query


def _day_query(client: str | None, keys: Sequence[GroupKey], first: int, stop: int) -> Any:
    d = client_daily_rollups.c
    query = _sum_query(client_daily_rollups, keys).where(
        d.start_epoch >= first, d.start_epoch < stop
    )
    if client is not None:
        query = query.where(d.client_key == client)
    return query


def _sum_query(table: sa.Table, keys: Sequence[GroupKey]) -> Any:
    c = table.c
    columns = {"client": c.client_key, "action": c.action, "model": c.model}
    labels = [columns[key].label(f"k{i}") for i, key in enumerate(keys)]
    query = sa.select(*labels, *(sa.func.sum(c[name]) for name in MEASURE_COLUMNS))
    return query.group_by(*(sa.text(f"k{i}") for i in range(len(keys))))


def _detail_key(key: GroupKey) -> sa.ColumnElement[Any]:
    r = usage_records.c
    if key == "client":
        return client_key_expression()
    if key == "model":
        return sa.func.coalesce(r.model, r.requested_model)
    if key == "user":
        return r.app_user
    return r.action


def _detail_query(plan: Plan, keys: Sequence[sa.ColumnElement[Any]], first: int, stop: int) -> Any:
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
    if plan.client is not None:
        query = query.where(client_condition(plan.client))
    if plan.app_user is not None:
        query = query.where(r.app_user == plan.app_user)
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


def merge_detail_rows(
    result: dict[Key, Measures], rows: Iterable[Any], width: int, sign: int = 1
) -> None:
    """Add (sign=-1: subtract) rows of (key..., latency_bucket, counts..., cost) from a
    detail query into `result`."""
    for row in rows:
        measures = result.setdefault(tuple(row[:width]), zero_measures())
        bucket, counts, cost = row[width], row[width + 1 : width + 1 + _COST], row[-1]
        for i, value in enumerate(counts):
            measures[i] += sign * int(value or 0)
        if cost is not None:
            measures[_COST] += sign * cost
        measures[_HIST + bucket] += sign * int(counts[0])


def merge_into(target: Measures, source: Measures) -> None:
    """Add one measures list to another."""
    for i in range(len(target)):
        target[i] += source[i]


def subtract_from(target: Measures, source: Measures) -> None:
    """Take one measures list from another."""
    for i in range(len(target)):
        target[i] -= source[i]


def histogram(measures: Measures) -> list[int]:
    """The latency histogram part of a measures list."""
    return measures[_HIST : _HIST + BUCKETS]
