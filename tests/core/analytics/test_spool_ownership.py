"""Two processes on one data folder: each owns a spool; a dead one's spool is adopted, once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from headhunter_desktop.core.analytics.db import open_analytics_db
from headhunter_desktop.core.analytics.rollups import MEASURE_COLUMNS
from headhunter_desktop.core.analytics.writer import UsageWriter
from tests.helpers.network import unreachable_url_like
from tests.helpers.usage_db import rollup_sums, stored_ids
from tests.helpers.usage_records import make_record, record_id, spooled_ids
from tests.helpers.waiting import block_until

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

REPO = Path(__file__).resolve().parents[3]
FAST = {"backoff": lambda attempt: 0.05}
# Submits `count` records in chunks `pace` seconds apart once told "go" (unless told to hold),
# then closes: at once, when told "close", or never ("hold": it waits to be killed).
CHILD = """
import sys, time
from headhunter_desktop.core.analytics.writer import UsageWriter
from tests.helpers.usage_records import make_record, record_id

url, spool, first, count, pace, mode = sys.argv[1:7]
first, count, pace = int(first), int(count), float(pace)
writer = UsageWriter(url, spool, batch_size=50, backoff=lambda attempt: 0.05)
print("READY", flush=True)
if mode != "hold":
    assert sys.stdin.readline().strip() == "go"
for start in range(first, first + count, 100):
    for i in range(start, min(start + 100, first + count)):
        writer.submit(make_record(id=record_id(i), client_company_id=i % 7))
    time.sleep(pace)
print("SUBMITTED", flush=True)
if mode == "hold":
    sys.stdin.readline()
    raise SystemExit(3)
if mode == "close-when-told":
    assert sys.stdin.readline().strip() == "close"
