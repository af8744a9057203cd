"""Intents in the usage spool: on disk before a request leaves, settled by its record, an
`interrupted` record at the next start when the writer stopped first."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import sqlalchemy as sa

from headhunter_desktop.core.analytics.rollups import MEASURE_COLUMNS
from headhunter_desktop.core.analytics.spool import Spool, intent_line, spool_line
from headhunter_desktop.core.analytics.writer import UsageWriter
from tests.helpers.usage_db import count_rows, rollup_sums, stored_ids
from tests.helpers.usage_records import make_record, record_id, spooled_ids


def intent_of(index: int):
    return make_record(id=record_id(index), status="interrupted", tokens_output=0)


def test_an_intent_is_on_disk_when_its_future_is_done(db_url: str, tmp_path: Path) -> None:
    spool = tmp_path / "usage-spool.jsonl"
    writer = UsageWriter(db_url, spool)
    try:
        writer.write_intent(intent_of(1)).result(timeout=10)
        lines = spool.read_bytes().splitlines()
        assert len(lines) == 1 and lines[0].startswith(b'{"intent":')
        assert spooled_ids(spool) == set()  # an intent is no record
    finally:
        writer.close(10)


def test_a_settled_intent_leaves_one_record_and_an_empty_spool(
    engine: sa.Engine, db_url: str, tmp_path: Path
) -> None:
    spool = tmp_path / "usage-spool.jsonl"
    writer = UsageWriter(db_url, spool)
    writer.write_intent(intent_of(1)).result(timeout=10)
    writer.submit(make_record(id=record_id(1)))
    assert writer.close(10)
    assert stored_ids(engine) == [record_id(1)]
    assert spool.read_bytes() == b""


def test_an_open_intent_survives_the_spool_being_emptied(
    engine: sa.Engine, db_url: str, tmp_path: Path
) -> None:
    """Other calls' records are committed and the spool tidied while a request is out."""
    spool = tmp_path / "usage-spool.jsonl"
    writer = UsageWriter(db_url, spool)
    writer.write_intent(intent_of(1)).result(timeout=10)
    for i in range(2, 5):
        writer.submit(make_record(id=record_id(i)))
    assert writer.flush(10)
    writer.close(10)  # the process ends with request 1 still out
    assert count_rows(engine) == 3

    restarted = UsageWriter(db_url, spool)
    assert restarted.close(10)
    assert set(stored_ids(engine)) == {record_id(i) for i in range(1, 5)}
    # Interrupted counts as an error (its outcome was never heard of).
    assert rollup_sums(engine)[MEASURE_COLUMNS.index("errors")] == 1
    with engine.connect() as conn:
        status = conn.execute(
            sa.text("SELECT status, tokens_output FROM usage_records WHERE id = :id"),
            {"id": record_id(1)},
        ).one()
    assert tuple(status) == ("interrupted", 0)


def test_a_record_spooled_before_a_crash_settles_its_intent(
    engine: sa.Engine, db_url: str, tmp_path: Path
) -> None:
    """Intent and record both in the file (killed before the commit): one record, the real one."""
    spool = tmp_path / "usage-spool.jsonl"
    real = make_record(id=record_id(7), status="ok")
    spool.write_bytes(
        intent_line(dataclasses.replace(real, status="interrupted")) + spool_line(real)
    )
    assert [r.status for r in Spool(spool).load()] == ["ok"]
    writer = UsageWriter(db_url, spool)
    assert writer.close(10)
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT id, status FROM usage_records")).all()
    assert [tuple(r) for r in rows] == [(record_id(7), "ok")]
