"""Summing usage over a period from the cheapest exact source (internal to queries.py):
the sources a period_plan.Plan names, each read with the same measures (counts, token
sums, exact cost, latency histogram) so that adding and subtracting them is exact."""

from __future__ import annotations

import functools
import operator
from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa

from headhunter_desktop.core.analytics import local_days
from headhunter_desktop.core.analytics.latency import BUCKETS
from headhunter_desktop.core.analytics.period_plan import Plan
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
    daily_action_rollups,
    daily_client_rollups,
    monthly_action_rollups,
    monthly_client_rollups,
    monthly_rollups,
    usage_records,
)

Measures = list[Any]  # in rollups.MEASURE_COLUMNS order
Key = tuple[Any, ...]
GroupKey = str  # "client", "action", "model" or "user" (detail rows only)
_COST = COST_INDEX
_HIST = _COST + 1


def collect(conn: sa.Connection, plan: Plan, keys: Sequence[GroupKey]) -> dict[Key, Measures]:
    """Measures per combination of `keys` (clients by their key, see tables.client_key)."""
    result: dict[Key, Measures] = {}
    keys = tuple(keys)
    client = {"client": plan.client}
    # (A plan with a user filter has no rollup ranges: rollups have no user.)
    rollup_ranges: list[tuple[bool, int, Sequence[tuple[Any, Any]]]] = [
        (False, 1, plan.month_ranges),
        (True, 1, plan.day_ranges),
        (True, -1, plan.minus_day_ranges),
    ]
    for by_day, sign, ranges in rollup_ranges:
        for lo, hi in ranges:
            query = _rollup_query(plan.client is not None, keys, by_day)
            rows = conn.execute(query, {**client, "lo": lo, "hi": hi})
            merge_sum_rows(result, rows, len(keys), sign=sign)
    detail_keys = [_detail_key(k) for k in keys]
    for first, stop in plan.detail_ranges:
        query = _detail_query(plan, detail_keys, first, stop)
        merge_detail_rows(result, conn.execute(query), len(keys))
    for first, stop in plan.minus_ranges:
        query = _detail_query(plan, detail_keys, first, stop)
        merge_detail_rows(result, conn.execute(query), len(keys), sign=-1)
    if plan.minus_ranges or plan.minus_day_ranges:
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
        *measure_sums(fine),
    ).where(
        f.start_epoch >= first,
        f.start_epoch < stop,
        sa.or_(
            sa.not_(inside), sa.and_(_may_change_day(f.start_epoch, segments), local_day != utc_day)
        ),
    )
    days = _day_totals(plan.client, day_lo, day_hi)
    if plan.client is not None:
        moved = moved.where(f.client_key == plan.client)
    result: dict[Key, Measures] = {}
    merge_sum_rows(result, ((row[0] // DAY_S, *row[1:]) for row in conn.execute(days)), 1)
    shifted: dict[Key, Measures] = {}
    merge_sum_rows(shifted, conn.execute(moved.group_by(sa.text("k0"), sa.text("k1"))), 2)
    for (local, utc), measures in shifted.items():
        merge_into(_measures_at(result, (local,)), measures)
        if utc is not None:
            subtract_from(_measures_at(result, (utc,)), measures)
    return {key[0]: value for key, value in result.items() if value[0]}


def _may_change_day(
    start: sa.ColumnElement[int], segments: list[tuple[int, int]]
) -> sa.ColumnElement[bool]:
    # Only rows near UTC midnight can lie on another local day (in Berlin those from 22:00
    # UTC): a cheap test on the time of day spares the local-day CASE for the others.
    offsets = [offset for _, offset in segments]
    time_of_day = start % sa.literal(DAY_S, sa.BigInteger())
    ahead, behind = max(max(offsets), 0), min(min(offsets), 0)
    near = []
    if ahead:
        near.append(time_of_day >= DAY_S - ahead)
    if behind:
        near.append(time_of_day < -behind)
    return sa.or_(*near) if near else sa.false()


def _day_totals(client: str | None, day_lo: int, day_hi: int) -> Any:
    """Measures per UTC day start in [day_lo, day_hi), of all clients or of one."""
    table = TIME_ROLLUPS[0][1] if client is None else daily_client_rollups
    t = table.c
    query = sa.select(t.start_epoch, *measure_sums(table)).where(
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


def _rollups_with(one_client: bool, keys: tuple[GroupKey, ...]) -> tuple[sa.Table, sa.Table]:
    """(by UTC month, by UTC day): the smallest rollups that hold `keys` (and the client,
    for one client's sums). All clients by action and model, or by client, read the
    marginal rollups: a row per value, not per client as well."""
    wanted = set(keys) | ({"client"} if one_client else set())
    if wanted <= {"client"}:
        return monthly_client_rollups, daily_client_rollups
    if wanted <= {"action", "model"}:
        return monthly_action_rollups, daily_action_rollups
    return monthly_rollups, client_daily_rollups


# The rollup statements are built once, their bounds and client bound at execution: built
# per refresh, their 73 SUMs cost more Python (construction and SQLAlchemy's cache key)
# than some of the queries took to run.
@functools.cache
def _rollup_query(one_client: bool, keys: tuple[GroupKey, ...], by_day: bool) -> Any:
    """Sums of a monthly (or daily) rollup per `keys` for months (UTC day starts) in
    [:lo, :hi), of client :client for `one_client`."""
    table = _rollups_with(one_client, keys)[by_day]
    period, bound = (table.c.start_epoch, sa.BigInteger()) if by_day else (table.c.month, sa.Date())
    query = _sum_query(table, keys).where(
        period >= sa.bindparam("lo", type_=bound), period < sa.bindparam("hi", type_=bound)
    )
    return query.where(table.c.client_key == sa.bindparam("client")) if one_client else query


_KEY_COLUMNS = {"client": "client_key", "action": "action", "model": "model"}


def _sum_query(table: sa.Table, keys: Sequence[GroupKey]) -> Any:
    labels = [table.c[_KEY_COLUMNS[key]].label(f"k{i}") for i, key in enumerate(keys)]
    query = sa.select(*labels, *measure_sums(table))
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


@functools.cache
def measure_sums(table: sa.Table) -> tuple[sa.ColumnElement[Any], ...]:
    """SUM of each rollup measure column, integers as integers on both databases
    (PostgreSQL sums a bigint as a numeric), for `merge_sum_rows`; built once per table
    (expressions are immutable: any number of statements can share them)."""
    return tuple(
        sa.func.sum(table.c[name])
        if name == "cost_usd"
        else sa.cast(sa.func.sum(table.c[name]), sa.BigInteger())
        for name in MEASURE_COLUMNS
    )


def merge_sum_rows(
    result: dict[Key, Measures], rows: Iterable[Any], width: int, sign: int = 1
) -> None:
    """Add (sign=-1: subtract) rows of (key..., `measure_sums`...) from a rollup query
    into `result`. Sums are of NOT NULL columns: all are NULL only in the one row a query
    without keys gives when nothing matched."""
    combine = operator.add if sign > 0 else operator.sub
    for row in rows:
        if row[width] is None:
            continue
        measures = _measures_at(result, tuple(row[:width]))
        # A row is ~75 sums (the latency histogram): one pass in C, not a Python loop.
        measures[:] = map(combine, measures, row[width:])


def _measures_at(result: dict[Key, Measures], key: Key) -> Measures:
    # Not `setdefault(key, zero_measures())`: that builds a 75-item list for every row.
    measures = result.get(key)
    if measures is None:
        measures = result[key] = zero_measures()
    return measures


def merge_detail_rows(
    result: dict[Key, Measures], rows: Iterable[Any], width: int, sign: int = 1
) -> None:
    """Add (sign=-1: subtract) rows of (key..., latency_bucket, counts..., cost) from a
    detail query into `result`."""
    for row in rows:
        measures = _measures_at(result, tuple(row[:width]))
        bucket, counts, cost = row[width], row[width + 1 : width + 1 + _COST], row[-1]
        for i, value in enumerate(counts):
            measures[i] += sign * int(value or 0)
        if cost is not None:
            measures[_COST] += sign * cost
        measures[_HIST + bucket] += sign * int(counts[0])


def merge_into(target: Measures, source: Measures) -> None:
    """Add one measures list to another."""
    target[:] = map(operator.add, target, source)


def subtract_from(target: Measures, source: Measures) -> None:
    """Take one measures list from another."""
    target[:] = map(operator.sub, target, source)


def histogram(measures: Measures) -> list[int]:
    """The latency histogram part of a measures list."""
    return measures[_HIST : _HIST + BUCKETS]
