"""A period against the one before: which period that is, and the deltas, on both databases."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from headhunter_desktop.core.analytics.comparison import change, compare, previous_period
from headhunter_desktop.core.analytics.queries import UsageQuery, usage_totals
from tests.helpers.usage_db import insert
from tests.helpers.usage_months import ACME, BERLIN, month_calls, priced_sum, seeded_records


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # Month to date: the same days of the month before.
        (date(2026, 12, 1), date(2026, 12, 2), (date(2026, 11, 1), date(2026, 11, 2))),
        # A whole month: the whole month before, whatever its length.
        (date(2026, 11, 1), date(2026, 11, 30), (date(2026, 10, 1), date(2026, 10, 31))),
        (date(2027, 3, 1), date(2027, 3, 31), (date(2027, 2, 1), date(2027, 2, 28))),
        # Days February lacks are left out.
        (date(2027, 3, 1), date(2027, 3, 30), (date(2027, 2, 1), date(2027, 2, 28))),
        # Year to date: the same dates a year before; 29 February becomes the 28th.
        (date(2026, 1, 1), date(2026, 12, 2), (date(2025, 1, 1), date(2025, 12, 2))),
        (date(2028, 1, 1), date(2028, 2, 29), (date(2027, 1, 1), date(2027, 2, 28))),
        # Anything else: as many days, just before.
        (date(2026, 11, 3), date(2026, 12, 2), (date(2026, 10, 4), date(2026, 11, 2))),
        (date(2026, 12, 2), date(2026, 12, 2), (date(2026, 12, 1), date(2026, 12, 1))),
        (date(2026, 1, 1), date(2027, 1, 5), (date(2024, 12, 27), date(2025, 12, 31))),
    ],
)
def test_previous_period(start: date, end: date, expected: tuple[date, date]) -> None:
    assert previous_period(start, end) == expected


def test_a_period_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(ValueError):
        previous_period(date(2026, 12, 2), date(2026, 12, 1))


def test_change_in_percent_and_nothing_to_compare_to() -> None:
    assert change(Decimal("3"), Decimal("2")) == change(3, 2)
    grown = change(Decimal("3"), Decimal("2"))
    assert (grown.delta, grown.pct) == (Decimal(1), 50.0)
    fallen = change(1, 4)
    assert (fallen.delta, fallen.pct) == (Decimal(-3), -75.0)
    assert change(5, 0).pct is None and change(0, 0).pct is None


@pytest.fixture
def seeded(engine: sa.Engine) -> sa.Engine:
    insert(engine, seeded_records())
    return engine


@pytest.mark.parametrize("client", [ACME, None])
def test_november_against_october_matches_the_seeded_sums(
    seeded: sa.Engine, client: str | None
) -> None:
    now = UsageQuery(client, date(2026, 11, 1), date(2026, 11, 30), BERLIN)
    start, end = previous_period(now.start, now.end)  # type: ignore[arg-type]
    before = UsageQuery(client, start, end, BERLIN)
    result = compare(usage_totals(seeded, now), usage_totals(seeded, before), start, end)

    november, october = month_calls(client, 2026, 11), month_calls(client, 2026, 10)
    assert (result.previous_start, result.previous_end) == (date(2026, 10, 1), date(2026, 10, 31))
    cost_now, cost_before = priced_sum(november), priced_sum(october)
    assert (result.cost.current, result.cost.previous) == (cost_now, cost_before)
    assert result.cost.delta == cost_now - cost_before
    assert result.cost.pct == pytest.approx(float((cost_now - cost_before) / cost_before * 100))
    assert (result.calls.current, result.calls.previous) == (len(november), len(october))
    tokens_now = sum(c.tokens_input + c.tokens_output for c in november)
    tokens_before = sum(c.tokens_input + c.tokens_output for c in october)
    assert result.tokens.delta == tokens_now - tokens_before
    assert result.tokens.pct == pytest.approx((tokens_now - tokens_before) / tokens_before * 100)
