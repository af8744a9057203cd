"""Processes: SIGKILL while records are queued or being inserted, and two app instances."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa

from headhunter_desktop.core.analytics.rollups import MEASURE_COLUMNS
from headhunter_desktop.core.analytics.writer import UsageWriter
from tests.helpers.usage_db import count_rows, rollup_sums, stored_ids
from tests.helpers.usage_records import record_id, spooled_ids
from tests.helpers.waiting import block_until

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

REPO = Path(__file__).resolve().parents[3]
CHILD = """
import sys
from headhunter_desktop.core.analytics.writer import UsageWriter
from tests.helpers.usage_records import make_record, record_id

url, spool, first, count, batch = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:6])
writer = UsageWriter(url, spool, batch_size=batch, backoff=lambda attempt: 0.05)
for i in range(first, first + count):
    writer.submit(make_record(id=record_id(i), client_company_id=i % 7, latency_ms=i % 5000))
print("SUBMITTED", flush=True)
ok = writer.close(timeout=120)
print("CLOSED" if ok else "NOT-FLUSHED", flush=True)
"""


def _child(url: str, spool: Path, first: int, count: int, batch: int) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    args = [sys.executable, "-c", CHILD, url, str(spool), str(first), str(count), str(batch)]
    return subprocess.Popen(args, cwd=REPO, env=env, stdout=subprocess.PIPE, text=True)


@contextmanager
def _write_lock(db_url: str) -> Iterator[None]:
    """Hold the database's write lock, as a long transaction of another instance would."""
    url = sa.make_url(db_url)
    if url.get_backend_name() == "sqlite":
        conn = sqlite3.connect(url.database, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            conn.execute("ROLLBACK")
            conn.close()
        return
    dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn) as conn:
        conn.execute("LOCK TABLE usage_records IN EXCLUSIVE MODE")
        yield
        conn.rollback()


@pytest.mark.slow
@pytest.mark.parametrize("moment", ["before-insert", "during-inserts"])
def test_sigkill_loses_nothing_and_counts_nothing_twice(
    engine: sa.Engine, db_url: str, tmp_path: Path, moment: str
) -> None:
    n = 3000
    spool = tmp_path / "usage-spool.jsonl"
    expected = {record_id(i) for i in range(n)}
    with _write_lock(db_url):
        child = _child(db_url, spool, 0, n, batch=100)
        assert child.stdout is not None and child.stdout.readline().strip() == "SUBMITTED"
        # Durable on disk while the database is still locked.
        block_until(lambda: spooled_ids(spool) == expected, timeout=30)
        if moment == "before-insert":
            child.send_signal(signal.SIGKILL)
            child.wait(10)
    if moment == "during-inserts":
        block_until(lambda: count_rows(engine) > 0, timeout=60)
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    committed = count_rows(engine)
    # Killed with nothing committed, or part-way (committed batches are still in the spool).
    assert committed == 0 if moment == "before-insert" else 0 < committed <= n

    writer = UsageWriter(db_url, spool, backoff=lambda attempt: 0.05)
    assert writer.close(60)
    ids = stored_ids(engine)
    assert len(ids) == n and set(ids) == expected
    months = rollup_sums(engine)
    assert months[MEASURE_COLUMNS.index("calls")] == n  # a replayed record is not re-counted
    assert spool.read_bytes() == b""


@pytest.mark.slow
def test_two_processes_write_the_same_sqlite_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'analytics.db'}"
    UsageWriter(url, tmp_path / "warm-up.jsonl").close()  # both children find it migrated
    children = [
        _child(url, tmp_path / f"spool-{k}.jsonl", k * 10_000, 4000, batch=50) for k in (0, 1)
    ]
    for child in children:
        out, _ = child.communicate(timeout=120)
        assert child.returncode == 0 and out.split() == ["SUBMITTED", "CLOSED"]
    from headhunter_desktop.core.analytics.db import open_analytics_db

    engine = open_analytics_db(url)
    ids = stored_ids(engine)
    assert len(ids) == 8000
    assert set(ids) == {record_id(k * 10_000 + i) for k in (0, 1) for i in range(4000)}
    months = rollup_sums(engine)
    assert months[MEASURE_COLUMNS.index("calls")] == 8000
    engine.dispose()


@pytest.mark.slow
def test_two_processes_create_a_new_database_at_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    children = [_child(url, tmp_path / f"spool-{k}.jsonl", k * 100, 50, 10) for k in (0, 1)]
    for child in children:
        out, _ = child.communicate(timeout=60)
        assert out.split() == ["SUBMITTED", "CLOSED"]
    from headhunter_desktop.core.analytics.db import open_analytics_db

    engine = open_analytics_db(url)
    assert count_rows(engine) == 100
    engine.dispose()
