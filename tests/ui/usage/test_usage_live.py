"""While the Usage tab is on screen, new calls show by themselves: one committed by this
app's usage writer, and one another laptop committed to the shared database (found by the
change signature); budget alerts show in the status bar once per threshold and month."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from headhunter_desktop.core.analytics.budgets import Budget
from headhunter_desktop.core.services.usage_format import money_text
from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.helpers.usage_records import recent_record
from tests.helpers.usage_tab import (
    create_clients,
    expected,
    for_client,
    insert_from_elsewhere,
    known_calls,
    open_usage,
    submit,
    usage_settled,
)
from tests.helpers.waiting import wait_for


def test_new_calls_show_without_a_refresh(window: MainWindow, qloop) -> None:
    tz, today = window.services.usage.tz, date.today()
    clients = create_clients(window, qloop)
    calls = known_calls(clients, today, tz)
    submit(window, calls)
    tab = window.usage_tab
    open_usage(window, qloop)
    kpis = tab.overview.kpis
    month = today.replace(day=1)
    assert kpis.value_of("Calls") == str(expected(calls, tz, month, today).calls)
    assert tab.watcher.is_watching()

    # This app makes a call: the writer commits it (its pending count drops, the signature
    # moves), and the tab shows it.
    beta = for_client(clients.beta, "Beta GmbH")
    calls.append(recent_record("0.25", action="generate_job", **beta))
    window.services.usage_writer.submit(calls[-1])
    want = expected(calls, tz, month, today)
    qloop.run_until_complete(wait_for(lambda: kpis.value_of("Calls") == str(want.calls)))
    assert kpis.value_of("Cost (USD)") == money_text(want.cost)

    # Another laptop's call, straight into the shared database: only the signature moves.
    calls.append(recent_record("0.125", action="parse_cv", **beta))
    insert_from_elsewhere(window, calls[-1])
    want = expected(calls, tz, month, today)
    qloop.run_until_complete(wait_for(lambda: kpis.value_of("Calls") == str(want.calls)))
    assert kpis.value_of("Cost (USD)") == money_text(want.cost)

    # Off screen the tab stops watching (no query every two seconds for nothing).
    window.tab_widget.setCurrentIndex(0)
    assert not tab.watcher.is_watching()


def test_a_budget_alert_shows_once_a_month(window: MainWindow, qloop) -> None:
    tz, today = window.services.usage.tz, date.today()
    clients = create_clients(window, qloop)
    calls = known_calls(clients, today, tz)
    submit(window, calls)
    spent = expected(calls, tz, today.replace(day=1), today, clients.acme).cost
    limit = (spent / Decimal("0.85")).quantize(Decimal("0.0001"))  # 85 %: past 80
    budget = Budget(clients.acme, "Acme Ltd", limit, Decimal("0.9"), hard_cap=False)
    qloop.run_until_complete(window.services.usage.set_budget(budget))
    status_bar = window.statusBar()
    status_bar.clearMessage()
    tab = window.usage_tab
    qloop.run_until_complete(tab.load())  # as at start-up: the tab need not be open
    month = today.strftime("%B")
    assert status_bar.currentMessage() == (
        f"Acme Ltd has passed 80 % of its {money_text(limit)} budget for {month}: "
        f"{money_text(spent)} spent ({int(spent * 100 / limit)} %)."
    )

    status_bar.clearMessage()
    open_usage(window, qloop)  # a refresh checks again
    tab.refresh()
    usage_settled(window, qloop)
    qloop.run_until_complete(tab.load())  # as at the next start
    assert status_bar.currentMessage() == ""  # shown once: not again this month

    # Past the limit: the 100 % notice, once.
    calls.append(recent_record("0.05", **for_client(clients.acme, "Acme Ltd")))
    submit(window, calls[-1:])
    tab.refresh()
    qloop.run_until_complete(wait_for(lambda: "100 %" in status_bar.currentMessage()))
