"""A call that brings a client past a threshold of its budget shows the alert in the status
bar at once, with the Usage tab never opened; the calls after it show nothing more."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from headhunter_desktop.core.analytics.budgets import Budget
from headhunter_desktop.core.domain.actions import Action
from headhunter_desktop.core.llm.context import CallContext
from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.helpers.usage_tab import create_clients, expected, known_calls, submit
from tests.helpers.waiting import wait_for


def test_a_call_past_the_threshold_shows_the_alert_once(window: MainWindow, qloop) -> None:
    usage, tz, today = window.services.usage, window.services.usage.tz, date.today()
    clients = create_clients(window, qloop)
    calls = known_calls(clients, today, tz)
    submit(window, calls)
    spent = expected(calls, tz, today.replace(day=1), today, clients.acme).cost
    limit = (spent / Decimal("0.85")).quantize(Decimal("0.0001"))  # 85 %: past 50 and 80
    budget = Budget(clients.acme, "Acme Ltd", limit, Decimal("0.8"), hard_cap=False)
    qloop.run_until_complete(usage.set_budget(budget))
    assert window.tab_widget.currentWidget() is not window.usage_tab
    status_bar = window.statusBar()
    status_bar.clearMessage()

    async def call_for_acme() -> None:
        ctx = CallContext(Action.PARSE_CV, client_company_name="Acme Ltd", client_uuid=clients.acme)
        reservation = await usage.spend_guard.reserve(ctx, Decimal("0.0001"))
        assert reservation is not None
        reservation.release()

    qloop.run_until_complete(call_for_acme())  # the gateway's check before a request
    qloop.run_until_complete(wait_for(lambda: "80 %" in status_bar.currentMessage()))
    assert status_bar.currentMessage().startswith("Acme Ltd has passed 80 % of its")

    status_bar.clearMessage()
    qloop.run_until_complete(call_for_acme())
    qloop.run_until_complete(wait_for(lambda: not window.tasks.running("usage.alerts")))
    assert status_bar.currentMessage() == ""  # once per threshold and month
