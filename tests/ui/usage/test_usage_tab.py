"""The Usage tab on a real analytics database: KPIs, chart, breakdown, budget, CSV export."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from headhunter_desktop.core.analytics.budgets import Budget
from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.helpers.usage_records import recent_record
from tests.helpers.waiting import wait_for, wait_for_widget


def seed(window: MainWindow, qloop) -> str:
    """Calls for Acme Ltd and for no client; returns Acme's UUID."""
    acme = qloop.run_until_complete(window.directory.create("Acme Ltd"))
    writer = window.services.usage_writer
    for_acme = {
        "client_company_id": acme.id,
        "client_uuid": acme.uuid,
        "client_company_name": "Acme Ltd",
    }
    nobody = {"client_company_id": None, "client_uuid": None, "client_company_name": None}
    long_ago = datetime.now(UTC) - timedelta(days=400)
    for item in (
        recent_record("0.00042", action="parse_cv", tokens_cached_input=500, **for_acme),
        recent_record("0.00058", action="parse_cv", **for_acme),
        recent_record("0.00002", action="embed_cv", tokens_output=0, **for_acme),
        recent_record(None, action="generate_job", status="error", **nobody),
        recent_record("0.001", action="parse_cv", occurred_at=long_ago, **for_acme),
    ):
        writer.submit(item)
    assert writer.flush(10)
    return acme.uuid


def open_usage(window: MainWindow, qloop) -> None:
    tab = window.usage_tab
    window.tab_widget.setCurrentWidget(tab)
    qloop.run_until_complete(wait_for(lambda: not window.tasks.running("usage.refresh")))


def test_empty_until_the_first_call(window: MainWindow, qloop) -> None:
    open_usage(window, qloop)
    assert window.usage_tab.is_showing_empty_state()


def test_figures_follow_client_and_period(window: MainWindow, qloop, tmp_path: Path) -> None:
    acme_uuid = seed(window, qloop)
    tab = window.usage_tab
    tab.period.setCurrentText("All time")
    open_usage(window, qloop)
    assert not tab.is_showing_empty_state()
    assert tab.kpis.value_of("Calls") == "5"
    assert tab.kpis.value_of("Cost (USD)") == "$0.00202"
    assert tab.kpis.value_of("Unpriced calls") == "1"
    assert tab.kpis.value_of("Errors") == "1"

    tab.period.setCurrentText("Last 30 days")
    tab.client_filter.setCurrentIndex(tab.client_filter.findData(acme_uuid))
    qloop.run_until_complete(wait_for(lambda: tab.kpis.value_of("Calls") == "3"))
    assert tab.kpis.value_of("Cost (USD)") == "$0.00102"
    assert sum(tab.chart.values()) == float(Decimal("0.00102"))
    labels = {row.label: row.calls for row in tab.model.rows()}
    assert labels == {"parse_cv": 2, "embed_cv": 1}

    out = tmp_path / "acme.csv"
    tab.write_csv(out)
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert {(r["action"], r["cost_usd"]) for r in rows} == {
        ("parse_cv", "0.001"),
        ("embed_cv", "0.00002"),
    }


def test_budget_bar_shows_the_months_spend(window: MainWindow, qloop) -> None:
    acme_uuid = seed(window, qloop)
    budget = Budget(acme_uuid, "Acme Ltd", Decimal("0.001"), Decimal("0.8"), hard_cap=True)
    qloop.run_until_complete(window.services.usage.set_budget(budget))
    tab = window.usage_tab
    tab.client_filter.setCurrentIndex(tab.client_filter.findData(acme_uuid))
    open_usage(window, qloop)
    tab.refresh()
    qloop.run_until_complete(wait_for(lambda: tab.budget_bar.isVisible()))
    text = tab.budget_bar.format()
    assert "of $0.001" in text and "hard cap" in text
    assert tab.budget_bar.property("warning") is True


def test_price_override_then_reprice_changes_stored_costs(window: MainWindow, qloop) -> None:
    seed(window, qloop)
    tab = window.usage_tab
    dialog = tab.open_prices()
    dialog.model_edit.setText("gpt-4o-mini")
    dialog.input_edit.setText("abc")
    dialog.add_from_form()
    assert "not an amount" in dialog.status.text()
    dialog.input_edit.setText("1")
    dialog.output_edit.setText("2")
    dialog.from_edit.setDate(dialog.from_edit.date().addYears(-5))
    dialog.add_from_form()
    qloop.run_until_complete(wait_for(lambda: dialog.table.rowCount() == 1))
    assert dialog.table.item(0, 0).text() == "gpt-4o-mini"

    async def reprice() -> None:
        dialog.reprice_from.setDate(dialog.reprice_from.date().addYears(-2))
        dialog.reprice()
        box = await wait_for_widget(QMessageBox)
        next(b for b in box.buttons() if b.text() == "Reprice").click()
        await wait_for(lambda: dialog.status.text().startswith("Repriced"))

    qloop.run_until_complete(reprice())
    # Four priced-or-unpriced gpt-4o-mini calls now cost (1000 x $1 + 200 x $2) / 1M each
    # (the embed_cv record has no output tokens: 1000 x $1 / 1M).
    assert "5 call(s) changed cost" in dialog.status.text()
    dialog.reject()
    totals = qloop.run_until_complete(
        window.services.usage.totals(window.services.usage.query(None, None, None))
    )
    assert totals.cost_usd == Decimal("0.0014") * 4 + Decimal("0.001")
    assert totals.unpriced_calls == 0
