"""Records the database cannot hold: set aside one by one, counted, never blocking the rest.

A record refused by the database used to be taken for a database that is away when the
error was not one of SQLAlchemy's: its batch was retried forever and every later record
waited behind it (issue 8, item 2). A cost of the int 0 was refused outright (item 1).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from headhunter_desktop.core.analytics.queries import UsageQuery, usage_totals
from headhunter_desktop.core.analytics.record_insert import quantize_cost
from headhunter_desktop.core.analytics.spool import spool_line
from headhunter_desktop.core.analytics.writer import SetAsideFiles, UsageWriter
from tests.helpers.usage_db import count_rows, rollup_sums, stored_ids
from tests.helpers.usage_records import make_record, record_id

FAST = {"backoff": lambda attempt: 0.02}
# Records no database can hold, and what was wrong with each.
POISON: dict[str, dict[str, Any]] = {
    "tokens past 64 bits": {"tokens_input": 2**63, "tokens_total": 2**63 + 300},
    "tokens as a huge float": {"tokens_input": 1e300, "tokens_total": 1e300},
    "tokens past the integer column": {"tokens_output": 3_000_000_000},
    "negative tokens": {"tokens_input": -5},
    "an infinite cost": {"cost_usd": Decimal("Infinity")},
    "a NaN cost": {"cost_usd": Decimal("NaN")},
    "a cost too long to round": {"cost_usd": Decimal("1e300")},
    # Rounds fine, but is past numeric(20, 12) on PostgreSQL (NumericValueOutOfRange)
    # and past 64 bits as SQLite's scaled integer (sqlite3 raises OverflowError).
    "a cost past the money column": {"cost_usd": Decimal("1e10")},
}


@pytest.mark.parametrize("cost", [0, 0.25, Decimal(0)], ids=["int 0", "float", "Decimal 0"])
def test_a_cost_of_any_number_type_is_stored(
    engine: sa.Engine, db_url: str, tmp_path: Path, cost: object
) -> None:
    writer = UsageWriter(db_url, tmp_path / "spool.jsonl", **FAST)
    writer.submit(make_record(id=record_id(1), cost_usd=cost, status="error", tokens_total=0))
    assert writer.close(10)
    assert stored_ids(engine) == [record_id(1)]
    assert writer.set_aside_records().count == 0
    totals = usage_totals(engine, UsageQuery())
    assert (totals.errors, totals.cost_usd) == (1, Decimal(str(cost)))


def test_a_large_cost_is_stored_to_the_last_place(
    engine: sa.Engine, db_url: str, tmp_path: Path
) -> None:
    # 9,007.199254740993 USD is 2**53 + 1 at 12 places: exact as an integer, not as a float
    # (SQLite's Numeric processor once made a float of it on the way in).
    cost = Decimal("9007.199254740993")
    writer = UsageWriter(db_url, tmp_path / "spool.jsonl", **FAST)
    writer.submit(make_record(id=record_id(1), cost_usd=cost))
    writer.submit(make_record(id=record_id(2), cost_usd=cost))
    assert writer.close(10)
    stored = sa.text("SELECT cost_usd FROM usage_records ORDER BY id")
    with engine.connect() as conn:
        raw = conn.execute(stored).scalars().all()
    exact = 9007199254740993 if engine.dialect.name == "sqlite" else cost
    assert raw == [exact, exact]
    assert usage_totals(engine, UsageQuery()).cost_usd == 2 * cost  # the rollups too


def test_quantize_cost_takes_any_finite_number_and_refuses_the_rest() -> None:
    assert quantize_cost(0) == Decimal(0)
    assert quantize_cost(0.1) == Decimal("0.100000000000")
    assert quantize_cost(Decimal("0.0000001234565")) == Decimal("0.000000123456")  # half-even
    for bad in (Decimal("Infinity"), float("nan"), Decimal("1e300")):
        with pytest.raises(ValueError):
            quantize_cost(bad)
    with pytest.raises(TypeError):
        quantize_cost("0.1")  # type: ignore[arg-type]


@pytest.mark.parametrize("poison", list(POISON), ids=list(POISON))
def test_a_poison_record_is_set_aside_and_the_others_commit(
    engine: sa.Engine, db_url: str, tmp_path: Path, poison: str
) -> None:
    spool = tmp_path / "spool.jsonl"
    writer = UsageWriter(db_url, spool, **FAST)
    writer.submit(make_record(id=record_id(1)))
    writer.submit(make_record(id=record_id(2), **POISON[poison]))
    writer.submit(make_record(id=record_id(3)))
    assert writer.flush(10), "the batch must not wait for a database that is there"
    writer.submit(make_record(id=record_id(4)))  # later records are not held back either
    assert writer.flush(10)
    assert writer.pending_count == 0
    assert sorted(stored_ids(engine)) == [record_id(i) for i in (1, 3, 4)]
    rejected = (tmp_path / "spool.jsonl.rejected").read_bytes().splitlines()
    assert [json.loads(line)["id"] for line in rejected] == [record_id(2)]
    set_aside = writer.set_aside_records()
    assert (set_aside.count, set_aside.files) == (1, (tmp_path / "spool.jsonl.rejected",))
    assert writer.close(10)
    assert rollup_sums(engine)[0] == count_rows(engine) == 3


def test_an_unreadable_spool_line_is_set_aside_at_start(
    engine: sa.Engine, db_url: str, tmp_path: Path
) -> None:
    spool = tmp_path / "spool.jsonl"
    infinite = json.loads(spool_line(make_record(id=record_id(2))))
    infinite["cost_usd"] = "Infinity"
    huge = json.loads(spool_line(make_record(id=record_id(3))))
    huge["tokens_input"] = 1e300
    spool.write_bytes(
        spool_line(make_record(id=record_id(1)))
        + json.dumps(infinite).encode()
        + b"\n"
        + json.dumps(huge).encode()
        + b"\n"
        + spool_line(make_record(id=record_id(4)))
    )
    writer = UsageWriter(db_url, spool, **FAST)
    assert writer.flush(10)
    assert sorted(stored_ids(engine)) == [record_id(1), record_id(4)]
    assert writer.set_aside_records().count == 2
    assert writer.set_aside_records().files == (tmp_path / "spool.jsonl.corrupt",)
    assert writer.close(10)


def test_set_aside_files_are_counted_wherever_a_writer_left_them(tmp_path: Path) -> None:
    primary = tmp_path / "usage-spool.jsonl"
    counter = SetAsideFiles(primary)
    assert counter.count().count == 0 and counter.count().where == ""
    rejected = tmp_path / "usage-spool.jsonl.rejected"
    rejected.write_bytes(b'{"id": "a"}\n{"id": "b"}\n')
    assert counter.count().count == 2 and counter.count().where == str(rejected)
    (tmp_path / "usage-spool.77.0a0b0c0d.jsonl.corrupt").write_bytes(b'{"id": "torn')
    (tmp_path / "usage-spool.jsonl").write_bytes(b'{"id": "pending"}\n')  # not set aside
    (tmp_path / "other.jsonl.rejected").write_bytes(b"{}\n")  # not this spool's
    with rejected.open("ab") as out:
        out.write(b'{"id": "c"}\n')
    found = counter.count()
    assert found.count == 4
    assert found.where.startswith(str(tmp_path)) and "usage-spool.jsonl.rejected" in found.where
    rejected.unlink()  # reviewed and moved away
    assert counter.count().count == 1
