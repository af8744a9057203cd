"""The write path: round trip, idempotency, spool replay, unreachable database, bad records."""

from __future__ import annotations

import json
import logging
import threading
import time
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

from headhunter_desktop.core.analytics.db import open_analytics_db
from headhunter_desktop.core.analytics.record_insert import RECORD_FIELDS
from headhunter_desktop.core.analytics.rollups import MEASURE_COLUMNS
from headhunter_desktop.core.analytics.spool import Spool, spool_line
from headhunter_desktop.core.analytics.tables import usage_records
from headhunter_desktop.core.analytics.writer import UsageWriter
from tests.helpers.network import unreachable_url_like
from tests.helpers.usage_db import count_rows, insert, rollup_sums, stored_ids
from tests.helpers.usage_records import make_record, record_id
from tests.helpers.waiting import block_until

FAST = {"backoff": lambda attempt: 0.02}


def _assert_rollups_match_detail(engine: sa.Engine) -> None:
    months = rollup_sums(engine)
    with engine.connect() as conn:
        r = usage_records.c
        calls, cost = conn.execute(
            sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(r.cost_usd), 0))
        ).one()
    assert months[MEASURE_COLUMNS.index("calls")] == calls
    assert months[MEASURE_COLUMNS.index("cost_usd")] == cost


def test_every_field_survives_the_round_trip(
    engine: sa.Engine, db_url: str, tmp_path: Path
) -> None:
    record = make_record(
        id=record_id(7),
        occurred_at=datetime(2025, 10, 26, 0, 59, 59, 999999, tzinfo=UTC),
        client_company_id=42,
        client_company_name="Müller & Söhne KG",
        entity_type="job",
        entity_id="job-9",
        requested_model="o4-mini",
        model="o4-mini-2025-04-16",
        tokens_input=12345,
        tokens_cached_input=2345,
        tokens_output=678,
        tokens_reasoning=512,
        tokens_total=13023,
        usage_source="estimated",
        cost_usd=Decimal("0.012345678901"),
        price_source="override",
        latency_ms=4321,
        ttft_ms=987,
        streaming=True,
        status="cancelled",
        error_type="CancelledError",
        app_user="ana@laptop",
        app_version="1.2.3",
    )
    writer = UsageWriter(db_url, tmp_path / "spool.jsonl", **FAST)
    writer.submit(record)
    assert writer.close(10)
    with engine.connect() as conn:
        row = conn.execute(sa.select(usage_records)).one()._mapping
    for name in RECORD_FIELDS:
        assert row[name] == getattr(record, name), name
    assert row["occurred_at"].tzinfo is not None
    assert row["occurred_epoch"] == 1761440399
    assert (tmp_path / "spool.jsonl").read_bytes() == b""


def test_spool_line_is_the_to_json_dict_format() -> None:
    record = make_record(cost_usd=Decimal("0.10"), client_company_name="Zoë")
    assert json.loads(spool_line(record)) == record.to_json_dict()


def test_the_same_record_twice_is_one_row(engine: sa.Engine, db_url: str, tmp_path: Path) -> None:
    record = make_record(id=record_id(1))
    assert insert(engine, [record, record]) == 1
    assert insert(engine, [record]) == 0
    writer = UsageWriter(db_url, tmp_path / "spool.jsonl", **FAST)
    writer.submit(record)
    writer.submit(make_record(id=record_id(2)))
    assert writer.close(10)
    assert sorted(stored_ids(engine)) == [record_id(1), record_id(2)]
    _assert_rollups_match_detail(engine)


