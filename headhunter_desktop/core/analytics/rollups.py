"""Keeping every rollup (tables.py) in step with the detail rows.

The writer adds each newly inserted record to every rollup in the same transaction
as the insert, so a replayed record (already present, so not inserted) is never
counted twice. Reprice applies cost deltas the same way (`RollupDeltas`); retention
rebuilds the months it is about to remove from the detail rows (`rollup_rebuild.py`:
each rollup from the detail rows alone, what the writer's increments must equal).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from headhunter_desktop.core.analytics.latency import BUCKET_COLUMNS, BUCKETS
from headhunter_desktop.core.analytics.record import ERROR_STATUSES
from headhunter_desktop.core.analytics.tables import (
    TIME_ROLLUPS,
    client_daily_rollups,
    client_hourly_rollups,
    client_key,
    daily_action_rollups,
    daily_client_rollups,
    monthly_action_rollups,
    monthly_client_rollups,
    monthly_rollups,
)
from headhunter_desktop.core.analytics.upserts import upsert_insert

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
DayKey = tuple[str, int, str, str]  # client_key, UTC midnight, action, model
ClientHourKey = tuple[str, int]  # client_key, UTC hour start
# The rollups without the client or without the action and model, each with its key in
# primary-key order: a detail row's key in each (client, UTC day start, action, model, month).
MARGINAL_ROLLUPS: tuple[tuple[sa.Table, Any], ...] = (
    (monthly_action_rollups, lambda client, day, action, model, month: (month, action, model)),
    (monthly_client_rollups, lambda client, day, action, model, month: (month, client)),
    (daily_action_rollups, lambda client, day, action, model, month: (day, action, model)),
    (daily_client_rollups, lambda client, day, action, model, month: (client, day)),
)
DAY_S = 86_400
HOUR_S = 3600


def month_of(epoch: int) -> date:
    """First day of the UTC month that contains `epoch`."""
    moment = datetime.fromtimestamp(epoch, UTC)
    return date(moment.year, moment.month, 1)


def zero_measures() -> list[Any]:
    """An empty measures list, in MEASURE_COLUMNS order."""
    return [0] * len(COUNT_COLUMNS) + [Decimal(0)] + [0] * BUCKETS


def record_changes(row: Mapping[str, Any]) -> list[tuple[int, Any]]:
    """(position, amount) of what one detail row adds to a measures list: its non-zero measures."""
    cost = row["cost_usd"]
    changes: list[tuple[int, Any]] = [
        (0, 1),
        (_HIST + row["latency_bucket"], 1),
        (_COST, cost) if cost is not None else (UNPRICED_INDEX, 1),
    ]
    if row["status"] in ERROR_STATUSES:
        changes.append((1, 1))
    for i, name in enumerate(COUNT_COLUMNS[3:], start=3):
        if value := row[name]:
            changes.append((i, value))
    return changes


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


class RollupDeltas:
    """Measure deltas for every rollup, keyed as each rollup is; `apply` writes them.

    `measures_of(row)` gives the measures lists a detail row counts in, one per rollup
    row it belongs to, to change a cost in each (reprice); `add` counts a new row in.
    """

    def __init__(self) -> None:
        self.months: dict[MonthKey, list[Any]] = {}
        self.names: dict[MonthKey, str | None] = {}
        self.days: dict[DayKey, list[Any]] = {}
        self.client_hours: dict[ClientHourKey, list[Any]] = {}
        self.marginals: list[dict[tuple[Any, ...], list[Any]]] = [{} for _ in MARGINAL_ROLLUPS]
        self.times = time_deltas()
        self._month_of_day: dict[int, date] = {}  # a batch mostly shares a few days

    def measures_of(self, row: Mapping[str, Any]) -> list[list[Any]]:
        return self._month_and_measures(row)[1]

    def add(self, row: Mapping[str, Any]) -> None:
        """Count a newly inserted detail row in; the client's name becomes the row's."""
        month_key, measures = self._month_and_measures(row)
        # The row's few non-zero measures, read once for its ten rollup rows.
        changes = record_changes(row)
        for target in measures:
            for index, value in changes:
                target[index] += value
        self.names[month_key] = row["client_company_name"]

    def _month_and_measures(self, row: Mapping[str, Any]) -> tuple[MonthKey, list[list[Any]]]:
        epoch = row["occurred_epoch"]
        day = epoch - epoch % DAY_S
        month = self._month_of_day.get(day) or self._month_of_day.setdefault(day, month_of(epoch))
        client = client_key(row["client_uuid"], row["client_company_id"])
        action, model = row["action"], row["model"] or row["requested_model"]
        month_key = (client, action, model, month)
        day_key = (client, day, action, model)
        hour_key = (client, epoch - epoch % HOUR_S)
        months, days, hours = self.months, self.days, self.client_hours
        keys = (key_of(client, day, action, model, month) for _table, key_of in MARGINAL_ROLLUPS)
        marginals = [
            rows.get(key) or rows.setdefault(key, zero_measures())
            for rows, key in zip(self.marginals, keys, strict=True)
        ]
        return month_key, [
            months.get(month_key) or months.setdefault(month_key, zero_measures()),
            days.get(day_key) or days.setdefault(day_key, zero_measures()),
            hours.get(hour_key) or hours.setdefault(hour_key, zero_measures()),
            *marginals,
            *time_measures(self.times, epoch),
        ]

    def apply(self, conn: sa.Connection) -> None:
        """Add the deltas to the rollup rows, creating missing rows (keys sorted against
        deadlocks); client names only where `add` saw a record."""
        apply_deltas(conn, self.months, self.times, self.names)
        _upsert_keyed(conn, client_daily_rollups, self.days)
        _upsert_keyed(conn, client_hourly_rollups, self.client_hours)
        for rows, (table, _key_of) in zip(self.marginals, MARGINAL_ROLLUPS, strict=True):
            _upsert_keyed(conn, table, rows)


def _upsert_keyed(
    conn: sa.Connection, table: sa.Table, deltas: Mapping[tuple[Any, ...], list[Any]]
) -> None:
    # Keys in primary-key order, sorted against deadlocks.
    if not deltas:
        return
    key_names = tuple(column.name for column in table.primary_key.columns)
    rows = [(*key, *deltas[key]) for key in sorted(deltas)]
    _add_rows(conn, table, (*key_names, *MEASURE_COLUMNS), rows, rename=False)


def add_new_records(conn: sa.Connection, rows: Iterable[Mapping[str, Any]]) -> None:
    """Count newly inserted detail rows into all rollups."""
    deltas = RollupDeltas()
    for row in rows:
        deltas.add(row)
    deltas.apply(conn)


def apply_deltas(
    conn: sa.Connection,
    months: Mapping[MonthKey, list[Any]],
    times: TimeDeltas,
    names: Mapping[MonthKey, str | None] | None = None,
) -> None:
    """Add measure deltas to monthly and time rollup rows, creating missing rows; keys sorted
    against deadlocks. Only these: `RollupDeltas.apply` updates every rollup."""
    names = names or {}
    if months:
        rows = [(*key, names.get(key), *months[key]) for key in sorted(months)]
        columns = ("client_key", "action", "model", "month", "client_company_name")
        _add_rows(conn, monthly_rollups, (*columns, *MEASURE_COLUMNS), rows, rename=bool(names))
    for seconds, table in TIME_ROLLUPS:
        deltas = times.get(seconds)
        if deltas:
            rows = [(start, *deltas[start]) for start in sorted(deltas)]
            _add_rows(conn, table, ("start_epoch", *MEASURE_COLUMNS), rows, rename=False)


def _add_rows(
    conn: sa.Connection,
    table: sa.Table,
    columns: tuple[str, ...],
    rows: list[tuple[Any, ...]],
    *,
    rename: bool,
) -> None:
    """Upsert `rows` (values in `columns` order), adding their measures to existing rows."""
    if conn.dialect.name != "sqlite":
        params = [dict(zip(columns, row, strict=True)) for row in rows]
        conn.execute(_upsert(conn, table, rename=rename), params)
        return
    # sqlite3's executemany with plain tuples: SQLAlchemy's per-row parameter processing
    # of the 73 measure columns cost the writer more than the upserts themselves.
    converters = [
        (index, processor)
        for index, name in enumerate(columns)
        if (processor := table.c[name].type.bind_processor(conn.dialect)) is not None
    ]
    converted: list[tuple[Any, ...]] = []
    for row in rows:
        values = list(row)
        for index, processor in converters:
            if values[index] is not None:
                values[index] = processor(values[index])
        converted.append(tuple(values))
    conn.exec_driver_sql(_sqlite_upsert_sql(table, columns, rename), converted)


@functools.cache
def _sqlite_upsert_sql(table: sa.Table, columns: tuple[str, ...], rename: bool) -> str:
    # The same statement as _upsert_statement, written out for the driver.
    keys = ", ".join(column.name for column in table.primary_key.columns)
    updates = [f"{name} = {table.name}.{name} + excluded.{name}" for name in MEASURE_COLUMNS]
    if rename:
        updates.append("client_company_name = excluded.client_company_name")
    return (
        f"INSERT INTO {table.name} ({', '.join(columns)}) "
        f"VALUES ({', '.join('?' for _ in columns)}) "
        f"ON CONFLICT ({keys}) DO UPDATE SET {', '.join(updates)}"
    )


def _upsert(conn: sa.Connection, table: sa.Table, *, rename: bool) -> Any:
    return _upsert_statement(conn.dialect.name, table, rename)


@functools.cache
def _upsert_statement(dialect: str, table: sa.Table, rename: bool) -> Any:
    # Built once per table: with its 73 measure columns the expression takes ~4 ms of pure
    # Python to construct, which every writer batch paid per table while holding the GIL
    # (the GUI thread's longest stalls during an import; bench_import.py --trace-stalls).
    insert = upsert_insert(dialect)
    stmt = insert(table)
    updates: dict[str, Any] = {
        name: table.c[name] + stmt.excluded[name] for name in MEASURE_COLUMNS
    }
    if rename:
        # The latest record names the client (companies get renamed in the main database).
        updates["client_company_name"] = stmt.excluded.client_company_name
    keys = [column.name for column in table.primary_key.columns]
    return stmt.on_conflict_do_update(index_elements=keys, set_=updates)


CLIENT_ROLLUPS = (
    monthly_rollups,
    client_daily_rollups,
    client_hourly_rollups,
    monthly_client_rollups,
    daily_client_rollups,
)


def move_client_rollups(conn: sa.Connection, old_key: str, new_key: str) -> None:
    """Count every rollup row of client `old_key` as client `new_key`'s (rows merged into
    existing ones), then remove the old key's rows."""
    for table in CLIENT_ROLLUPS:
        c = table.c
        rows = [
            {**row._mapping, "client_key": new_key}
            for row in conn.execute(sa.select(table).where(c.client_key == old_key))
        ]
        if rows:
            keys = [column.name for column in table.primary_key.columns]
            rows.sort(key=lambda row: tuple(row[k] for k in keys))
            conn.execute(_upsert(conn, table, rename=False), rows)
            conn.execute(table.delete().where(c.client_key == old_key))
