"""The budgets view on a real analytics database: every client's month spend against its
budget, the bars' values, the month-end projection and the edit request."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from headhunter_desktop.core.analytics.budgets import Budget, month_bounds
from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.services.usage_format import money_text
from headhunter_desktop.ui.common.generation_status import error_colour
from headhunter_desktop.ui.shell.task_registry import TaskRegistry
from headhunter_desktop.ui.usage.budget_bar import BarValues, fill_colour, warning_colour
from headhunter_desktop.ui.usage.budgets_model import BAR_ROLE, HEADERS, USED_COLUMN
from headhunter_desktop.ui.usage.budgets_view import BudgetsView
from tests.helpers.screenshots import (
    app_look,
    dark_palette,
    looks,
    save_screenshot,
    squeezed_widgets,
)
from tests.helpers.waiting import wait_for
from tests.ui.usage.usage_views_seed import Seeded, client_key, seed


def month_spend(seeded: Seeded, key: str) -> Decimal:
    """This month's priced spend of a client, summed here from the records."""
    return sum(
        (
            r.cost_usd
            for r in seeded.records
            if client_key(r) == key and r.occurred_at >= seeded.month_start and r.cost_usd
        ),
        Decimal(0),
    )


def projection(spent: Decimal, now: datetime, tz) -> Decimal:
    """The month-end run-rate projection, worked out here: spend over the elapsed share
    of the month, that share at least one day's."""
    start, end = month_bounds(now.astimezone(tz))
    elapsed = min(max(now - start, timedelta(days=1)), end - start)
    return spent * Decimal((end - start).total_seconds()) / Decimal(elapsed.total_seconds())


def loaded_view(services: AppServices, tasks: TaskRegistry, qloop) -> BudgetsView:
    view = BudgetsView(services, tasks)
    view.resize(1024, 640)
    view.load()
    qloop.run_until_complete(wait_for(lambda: view.model.rowCount() > 0))
    return view


def cell(view: BudgetsView, row: int, title: str) -> str:
    return view.model.index(row, HEADERS.index(title)).data()


def test_rows_bars_and_projections_match_the_records(
    services: AppServices, view_tasks: TaskRegistry, qloop
) -> None:
    seeded = seed(services, qloop)
    usage = services.usage
    acme_budget = Budget(seeded.acme_uuid, "Acme Ltd", Decimal("0.15"), Decimal("0.5"), True)
    beta_budget = Budget(seeded.beta_uuid, "Beta GmbH", Decimal("5"), Decimal("0.8"), False)
    for budget in (acme_budget, beta_budget):
        qloop.run_until_complete(usage.set_budget(budget))
    before = datetime.now(UTC)
    view = loaded_view(services, view_tasks, qloop)
    after = datetime.now(UTC)

    rows = {r.client_key: r for r in view.model.rows()}
    assert set(rows) == {seeded.acme_uuid, seeded.beta_uuid, ""}  # "" = no client, last
    assert view.model.rows()[-1].client_key == ""
    for key, budget in ((seeded.acme_uuid, acme_budget), (seeded.beta_uuid, beta_budget)):
        spent = month_spend(seeded, key)
        row = rows[key]
        assert row.month_spend_usd == spent
        assert row.ratio == float(spent / budget.monthly_limit_usd)
        # The projection falls as time passes at a constant spend: between the two ends.
        latest, earliest = projection(spent, after, usage.tz), projection(spent, before, usage.tz)
        assert latest - Decimal("1e-9") <= row.projected_usd <= earliest + Decimal("1e-9")
    acme_spent = month_spend(seeded, seeded.acme_uuid)
    assert acme_spent > acme_budget.monthly_limit_usd  # the seed makes Acme go over

    acme_row = view.model.rows().index(rows[seeded.acme_uuid])
    assert cell(view, acme_row, "Client") == "Acme Ltd"
    assert cell(view, acme_row, "Budget") == "$0.15, hard cap"
    assert cell(view, acme_row, "Warns at") == "50 %"
    acme_used = float(acme_spent / Decimal("0.15")) * 100
    assert cell(view, acme_row, "Used") == f"{acme_used:,.0f} %"
    assert cell(view, acme_row, "State") == "Blocked: hard cap reached"
    unpriced = sum(
        1
        for r in seeded.records
        if r.client_uuid == seeded.acme_uuid
        and r.occurred_at >= seeded.month_start
        and r.cost_usd is None
    )
    assert cell(view, acme_row, "Unpriced") == str(unpriced)
    projected = rows[seeded.acme_uuid].projected_usd
    ratio = rows[seeded.acme_uuid].projected_ratio
    assert ratio == float(projected / Decimal("0.15"))
    assert cell(view, acme_row, "Projected") == f"{money_text(projected)} ({ratio * 100:,.0f} %)"
    bar = view.model.index(acme_row, USED_COLUMN).data(BAR_ROLE)
    assert bar == BarValues(
        rows[seeded.acme_uuid].ratio, rows[seeded.acme_uuid].projected_ratio, 0.5
    )

    beta_row = view.model.rows().index(rows[seeded.beta_uuid])
    beta_spent = month_spend(seeded, seeded.beta_uuid)
    assert beta_spent == Decimal("1.00")
    assert cell(view, beta_row, "Spent") == "$1.00"
    assert cell(view, beta_row, "Budget") == "$5.00"
    assert cell(view, beta_row, "Used") == "20 %"
    none_row = len(rows) - 1
    assert cell(view, none_row, "Client") == "(no client)"
    assert cell(view, none_row, "Budget") == "—"
    assert cell(view, none_row, "State") == "No budget"

    total_spent = sum((month_spend(seeded, k) for k in rows), Decimal(0))
    assert view.total.text().startswith(f"All clients: ${total_spent:.2f} spent this month")


