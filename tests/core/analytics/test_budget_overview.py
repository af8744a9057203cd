"""Every client's month against its budget, and the month-end projection, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from headhunter_desktop.core.analytics.budget_overview import budget_overview, project_month_end
from headhunter_desktop.core.analytics.budgets import Budget, set_budget
from tests.helpers.usage_db import insert
from tests.helpers.usage_months import (
    ACME,
    BERLIN,
    BETA,
    LEGACY_KEY,
    month_calls,
    priced_sum,
    seeded_records,
)

GAMMA = "5f0c1d2e-7a3b-4c5d-8e9f-0a1b2c3d4e5f"  # a budget, no calls
NOVEMBER = (datetime(2026, 11, 1, tzinfo=BERLIN), datetime(2026, 12, 1, tzinfo=BERLIN))


def test_projection_is_the_run_rate_over_the_whole_month() -> None:
    start, end = (moment.astimezone(UTC) for moment in NOVEMBER)
    ten_days_in = start + timedelta(days=10)
    assert project_month_end(Decimal(3), ten_days_in, start, end) == Decimal(9)
    # Under a day gone, a day's share: an hour's spend is not multiplied by 720.
    an_hour_in = start + timedelta(hours=1)
    assert project_month_end(Decimal(2), an_hour_in, start, end) == Decimal(60)
    assert project_month_end(Decimal(5), end + timedelta(days=3), start, end) == Decimal(5)
    assert project_month_end(Decimal(0), ten_days_in, start, end) == Decimal(0)


@pytest.fixture
def seeded(engine: sa.Engine) -> sa.Engine:
    insert(engine, seeded_records())
    set_budget(engine, Budget(ACME, "Acme Ltd", Decimal("0.01"), Decimal("0.8"), hard_cap=True))
    set_budget(engine, Budget(GAMMA, "Gamma plc", Decimal(20)))
    set_budget(engine, Budget(LEGACY_KEY, "Old Client GmbH", Decimal(0)))
    return engine


def test_rows_hold_each_clients_month_against_its_budget(seeded: sa.Engine) -> None:
    now = datetime(2026, 11, 16, 0, 0, tzinfo=BERLIN)  # half of November gone
    rows = {row.client_key: row for row in budget_overview(seeded, now)}

    # Clients by name, the calls for no client last.
    keys = [row.client_key for row in budget_overview(seeded, now)]
    assert keys == [ACME, BETA, GAMMA, LEGACY_KEY, ""]
    for key, row in rows.items():
        calls = month_calls(key, 2026, 11)
        spent = priced_sum(calls)
        assert row.month_spend_usd == spent
        assert row.unpriced_calls == sum(c.cost is None for c in calls)
        assert row.projected_usd == spent * 2
    acme = rows[ACME]
    assert acme.client_name == "Acme Ltd"
    assert (acme.monthly_limit_usd, acme.warn_ratio, acme.hard_cap) == (
        Decimal("0.01"),
        Decimal("0.8"),
        True,
    )
    assert acme.ratio == pytest.approx(float(acme.month_spend_usd / Decimal("0.01")))
    assert acme.projected_ratio == pytest.approx(2 * acme.ratio)
    assert rows[BETA].monthly_limit_usd is None and rows[BETA].ratio is None
    gamma = rows[GAMMA]
    assert (gamma.client_name, gamma.month_spend_usd, gamma.ratio) == ("Gamma plc", 0, 0.0)
    # A $0 budget with spend is past it whatever the amount.
    assert rows[LEGACY_KEY].ratio == float("inf")
    assert rows[""].client_name is None and rows[""].monthly_limit_usd is None


def test_the_month_is_the_local_one(seeded: sa.Engine) -> None:
    # 1 December 00:30 in Berlin (30 November in UTC) is December's call in Berlin.
    now = datetime(2026, 12, 1, 12, tzinfo=BERLIN)
    rows = {row.client_key: row for row in budget_overview(seeded, now)}
    assert (
        rows[ACME].month_spend_usd == priced_sum(month_calls(ACME, 2026, 12)) == Decimal("0.00081")
    )
    assert rows[BETA].month_spend_usd == Decimal("0.00027")
    # Half a day gone: the projection uses a whole day's share.
    assert rows[BETA].projected_usd == Decimal("0.00027") * 31
