"""Usage-panel refresh time on SQLite and PostgreSQL, against a plain GROUP BY on an unindexed copy.

Run: `python tests/benchmarks/bench_usage_queries.py [--records 1000000] [--runs 5]
[--backend sqlite|postgresql|both] [--verify]`

Generates --records records for 50 clients over 2025 up to "today" (usage_bench_data.py:
generated inside the database, rollups built from the detail rows) into a temporary
SQLite file and, with `source /tmp/devenv.sh`, into a database of its own on the
PostgreSQL server of HEADHUNTER_TEST_POSTGRES_URL (dropped afterwards). Each database
also gets `plain_usage`, a copy of the records without any index.

A refresh is what the usage tab does (ui/usage/usage_tab.py `_refresh`): usage_panel
(totals, by action, by model, by local day, by client, with p50/p95 latency). The
breakdown shown (action, model, client, day) only picks one of these
lists, so each client x period case times every breakdown at once; the columns by
breakdown time each one alone (usage_breakdown). Cases: the biggest client or all
clients x this month, last 30 days, this year, all time, "today" being 17 Dec 2025 in
Europe/Berlin. Figures: median and worst of --runs after one warm-up (and, on SQLite,
the median CPU time of this process). The plain
figures come from GROUP BYs over plain_usage giving the same lists, which the refresh
is checked against (calls, tokens, cost per row). Targets: <= 50 ms per refresh at
1,000,000 records, <= 100 ms at 10,000,000.

--verify first checks on a small sample that the generated rollups equal what the
writer's increments produce.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from headhunter_desktop.core.analytics import local_days
from headhunter_desktop.core.analytics.aggregate import merge_detail_rows
from headhunter_desktop.core.analytics.db import open_analytics_db
from headhunter_desktop.core.analytics.queries import (
    UsageQuery,
    usage_breakdown,
    usage_panel,
)
from headhunter_desktop.core.analytics.rollups import COUNT_COLUMNS
from headhunter_desktop.core.analytics.tables import usage_records
from headhunter_desktop.core.services.usage_periods import period_range
from tests.benchmarks import usage_bench_data as data

BERLIN = ZoneInfo("Europe/Berlin")
TODAY = date(2025, 12, 17)
PERIODS = ("This month", "Last 30 days", "This year", "All time")
BREAKDOWNS = ("action", "model", "client", "day")
PLAIN = sa.Table(
    "plain_usage", sa.MetaData(), *(sa.Column(c.name, c.type) for c in usage_records.columns)
)
Figures = dict[str, dict[Any, tuple[int, int, Any]]]  # list -> key -> (calls, tokens, cost)


def target_ms(records: int) -> int:
    return 50 if records <= 1_000_000 else 100


@contextmanager
def sqlite_engine(folder: Path) -> Iterator[sa.Engine]:
    engine = open_analytics_db(f"sqlite:///{folder / 'analytics.db'}")
    try:
        yield engine
    finally:
        engine.dispose()


@contextmanager
def postgres_engine(name: str) -> Iterator[sa.Engine]:
    """A database of its own on the test server, dropped afterwards."""
    server = sa.make_url(os.environ["HEADHUNTER_TEST_POSTGRES_URL"])
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    engine = open_analytics_db(server.set(database=name))
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def prepare(engine: sa.Engine, records: int) -> None:
    """Records, rollups and the unindexed copy; statistics as autovacuum would leave them."""
    started = time.perf_counter()

    def progress(step: str) -> None:
        print(f"  {step:>18s} after {time.perf_counter() - started:6.1f} s", flush=True)

    data.generate(engine, records, progress)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE plain_usage AS SELECT * FROM usage_records")
    progress("plain copy")
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
        progress("vacuum analyze")


def refresh(engine: sa.Engine, q: UsageQuery) -> Figures:
    """What the usage tab's refresh reads, as comparable figures."""
    panel = usage_panel(engine, q)
    by_model = panel.by_model
    lists = {
        "totals": {None: panel.totals},
        "action": {r.key: r for r in panel.by_action},
        "model": {r.key: r for r in by_model},
        "client": {r.key: r for r in panel.by_client},
        "day": {r.key: r for r in panel.by_day},
    }
    return {
        name: {key: (r.calls, r.tokens_total, r.cost_usd) for key, r in rows.items()}
        for name, rows in lists.items()
    }


def plain_refresh(engine: sa.Engine, q: UsageQuery) -> Figures:
    """The same figures from GROUP BYs over the unindexed copy."""
    first, stop = local_days.period_instants(q.start, q.end, q.tz)
    p = PLAIN.c
    out: Figures = {}
    with engine.connect() as conn:
        if first == local_days.LOW:
            low, high = conn.execute(
                sa.select(sa.func.min(p.occurred_epoch), sa.func.max(p.occurred_epoch))
            ).one()
            first, stop = low, high + 1
        day = local_days.local_day_expression(
            p.occurred_epoch, local_days.offset_segments(q.tz, first, stop)
        )
        model = sa.func.coalesce(p.model, p.requested_model)
        for name, key in (
            ("totals", None),
            ("action", p.action),
            ("model", model),
            ("client", p.client_uuid),
            ("day", day),
        ):
            keys = [] if key is None else [key.label("k0")]
            query = sa.select(
                *keys,
                p.latency_bucket,
                sa.func.count(),
                sa.func.sum(sa.case((p.status.in_(("error", "interrupted")), 1), else_=0)),
                sa.func.sum(sa.case((p.cost_usd.is_(None), 1), else_=0)),
                *(sa.func.sum(p[c]) for c in COUNT_COLUMNS[3:]),
                sa.func.sum(p.cost_usd),
            ).where(p.occurred_epoch >= first, p.occurred_epoch < stop)
            if q.client_uuid is not None:
                query = query.where(p.client_uuid == q.client_uuid)
            query = query.group_by(*(sa.text("k0") for _ in keys), p.latency_bucket)
            result: dict[Any, Any] = {}
            merge_detail_rows(result, conn.execute(query), len(keys))
            rows = {k[0] if k else None: m for k, m in result.items()}
            if name == "day":
                rows = {local_days.day_from_number(k): m for k, m in rows.items()}
            out[name] = {k: (m[0], m[7], m[8]) for k, m in rows.items()}
    return out


