"""The cost chart's bars: every day of the period, zero days included; weeks or months for
long periods, cut to the period; all time from the first call to today."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from headhunter_desktop.core.services.usage_types import UsageRow
from headhunter_desktop.ui.common.bar_chart import nice_ceiling
from headhunter_desktop.ui.usage.chart_series import bar_size, chart_bars, chart_span


def day_row(day: date, cost: str, calls: int = 1, unpriced: int = 0) -> UsageRow:
    return UsageRow(
        calls=calls,
        tokens_input=0,
        tokens_cached_input=0,
        tokens_output=0,
        tokens_reasoning=0,
        tokens_total=0,
        cost_usd=Decimal(cost),
        unpriced_calls=unpriced,
        errors=0,
        error_rate=0.0,
        avg_tokens_per_call=0.0,
        latency_p50_ms=None,
        latency_p95_ms=None,
        key=day,
        label=day.isoformat(),
        day=day,
    )


def test_thirty_days_are_thirty_bars_with_the_empty_ones_at_zero() -> None:
    end = date(2026, 12, 2)
    start = end - timedelta(days=29)
    rows = [day_row(end, "0.5"), day_row(end - timedelta(days=3), "0", calls=2, unpriced=2)]
    size, bars = chart_bars(rows, start, end)
    assert size == "day"
    assert [b.start for b in bars] == [start + timedelta(days=n) for n in range(30)]
    assert all(b.start == b.end for b in bars)
    assert [b.cost_usd for b in bars] == [Decimal(0)] * 29 + [Decimal("0.5")]
    assert [b.unpriced_calls for b in bars][26] == 2  # the unpriced day is still there
    assert sum(b.calls for b in bars) == 3
    assert bars[0].label == "3 Nov" and bars[-1].label == "2 Dec"


def test_a_year_is_weeks_from_monday_cut_to_the_period() -> None:
    start, end = date(2026, 1, 1), date(2026, 12, 2)  # a Thursday to a Wednesday
    rows = [day_row(date(2026, 1, 4), "1"), day_row(date(2026, 1, 5), "2")]
    size, bars = chart_bars(rows, start, end)
    assert size == "week"
    assert (bars[0].start, bars[0].end) == (date(2026, 1, 1), date(2026, 1, 4))  # Thu..Sun
    assert (bars[1].start, bars[1].end) == (date(2026, 1, 5), date(2026, 1, 11))
    assert bars[-1].end == end and bars[-1].start == date(2026, 11, 30)
    assert [bars[0].cost_usd, bars[1].cost_usd] == [Decimal(1), Decimal(2)]
    days = sum((b.end - b.start).days + 1 for b in bars)
    assert days == (end - start).days + 1  # every day in exactly one bar


def test_long_periods_are_months() -> None:
    start, end = date(2024, 11, 15), date(2026, 12, 2)
    size, bars = chart_bars([day_row(date(2025, 2, 28), "3")], start, end)
    assert size == "month" and bar_size(start, end) == "month"
    assert (bars[0].start, bars[0].end) == (start, date(2024, 11, 30))
    feb = next(b for b in bars if b.start == date(2025, 2, 1))
    assert feb.end == date(2025, 2, 28) and feb.cost_usd == Decimal(3) and feb.label == "Feb 25"
    assert len(bars) == 26


def test_all_time_runs_from_the_first_call_to_today() -> None:
    today = date(2026, 12, 2)
    rows = [day_row(date(2026, 11, 20), "1"), day_row(date(2026, 11, 25), "1")]
    assert chart_span(None, None, rows, today) == (date(2026, 11, 20), today)
    assert chart_span(None, None, [], today) == (today, today)
    assert chart_span(date(2026, 12, 1), today, rows, today) == (date(2026, 12, 1), today)


def test_the_axis_top_is_a_round_amount() -> None:
    tops = [nice_ceiling(v) for v in (0.57242, 0.0724, 1.0, 3.2, 0.25, 12_345.0, 0.0)]
    assert tops == [1.0, 0.1, 1.0, 5.0, 0.25, 20_000.0, 0.0]
