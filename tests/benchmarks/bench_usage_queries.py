"""Usage-panel refresh time on 1,000,000 records, against a plain GROUP BY on an unindexed copy.

Run: `python tests/benchmarks/bench_usage_queries.py [--rows 1000000] [--runs 7] [--worst-case]`

Generates records for 50 clients over the 12 months of 2025 into a temporary SQLite file
(seeded, so every run has the same data), builds the rollups, and copies the rows into a
table without indexes. A refresh is what the usage panel shows: totals, by action, by
local day and by client (with p50/p95 latency). Figures are medians of --runs after one
warm-up. Targets: <= 50 ms for one client and one month, <= 200 ms for all clients over
all time. --worst-case draws the model independently of the action (more rollup rows).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from headhunter_desktop.core.analytics import local_days
from headhunter_desktop.core.analytics.aggregate import merge_detail_rows
from headhunter_desktop.core.analytics.db import open_analytics_db, write_transaction
from headhunter_desktop.core.analytics.latency import latency_bucket
from headhunter_desktop.core.analytics.queries import UsageQuery, usage_panel
from headhunter_desktop.core.analytics.rollups import (
    COUNT_COLUMNS,
    rebuild_months,
    rebuild_time_rollups,
)
from headhunter_desktop.core.analytics.tables import usage_records

BERLIN = ZoneInfo("Europe/Berlin")
YEAR_START = int(datetime(2025, 1, 1, tzinfo=UTC).timestamp())
YEAR_S = 365 * 86_400
CHAT = ("gpt-4o-mini-2024-07-18", "gpt-4o-2024-08-06", "o4-mini-2025-04-16")
EMBED = "text-embedding-3-small"
# action: (share of calls, models and their weights, median latency in ms)
ACTIONS: dict[str, tuple[float, tuple[str, ...], tuple[float, ...], int]] = {
    "parse_cv": (0.25, CHAT[:2], (0.9, 0.1), 4000),
    "embed_cv": (0.25, (EMBED,), (1,), 250),
    "embed_query": (0.20, (EMBED,), (1,), 150),
    "generate_job": (0.08, CHAT[:2], (0.7, 0.3), 9000),
    "analyze_job_stream": (0.07, CHAT[:1], (1,), 12000),
    "generate_department": (0.05, CHAT[:1], (1,), 8000),
    "extract_company": (0.05, (CHAT[0], "llama3"), (0.8, 0.2), 6000),
    "generate_feedback": (0.05, (CHAT[2], CHAT[0]), (0.5, 0.5), 15000),
}
COLUMNS = [c.name for c in usage_records.columns]


def _moment(rnd: random.Random) -> int:
    # Mostly office hours on weekdays; any second of the year is possible.
    day = rnd.randrange(365)
    if rnd.random() < 0.85 and (day + 3) % 7 < 5:
        return YEAR_START + day * 86_400 + rnd.randrange(6 * 3600, 18 * 3600)
    return YEAR_START + day * 86_400 + rnd.randrange(86_400)


def generate(engine: sa.Engine, rows: int, seed: int, worst_case: bool) -> None:
    """Fill usage_records quickly (executemany, 100k rows per transaction) and the rollups."""
    rnd = random.Random(seed)
    client_weights = [1 / (k + 1) ** 0.8 for k in range(50)]  # a few big clients
    names = list(ACTIONS)
    shares = [ACTIONS[a][0] for a in names]
    models = sorted({m for spec in ACTIONS.values() for m in spec[1]})
    sql = (
        f"INSERT INTO usage_records ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"
    )
    batch: list[tuple[Any, ...]] = []
    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        # Records arrive in time order in real life, so they are inserted in time order.
        for i, epoch in enumerate(sorted(_moment(rnd) for _ in range(rows))):
            action = rnd.choices(names, shares)[0]
            _, action_models, weights, median = ACTIONS[action]
            model = rnd.choice(models) if worst_case else rnd.choices(action_models, weights)[0]
            client = rnd.choices(range(1, 51), client_weights)[0]
            embed = model == EMBED
            t_in = rnd.randrange(20, 800) if embed else rnd.randrange(800, 12_000)
            t_cached = 0 if embed else rnd.randrange(0, t_in // 2)
            t_out = 0 if embed else rnd.randrange(100, 3000)
            t_reason = rnd.randrange(0, t_out) if model.startswith("o4") else 0
            unpriced = model == "llama3"
            cost = None if unpriced else (t_in * 150_000 + t_out * 600_000)  # picodollars
            latency = max(1, int(rnd.lognormvariate(0, 0.6) * median))
            status = rnd.choices(("ok", "error", "cancelled"), (0.97, 0.02, 0.01))[0]
            values = {
                "id": str(uuid.UUID(int=rnd.getrandbits(128), version=4)),
                "occurred_at": datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d %H:%M:%S.%f"),
                "occurred_epoch": epoch,
                "action": action,
                "client_company_id": client,
                "client_company_name": f"Client {client:02d} GmbH",
                "client_uuid": f"00000000-0000-4000-a000-{client:012d}",
                "entity_type": "cv",
                "entity_id": str(i),
                "requested_model": model.split("-20")[0],
                "model": model,
                "tokens_input": t_in,
                "tokens_cached_input": t_cached,
                "tokens_output": t_out,
                "tokens_reasoning": t_reason,
                "tokens_total": t_in + t_out,
                "usage_source": "provider",
                "cost_usd": cost,
                "price_source": "unpriced" if unpriced else "genai-prices",
                "latency_ms": latency,
                "latency_bucket": latency_bucket(latency),
                "ttft_ms": latency // 5,
                "streaming": 1 if action.endswith("stream") else 0,
                "status": status,
                "error_type": "APIError" if status == "error" else None,
                "app_user": "bench@host",
                "app_version": "bench",
            }
            batch.append(tuple(values[c] for c in COLUMNS))
            if len(batch) == 100_000 or i == rows - 1:
                raw.execute("BEGIN")
                raw.executemany(sql, batch)
                raw.execute("COMMIT")
                batch.clear()
    with write_transaction(engine) as conn:
        rebuild_months(conn, date(2025, 1, 1), date(2026, 1, 1))
        rebuild_time_rollups(conn, YEAR_START, YEAR_START + YEAR_S)
        conn.exec_driver_sql("CREATE TABLE plain_usage AS SELECT * FROM usage_records")


PLAIN = sa.Table(
    "plain_usage", sa.MetaData(), *(sa.Column(c.name, c.type) for c in usage_records.columns)
)


def plain_refresh(engine: sa.Engine, q: UsageQuery) -> dict[str, Any]:
    """The same figures as usage_panel, from GROUP BYs over the unindexed copy."""
    first, stop = local_days.period_instants(q.start, q.end, q.tz)
    p = PLAIN.c
    out: dict[str, Any] = {}
    with engine.connect() as conn:
        if first == local_days.LOW:
            low, high = conn.execute(
                sa.select(sa.func.min(p.occurred_epoch), sa.func.max(p.occurred_epoch))
            ).one()
            first, stop = low, high + 1
        day = local_days.local_day_expression(
            p.occurred_epoch, local_days.offset_segments(q.tz, first, stop)
        )
        for name, key in (
            ("totals", None),
            ("action", p.action),
            ("day", day),
            ("client", p.client_uuid),
        ):
            keys = [] if key is None else [key.label("k0")]
            query = sa.select(
                *keys,
                p.latency_bucket,
                sa.func.count(),
                sa.func.sum(sa.case((p.status == "error", 1), else_=0)),
                sa.func.sum(sa.case((p.cost_usd.is_(None), 1), else_=0)),
                *(sa.func.sum(p[c]) for c in COUNT_COLUMNS[3:]),
                sa.func.sum(p.cost_usd),
            ).where(p.occurred_epoch >= first, p.occurred_epoch < stop)
            if q.client_uuid is not None:
                query = query.where(p.client_uuid == q.client_uuid)
            query = query.group_by(*(sa.text("k0") for _ in keys), p.latency_bucket)
            result: dict[Any, Any] = {}
            merge_detail_rows(result, conn.execute(query), len(keys))
            out[name] = result
    return out


def timed(function: Any, runs: int) -> tuple[float, Any]:
    result = function()  # warm-up: caches, compiled statements
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seed", type=int, default=20250101)
    parser.add_argument("--worst-case", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        engine = open_analytics_db(f"sqlite:///{Path(tmp) / 'analytics.db'}")
        started = time.perf_counter()
        generate(engine, args.rows, args.seed, args.worst_case)
        with engine.connect() as conn:
            rollup_rows = conn.exec_driver_sql("SELECT count(*) FROM monthly_rollups").scalar()
            biggest = "SELECT client_uuid FROM usage_records GROUP BY 1 ORDER BY count(*) DESC"
            top = conn.exec_driver_sql(biggest).scalar()
        print(
            f"{args.rows:,} records generated in {time.perf_counter() - started:.1f} s; "
            f"{rollup_rows:,} monthly_rollups rows"
        )
        march = (date(2025, 3, 1), date(2025, 3, 31))
        cases = [
            ("one client (the biggest), one month", UsageQuery(top, *march, BERLIN), 50),
            ("all clients, all time", UsageQuery(None, None, None, BERLIN), 200),
            ("all clients, one month", UsageQuery(None, *march, BERLIN), None),
            ("one client (the biggest), all time", UsageQuery(top, None, None, BERLIN), None),
        ]
        print(f"{'usage-panel refresh':40s} {'indexed':>10s} {'plain':>10s} {'ratio':>7s}  target")
        for label, q, target in cases:
            ours, panel = timed(lambda q=q: usage_panel(engine, q), args.runs)
            plain, figures = timed(lambda q=q: plain_refresh(engine, q), max(1, args.runs // 2))
            calls = sum(m[0] for m in figures["totals"].values())
            assert panel.totals.calls == calls, "both ways must count the same calls"
            verdict = (
                ""
                if target is None
                else ("met" if ours <= target else "MISSED") + f" (<= {target} ms)"
            )
            print(f"{label:40s} {ours:8.1f}ms {plain:8.1f}ms {plain / ours:6.1f}x  {verdict}")
        engine.dispose()


if __name__ == "__main__":
    main()
