"""Budget… names the client and its month's spend, and under "All clients" asks whose
budget; a reprice shows what it would change first, limited to the client shown;
Statement… and Estimate… open on the client shown."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from headhunter_desktop.core.services.usage_format import money_text
from headhunter_desktop.ui.shell.main_window import MainWindow
from headhunter_desktop.ui.usage.estimator_dialog import EstimatorDialog
from headhunter_desktop.ui.usage.reprice_preview_dialog import RepricePreviewDialog
from headhunter_desktop.ui.usage.statement_dialog import StatementDialog
from tests.helpers.usage_records import recent_record
from tests.helpers.usage_tab import (
    create_clients,
    expected,
    for_client,
    known_calls,
    open_usage,
    submit,
)
from tests.helpers.waiting import wait_for, wait_for_widget

LOCAL_MODEL = {"model": "llama3.1:8b", "requested_model": "llama3.1:8b"}


# The offscreen platform cannot raise a popup or grab the keyboard; it says so.
@pytest.mark.qt_log_ignore("This plugin does not support")
def test_budget_under_all_clients_asks_whose_then_shows_name_and_spend(
    window: MainWindow, qloop
) -> None:
    tz, today = window.services.usage.tz, date.today()
    clients = create_clients(window, qloop)
    calls = known_calls(clients, today, tz)
    submit(window, calls)
    tab = window.usage_tab
    open_usage(window, qloop)
    assert tab.filters.client_key() is None and tab.commands.budget_button.isEnabled()
    menu = tab.commands.edit_budget()
    assert menu is not None
    names = [a.text() for a in menu.actions() if a.text()]
    assert names == ["Acme Ltd", "Beta GmbH", "Every client's budget…"]
    next(a for a in menu.actions() if a.text() == "Acme Ltd").trigger()
    qloop.run_until_complete(wait_for(lambda: tab.commands.budgets.dialog is not None))
    dialog = tab.commands.budgets.dialog
    assert dialog is not None
    spent = expected(calls, tz, today.replace(day=1), today, clients.acme).cost
    assert dialog.windowTitle() == "Monthly budget — Acme Ltd"
    assert "Acme Ltd" in dialog.client_label.text()
    assert dialog.spend_label.text() == f"Spent this month: {money_text(spent)}"
    dialog.reject()
    menu.close()


def test_reprice_previews_the_selected_clients_calls_only(window: MainWindow, qloop) -> None:
    clients = create_clients(window, qloop)
    acme = for_client(clients.acme, "Acme Ltd")
    beta = for_client(clients.beta, "Beta GmbH")
    # Calls of a local model nobody priced yet: 1,000 tokens in, 200 out each.
    submit(
        window,
        [
            recent_record(None, action="parse_cv", **LOCAL_MODEL, **acme),
            recent_record(None, action="embed_cv", **LOCAL_MODEL, **acme),
            recent_record(None, action="parse_cv", **LOCAL_MODEL, **beta),
        ],
    )
    tab = window.usage_tab
    tab.filters.select_client_key(clients.acme)
    open_usage(window, qloop)
    dialog = tab.commands.open_prices()
    dialog.model_edit.setText("llama3.1:8b")
    dialog.input_edit.setText("1")
    dialog.output_edit.setText("2")
    dialog.from_edit.setDate(dialog.from_edit.date().addYears(-1))
    dialog.add_from_form()
    qloop.run_until_complete(wait_for(lambda: dialog.table.rowCount() == 1))
    each = (1000 * Decimal(1) + 200 * Decimal(2)) / 1_000_000  # $0.0014

    async def preview_then_cancel() -> None:
        dialog.reprice()
        preview = await wait_for_widget(RepricePreviewDialog)
        text = preview.summary.text()
        assert "Acme Ltd's calls" in text and "changes the cost of 2 call(s)" in text
        assert f"Total before: $0.00 → after: {money_text(2 * each)}." in text
        assert "2 call(s) without a price get one." in text
        table = preview.table
        rows = [[table.item(r, c).text() for c in range(3)] for r in range(table.rowCount())]
        assert rows == [["Acme Ltd", "unpriced", money_text(2 * each)]]
        preview.reject()
        await wait_for(lambda: dialog.status.text() == "Nothing repriced.")

    qloop.run_until_complete(preview_then_cancel())

    async def preview_then_reprice() -> None:
        dialog.reprice()
        preview = await wait_for_widget(RepricePreviewDialog)
        preview.reprice_button.click()
        await wait_for(lambda: dialog.status.text().startswith("Repriced"))

    qloop.run_until_complete(preview_then_reprice())
    assert "2 call(s) changed cost" in dialog.status.text()
    dialog.reject()
    usage = window.services.usage
    acme_totals = qloop.run_until_complete(usage.totals(usage.query(clients.acme, None, None)))
    beta_totals = qloop.run_until_complete(usage.totals(usage.query(clients.beta, None, None)))
    assert (acme_totals.cost_usd, acme_totals.unpriced_calls) == (2 * each, 0)
    assert (beta_totals.cost_usd, beta_totals.unpriced_calls) == (0, 1)  # not Beta's


def test_estimate_and_statement_open_on_the_client_shown(window: MainWindow, qloop) -> None:
    clients = create_clients(window, qloop)
    tab = window.usage_tab
    tab.filters.select_client_key(clients.beta)
    open_usage(window, qloop)
    tab.commands.statement_button.click()
    statement = qloop.run_until_complete(wait_for_widget(StatementDialog))
    assert statement.client.currentData() == clients.beta
    assert statement.client.currentText() == "Beta GmbH"
    statement.reject()
    tab.commands.estimate_button.click()
    estimator = qloop.run_until_complete(wait_for_widget(EstimatorDialog))
    estimator.reject()
