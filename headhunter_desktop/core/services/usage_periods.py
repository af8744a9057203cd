"""The usage periods a user picks from, as local-date ranges (inclusive).

One list and one default for the GUI and the `usage` command, so that both answer the
same question when asked without a period.
"""

from __future__ import annotations

from datetime import date, timedelta

CUSTOM = "Custom…"
PERIODS = ("This month", "Last month", "Last 30 days", "This year", "All time", CUSTOM)
DEFAULT_PERIOD = "This month"


def period_range(name: str, today: date) -> tuple[date | None, date | None]:
    """(start, end) for a preset; (None, None) for all time. 'Custom…' is the caller's."""
    if name == "This month":
        return today.replace(day=1), today
    if name == "Last month":
        last_day = today.replace(day=1) - timedelta(days=1)
        return last_day.replace(day=1), last_day
    if name == "Last 30 days":
        return today - timedelta(days=29), today
    if name == "This year":
        return today.replace(month=1, day=1), today
    if name == "All time":
        return None, None
    raise ValueError(f"not a preset period: {name}")


def day_text(day: date) -> str:
    """'2 Dec 2026': no leading zero, an English month abbreviation whatever the locale."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def period_text(start: date | None, end: date | None) -> str:
    """'1 Dec 2026 – 2 Dec 2026', 'From 1 Dec 2026', 'Until 2 Dec 2026' or 'All time'."""
    if start is None and end is None:
        return "All time"
    if end is None:
        return f"From {day_text(start)}" if start else "All time"
    if start is None:
        return f"Until {day_text(end)}"
    return f"{day_text(start)} \u2013 {day_text(end)}"


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
