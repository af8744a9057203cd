"""The Usage tab on a real analytics database: KPIs, chart, breakdown, budget, CSV export."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from headhunter_desktop.core.analytics.budgets import Budget
from headhunter_desktop.ui.shell.main_window import MainWindow
from headhunter_desktop.ui.usage.reprice_preview_dialog import RepricePreviewDialog
from tests.helpers.usage_records import recent_record
from tests.helpers.usage_tab import open_usage
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
    window.directory.select(None)  # Acme, the first client, became the one worked for
    return acme.uuid


def test_empty_until_the_first_call(window: MainWindow, qloop) -> None:
    open_usage(window, qloop)
    assert window.usage_tab.is_showing_empty_state()


def test_figures_follow_client_and_period(window: MainWindow, qloop, tmp_path: Path) -> None:
    acme_uuid = seed(window, qloop)
    tab = window.usage_tab
    tab.filters.period.setCurrentText("All time")
    open_usage(window, qloop)
    assert not tab.is_showing_empty_state()
    assert tab.overview.kpis.value_of("Calls") == "5"
    assert tab.overview.kpis.value_of("Cost (USD)") == "$0.00202"
    assert tab.overview.kpis.value_of("Unpriced calls") == "1"
    assert tab.overview.kpis.value_of("Errors") == "1"

    tab.filters.period.setCurrentText("Last 30 days")
    tab.filters.select_client_key(acme_uuid)
    qloop.run_until_complete(wait_for(lambda: tab.overview.kpis.value_of("Calls") == "3"))
    assert tab.overview.kpis.value_of("Cost (USD)") == "$0.00102"
    assert sum(tab.overview.chart.values()) == float(Decimal("0.00102"))
    labels = {row.label: row.calls for row in tab.overview.model.rows()}
    assert labels == {"parse_cv": 2, "embed_cv": 1}

    out = tmp_path / "acme.csv"
    tab.commands.write_csv(out)
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
    tab.filters.select_client_key(acme_uuid)
    open_usage(window, qloop)
    tab.refresh()
    bar = tab.overview.budget_bar
    qloop.run_until_complete(wait_for(lambda: bar.isVisible()))
    text = bar.format()
    assert "$0.00102 of $0.001 (102 %, hard cap)" in text and text.startswith("Acme Ltd")
    assert bar.property("warning") is True


def test_price_override_then_reprice_changes_stored_costs(window: MainWindow, qloop) -> None:
    seed(window, qloop)
    tab = window.usage_tab
    dialog = tab.commands.open_prices()
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
        preview = await wait_for_widget(RepricePreviewDialog)
        assert "changes the cost of 5 call(s)" in preview.summary.text()
        preview.reprice_button.click()
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
