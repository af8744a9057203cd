"""Records and brute-force reference figures for the analytics tests."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from headhunter_desktop.core.analytics.db import write_transaction
from headhunter_desktop.core.analytics.latency import latency_bucket
from headhunter_desktop.core.analytics.record import UsageRecord
from headhunter_desktop.core.analytics.rollups import MEASURE_COLUMNS
from headhunter_desktop.core.analytics.schema import (
    hourly_rollups,
    monthly_rollups,
    quarter_hour_rollups,
    usage_records,
)
from headhunter_desktop.core.analytics.store import insert_records


def make_record(**overrides: Any) -> UsageRecord:
    """A plausible record with every field set; override what the test is about."""
    values: dict[str, Any] = {
        "action": "parse_cv",
        "requested_model": "gpt-4o-mini",
        "model": "gpt-4o-mini-2024-07-18",
        "occurred_at": datetime(2025, 3, 30, 12, 0, 0, 123456, tzinfo=UTC),
        "client_company_id": 1,
        "client_company_name": "Acme GmbH",
        "entity_type": "cv",
        "entity_id": "cv-17",
        "tokens_input": 1000,
        "tokens_cached_input": 200,
        "tokens_output": 300,
        "tokens_reasoning": 50,
        "tokens_total": 1300,
        "usage_source": "provider",
        "cost_usd": Decimal("0.000330000001"),
        "price_source": "genai-prices",
        "latency_ms": 850,
        "ttft_ms": 120,
        "streaming": True,
        "status": "ok",
        "error_type": None,
        "app_user": "ana@laptop",
        "app_version": "0.1.0",
    }
    values.update(overrides)
    return UsageRecord(**values)


def record_id(index: int) -> str:
    """A deterministic UUID-shaped id."""
    return f"00000000-0000-4000-8000-{index:012d}"


def insert(engine: sa.Engine, records: Iterable[UsageRecord]) -> int:
    """Insert records the way the writer does."""
    with write_transaction(engine) as conn:
        return insert_records(conn, list(records))


def count_rows(engine: sa.Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(usage_records)).scalar_one()


def stored_ids(engine: sa.Engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(sa.select(usage_records.c.id)).scalars())


def rollup_sums(engine: sa.Engine) -> list[Any]:
    """Column sums of monthly_rollups, asserting every time rollup has the same ones."""
    out = []
    with engine.connect() as conn:
        for table in (monthly_rollups, hourly_rollups, quarter_hour_rollups):
            columns = (sa.func.coalesce(sa.func.sum(table.c[n]), 0) for n in MEASURE_COLUMNS)
            values = conn.execute(sa.select(*columns)).one()
            out.append([Decimal(v) if i == 8 else int(v) for i, v in enumerate(values)])
    assert out[1] == out[0] and out[2] == out[0], "rollups disagree"
    return out[0]


@dataclass
class Expected:
    calls: int = 0
    tokens_input: int = 0
    tokens_cached_input: int = 0
    tokens_output: int = 0
    tokens_reasoning: int = 0
    tokens_total: int = 0
    cost_usd: Decimal = Decimal(0)
    unpriced_calls: int = 0
    errors: int = 0
    latencies: list[int] | None = None

    def add(self, r: UsageRecord) -> None:
        self.calls += 1
        self.tokens_input += r.tokens_input
        self.tokens_cached_input += r.tokens_cached_input
        self.tokens_output += r.tokens_output
        self.tokens_reasoning += r.tokens_reasoning
        self.tokens_total += r.tokens_total
        if r.cost_usd is None:
            self.unpriced_calls += 1
        else:
            self.cost_usd += r.cost_usd
        self.errors += r.status == "error"
        self.latencies = [*(self.latencies or []), r.latency_ms]

    def percentile_bucket(self, fraction: float) -> int | None:
        """Bucket of the exact nearest-rank percentile (what the histogram must report)."""
        if not self.latencies:
            return None
        ordered = sorted(self.latencies)
        return latency_bucket(ordered[max(1, math.ceil(round(fraction * len(ordered), 9))) - 1])


def local_day(r: UsageRecord, tz: tzinfo) -> date:
    return r.occurred_at.astimezone(tz).date()


def reference(
    records: Iterable[UsageRecord],
    tz: tzinfo,
    start: date | None,
    end: date | None,
    client: int | None,
    by: str | None,
) -> dict[Any, Expected]:
    """Brute-force figures: the oracle the SQL must agree with."""
    out: dict[Any, Expected] = {}
    for r in records:
        day = local_day(r, tz)
        if (start and day < start) or (end and day > end):
            continue
        if client is not None and r.client_company_id != client:
            continue
        key = {
            None: None,
            "action": r.action,
            "model": r.model or r.requested_model,
            "client": r.client_company_id,
            "day": day,
        }[by]
        out.setdefault(key, Expected()).add(r)
    return out


def assert_matches(got: Any, want: Expected) -> None:
    """Compare a UsageTotals/UsageRow with brute-force figures, percentiles by bucket."""
    from headhunter_desktop.core.analytics.latency import REPRESENTATIVE_MS

    for name in (
        "calls",
        "tokens_input",
        "tokens_cached_input",
        "tokens_output",
        "tokens_reasoning",
        "tokens_total",
        "cost_usd",
        "unpriced_calls",
        "errors",
    ):
        assert getattr(got, name) == getattr(want, name), name
    for attr, fraction in (("latency_p50_ms", 0.5), ("latency_p95_ms", 0.95)):
        bucket = want.percentile_bucket(fraction)
        assert getattr(got, attr) == (None if bucket is None else REPRESENTATIVE_MS[bucket]), attr
    if want.calls:
        assert got.error_rate == want.errors / want.calls
        assert got.avg_tokens_per_call == want.tokens_total / want.calls


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]
