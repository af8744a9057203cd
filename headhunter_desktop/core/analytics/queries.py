"""Usage figures for the usage panel and the `usage` command: one module, one set of rules.

- A period is local dates start..end (inclusive) in the given time zone; either end may
  be open. Days of the "day" breakdown are local days, correct across DST changes.
- cost_usd is the exact sum of the priced calls; unpriced calls (no known price) are
  counted in unpriced_calls and never add a silent $0.
- errors counts status "error" and "interrupted" (the process ended while the request was
  out; a cancelled call is not an error); error_rate = errors/calls.
- Latency percentiles are nearest-rank, read from a histogram whose reported values are
  within 9 % of the true ones (latency.py), so they stay exact enough after aggregation.
- Months whose detail rows retention removed are answered from monthly_rollups when the
  period covers the whole calendar month (UTC months). They add to the totals and the
  action/model/client breakdowns; the day breakdown has them only for all clients.
- Rows of a breakdown come sorted by key; days without calls are left out.
- Team mode: `UsageQuery.app_user` keeps one app user's calls, and the "user" breakdown
  has a row per app user. Neither has a rollup: both read the detail rows of the period
  (a second or so for a year of a 50-recruiter agency, where the rest reads thousands of
  rollup rows), and leave out months whose detail rows retention removed.
- A client is its UUID, the same on every laptop sharing the database; its rows show the
  name of its latest call. Calls recorded before clients had UUIDs are a client of their
  own per main-database id (a "legacy:N" key), shown with their name snapshot.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from decimal import Decimal
from typing import Any, Literal

import sqlalchemy as sa

from headhunter_desktop.core.analytics import aggregate, local_days, period_plan
from headhunter_desktop.core.analytics.aggregate import Measures
from headhunter_desktop.core.analytics.latency import percentiles_ms
from headhunter_desktop.core.analytics.record_insert import epoch_seconds
from headhunter_desktop.core.analytics.rollups import zero_measures
from headhunter_desktop.core.analytics.tables import (
    NO_CLIENT,
    legacy_id,
    monthly_rollups,
    usage_records,
)

Breakdown = Literal["action", "model", "client", "day", "user"]
BREAKDOWNS: tuple[Breakdown, ...] = ("action", "model", "client", "day", "user")
NO_CLIENT_LABEL = "(no client)"
NAMES_PER_STATEMENT = 100


@dataclass(frozen=True)
class UsageQuery:
    """Which calls to count: one client (its UUID, or the legacy key of a by-client row)
    or all (None), local dates start..end inclusive; one app user's calls only, or
    everyone's (None; a user filter reads detail rows, see the module docstring)."""

    client_uuid: str | None = None
    start: date | None = None
    end: date | None = None
    tz: tzinfo = field(default=UTC)
    app_user: str | None = None


@dataclass(frozen=True, kw_only=True)
class UsageTotals:
    """What a set of calls used and cost."""

    calls: int
    tokens_input: int
    tokens_cached_input: int
    tokens_output: int
    tokens_reasoning: int
    tokens_total: int
    cost_usd: Decimal
    unpriced_calls: int
    errors: int
    error_rate: float
    avg_tokens_per_call: float
    latency_p50_ms: int | None
    latency_p95_ms: int | None

    def to_json_dict(self) -> dict[str, Any]:
        """JSON-safe dict; cost as a decimal string with full precision."""
        data = {name: getattr(self, name) for name in self.__dataclass_fields__}
        data["cost_usd"] = str(self.cost_usd)
        for name in ("key", "day"):
            if isinstance(data.get(name), date):
                data[name] = data[name].isoformat()
        return data


@dataclass(frozen=True, kw_only=True)
class UsageRow(UsageTotals):
    """One row of a breakdown.

    key: the action or model name, the client key (its UUID; "legacy:N" for calls recorded
    before clients had UUIDs; None: calls for no client), the local date or the app user;
    it is also set under its own name (`row.action`, `row.day`, `row.client_uuid`,
    `row.app_user`, ...).
    label: what to show (client name, ISO date, ...).
    """

    key: str | int | date | None
    label: str
    # The key again under its own name; only the one of this breakdown is set.
    action: str | None = None
    model: str | None = None
    day: date | None = None
    client_uuid: str | None = None
    client_company_name: str | None = None
    app_user: str | None = None
    # Only on a legacy row: the main-database id its calls were recorded with.
    client_company_id: int | None = None


@dataclass(frozen=True)
class UsagePanel:
    """Everything the usage panel shows, read in one go."""

    totals: UsageTotals
    by_action: list[UsageRow]
    by_day: list[UsageRow]
    by_client: list[UsageRow]
    by_model: list[UsageRow] = field(default_factory=list)