def test_many_threads_submit_at_once(engine: sa.Engine, db_url: str, tmp_path: Path) -> None:
    writer = UsageWriter(db_url, tmp_path / "spool.jsonl", batch_size=300, **FAST)

    def work(thread: int) -> None:
        for i in range(500):
            writer.submit(make_record(id=record_id(thread * 1000 + i), latency_ms=10 + i))

    threads = [threading.Thread(target=work, args=(t,)) for t in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert writer.flush(30)
    assert writer.pending_count == 0
    writer.close()
    assert count_rows(engine) == 4000
    _assert_rollups_match_detail(engine)


def test_spool_is_replayed_at_start_skipping_corrupt_lines(
    engine: sa.Engine, db_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    spool = tmp_path / "spool.jsonl"
    good = [make_record(id=record_id(i)) for i in range(3)]
    spool.write_bytes(
        spool_line(good[0])
        + b'{"id": "broken", "action": \n'
        + spool_line(good[1])
        + b'{"not": "a record"}\n'
        + spool_line(good[2])
        + b'{"id": "torn-by-a-crash", "acti'
    )
    caplog.set_level(logging.WARNING, logger="headhunter_desktop.analytics")
    writer = UsageWriter(db_url, spool, **FAST)
    assert writer.flush(10)
    writer.submit(make_record(id=record_id(3)))  # appends after the torn line are intact
    assert writer.close(10)
    assert sorted(stored_ids(engine)) == [record_id(i) for i in range(4)]
    warnings = [r.getMessage() for r in caplog.records if r.name == "headhunter_desktop.analytics"]
    skipped = [m for m in warnings if "skipping corrupt line" in m]
    assert [m.split()[3] for m in skipped] == ["2", "4", "6"]
    assert spool.read_bytes() == b""
    assert len((tmp_path / "spool.jsonl.corrupt").read_bytes().splitlines()) == 3


def test_unreachable_database_then_back(
    engine: sa.Engine, db_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    state = {"url": unreachable_url_like(db_url, tmp_path)}
    reported: list[int] = []
    caplog.set_level(logging.DEBUG, logger="headhunter_desktop.analytics")
    writer = UsageWriter(
        lambda: open_analytics_db(state["url"]),
        tmp_path / "spool.jsonl",
        on_pending_changed=reported.append,
        **FAST,
    )
    records = [make_record(id=record_id(i)) for i in range(50)]
    for record in records:
        writer.submit(record)
    assert not writer.flush(0.5)
    assert writer.pending_count == 50
    assert count_rows(engine) == 0
    assert len(Spool(tmp_path / "spool.jsonl").load()) == 50  # durable while offline
    assert reported[-1] == 50

    state["url"] = db_url
    assert writer.flush(10)
    assert writer.pending_count == 0
    block_until(lambda: reported[-1] == 0)
    writer.close()
    assert sorted(stored_ids(engine)) == sorted(r.id for r in records)
    _assert_rollups_match_detail(engine)
    assert "pw-secret" not in caplog.text
    assert any("wait in the spool" in r.getMessage() for r in caplog.records)


def test_close_while_offline_keeps_records_for_the_next_start(
    engine: sa.Engine, db_url: str, tmp_path: Path
) -> None:
    spool = tmp_path / "spool.jsonl"
    offline = UsageWriter(unreachable_url_like(db_url, tmp_path), spool, **FAST)
    for i in range(20):
        offline.submit(make_record(id=record_id(i)))
    started = time.monotonic()
    assert offline.close(timeout=5) is False
    assert time.monotonic() - started < 3  # does not sit out the timeout
    offline.submit(make_record(id=record_id(20)))  # a call finishing during shutdown

    online = UsageWriter(db_url, spool, **FAST)
    assert online.close(10)
    assert sorted(stored_ids(engine)) == [record_id(i) for i in range(21)]


def test_a_record_the_database_refuses_is_set_aside(
    engine: sa.Engine, db_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    writer = UsageWriter(db_url, tmp_path / "spool.jsonl", **FAST)
    writer.submit(make_record(id=record_id(1)))
    writer.submit(make_record(id=record_id(2), action=None))  # NOT NULL
    writer.submit(make_record(id=record_id(3)))
    assert writer.close(10)
    assert sorted(stored_ids(engine)) == [record_id(1), record_id(3)]
    rejected = (tmp_path / "spool.jsonl.rejected").read_bytes().splitlines()
    assert [json.loads(line)["id"] for line in rejected] == [record_id(2)]
    assert record_id(2) in caplog.text
    _assert_rollups_match_detail(engine)


def test_submit_is_cheap_even_while_the_database_is_away(tmp_path: Path) -> None:
    writer = UsageWriter(unreachable_url_like("sqlite", tmp_path), tmp_path / "spool.jsonl", **FAST)
    record = make_record()
    started = time.perf_counter()
    for _ in range(10_000):
        writer.submit(record)
    per_call = (time.perf_counter() - started) / 10_000
    writer.close(1)
    assert per_call < 50e-6


def test_spool_file_operations(tmp_path: Path) -> None:
    spool = Spool(tmp_path / "spool.jsonl")
    assert spool.load() == []
    records = [make_record(id=record_id(i)) for i in range(5)]
    assert spool.append(records) == 5
    assert [r.id for r in spool.load()] == [r.id for r in records]
    assert spool.rewrite(records[3:]) == 2
    assert [r.id for r in spool.load()] == [record_id(3), record_id(4)]
    spool.clear()
    assert spool.load() == [] and spool.path.read_bytes() == b""


def test_spool_is_compacted_while_records_keep_coming(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import sqlite3

    from headhunter_desktop.core.analytics.writer import spool_owner

    monkeypatch.setattr(spool_owner, "COMPACT_AFTER_LINES", 5)
    caplog.set_level(logging.DEBUG, logger="headhunter_desktop.analytics")
    path = tmp_path / "analytics.db"
    engine = open_analytics_db(f"sqlite:///{path}")
    spool = tmp_path / "spool.jsonl"
    writer = UsageWriter(f"sqlite:///{path}", spool, batch_size=10, **FAST)
    lock = sqlite3.connect(path, isolation_level=None)
    lock.execute("BEGIN IMMEDIATE")  # another instance's long transaction
    for i in range(100):
        writer.submit(make_record(id=record_id(i)))
    block_until(lambda: spool.exists() and len(spool.read_bytes().splitlines()) == 100)
    lock.execute("ROLLBACK")
    lock.close()
    assert writer.close(30)
    assert "usage spool compacted" in caplog.text
    assert sorted(stored_ids(engine)) == [record_id(i) for i in range(100)]
    assert spool.read_bytes() == b""
    engine.dispose()
