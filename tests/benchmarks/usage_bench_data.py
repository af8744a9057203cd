"""Synthetic usage records for bench_usage_queries.py, generated inside the database.

One INSERT ... SELECT per million rows over a number series, the same SQL on SQLite and
PostgreSQL, so both hold the same records and ten million rows take minutes, not an
hour of Python. Every random choice is a hash of the row number (squaring modulo a
prime: integer arithmetic both databases do alike), so a run is reproducible.

The year 2025 up to the benchmark's today (17 December), 50 clients (the biggest has
~14 % of the calls, the smallest ~1 %), the actions and models of the app with their
shares, 50 recruiters, 3 % failed or cancelled calls, one unpriced model. Calls are
spread evenly over the hours, which is harder on the rollups than office hours (more
rollup rows).
The rollups are then built from the detail rows by the rebuild functions in
core/analytics/rollups.py; `writer_rollups_match` checks on a small sample that they
equal what the writer's increments produce.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa

from headhunter_desktop.core.analytics.latency import LOWER_EDGES
from headhunter_desktop.core.analytics.record import UsageRecord
from headhunter_desktop.core.analytics.record_insert import RECORD_FIELDS, insert_records
from headhunter_desktop.core.analytics.rollup_rebuild import (
    rebuild_client_days,
    rebuild_months,
    rebuild_time_rollups,
)
from headhunter_desktop.core.analytics.rollups import (
    MARGINAL_ROLLUPS,
    MEASURE_COLUMNS,
)
from headhunter_desktop.core.analytics.tables import (
    TIME_ROLLUPS,
    client_daily_rollups,
    client_hourly_rollups,
    daily_rollups,
    hourly_rollups,
    monthly_rollups,
    quarter_hour_rollups,
    usage_records,
)

YEAR_START = int(datetime(2025, 1, 1, tzinfo=UTC).timestamp())
# The end of the benchmark's today (17 Dec 2025 in Berlin): as in an agency's database,
# nothing is recorded after now (a query plans "this month" knowing the rest is empty).
YEAR_END = int(datetime(2025, 12, 17, 23, tzinfo=UTC).timestamp())
CLIENTS = 50
RECRUITERS = 50
_PRIME = 2_147_483_647
_CHUNK = 1_000_000
# action: (percent of calls, [(model, percent of the action's calls)], median latency ms)
ACTIONS: dict[str, tuple[int, list[tuple[str, int]], int]] = {
    "parse_cv": (25, [("gpt-4o-mini-2024-07-18", 90), ("gpt-4o-2024-08-06", 10)], 4000),
    "embed_cv": (25, [("text-embedding-3-small", 100)], 250),
    "embed_query": (20, [("text-embedding-3-small", 100)], 150),
    "generate_job": (8, [("gpt-4o-mini-2024-07-18", 70), ("gpt-4o-2024-08-06", 30)], 9000),
    "analyze_job_stream": (7, [("gpt-4o-mini-2024-07-18", 100)], 12000),
    "generate_department": (5, [("gpt-4o-mini-2024-07-18", 100)], 8000),
    "extract_company": (5, [("gpt-4o-mini-2024-07-18", 80), ("llama3", 20)], 6000),
    "generate_feedback": (5, [("o4-mini-2025-04-16", 50), ("gpt-4o-mini-2024-07-18", 50)], 15000),
}
ROLLUPS = (
    monthly_rollups,
    client_daily_rollups,
    daily_rollups,
    client_hourly_rollups,
    hourly_rollups,
    quarter_hour_rollups,
    *(table for table, _key_of in MARGINAL_ROLLUPS),
)


def client_uuid(number: int) -> str:
    return f"00000000-0000-4000-a000-{number:012d}"


def _u(salt: int) -> str:
    """A hash of the row number n in [0, _PRIME), one independent-looking value per salt."""
    multiplier = (1_000_003 * (salt + 7) + 12_345) % _PRIME
    base = f"((n * {multiplier} + {salt * 7919 + 17}) % {_PRIME})"
    return f"(({base} * {base}) % {_PRIME})"


def _pick(value: str, choices: list[tuple[str, int]]) -> str:
    """SQL CASE choosing among `choices` by percent, from a value in [0, 100)."""
    whens, bound = [], 0
    for text, percent in choices[:-1]:
        bound += percent
        whens.append(f"WHEN {value} < {bound} THEN '{text}'")
    return f"CASE {' '.join(whens)} ELSE '{choices[-1][0]}' END" if whens else f"'{choices[-1][0]}'"


def _bucket(latency: str) -> str:
    """latency.latency_bucket in SQL: the last bucket whose lower edge is <= latency."""
    whens = [f"WHEN {latency} < {edge} THEN {i - 1}" for i, edge in enumerate(LOWER_EDGES) if i]
    return f"CASE {' '.join(whens)} ELSE {len(LOWER_EDGES) - 1} END"


def _insert_sql(dialect: str, rows: int, lo: int, hi: int) -> str:
    sqlite = dialect == "sqlite"
    if sqlite:
        series = f"s(n) AS (SELECT {lo} UNION ALL SELECT n + 1 FROM s WHERE n + 1 < {hi})"
        pad = lambda expr, width: f"printf('%0{width}d', {expr})"  # noqa: E731
        occurred_at = "strftime('%Y-%m-%d %H:%M:%S', epoch, 'unixepoch') || '.000000'"
        cost = "t_in * 150000 + t_out * 600000"  # stored scaled: units of 1e-12 USD
    else:
        series = f"s(n) AS (SELECT generate_series({lo}::bigint, {hi - 1}::bigint))"
        pad = lambda expr, width: f"lpad(CAST({expr} AS TEXT), {width}, '0')"  # noqa: E731
        occurred_at = "to_timestamp(epoch)"
        cost = "CAST(t_in * 150000 + t_out * 600000 AS NUMERIC) / 1000000000000"
    actions = [(name, spec[0]) for name, spec in ACTIONS.items()]
    model_cases = " ".join(
        f"WHEN action = '{name}' THEN {_pick(f'{_u(3)} % 100', spec[1])}"
        for name, spec in ACTIONS.items()
    )
    medians = " ".join(f"WHEN action = '{name}' THEN {spec[2]}" for name, spec in ACTIONS.items())
    span = YEAR_END - YEAR_START
    columns = [c.name for c in usage_records.columns]
    values = {
        "id": f"'bench-' || {pad('n', 12)}",
        "occurred_at": occurred_at,
        "occurred_epoch": "epoch",
        "action": "action",
        "client_company_id": "client",
        "client_company_name": f"'Client ' || {pad('client', 2)} || ' GmbH'",
        "client_uuid": f"'00000000-0000-4000-a000-' || {pad('client', 12)}",
        "entity_type": "'cv_file'",
        "entity_id": "CAST(n AS TEXT)",
        "requested_model": "CASE WHEN model LIKE '%-20%' "
        "THEN substr(model, 1, length(model) - 11) ELSE model END",
        "model": "model",
        "tokens_input": "t_in",
        "tokens_cached_input": "t_cached",
        "tokens_output": "t_out",
        "tokens_reasoning": "t_reason",
        "tokens_total": "t_in + t_out",
        "usage_source": "'provider'",
        "cost_usd": f"CASE WHEN model = 'llama3' THEN NULL ELSE {cost} END",
        "price_source": "CASE WHEN model = 'llama3' THEN 'unpriced' ELSE 'genai-prices' END",
        "latency_ms": "latency",
        "latency_bucket": _bucket("latency"),
        "ttft_ms": "latency / 5",
        "streaming": "(action = 'analyze_job_stream')",
        "status": "status",
        "error_type": "CASE WHEN status = 'error' THEN 'APIError' ELSE NULL END",
        "app_user": f"'recruiter-' || {pad('recruiter', 2)} || '@agency'",
        "app_version": "'bench'",
    }
    embed = "model = 'text-embedding-3-small'"
    # MATERIALIZED: inlined, each step would repeat the expressions of the one before it
    # at every use (PostgreSQL's planner then runs for minutes).
    return f"""