print("CLOSED" if writer.close(timeout=60) else "NOT-FLUSHED", flush=True)
"""


def _child(
    url: str, spool: Path, first: int, count: int, mode: str, pace: float = 0.0
) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    args = [sys.executable, "-c", CHILD, url, str(spool), str(first), str(count), str(pace), mode]
    return subprocess.Popen(
        args, cwd=REPO, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )


def _tell(child: subprocess.Popen[str], line: str) -> None:
    assert child.stdin is not None
    child.stdin.write(line + "\n")
    child.stdin.flush()


def _expect(child: subprocess.Popen[str], line: str) -> None:
    assert child.stdout is not None
    assert child.stdout.readline().strip() == line


def _spool_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("usage-spool"))


def _assert_only_the_primary_is_left(folder: Path) -> None:
    # The primary exists if anything was ever written to it; its lock file always does.
    left = _spool_files(folder)
    assert left in (["usage-spool.jsonl", "usage-spool.jsonl.lock"], ["usage-spool.jsonl.lock"])
    primary = folder / "usage-spool.jsonl"
    assert not primary.exists() or primary.read_bytes() == b""


def _secondaries(folder: Path) -> list[Path]:
    return sorted(folder.glob("usage-spool.*.jsonl"))


def _assert_exactly_once(engine: sa.Engine, expected: set[str]) -> None:
    ids = stored_ids(engine)
    assert len(ids) == len(expected) and set(ids) == expected
    assert rollup_sums(engine)[MEASURE_COLUMNS.index("calls")] == len(expected)


@pytest.mark.slow
@pytest.mark.parametrize("first_to_close", ["primary-owner", "secondary-owner"])
def test_two_processes_on_one_spool_path_send_everything_once(
    tmp_path: Path, first_to_close: str
) -> None:
    url = f"sqlite:///{tmp_path / 'analytics.db'}"
    open_analytics_db(url).dispose()  # migrated before the children race
    spool = tmp_path / "usage-spool.jsonl"
    n = 2000
    owner = _child(url, spool, 0, n, "close-when-told", pace=0.01)
    _expect(owner, "READY")  # it holds the primary now
    other = _child(url, spool, 100_000, n, "close-when-told", pace=0.01)
    _expect(other, "READY")
    # The primary is taken, so the second one spools to a file of its own.
    locks = sorted(p.name for p in tmp_path.glob("*.lock"))
    assert len(locks) == 2 and locks[1] == "usage-spool.jsonl.lock"
    assert locks[0].startswith(f"usage-spool.{other.pid}.") and locks[0].endswith(".jsonl.lock")
    early, late = (owner, other) if first_to_close == "primary-owner" else (other, owner)
    for child in (owner, other):
        _tell(child, "go")
    _expect(early, "SUBMITTED")
    _tell(early, "close")  # while the other one is still submitting
    out, _ = early.communicate(timeout=60)
    assert early.returncode == 0 and out.split() == ["CLOSED"]
    _expect(late, "SUBMITTED")
    _tell(late, "close")
    out, _ = late.communicate(timeout=60)
    assert late.returncode == 0 and out.split() == ["CLOSED"]

    engine = open_analytics_db(url)
    expected = {record_id(first + i) for first in (0, 100_000) for i in range(n)}
    _assert_exactly_once(engine, expected)
    engine.dispose()
    assert _spool_files(tmp_path) == ["usage-spool.jsonl", "usage-spool.jsonl.lock"]
    assert spool.read_bytes() == b""


@pytest.mark.slow
@pytest.mark.parametrize("role", ["primary", "secondary"])
def test_a_spool_is_adopted_only_once_its_writer_is_dead(
    engine: sa.Engine, db_url: str, tmp_path: Path, role: str
) -> None:
    n = 500
    spool = tmp_path / "usage-spool.jsonl"
    expected = {record_id(i) for i in range(n)}
    # For "secondary", this process holds the primary and the child gets a spool of its own.
    holder = UsageWriter(db_url, spool, **FAST) if role == "secondary" else None
    # The child cannot reach the database: its records stay in its spool.
    child = _child(unreachable_url_like(db_url, tmp_path), spool, 0, n, "hold")
    try:
        _expect(child, "READY")
        _expect(child, "SUBMITTED")
        if role == "secondary":
            block_until(lambda: len(_secondaries(tmp_path)) == 1, timeout=30)
            (child_spool,) = _secondaries(tmp_path)
        else:
            child_spool = spool
        block_until(lambda: spooled_ids(child_spool) == expected, timeout=30)
        before = child_spool.read_bytes()

        # A writer that can reach the database starts while the child lives: it sends its
        # own records and leaves the child's spool alone.
        bystander = UsageWriter(db_url, spool, **FAST)
        bystander.submit(make_record(id=record_id(n)))
        assert bystander.flush(20) and bystander.pending_count == 0
        assert bystander.close(10)
        assert stored_ids(engine) == [record_id(n)]
        assert child_spool.read_bytes() == before
        assert child.poll() is None
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(10)

    adopter = UsageWriter(db_url, spool, **FAST)
    assert adopter.flush(30) and adopter.pending_count == 0
    assert adopter.close(10)
    if holder is not None:
        assert holder.close(10)
    _assert_exactly_once(engine, expected | {record_id(n)})
    _assert_only_the_primary_is_left(tmp_path)


def test_a_record_submitted_after_close_never_lands_in_a_spool_someone_else_owns(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'analytics.db'}"
    engine = open_analytics_db(url)
    spool = tmp_path / "usage-spool.jsonl"
    first = UsageWriter(url, spool, **FAST)
    assert first.close(10)
    second = UsageWriter(url, spool, **FAST)  # owns the primary now
    first.submit(make_record(id=record_id(1)))  # a call finishing after the shutdown
    assert not spool.exists()
    (late,) = _secondaries(tmp_path)
    assert spooled_ids(late) == {record_id(1)}
    assert second.close(10)

    third = UsageWriter(url, spool, **FAST)
    assert third.close(10)
    assert stored_ids(engine) == [record_id(1)]
    _assert_only_the_primary_is_left(tmp_path)
    engine.dispose()


def test_leftovers_of_a_crashed_writer_are_cleared(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'analytics.db'}"
    engine = open_analytics_db(url)
    spool = tmp_path / "usage-spool.jsonl"
    (tmp_path / "usage-spool.111.0a0b0c0d.jsonl.lock").write_bytes(b"111\n")  # no spool yet
    (tmp_path / "usage-spool.222.1a2b3c4d.jsonl").write_bytes(b"")  # empty, no lock file
    torn = tmp_path / "usage-spool.333.9f8e7d6c.jsonl"
    torn.write_bytes(b'{"id": "torn-by-a-crash", "acti')
    side = tmp_path / "usage-spool.444.00000000.jsonl.rejected"  # for a human: kept
    side.write_bytes(b"{}\n")
    writer = UsageWriter(url, spool, **FAST)
    assert writer.close(10)
    assert stored_ids(engine) == []
    assert _spool_files(tmp_path) == [
        "usage-spool.444.00000000.jsonl.rejected",
        "usage-spool.jsonl.corrupt",
        "usage-spool.jsonl.lock",
    ]
    engine.dispose()
