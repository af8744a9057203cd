"""Local days: local dates to UTC instants, UTC months, and local days computed in SQL.

Instants are whole seconds since 1970 (UTC), like usage_records.occurred_epoch.
A local day is found in SQL as (epoch + utc_offset) / 86400, with the offset chosen
per stretch of constant offset (a CASE over the DST transitions in the period), so
days come out right across DST changes and for every time zone, and the database
returns one row per day rather than one per hour.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo

import sqlalchemy as sa

DAY_S = 86_400
# Stand-ins for an open end of a period: far outside any record, inside BIGINT.
LOW = -(2**62)
HIGH = 2**62
FIRST_MONTH = date(1, 1, 1)
LAST_MONTH = date(9999, 12, 1)
_UNIX_DAY_ZERO = date(1970, 1, 1)
# DST rules never change twice within this step, so probing at it finds every change.
_PROBE_S = 12 * 3600


def local_midnight(day: date, tz: tzinfo) -> int:
    """The instant (epoch seconds) at which `day` begins in `tz`."""
    # fold=0 maps a midnight skipped by a DST jump to the jump itself: the day's real start.
    moment = datetime.combine(day, time(0), tzinfo=tz)
    return int(moment.astimezone(UTC).timestamp())


def period_instants(start: date | None, end: date | None, tz: tzinfo) -> tuple[int, int]:
    """[S, E) in epoch seconds for local dates start..end inclusive; open ends become LOW/HIGH."""
    first = LOW if start is None else local_midnight(start, tz)
    stop = HIGH if end is None else local_midnight(end + timedelta(days=1), tz)
    return first, stop


def month_floor(day: date) -> date:
    """First day of the month of `day`."""
    return day.replace(day=1)


def next_month(month: date) -> date:
    """First day of the following month."""
    if month >= LAST_MONTH:
        return LAST_MONTH
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def month_epoch(month: date) -> int:
    """Epoch seconds of the start of a UTC month (LOW/HIGH for the stand-in months)."""
    if month <= FIRST_MONTH:
        return LOW
    if month >= LAST_MONTH:
        return HIGH
    return int(datetime(month.year, month.month, 1, tzinfo=UTC).timestamp())


def month_of_epoch(epoch: int) -> date:
    """The UTC month containing `epoch` (stand-in months for LOW/HIGH)."""
    if epoch <= LOW:
        return FIRST_MONTH
    if epoch >= HIGH:
        return LAST_MONTH
    return month_floor(datetime.fromtimestamp(epoch, UTC).date())


def full_months(first: int, stop: int) -> tuple[date, date]:
    """UTC months [lo, hi) lying entirely within the instants [first, stop)."""
    lo = month_of_epoch(first)
    if month_epoch(lo) < first:
        lo = next_month(lo)
    return lo, month_of_epoch(stop)


def calendar_months(start: date | None, end: date | None) -> tuple[date, date]:
    """Months [lo, hi) whose every calendar day lies within start..end (inclusive)."""
    if start is None:
        lo = FIRST_MONTH
    else:
        lo = start if start.day == 1 else next_month(month_floor(start))
    hi = LAST_MONTH if end is None else month_floor(end + timedelta(days=1))
    return lo, hi


def utc_offset(epoch: int, tz: tzinfo) -> int:
    """Seconds east of UTC in `tz` at `epoch`."""
    offset = datetime.fromtimestamp(epoch, tz).utcoffset()
    return 0 if offset is None else int(offset.total_seconds())


def offset_segments(tz: tzinfo, first: int, stop: int) -> list[tuple[int, int]]:
    """[(from_epoch, utc_offset)] covering [first, stop), each holding until the next one."""
    offset = utc_offset(first, tz)
    segments = [(first, offset)]
    probe = first
    while probe < stop:
        following = min(probe + _PROBE_S, stop - 1)
        if following <= probe:
            break
        if utc_offset(following, tz) != offset:
            # Binary search for the first second with the new offset.
            low, high = probe, following
            while high - low > 1:
                middle = (low + high) // 2
                if utc_offset(middle, tz) == offset:
                    low = middle
                else:
                    high = middle
            offset = utc_offset(high, tz)
            segments.append((high, offset))
        probe = following
    return segments


def local_day_expression(
    column: sa.ColumnElement[int], segments: list[tuple[int, int]]
) -> sa.ColumnElement[int]:
    """SQL for the local day number (days since 1970-01-01) of an epoch column."""

    def day(offset: int) -> sa.ColumnElement[int]:
        return (column + sa.literal(offset, sa.BigInteger())) // sa.literal(DAY_S, sa.BigInteger())

    if len(segments) == 1:
        return day(segments[0][1])
    whens = [
        (column < sa.literal(segments[i + 1][0], sa.BigInteger()), day(offset))
        for i, (_, offset) in enumerate(segments[:-1])
    ]
    return sa.case(*whens, else_=day(segments[-1][1]))


def day_from_number(number: int) -> date:
    """Inverse of the day number computed by local_day_expression."""
    return _UNIX_DAY_ZERO + timedelta(days=int(number))