def usage_totals(engine: sa.Engine, q: UsageQuery) -> UsageTotals:
    """Totals of the calls selected by `q`."""
    with engine.connect() as conn:
        plan = _plan(conn, q)
        measures = aggregate.collect(conn, plan, ()).get((), zero_measures())
    return _totals(measures)


def usage_breakdown(engine: sa.Engine, q: UsageQuery, by: Breakdown) -> list[UsageRow]:
    """The calls selected by `q`, one row per action, model, client, local day or app user."""
    if by not in BREAKDOWNS:
        raise ValueError(f"unknown breakdown {by!r}")
    with engine.connect() as conn:
        plan = _plan(conn, q, detail_only=by == "user")
        if by == "day":
            return _day_rows(conn, plan, q)
        groups = {key[0]: m for key, m in aggregate.collect(conn, plan, (by,)).items()}
        return _rows(conn, by, groups)


def usage_panel(engine: sa.Engine, q: UsageQuery) -> UsagePanel:
    """Totals and the action, model, day and client breakdowns, from two passes over the data."""
    with engine.connect() as conn, conn.begin():
        plan = _plan(conn, q)
        days = _days_beside(engine, plan, q)
        totals = zero_measures()
        groups: dict[str, dict[Any, Measures]] = {"action": {}, "model": {}, "client": {}}
        if plan.client is None and plan.app_user is None:
            # Every client: by action and model, then by client, each from the rollups
            # without the other (the few hours of detail rows at the ends are read twice).
            cells = aggregate.collect(conn, plan, ("action", "model"))
            clients = aggregate.collect(conn, plan, ("client",))
            groups["client"] = {key[0]: measures for key, measures in clients.items()}
            breakdowns: tuple[tuple[str, int], ...] = (("action", 0), ("model", 1))
        else:  # one client, or one recruiter's calls (detail rows only: read once)
            cells = aggregate.collect(conn, plan, ("action", "model", "client"))
            breakdowns = (("action", 0), ("model", 1), ("client", 2))
        for cell, measures in cells.items():
            aggregate.merge_into(totals, measures)
            for by, position in breakdowns:
                aggregate.merge_into(
                    groups[by].setdefault(cell[position], zero_measures()), measures
                )
        return UsagePanel(
            totals=_totals(totals),
            by_action=_rows(conn, "action", groups["action"]),
            by_day=_day_rows(conn, plan, q) if days is None else days.result(),
            by_client=_rows(conn, "client", groups["client"]),
            by_model=_rows(conn, "model", groups["model"]),
        )


def _days_beside(
    engine: sa.Engine, plan: period_plan.Plan, q: UsageQuery
) -> Future[list[UsageRow]] | None:
    """On a PostgreSQL server, the day series on a connection of its own, beside the other
    breakdowns: the server sums it meanwhile (about half of its ~40 ms for a year). Each
    statement there sees the data as of its own start anyway (READ COMMITTED), so this
    changes nothing the panel could see. On SQLite (None) one read transaction keeps the
    totals and the days of one snapshot, and a second reader would only wait for the GIL."""
    if engine.dialect.name != "postgresql":
        return None

    def read() -> list[UsageRow]:
        with engine.connect() as conn:
            return _day_rows(conn, plan, q)

    return _day_series_thread().submit(read)


@functools.cache
def _day_series_thread() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=2, thread_name_prefix="usage-days")


def month_spend(
    engine: sa.Engine,
    client_uuid: str,
    month_start_utc: datetime,
    month_end_utc: datetime,
) -> Decimal:
    """Exact cost of one client's priced calls in [month_start_utc, month_end_utc)."""
    first, stop = epoch_seconds(month_start_utc), epoch_seconds(month_end_utc)
    with engine.connect() as conn:
        calendar = local_days.full_months(first, stop)
        plan = period_plan.plan_period(conn, client_uuid, first, stop, calendar)
        measures = aggregate.collect(conn, plan, ()).get((), zero_measures())
    return _cost(measures).quantize(Decimal("1e-12"))


def _plan(conn: sa.Connection, q: UsageQuery, *, detail_only: bool = False) -> period_plan.Plan:
    first, stop = local_days.period_instants(q.start, q.end, q.tz)
    calendar = local_days.calendar_months(q.start, q.end)
    return period_plan.plan_period(
        conn, q.client_uuid, first, stop, calendar, q.app_user, detail_only=detail_only
    )