def test_edit_request_names_the_client_and_never_the_no_client_row(
    services: AppServices, view_tasks: TaskRegistry, qloop
) -> None:
    seeded = seed(services, qloop)
    view = loaded_view(services, view_tasks, qloop)
    asked: list[tuple[str, str]] = []
    view.edit_budget_requested.connect(lambda key, name: asked.append((key, name)))
    keys = [r.client_key for r in view.model.rows()]
    view.select_row(keys.index(seeded.beta_uuid))
    assert view.edit_button.isEnabled()
    view.edit_button.click()
    assert asked == [(seeded.beta_uuid, "Beta GmbH")]
    view.select_row(keys.index(""))
    assert not view.edit_button.isEnabled()
    assert not view.edit_row(keys.index(""))
    assert asked == [(seeded.beta_uuid, "Beta GmbH")]


def test_bar_colours_follow_the_palette() -> None:
    light = QApplication.style().standardPalette()
    dark = dark_palette()
    for palette in (light, dark):
        within = fill_colour(BarValues(0.3, 0.6, 0.8), palette)
        assert within == palette.color(QPalette.ColorRole.Highlight)
        assert fill_colour(BarValues(0.85, 1.2, 0.8), palette) == warning_colour(palette)
        assert fill_colour(BarValues(1.5, 2.0, 0.8), palette) == error_colour(palette)
        window = palette.color(QPalette.ColorRole.Window)
        for colour in (warning_colour(palette), error_colour(palette)):
            assert contrast(colour, window) >= 3.0, (colour.name(), window.name())


def test_screenshots_light_and_dark(
    services: AppServices, view_tasks: TaskRegistry, qloop, tmp_path: Path
) -> None:
    seeded = seed(services, qloop)
    over = Budget(seeded.acme_uuid, "Acme Ltd", Decimal("0.15"), Decimal("0.5"), True)
    past_warning = Budget(seeded.beta_uuid, "Beta GmbH", Decimal("1.2"), Decimal("0.8"))
    for budget in (over, past_warning):
        qloop.run_until_complete(services.usage.set_budget(budget))
    view = loaded_view(services, view_tasks, qloop)
    for look, palette in looks().items():  # dark too when the pictures are kept
        with app_look(palette):
            view.show()
            qloop.run_until_complete(wait_for(view.isVisible))
            save_screenshot(view, f"usage-budgets-1024x640-{look}", tmp_path)
            assert not squeezed_widgets(view), look
    view.close()


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two colours."""

    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())
        )

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)
