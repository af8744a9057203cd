"""Brute-force usage figures: the oracle the SQL of the usage queries must agree with."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, tzinfo
from decimal import Decimal
from typing import Any

from headhunter_desktop.core.analytics.latency import REPRESENTATIVE_MS, latency_bucket
from headhunter_desktop.core.analytics.record import UsageRecord
from tests.helpers.usage_records import TOTAL_FIELDS, client_key_of


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
    client: str | None,
    by: str | None,
) -> dict[Any, Expected]:
    """Brute-force figures per `by` key (None: one total) of the records in the filter."""
    out: dict[Any, Expected] = {}
    for r in records:
        day = local_day(r, tz)
        if (start and day < start) or (end and day > end):
            continue
        if client is not None and client_key_of(r) != client:
            continue
        key = {
            None: None,
            "action": r.action,
            "model": r.model or r.requested_model,
            "client": client_key_of(r),
            "day": day,
        }[by]
        out.setdefault(key, Expected()).add(r)
    return out


def assert_matches(got: Any, want: Expected) -> None:
    """Compare a UsageTotals/UsageRow with brute-force figures, percentiles by bucket."""
    for name in TOTAL_FIELDS:
        assert getattr(got, name) == getattr(want, name), name
    for attr, fraction in (("latency_p50_ms", 0.5), ("latency_p95_ms", 0.95)):
        bucket = want.percentile_bucket(fraction)
        assert getattr(got, attr) == (None if bucket is None else REPRESENTATIVE_MS[bucket]), attr
    if want.calls:
        assert got.error_rate == want.errors / want.calls
        assert got.avg_tokens_per_call == want.tokens_total / want.calls