WITH RECURSIVE {series},
a AS MATERIALIZED (
  SELECT n, {YEAR_START} + (n * {span}) / {rows} AS epoch,
    1 + ({CLIENTS} * ({_u(0)} % 1000) * ({_u(0)} % 1000)) / 1000000 AS client,
    {_pick(f"{_u(1)} % 100", actions)} AS action,
    CASE WHEN {_u(2)} % 100 < 97 THEN 'ok'
         WHEN {_u(2)} % 100 < 99 THEN 'error' ELSE 'cancelled' END AS status,
    1 + {_u(4)} % {RECRUITERS} AS recruiter
  FROM s
),
b AS MATERIALIZED (SELECT a.*, CASE {model_cases} END AS model,
        (CASE {medians} END) * (50 + {_u(5)} % 150) / 100 AS latency FROM a),
c AS MATERIALIZED (SELECT b.*,
        CASE WHEN {embed} THEN 20 + {_u(6)} % 780 ELSE 800 + {_u(6)} % 11200 END AS t_in,
        CASE WHEN {embed} THEN 0 ELSE 100 + {_u(7)} % 2900 END AS t_out FROM b),
d AS MATERIALIZED (SELECT c.*,
        CASE WHEN {embed} THEN 0 ELSE {_u(8)} % (t_in / 2) END AS t_cached,
        CASE WHEN model LIKE 'o4%' THEN {_u(9)} % t_out ELSE 0 END AS t_reason FROM c)
