"""The usage periods as the GUI offers them: the shared list (core/services/usage_periods)
plus the QDate conversion the date edits need."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate

from headhunter_desktop.core.services.usage_periods import (
    CUSTOM,
    DEFAULT_PERIOD,
    PERIODS,
    period_range,
    period_text,
)

__all__ = [
    "CUSTOM",
    "DEFAULT_PERIOD",
    "PERIODS",
    "from_date",
    "period_range",
    "period_text",
    "to_date",
]


def to_date(value: QDate) -> date:
    """A QDate as a `datetime.date` (QDate.toPython() is typed as returning object)."""
    return date(value.year(), value.month(), value.day())


def from_date(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)
