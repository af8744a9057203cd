"""The UI's one money format and the shared usage periods (GUI and CLI)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from headhunter_desktop.core.services.usage_format import money_text
from headhunter_desktop.core.services.usage_periods import (
    DEFAULT_PERIOD,
    PERIODS,
    period_range,
    period_text,
)


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (None, "unpriced"),
        ("0", "$0.00"),
        ("1234.5649", "$1,234.56"),
        ("1", "$1.00"),
        ("0.9996", "$1.00"),  # three significant digits round up to a dollar
        ("0.0613724", "$0.0614"),
        ("0.06137226", "$0.0614"),
        ("0.011", "$0.011"),
        ("0.5", "$0.50"),
        ("0.123456", "$0.123"),
        ("0.00000123", "$0.00000123"),
        ("0.000000001", "<$0.00000001"),  # not shown as $0.00: it is not free
        ("-0.5", "\u2212$0.50"),
        ("-1234.5", "\u2212$1,234.50"),
    ],
)
def test_money_text(amount: str | None, text: str) -> None:
    assert money_text(None if amount is None else Decimal(amount)) == text


def test_periods_and_their_text() -> None:
    today = date(2026, 3, 2)
    assert DEFAULT_PERIOD == "This month" and DEFAULT_PERIOD in PERIODS
    assert period_range("This month", today) == (date(2026, 3, 1), today)
    assert period_range("Last month", today) == (date(2026, 2, 1), date(2026, 2, 28))
    assert period_range("Last 30 days", today) == (date(2026, 2, 1), today)
    assert period_range("This year", today) == (date(2026, 1, 1), today)
    assert period_range("All time", today) == (None, None)
    with pytest.raises(ValueError):
        period_range("Custom…", today)
    assert period_text(date(2026, 12, 1), date(2026, 12, 2)) == "1 Dec 2026 \u2013 2 Dec 2026"
    assert period_text(None, None) == "All time"
    assert period_text(date(2026, 1, 5), None) == "From 5 Jan 2026"
    assert period_text(None, date(2026, 1, 5)) == "Until 5 Jan 2026"
