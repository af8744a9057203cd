"""Budgets: ok, warn, blocked, the month resetting by itself, and the message."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from headhunter_desktop.core.analytics.budgets import (
    Budget,
    BudgetExceededError,
    check_budget,
    delete_budget,
    get_budget,
    list_budgets,
    month_bounds,
    set_budget,
)
from headhunter_desktop.core.errors import UserFacingError
from tests.helpers.usage_db import insert
from tests.helpers.usage_records import client_uuid_of, make_record, record_id

NOW = datetime(2025, 6, 20, 15, tzinfo=UTC)
ACME, BETA = client_uuid_of(1), client_uuid_of(2)  # budgets are keyed by client UUID


@pytest.fixture
def spent(engine: sa.Engine) -> sa.Engine:
    """Acme (id 1) spent $70.00 in June 2025 and $500 in May; Beta (id 2) $5."""
    calls = [
        (1, "40", datetime(2025, 6, 1, tzinfo=UTC)),
        (1, "30", datetime(2025, 6, 19, tzinfo=UTC)),
        (1, None, datetime(2025, 6, 19, tzinfo=UTC)),
        (1, "500", datetime(2025, 5, 31, 23, tzinfo=UTC)),
        (2, "5", datetime(2025, 6, 2, tzinfo=UTC)),
    ]
    records = [
        make_record(
            id=record_id(i),
            client_company_id=client,
            cost_usd=None if cost is None else Decimal(cost),
            occurred_at=at,
        )
        for i, (client, cost, at) in enumerate(calls)
    ]
    insert(engine, records)
    set_budget(engine, Budget(ACME, "Acme GmbH", Decimal("100"), hard_cap=True))
    return engine


def test_budgets_are_stored_replaced_and_deleted(engine: sa.Engine) -> None:
    set_budget(engine, Budget(ACME, "Acme GmbH", Decimal("100")))
    set_budget(engine, Budget(BETA, "Beta AG", Decimal("12.345678901234"), Decimal("0.75"), True))
    set_budget(engine, Budget(ACME, "Acme Group", Decimal("150")))
    assert get_budget(engine, ACME) == Budget(
        ACME, "Acme Group", Decimal("150"), Decimal("0.8"), False
    )
    assert get_budget(engine, BETA) == Budget(
        BETA, "Beta AG", Decimal("12.345678901234"), Decimal("0.75"), True
    )
    assert [b.client_company_name for b in list_budgets(engine)] == ["Acme Group", "Beta AG"]
    assert delete_budget(engine, ACME) and not delete_budget(engine, ACME)
    assert get_budget(engine, ACME) is None


def test_invalid_budgets_are_refused(engine: sa.Engine) -> None:
    with pytest.raises(ValueError):
        set_budget(engine, Budget(ACME, "Acme", Decimal("-1")))
    with pytest.raises(ValueError):
        set_budget(engine, Budget(ACME, "Acme", Decimal("10"), warn_ratio=Decimal("1.5")))


@pytest.mark.parametrize(
    ("estimate", "state"),
    [
        ("0.01", "ok"),
        ("9.99", "ok"),
        ("10", "warn"),
        ("30", "warn"),
        ("30.000000000001", "blocked"),
    ],
)
def test_states(spent: sa.Engine, estimate: str, state: str) -> None:
    status = check_budget(spent, ACME, Decimal(estimate), NOW)
    assert status.state == state
    assert status.spent_usd == Decimal("70")  # June only, the unpriced call adds nothing
    assert status.projected_usd == Decimal("70") + Decimal(estimate)


def test_without_hard_cap_going_over_only_warns(spent: sa.Engine) -> None:
    set_budget(spent, Budget(ACME, "Acme GmbH", Decimal("100"), hard_cap=False))
    assert check_budget(spent, ACME, Decimal("1000"), NOW).state == "warn"


def test_no_budget_or_no_client_is_ok(spent: sa.Engine) -> None:
    assert check_budget(spent, BETA, Decimal("1000"), NOW).state == "ok"
    assert check_budget(spent, None, Decimal("1000"), NOW).budget is None


def test_the_month_resets_by_itself(spent: sa.Engine) -> None:
    july = datetime(2025, 7, 1, 0, 0, 1, tzinfo=UTC)
    status = check_budget(spent, ACME, Decimal("90"), july)
    assert (status.state, status.spent_usd) == ("warn", Decimal(0))
    # In Berlin, June 1st 01:30 local is still May 31st in UTC: local months count.
    berlin = datetime(2025, 6, 1, 1, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    start, end = month_bounds(berlin)
    assert start == datetime(2025, 5, 31, 22, tzinfo=UTC) and end == datetime(
        2025, 6, 30, 22, tzinfo=UTC
    )
    assert check_budget(spent, ACME, Decimal(0), berlin).spent_usd == Decimal("570")


def test_blocked_message_names_client_limit_and_spend(spent: sa.Engine) -> None:
    status = check_budget(spent, ACME, Decimal("45.5"), NOW)
    error = BudgetExceededError(status)
    assert isinstance(error, UserFacingError)
    message = str(error)
    for part in ("Acme GmbH", "$100.00", "$70.00", "$45.50", "01 June 2025"):
        assert part in message


def test_check_is_side_effect_free(spent: sa.Engine) -> None:
    with spent.connect() as conn:
        before = conn.execute(sa.text("SELECT count(*) FROM usage_records")).scalar()
    for _ in range(3):
        check_budget(spent, ACME, Decimal("45.5"), NOW)
    with spent.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM usage_records")).scalar() == before