def _day_rows(conn: sa.Connection, plan: period_plan.Plan, q: UsageQuery) -> list[UsageRow]:
    first, stop = local_days.period_instants(q.start, q.end, q.tz)
    days = aggregate.collect_days(conn, plan, first, stop, q.tz)
    rows = []
    for number in sorted(days):
        day = local_days.day_from_number(number)
        rows.append(_row(days[number], key=day, label=day.isoformat(), day=day))
    return rows


def _rows(conn: sa.Connection, by: str, groups: dict[Any, Measures]) -> list[UsageRow]:
    if by != "client":
        field_name = "app_user" if by == "user" else by
        return [_row(groups[k], key=k, label=str(k), **{field_name: k}) for k in sorted(groups)]
    names = _client_names(conn, [key for key in groups if key != NO_CLIENT])
    rows = []
    for key in sorted(groups, key=lambda k: (k == NO_CLIENT, k)):
        if key == NO_CLIENT:
            rows.append(_row(groups[key], key=None, label=NO_CLIENT_LABEL))
            continue
        rows.append(_client_row(groups[key], key, names.get(key)))
    return rows


def _client_row(measures: Measures, key: str, name: str | None) -> UsageRow:
    old_id = legacy_id(key)
    return _row(
        measures,
        key=key,
        label=name or (f"client #{old_id}" if old_id is not None else f"client {key}"),
        client_uuid=None if old_id is not None else key,
        client_company_name=name,
        client_company_id=old_id,
    )


def _client_names(conn: sa.Connection, client_keys: Iterable[str]) -> dict[str, str | None]:
    # The name of a client's latest call: companies are renamed in the main databases,
    # and the analytics database only has the snapshots. One statement per hundred
    # clients (NAMES_PER_STATEMENT): a round trip per client cost more than the lookups.
    keys = list(client_keys)
    names: dict[str, str | None] = {}
    for start in range(0, len(keys), NAMES_PER_STATEMENT):
        chunk = keys[start : start + NAMES_PER_STATEMENT]
        old_ids = [legacy_id(key) for key in chunk]
        params: dict[str, Any] = {f"c{i}": key for i, key in enumerate(chunk)}
        params |= {f"id{i}": old for i, old in enumerate(old_ids) if old is not None}
        legacy = tuple(old is not None for old in old_ids)
        row = conn.execute(_latest_names(legacy), params).one()
        names.update(zip(chunk, row, strict=True))
    return names


@functools.lru_cache(maxsize=16)
def _latest_names(legacy: tuple[bool, ...]) -> sa.Executable:
    # Built once per shape (which clients are legacy ids), the clients bound at execution:
    # building these subqueries per refresh took ~10 ms for 50 clients.
    return sa.select(*(_latest_name(i, is_legacy) for i, is_legacy in enumerate(legacy)))


def _latest_name(i: int, legacy: bool) -> sa.ColumnElement[str | None]:
    r, m = usage_records.c, monthly_rollups.c
    # As tables.client_condition, with the key bound: index-friendly for a UUID.
    if legacy:
        condition = sa.and_(r.client_uuid.is_(None), r.client_company_id == sa.bindparam(f"id{i}"))
    else:
        condition = r.client_uuid == sa.bindparam(f"c{i}")
    latest = (
        sa.select(r.client_company_name)
        .where(condition)
        .order_by(r.occurred_epoch.desc())
        .limit(1)
        .scalar_subquery()
    )
    rolled = (
        sa.select(m.client_company_name)
        .where(m.client_key == sa.bindparam(f"c{i}"))
        .order_by(m.month.desc())
        .limit(1)
        .scalar_subquery()
    )
    return sa.func.coalesce(latest, rolled)


def _cost(measures: Measures) -> Decimal:
    return measures[aggregate.COST_INDEX]


def _fields(measures: Measures) -> dict[str, Any]:
    calls, errors, unpriced, t_in, t_cached, t_out, t_reason, t_total = measures[:8]
    p50, p95 = percentiles_ms(aggregate.histogram(measures), (0.50, 0.95))
    return {
        "calls": calls,
        "tokens_input": t_in,
        "tokens_cached_input": t_cached,
        "tokens_output": t_out,
        "tokens_reasoning": t_reason,
        "tokens_total": t_total,
        "cost_usd": _cost(measures).quantize(Decimal("1e-12")),
        "unpriced_calls": unpriced,
        "errors": errors,
        "error_rate": errors / calls if calls else 0.0,
        "avg_tokens_per_call": t_total / calls if calls else 0.0,
        "latency_p50_ms": p50,
        "latency_p95_ms": p95,
    }


def _totals(measures: Measures) -> UsageTotals:
    return UsageTotals(**_fields(measures))


def _row(measures: Measures, *, key: str | int | date | None, label: str, **named: Any) -> UsageRow:
    return UsageRow(**_fields(measures), key=key, label=label, **named)
