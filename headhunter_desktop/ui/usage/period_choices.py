"""The period choices of the usage panel, as local-date ranges (inclusive)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate

PERIODS = ("This month", "Last month", "Last 30 days", "This year", "All time", "Custom…")


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


def to_date(value: QDate) -> date:
    """A QDate as a `datetime.date` (QDate.toPython() is typed as returning object)."""
    return date(value.year(), value.month(), value.day())
