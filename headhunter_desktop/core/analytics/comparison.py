"""A period's usage against the period just before it: the delta and the change in %.

The previous period has the same number of days and ends the day before the period
starts ("last 30 days" against the 30 days before them), except where calendars make a
fairer pair, as an owner reading "this month: +40 %" expects:
- a period starting on the 1st and ending in the same month (month to date, a whole
  month) is set against the same days of the month before: 1–2 December against 1–2
  November, the whole of November against the whole of October; days the previous month
  lacks (30 or 31 February) are left out;
- a period starting on 1 January and ending in the same year (year to date) is set
  against the same dates of the year before (29 February becomes the 28th).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from headhunter_desktop.core.analytics.local_days import month_floor
from headhunter_desktop.core.analytics.queries import UsageTotals


@dataclass(frozen=True)
class Change:
    """One figure now and before; pct is None when there was nothing before to compare to."""

    current: Decimal
    previous: Decimal
    delta: Decimal
    pct: float | None


@dataclass(frozen=True)
class PeriodComparison:
    """Cost, calls and tokens against the previous period (its local dates, inclusive)."""

    cost: Change
    calls: Change
    tokens: Change
    previous_start: date
    previous_end: date


def previous_period(start: date, end: date) -> tuple[date, date]:
    """The period to compare start..end (inclusive) with (see the module docstring)."""
    if end < start:
        raise ValueError("a period ends on or after its start")
    if start.day == 1 and (start.year, start.month) == (end.year, end.month):
        return _previous_month_days(start, end)
    if (start.month, start.day) == (1, 1) and start.year == end.year:
        return start.replace(year=start.year - 1), _year_before(end)
    length = end - start + timedelta(days=1)
    return start - length, start - timedelta(days=1)


def change(current: Decimal | int, previous: Decimal | int) -> Change:
    """The delta of two figures and the change in percent of the previous one."""
    now, before = Decimal(current), Decimal(previous)
    delta = now - before
    pct = None if before == 0 else float(delta / before * 100)
    return Change(now, before, delta, pct)


def compare(
    current: UsageTotals,
    previous: UsageTotals,
    previous_start: date,
    previous_end: date,
) -> PeriodComparison:
    """Cost (priced calls), calls and total tokens of two periods side by side."""
    return PeriodComparison(
        cost=change(current.cost_usd, previous.cost_usd),
        calls=change(current.calls, previous.calls),
        tokens=change(current.tokens_total, previous.tokens_total),
        previous_start=previous_start,
        previous_end=previous_end,
    )


def _previous_month_days(start: date, end: date) -> tuple[date, date]:
    last_of_previous = start - timedelta(days=1)
    first_of_previous = month_floor(last_of_previous)
    whole_month = (end + timedelta(days=1)).day == 1
    if whole_month:
        return first_of_previous, last_of_previous
    return first_of_previous, last_of_previous.replace(day=min(end.day, last_of_previous.day))


def _year_before(day: date) -> date:
    if (day.month, day.day) == (2, 29):
        return date(day.year - 1, 2, 28)
    return day.replace(year=day.year - 1)
