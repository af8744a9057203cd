"""Latency buckets and percentiles; local days, months and DST transitions (no database)."""

from __future__ import annotations

import math
import random
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from headhunter_desktop.core.analytics import local_days
from headhunter_desktop.core.analytics.latency import (
    BUCKETS,
    LOWER_EDGES,
    REPRESENTATIVE_MS,
    latency_bucket,
    percentile_ms,
    percentiles_ms,
)


def test_buckets_cover_every_latency_in_order() -> None:
    assert len(LOWER_EDGES) == len(REPRESENTATIVE_MS) == BUCKETS
    assert list(LOWER_EDGES) == sorted(set(LOWER_EDGES))
    assert latency_bucket(-5) == latency_bucket(0) == 0
    assert latency_bucket(1) == latency_bucket(15) == 1
    assert latency_bucket(16) == 2
    assert latency_bucket(10**9) == BUCKETS - 1
    for bucket in range(1, BUCKETS - 1):
        lo, hi = LOWER_EDGES[bucket], LOWER_EDGES[bucket + 1] - 1
        assert latency_bucket(lo) == latency_bucket(hi) == bucket
        assert lo <= REPRESENTATIVE_MS[bucket] <= hi


def test_reported_latency_is_within_the_documented_error() -> None:
    for ms in range(16, LOWER_EDGES[-1]):
        error = abs(REPRESENTATIVE_MS[latency_bucket(ms)] - ms) / ms
        assert error <= (0.088 if ms >= 100 else 0.106), ms


def test_percentiles_match_exact_nearest_rank_within_the_bound() -> None:
    rnd = random.Random(3)
    for size in (1, 2, 7, 20, 101, 5000):
        values = [int(rnd.lognormvariate(7, 1.3)) + 16 for _ in range(size)]
        histogram = [0] * BUCKETS
        for v in values:
            histogram[latency_bucket(v)] += 1
        ordered = sorted(values)
        for fraction in (0.5, 0.95):
            exact = ordered[math.ceil(fraction * size) - 1]
            got = percentile_ms(histogram, fraction)
            assert got is not None and abs(got - exact) <= 0.106 * exact
    assert percentile_ms([0] * BUCKETS, 0.5) is None


def test_two_percentiles_in_one_pass_equal_the_bucket_walk() -> None:
    def walked(histogram: list[int], fraction: float) -> int | None:  # the definition
        total = sum(histogram)
        if total == 0:
            return None
        rank, seen = max(1, math.ceil(round(fraction * total, 9))), 0
        for bucket, count in enumerate(histogram):
            seen += count
            if seen >= rank:
                return REPRESENTATIVE_MS[bucket]
        raise AssertionError("rank beyond the total")

    rnd = random.Random(5)
    histograms = [[0] * BUCKETS, [0] * (BUCKETS - 1) + [3], [1] + [0] * (BUCKETS - 1)]
    histograms += [[rnd.choice((0, 0, 1, 2, 40)) for _ in range(BUCKETS)] for _ in range(300)]
    fractions = (0.0001, 0.5, 0.95, 0.999, 1.0)
    for histogram in histograms:
        assert percentiles_ms(histogram, fractions) == [walked(histogram, f) for f in fractions]


def test_local_midnight_on_dst_days() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    assert local_days.local_midnight(date(2025, 3, 30), berlin) == int(
        datetime(2025, 3, 29, 23, tzinfo=UTC).timestamp()
    )
    assert local_days.local_midnight(date(2025, 3, 31), berlin) == int(
        datetime(2025, 3, 30, 22, tzinfo=UTC).timestamp()
    )
    # Havana springs forward at midnight: the day starts at 01:00 local, 05:00 UTC.
    havana = ZoneInfo("America/Havana")
    assert local_days.local_midnight(date(2025, 3, 9), havana) == int(
        datetime(2025, 3, 9, 5, tzinfo=UTC).timestamp()
    )


def test_offset_segments_find_each_transition_to_the_second() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    first, stop = local_days.period_instants(date(2025, 1, 1), date(2025, 12, 31), berlin)
    assert local_days.offset_segments(berlin, first, stop) == [
        (first, 3600),
        (int(datetime(2025, 3, 30, 1, tzinfo=UTC).timestamp()), 7200),
        (int(datetime(2025, 10, 26, 1, tzinfo=UTC).timestamp()), 3600),
    ]
    assert local_days.offset_segments(UTC, first, stop) == [(first, 0)]


def test_month_helpers() -> None:
    may = local_days.month_epoch(date(2025, 5, 1))
    assert local_days.full_months(may, may + 86400 * 40) == (date(2025, 5, 1), date(2025, 6, 1))
    assert local_days.full_months(may + 1, may + 86400 * 40) == (date(2025, 6, 1), date(2025, 6, 1))
    assert local_days.calendar_months(date(2025, 1, 2), date(2025, 3, 31)) == (
        date(2025, 2, 1),
        date(2025, 4, 1),
    )
    assert local_days.next_month(date(2025, 12, 1)) == date(2026, 1, 1)
