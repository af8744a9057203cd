"""Recording overhead per call and writer throughput into SQLite, against two baselines.

Run: `python tests/benchmarks/bench_usage_write.py [--calls 100000] [--records 100000]`

1. submit(): the cost on the caller's thread (the event loop), per call, median and p99,
   in a tight loop (the writer threads compete for the GIL meanwhile) and paced like
   real calls (one every 200 µs). Target: <= 50 µs.
2. Throughput, end to end (submit -> spool fsync -> batch insert with rollups -> commit),
   against (a) one plain INSERT and commit per record and (b) batched inserts with the
   rollups but no spool and no threads. Target: >= 20,000 records/s.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from headhunter_desktop.core.analytics.db import open_analytics_db, write_transaction
from headhunter_desktop.core.analytics.record import UsageRecord
from headhunter_desktop.core.analytics.record_insert import insert_records, record_row
from headhunter_desktop.core.analytics.writer import UsageWriter
from tests.helpers.usage_records import make_record

ACTIONS = ("parse_cv", "embed_cv", "generate_job", "analyze_job_stream", "generate_feedback")


def make_records(count: int) -> list[UsageRecord]:
    """Distinct records like the gateway makes: 50 clients, a few actions, real-ish tokens."""
    return [
        make_record(
            occurred_at=datetime.now(UTC),
            action=ACTIONS[i % len(ACTIONS)],
            client_company_id=i % 50 + 1,
            client_company_name=f"Client {i % 50 + 1}",
            entity_id=f"cv-{i}",
            tokens_input=1200 + i % 997,
            tokens_cached_input=i % 400,
            tokens_output=300 + i % 211,
            tokens_reasoning=0,
            tokens_total=1500 + i % 997 + i % 211,
            cost_usd=Decimal("0.000412345"),
            latency_ms=200 + i % 4000,
            app_user="bench@host",
            app_version="bench",
        )
        for i in range(count)
    ]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def bench_submit(folder: Path, calls: int) -> None:
    url = f"sqlite:///{folder / 'submit.db'}"
    open_analytics_db(url).dispose()
    records = make_records(calls)
    for label, pause in (("tight loop", 0.0), ("paced, 1 per 200 us", 200e-6)):
        writer = UsageWriter(url, folder / f"submit-{pause}.jsonl")
        writer.flush(10)
        timings = []
        clock = time.perf_counter_ns
        for record in records:
            before = clock()
            writer.submit(record)
            timings.append((clock() - before) / 1000)
            if pause:
                deadline = time.perf_counter() + pause
                while time.perf_counter() < deadline:
                    pass
        writer.close(120)
        print(
            f"submit() {label:22s} median {statistics.median(timings):6.2f} us"
            f"   p99 {percentile(timings, 0.99):6.2f} us   max {max(timings):9.1f} us"
            f"   ({calls:,} calls)"
        )


def bench_writer(folder: Path, count: int) -> float:
    url = f"sqlite:///{folder / 'writer.db'}"
    open_analytics_db(url).dispose()
    records = make_records(count)
    writer = UsageWriter(url, folder / "writer.jsonl")
    writer.flush(10)
    started = time.perf_counter()
    for record in records:
        writer.submit(record)
    assert writer.flush(600)
    elapsed = time.perf_counter() - started
    writer.close()
    return count / elapsed


def bench_batched_no_spool(folder: Path, count: int) -> float:
    engine = open_analytics_db(f"sqlite:///{folder / 'batched.db'}")
    records = make_records(count)
    started = time.perf_counter()
    for start in range(0, count, 5000):
        with write_transaction(engine) as conn:
            insert_records(conn, records[start : start + 5000])
    elapsed = time.perf_counter() - started
    engine.dispose()
    return count / elapsed


def bench_insert_per_record(folder: Path, count: int) -> float:
    path = folder / "single.db"
    open_analytics_db(f"sqlite:///{path}").dispose()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous = FULL")  # the same durability as the writer
    rows = [record_row(r) for r in make_records(count)]
    names = list(rows[0])
    sql = f"INSERT INTO usage_records ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
    started = time.perf_counter()
    for row in rows:
        values = [row[n] for n in names]
        values[names.index("occurred_at")] = row["occurred_at"].isoformat(" ")
        values[names.index("cost_usd")] = int(row["cost_usd"].scaleb(12))
        conn.execute("BEGIN")
        conn.execute(sql, values)
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - started
    conn.close()
    return count / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=100_000, help="submit() calls to time")
    parser.add_argument("--records", type=int, default=100_000, help="records for throughput")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bench_submit(folder, args.calls)
        writer = bench_writer(folder, args.records)
        batched = bench_batched_no_spool(folder, args.records)
        single = bench_insert_per_record(folder, min(args.records, 5000))
    print(f"writer, end to end (spool + batches + rollups): {writer:10,.0f} records/s")
    print(f"baseline: batched inserts, no spool, no threads: {batched:10,.0f} records/s")
    print(f"baseline: one INSERT + COMMIT per record:        {single:10,.0f} records/s")
    print(f"writer / per-record baseline: {writer / single:6.1f}x")
    print(f"writer / batched baseline:    {writer / batched:6.2f}x (the price of the spool)")


if __name__ == "__main__":
    main()
