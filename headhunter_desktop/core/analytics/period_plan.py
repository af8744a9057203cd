"""Where the measures of a period come from: which rollup months, days and detail ranges.

A period [first, stop) is answered from:
- monthly_rollups for the UTC months it covers entirely (thousands of rows, not millions),
  and for months whose detail rows retention removed, when the query's calendar dates
  cover the whole month;
- client_daily_rollups for the whole UTC days of its partial months;
- usage_records for what is left: the parts of at most two UTC days at its ends.
Where that reads fewer rows, the whole that holds a partial part is read and the rest
subtracted: a month from monthly_rollups less its days outside the period ("this month"
on the 17th is one month's rows less fourteen days that hold nothing yet: days after now
count as empty), a day from client_daily_rollups less its detail rows outside the period
(local midnight in Berlin is 23:00 UTC: an hour of detail rows rather than twenty-three).
All give the same measures (counts, token sums, exact cost, latency
histogram), so the subtraction is exact. A filter on the app user reads detail rows only
(no rollup has it).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

import sqlalchemy as sa

from headhunter_desktop.core.analytics import local_days
from headhunter_desktop.core.analytics.rollups import DAY_S
from headhunter_desktop.core.analytics.tables import retention_state

Bound = TypeVar("Bound", int, date)  # instants, or first days of months


@dataclass(frozen=True)
class Plan:
    """Where the measures of one period come from."""

    client: str | None  # a client key (tables.client_key), None for all clients
    month_ranges: tuple[tuple[date, date], ...]  # monthly_rollups months [lo, hi)
    detail_ranges: tuple[tuple[int, int], ...]  # usage_records instants [first, stop)
    detail_floor: int  # detail rows before this instant were removed by retention
    day_ranges: tuple[tuple[int, int], ...] = ()  # client_daily_rollups UTC days
    # usage_records instants inside day_ranges but outside the period: subtracted
    minus_ranges: tuple[tuple[int, int], ...] = ()
    app_user: str | None = None  # only this user's calls: detail rows only
    # client_daily_rollups days inside month_ranges but outside the period: subtracted
    minus_day_ranges: tuple[tuple[int, int], ...] = ()


def retention_cutoff(conn: sa.Connection) -> date | None:
    """First UTC month that still has detail rows after retention; None if never applied."""
    return conn.execute(sa.select(retention_state.c.cutoff_month)).scalar()


def plan_period(
    conn: sa.Connection,
    client: str | None,
    first: int,
    stop: int,
    calendar: tuple[date, date],
    app_user: str | None = None,
    *,
    detail_only: bool = False,
) -> Plan:
    """Split [first, stop) into rollup months, rollup days and detail ranges (see the module
    docstring). With `app_user` or `detail_only` (a breakdown by user): detail rows only,
    so months retention removed are left out."""
    cutoff = retention_cutoff(conn) or local_days.FIRST_MONTH
    floor = local_days.month_epoch(cutoff)
    if app_user is not None or detail_only:
        lo = max(first, floor)
        detail = ((lo, stop),) if lo < stop else ()
        return Plan(client, (), detail, floor, app_user=app_user)
    months: list[tuple[date, date]] = []
    removed_hi = min(calendar[1], cutoff)
    if calendar[0] < removed_hi:
        months.append((calendar[0], removed_hi))
    first = max(first, floor)
    live_lo, live_hi = local_days.full_months(first, stop)
    cover = _DayCover(now=int(time.time()))
    if live_lo < live_hi:
        months.append((live_lo, live_hi))
        months += cover.add_month_part(first, local_days.month_epoch(live_lo))
        months += cover.add_month_part(local_days.month_epoch(live_hi), stop)
    else:
        months += cover.add_month_part(first, stop)
    return Plan(
        client,
        _joined(months),
        _joined(cover.detail[1]),
        floor,
        day_ranges=_joined(cover.days[1]),
        minus_ranges=_joined(cover.detail[-1]),
        minus_day_ranges=_joined(cover.days[-1]),
    )


class _DayCover:
    """Covers instants with whole UTC days (client_daily_rollups) and detail ranges, each
    added (sign 1) or subtracted (sign -1)."""

    def __init__(self, now: int) -> None:
        self.now = now  # nothing is recorded after it: days after it cost nothing to read
        self.days: dict[int, list[tuple[int, int]]] = {1: [], -1: []}
        self.detail: dict[int, list[tuple[int, int]]] = {1: [], -1: []}

    def add_month_part(self, first: int, stop: int) -> list[tuple[date, date]]:
        """Cover [first, stop), a part of at most two UTC months, or open-ended; returns the
        months to read whole, less the rest of them (subtracted), where that is cheaper."""
        if first >= stop:
            return []
        if first <= local_days.LOW or stop >= local_days.HIGH:
            self.add(first, stop)
            return []
        month = local_days.month_of_epoch(first)
        month_first = local_days.month_epoch(month)
        month_stop = local_days.month_epoch(local_days.next_month(month))
        if stop > month_stop:  # the ends of two months (a period shorter than a month)
            return self.add_month_part(first, month_stop) + self.add_month_part(month_stop, stop)
        # Whichever reads fewer days: the part itself, or the month less the rest.
        rest = (first - month_first) + max(min(month_stop, self.now) - stop, 0)
        if stop - first <= rest:
            self.add(first, stop)
            return []
        self.add(month_first, first, sign=-1)
        self.add(stop, month_stop, sign=-1)
        return [(month, local_days.next_month(month))]

    def add(self, first: int, stop: int, sign: int = 1) -> None:
        if first >= stop:
            return
        if first <= local_days.LOW or stop >= local_days.HIGH:
            self.detail[sign].append((first, stop))  # open-ended: no days to count
            return
        day_lo = first - first % DAY_S
        day_hi = stop - stop % DAY_S
        if day_lo == day_hi:
            self._part(first, stop, day_lo, sign)
            return
        if first > day_lo:
            self._part(first, day_lo + DAY_S, day_lo, sign)
            day_lo += DAY_S
        if day_lo < day_hi:
            self.days[sign].append((day_lo, day_hi))
        if stop > day_hi:
            self._part(day_hi, stop, day_hi, sign)

    def _part(self, first: int, stop: int, day: int, sign: int) -> None:
        # Whichever reads fewer detail rows: the part itself, or the day less the rest.
        if 2 * (stop - first) <= DAY_S:
            self.detail[sign].append((first, stop))
            return
        self.days[sign].append((day, day + DAY_S))
        self.detail[-sign] += [(day, first), (stop, day + DAY_S)]


def _joined(ranges: list[tuple[Bound, Bound]]) -> tuple[tuple[Bound, Bound], ...]:
    """The non-empty ranges, sorted, those that touch made one."""
    out: list[tuple[Bound, Bound]] = []
    for lo, hi in sorted(r for r in ranges if r[0] < r[1]):
        if out and out[-1][1] == lo:
            out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return tuple(out)
