"""The cost chart's bars: every day of the period (or week, or month, for long periods),
days without calls included as zero, with each bar's calls and unpriced calls.

The "day" breakdown lists only days with calls; an owner reading "last 30 days" expects
thirty bars, so the gaps are filled here. Up to 62 days a bar is a day; up to 400 days
(a year and a bit) a week starting on Monday; beyond, a calendar month. The first and
last bars are cut to the period, so a bar's dates are exactly the calls it counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from headhunter_desktop.core.services.usage_periods import day_text
from headhunter_desktop.core.services.usage_types import UsageRow

DAYS_OF_DAILY_BARS = 62
DAYS_OF_WEEKLY_BARS = 400
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class ChartBar:
    """One bar: the local dates it covers (inclusive) and what its calls cost."""

    start: date
    end: date
    label: str
    cost_usd: Decimal
    calls: int
    unpriced_calls: int

    @property
    def span_text(self) -> str:
        if self.start == self.end:
            return day_text(self.start)
        return f"{day_text(self.start)} \u2013 {day_text(self.end)}"


def bar_size(start: date, end: date) -> str:
    """'day', 'week' or 'month': what one bar covers for a period of these dates."""
    days = (end - start).days + 1
    if days <= DAYS_OF_DAILY_BARS:
        return "day"
    return "week" if days <= DAYS_OF_WEEKLY_BARS else "month"


def chart_span(
    start: date | None, end: date | None, rows: Sequence[UsageRow], today: date
) -> tuple[date, date]:
    """The dates the chart covers: the period, or for an open end from the first call
    (today when there is none) to today (or the last call, if later)."""
    days = [row.day for row in rows if row.day is not None]
    first = start or (min(days) if days else today)
    last = end or max([today, *days])
    return first, max(first, last)


def chart_bars(rows: Sequence[UsageRow], start: date, end: date) -> tuple[str, list[ChartBar]]:
    """The bars for local dates start..end from the day rows of a breakdown."""
    size = bar_size(start, end)
    by_day = {row.day: row for row in rows if row.day is not None}
    bars = []
    for first, last in _spans(start, end, size):
        inside = [by_day[d] for d in _days(first, last) if d in by_day]
        bars.append(
            ChartBar(
                start=first,
                end=last,
                label=_label(first, size),
                cost_usd=sum((r.cost_usd for r in inside), Decimal(0)),
                calls=sum(r.calls for r in inside),
                unpriced_calls=sum(r.unpriced_calls for r in inside),
            )
        )
    return size, bars


def _spans(start: date, end: date, size: str) -> list[tuple[date, date]]:
    spans = []
    first = start
    while first <= end:
        if size == "day":
            last = first
        elif size == "week":
            last = first + timedelta(days=6 - first.weekday())
        else:
            next_month = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
            last = next_month - timedelta(days=1)
        last = min(last, end)
        spans.append((first, last))
        first = last + timedelta(days=1)
    return spans


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _label(first: date, size: str) -> str:
    if size == "month":
        return f"{_MONTHS[first.month - 1]} {first.year % 100:02d}"
    return f"{first.day} {_MONTHS[first.month - 1]}"
