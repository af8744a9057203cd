"""Errors carried between the window and its import process keep their class and fields."""

from __future__ import annotations

import pickle
import threading
from datetime import UTC, datetime
from decimal import Decimal

from headhunter_desktop.core.analytics.budgets import (
    Budget,
    BudgetExceededError,
    BudgetStatus,
)
from headhunter_desktop.core.errors import UserFacingError
from headhunter_desktop.core.llm.errors import NoApiKeyError
from headhunter_desktop.core.services.carried_errors import CarriedError, carry, rebuilt


def a_budget_status(limit: Decimal, spent: Decimal) -> BudgetStatus:
    budget = Budget("c0ffee00-0000-4000-8000-000000000001", "Acme", limit, hard_cap=True)
    month = datetime(2026, 12, 1, tzinfo=UTC)
    next_month = datetime(2027, 1, 1, tzinfo=UTC)
    return BudgetStatus("blocked", budget, spent, Decimal("0.75"), month, next_month)


def across_processes(error: UserFacingError) -> UserFacingError:
    return rebuilt(pickle.loads(pickle.dumps(carry(error))))


def test_a_budget_stop_arrives_with_its_status_and_message() -> None:
    stop = BudgetExceededError(a_budget_status(limit=Decimal("10"), spent=Decimal("9.5")))
    with_status_only = pickle.dumps(stop)  # plain pickling cannot rebuild it
    try:
        pickle.loads(with_status_only)
        plain_pickle_works = True
    except (TypeError, AttributeError):  # it calls the class with the message
        plain_pickle_works = False

    arrived = across_processes(stop)

    assert not plain_pickle_works
    assert type(arrived) is BudgetExceededError and arrived.code == "budget_exceeded"
    assert str(arrived) == str(stop) and arrived.status == stop.status


def test_an_error_keeps_its_class_and_code() -> None:
    arrived = across_processes(NoApiKeyError())

    assert type(arrived) is NoApiKeyError and arrived.code == "no_api_key"
    assert str(arrived) == str(NoApiKeyError()) and "Settings" in str(arrived)


def test_what_does_not_pickle_stays_behind_and_an_unknown_class_is_a_plain_error() -> None:
    error = UserFacingError("Disk full.")
    error.lock = threading.Lock()  # type: ignore[attr-defined]
    error.path = "/data/cv.pdf"  # type: ignore[attr-defined]

    arrived = across_processes(error)
    unknown = rebuilt(CarriedError("no.such.module", "Gone", ("It failed.",), {}))

    assert vars(arrived) == {"path": "/data/cv.pdf"} and str(arrived) == "Disk full."
    assert type(unknown) is UserFacingError and str(unknown) == "It failed."