def timed(function: Callable[[], Any], runs: int) -> tuple[float, float, float, Any]:
    """Median and worst wall time, and median CPU time of this process, in ms, of `runs`
    calls after one warm-up; and the last result. On SQLite the CPU time is the work
    itself: on a machine shared with other jobs it is what the wall time would be alone."""
    result = function()
    samples, cpu = [], []
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        result = function()
        samples.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    return statistics.median(samples), max(samples), statistics.median(cpu), result


def same_figures(ours: Figures, plain: Figures) -> None:
    for name, rows in plain.items():
        mine = ours[name]
        theirs = {k: (c, t, cost or Decimal(0)) for k, (c, t, cost) in rows.items()}
        assert set(mine) == set(theirs), f"{name}: keys differ"
        for key, (calls, tokens, cost) in theirs.items():
            assert mine[key][:2] == (calls, tokens), f"{name} {key}: counts differ"
            assert mine[key][2] == cost, f"{name} {key}: cost {mine[key][2]} != {cost}"


def run_cases(engine: sa.Engine, records: int, runs: int) -> list[str]:
    with engine.connect() as conn:
        top = conn.execute(
            sa.select(usage_records.c.client_uuid)
            .group_by(usage_records.c.client_uuid)
            .order_by(sa.func.count().desc())
            .limit(1)
        ).scalar()
    target = target_ms(records)
    plain_runs = 1 if records > 2_000_000 else 3
    header = (
        f"{'client':8s} {'period':13s} {'refresh median':>14s} {'worst':>8s} {'cpu':>8s}  "
        + " ".join(f"{b:>7s}" for b in BREAKDOWNS)
        + f" {'plain':>9s} {'ratio':>7s}  target"
    )
    lines = [header]
    print(header, flush=True)
    for client in (top, None):
        for period in PERIODS:
            start, end = period_range(period, TODAY)
            q = UsageQuery(client, start, end, BERLIN)
            median, worst, cpu, figures = timed(lambda q=q: refresh(engine, q), runs)
            alone = [
                timed(lambda q=q, b=b: usage_breakdown(engine, q, b), runs)[0]  # type: ignore[misc]
                for b in BREAKDOWNS
            ]
            plain, _, _, plain_figures = timed(lambda q=q: plain_refresh(engine, q), plain_runs)
            same_figures(figures, plain_figures)
            verdict = "met" if worst <= target else ("median met" if median <= target else "MISSED")
            line = (
                f"{'one' if client else 'all':8s} {period:13s} {median:11.1f} ms {worst:5.1f} ms "
                + (f"{cpu:5.1f} ms  " if engine.dialect.name == "sqlite" else f"{'-':>8s}  ")
                + " ".join(f"{a:7.1f}" for a in alone)
                + f" {plain:6.0f} ms {plain / median:6.1f}x  {verdict} (<= {target} ms)"
            )
            lines.append(line)
            print(line, flush=True)
    return lines


def verify_writer_rollups(folder: Path) -> None:
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        generated = open_analytics_db(f"sqlite:///{Path(tmp) / 'generated.db'}")
        written = open_analytics_db(f"sqlite:///{Path(tmp) / 'written.db'}")
        try:
            data.generate(generated, 5000)
            compared = data.writer_rollups_match(generated, written)
        finally:
            generated.dispose()
            written.dispose()
    print(f"generated rollups = the writer's: {compared:,} rollup rows compared (SQLite)")
    if os.environ.get("HEADHUNTER_TEST_POSTGRES_URL"):
        with (
            postgres_engine(f"bench_gen_{os.getpid()}") as a,
            postgres_engine(f"bench_wr_{os.getpid()}") as b,
        ):
            data.generate(a, 5000)
            compared = data.writer_rollups_match(a, b)
        print(f"generated rollups = the writer's: {compared:,} rollup rows compared (PostgreSQL)")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--verify", action="store_true")
    args = parser.parse_args()
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    if "postgresql" in backends and not os.environ.get("HEADHUNTER_TEST_POSTGRES_URL"):
        sys.exit("PostgreSQL needs HEADHUNTER_TEST_POSTGRES_URL (source /tmp/devenv.sh)")
    with tempfile.TemporaryDirectory() as tmp:
        if args.verify:
            verify_writer_rollups(Path(tmp))
        for backend in backends:
            print(f"\n{backend}, {args.records:,} records:", flush=True)
            context = (
                sqlite_engine(Path(tmp))
                if backend == "sqlite"
                else postgres_engine(f"bench_usage_{os.getpid()}")
            )
            with context as engine:
                prepare(engine, args.records)
                run_cases(engine, args.records, args.runs)


if __name__ == "__main__":
    main()
