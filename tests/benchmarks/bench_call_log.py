"""The per-call log on a million calls: a page of 200, newest first, by keyset.

Run: `python tests/benchmarks/bench_call_log.py [--rows 1000000] [--postgres URL] [--plans]`

50 clients (a few big ones), 12 months, eight actions. Each case times the first page and
pages read from a cursor half-way through the data (keyset pagination: every page should
cost what the first does), and count_calls. Target: <= 30 ms a page. `--plans` prints
EXPLAIN (QUERY PLAN) of a deep page. With --postgres, an admin URL: the benchmark makes a
throwaway database there and drops it after.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from headhunter_desktop.core.analytics import call_log
from headhunter_desktop.core.analytics.call_log import CallFilter
from headhunter_desktop.core.analytics.db import open_analytics_db
from headhunter_desktop.core.analytics.tables import usage_records

BERLIN = ZoneInfo("Europe/Berlin")
YEAR_START = int(datetime(2025, 1, 1, tzinfo=UTC).timestamp())
ACTIONS = (
    ("parse_cv", 0.25),
    ("embed_cv", 0.25),
    ("embed_query", 0.20),
    ("generate_job", 0.08),
    ("analyze_job_stream", 0.07),
    ("generate_department", 0.048),
    ("extract_company", 0.05),
    ("generate_feedback", 0.05),
    ("read_scanned_cv", 0.002),  # rare: a filter on it finds one call in 500
)
FEEDBACK = "generate_feedback"
MINI, EMBED = "gpt-4o-mini-2024-07-18", "text-embedding-3-small"
COLUMNS = [c.name for c in usage_records.columns]


def generate(engine: sa.Engine, count: int) -> None:
    """`count` calls made by the database itself (Python is far slower at a million): a
    year in time order, client k about 1/k**2 as busy as client 1, a real agency's action
    shares. h and g are pseudo-random numbers of the row number n."""
    sqlite = engine.dialect.name == "sqlite"
    epoch = f"({YEAR_START} + n * {365 * 86_400} / {count})"
    total, cases = 0, []
    for action, share in ACTIONS:
        total += round(share * 1000)
        cases.append(f"WHEN g % 1000 < {total} THEN '{action}'")
    model = f"(CASE WHEN h % 10 = 0 THEN 'llama3' WHEN h % 2 = 0 THEN '{MINI}' ELSE '{EMBED}' END)"
    client = "(1 + (h % 97) * (h % 97) / 189)"
    if sqlite:
        numbers = (
            f"numbers(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM numbers WHERE n < {count - 1})"
        )
        record_id = "printf('%08x-0000-4000-8000-%012d', h, n)"
        at = f"datetime({epoch}, 'unixepoch')"
        cost, uuid_of = "412345000", "printf('00000000-0000-4000-a000-%012d', {c})"
        name_of = "'Client ' || {c}"
    else:
        numbers = f"numbers(n) AS (SELECT generate_series(0::bigint, {count - 1}::bigint))"
        record_id = "lpad(to_hex(h), 8, '0') || '-0000-4000-8000-' || lpad(n::text, 12, '0')"
        at = f"to_timestamp({epoch})"
        cost, uuid_of = "0.000412345", "'00000000-0000-4000-a000-' || lpad(({c})::text, 12, '0')"
        name_of = "'Client ' || ({c})::text"
    values = {
        "id": record_id,
        "occurred_at": at,
        "occurred_epoch": epoch,
        "action": f"(CASE {' '.join(cases)} END)",
        "client_company_id": client,
        "client_company_name": name_of.format(c=client),
        "client_uuid": uuid_of.format(c=client),
        "entity_type": "'cv_file'",
        "entity_id": "'sha-' || (n % 40000)" if sqlite else "'sha-' || (n % 40000)::text",
        "requested_model": model,
        "model": model,
        "tokens_input": "1000",
        "tokens_cached_input": "100",
        "tokens_output": "300",
        "tokens_reasoning": "0",
        "tokens_total": "1300",
        "usage_source": "(CASE WHEN n % 50 = 0 THEN 'estimated' ELSE 'provider' END)",
        "cost_usd": f"(CASE WHEN h % 10 = 0 THEN NULL ELSE {cost} END)",
        "price_source": "(CASE WHEN h % 10 = 0 THEN 'unpriced' ELSE 'genai-prices' END)",
        "latency_ms": "(100 + g % 5000)",
        "latency_bucket": "10",
        "ttft_ms": "NULL",
        "streaming": "false" if not sqlite else "0",
        "status": "(CASE WHEN g % 100 = 7 OR g % 100 = 42 THEN 'error' "
        "WHEN g % 100 = 99 THEN 'cancelled' ELSE 'ok' END)",
        "error_type": "NULL",
        "app_user": "'user' || (n % 7) || '@agency'" if sqlite else "'user' || (n % 7)::text",
        "app_version": "'bench'",
    }
    sql = f"""
        WITH RECURSIVE {numbers},
        mixed AS (SELECT n, (n * 2654435761) % 4294967296 AS h,
                         (n * 40503 + 12345) % 65521 AS g FROM numbers)
        INSERT INTO usage_records ({", ".join(COLUMNS)})
        SELECT {", ".join(values[c] for c in COLUMNS)} FROM mixed"""
    if not sqlite:
        sql = sql.replace("%", "%%")  # psycopg reads a lone % as a placeholder
    with engine.begin() as conn:
        conn.exec_driver_sql(sql)
    with engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE usage_records" if not sqlite else "ANALYZE")


def timed(function: Callable[[], Any], runs: int) -> tuple[float, Any]:
    """Median milliseconds of `runs` calls, and the last result."""
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def pages(engine: sa.Engine, f: CallFilter, after: call_log.Cursor | None, count: int) -> float:
    """Median milliseconds a page of `count` consecutive pages read from `after` on."""
    times = []
    for _ in range(count):
        started = time.perf_counter()
        page = call_log.list_calls(engine, f, after=after)
        times.append((time.perf_counter() - started) * 1000)
        if page.next_cursor is None:
            break
        after = page.next_cursor
    return statistics.median(times)


def explain(engine: sa.Engine, f: CallFilter, after: call_log.Cursor) -> str:
    r = usage_records.c
    query = (
        sa.select(r.id)
        .where(*call_log.conditions(f, before_epoch=after[0] + 1))
        .where(sa.or_(r.occurred_epoch < after[0], r.id < after[1]))
        .order_by(r.occurred_epoch.desc(), r.id.desc())
        .limit(201)
    )
    sql = str(query.compile(engine, compile_kwargs={"literal_binds": True}))
    prefix = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else "EXPLAIN "
    with engine.connect() as conn:
        lines = conn.exec_driver_sql(prefix + sql).all()
    return "\n".join("    " + " ".join(str(v) for v in line) for line in lines)


@contextmanager
def database(postgres: str | None, sqlite_file: str | None) -> Iterator[str]:
    if sqlite_file is not None:
        yield f"sqlite:///{sqlite_file}"
        return
    if postgres is None:
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite:///{Path(tmp) / 'analytics.db'}"
        return
    name = f"hh_bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(postgres, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield postgres.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--postgres", metavar="ADMIN_URL")
    parser.add_argument("--plans", action="store_true")
    parser.add_argument("--sqlite-file", metavar="PATH", help="keep (or reuse) this database")
    parser.add_argument("--drop-index", metavar="NAME", help="time without this index")
    args = parser.parse_args()
    with database(args.postgres, args.sqlite_file) as url:
        engine = open_analytics_db(url)
        with engine.connect() as conn:
            present = conn.execute(sa.select(sa.func.count()).select_from(usage_records)).scalar()
        if not present:
            started = time.perf_counter()
            generate(engine, args.rows)
            took = time.perf_counter() - started
            print(f"{engine.dialect.name}: {args.rows:,} calls in {took:.0f} s")
        if args.drop_index:
            with engine.begin() as conn:
                conn.exec_driver_sql(f"DROP INDEX IF EXISTS {args.drop_index}")
        big, small = _biggest_and_smallest_client(engine)
        year = {"start": date(2025, 1, 1), "end": date(2025, 12, 31), "tz": BERLIN}
        cases = [
            ("all calls", CallFilter(tz=BERLIN)),
            ("all calls, one month", CallFilter(start=date(2025, 6, 1), end=date(2025, 6, 30))),
            ("the biggest client", CallFilter(client_key=big, **year)),
            ("the smallest client", CallFilter(client_key=small, **year)),
            ("action parse_cv (25 %)", CallFilter(action="parse_cv", **year)),
            ("action generate_feedback (5 %)", CallFilter(action="generate_feedback")),
            ("action read_scanned_cv (0.2 %)", CallFilter(action="read_scanned_cv")),
            (
                "smallest client + feedback",
                CallFilter(client_key=small, action="generate_feedback"),
            ),
            ("status error (2 %)", CallFilter(status="error")),
        ]
        print(
            f"{'call log, 200 a page':34s} {'page 1':>8s} {'deep':>8s} {'count':>9s} {'calls':>9s}"
        )
        for label, f in cases:
            first, page = timed(lambda f=f: call_log.list_calls(engine, f), args.runs)
            counting, total = timed(lambda f=f: call_log.count_calls(engine, f), 3)
            # A cursor half-way through: keyset pages deep in the log cost the same.
            middle = _cursor_at(engine, f, total // 2)
            deep, _ = timed(
                lambda f=f, c=middle: call_log.list_calls(engine, f, after=c), args.runs
            )
            onwards = pages(engine, f, middle, 20)
            assert len(page.rows) == min(200, total)
            print(
                f"{label:34s} {first:6.1f}ms {deep:6.1f}ms {onwards:6.1f}ms "
                f"{counting:7.0f}ms {total:9,}"
            )
            if args.plans:
                print(explain(engine, f, middle))
        choices, _ = timed(lambda: call_log.filter_choices(engine, CallFilter(**year)), 3)
        print(f"filter_choices, all clients, a year: {choices:.0f} ms")
        engine.dispose()


def _biggest_and_smallest_client(engine: sa.Engine) -> tuple[str, str]:
    r = usage_records.c
    query = sa.select(r.client_uuid).group_by(r.client_uuid).order_by(sa.func.count().desc())
    with engine.connect() as conn:
        ranked = list(conn.execute(query).scalars())
    return ranked[0], ranked[-1]


def _cursor_at(engine: sa.Engine, f: CallFilter, position: int) -> call_log.Cursor:
    r = usage_records.c
    query = (
        sa.select(r.occurred_epoch, r.id)
        .where(*call_log.conditions(f))
        .order_by(r.occurred_epoch.desc(), r.id.desc())
        .offset(position)
        .limit(1)
    )
    with engine.connect() as conn:
        row = conn.execute(query).one()
    return int(row.occurred_epoch), row.id


if __name__ == "__main__":
    main()