INSERT INTO usage_records ({", ".join(columns)})
SELECT {", ".join(values[c] for c in columns)} FROM d
"""


def generate(engine: sa.Engine, rows: int, progress: Any = None) -> None:
    """Fill an empty, migrated analytics database with `rows` records and their rollups."""
    dialect = engine.dialect.name
    with engine.begin() as conn:
        # Indexes are built once at the end: far faster than kept up row by row.
        for index in usage_records.indexes:
            index.drop(conn)
    for lo in range(0, rows, _CHUNK):
        hi = min(rows, lo + _CHUNK)
        sql = _insert_sql(dialect, rows, lo, hi)
        with engine.begin() as conn:
            # psycopg reads % as a placeholder even without parameters.
            conn.exec_driver_sql(sql if dialect == "sqlite" else sql.replace("%", "%%"))
        if progress:
            progress(f"{hi:,} records")
    with engine.begin() as conn:
        for index in usage_records.indexes:
            index.create(conn)
        if progress:
            progress("indexes")
        build_rollups(conn)
    if progress:
        progress("rollups")


def build_rollups(conn: sa.Connection) -> None:
    """Every rollup of 2025 from the detail rows (the code path retention uses), except the
    hourly and daily rollups of all clients: summed from the quarter hours (two fewer
    passes over the records; `writer_rollups_match` checks the result all the same)."""
    rebuild_months(conn, date(2025, 1, 1), date(2026, 1, 1))
    rebuild_client_days(conn, YEAR_START, YEAR_END)
    (_, daily), (_, hourly), (_, quarter) = TIME_ROLLUPS
    rebuild_time_rollups(conn, YEAR_START, YEAR_END, ((900, quarter),))
    for seconds, table, source in ((3600, hourly, quarter), (86_400, daily, hourly)):
        start = source.c.start_epoch - source.c.start_epoch % seconds
        select = sa.select(start, *(sa.func.sum(source.c[n]) for n in MEASURE_COLUMNS))
        conn.execute(
            table.insert().from_select(["start_epoch", *MEASURE_COLUMNS], select.group_by(start))
        )


def writer_rollups_match(generated: sa.Engine, empty: sa.Engine) -> int:
    """Insert `generated`'s records into `empty` the way the writer does (batches in time
    order, rollups incremented in the same transaction) and assert that every rollup
    table then holds exactly the rows generated one holds; returns the rows compared."""
    with generated.connect() as conn:
        rows = conn.execute(
            sa.select(usage_records).order_by(usage_records.c.occurred_epoch, usage_records.c.id)
        ).mappings()
        records = [UsageRecord(**{name: row[name] for name in RECORD_FIELDS}) for row in rows]
    for start in range(0, len(records), 500):
        with empty.begin() as conn:
            insert_records(conn, records[start : start + 500])
    compared = 0
    for table in ROLLUPS:
        keys = [column.name for column in table.primary_key.columns]
        order = [table.c[k] for k in keys]
        with generated.connect() as a, empty.connect() as b:
            built = [tuple(r) for r in a.execute(sa.select(table).order_by(*order))]
            written = [tuple(r) for r in b.execute(sa.select(table).order_by(*order))]
        assert built == written, f"{table.name}: generated rollups differ from the writer's"
        compared += len(built)
    return compared
