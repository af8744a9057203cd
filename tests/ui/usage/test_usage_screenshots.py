"""The Usage tab as an owner sees it — the overview of every client, one client with its
budget, and the call log — at 1280×800, 1024×640 and the window's minimum size, light
and dark: grabbed to PNG (set HEADHUNTER_SCREENSHOT_DIR to keep them) with no widget
squeezed below its size."""

from __future__ import annotations

import asyncio
from datetime import date
from decimal import Decimal
from pathlib import Path

from headhunter_desktop.core.analytics.budgets import Budget
from headhunter_desktop.core.analytics.reprice import RepricePreview
from headhunter_desktop.ui.shell.main_window import MainWindow
from headhunter_desktop.ui.usage.reprice_preview_dialog import RepricePreviewDialog
from tests.helpers.screenshots import (
    app_look,
    looks,
    save_screenshot,
    squeezed_widgets,
    window_sizes,
)
from tests.helpers.usage_tab import create_clients, known_calls, open_usage, submit, usage_settled
from tests.helpers.waiting import wait_for

PALETTES = looks()


async def shoot(window: MainWindow, state: str, folder: Path) -> list[str]:
    """Every size and palette of the window as it is; the squeezed widgets found."""
    problems = []
    for look, palette in PALETTES.items():
        with app_look(palette):
            for size_name, size in window_sizes(window).items():
                window.resize(size)
                await asyncio.sleep(0.05)  # layouts and paints settle
                name = f"usage-{state}-{size_name}-{look}"
                save_screenshot(window, name, folder)
                problems += [f"{name}: {p}" for p in squeezed_widgets(window)]
    return problems


def test_screenshots_of_the_usage_tab(window: MainWindow, qloop, tmp_path: Path) -> None:
    tz, today = window.services.usage.tz, date.today()
    clients = create_clients(window, qloop)
    submit(window, known_calls(clients, today, tz))
    budget = Budget(clients.acme, "Acme Ltd", Decimal("0.08"), Decimal("0.8"), hard_cap=False)
    qloop.run_until_complete(window.services.usage.set_budget(budget))
    tab = window.usage_tab
    tab.filters.period.setCurrentText("Last 30 days")
    open_usage(window, qloop)
    problems = qloop.run_until_complete(shoot(window, "overview", tmp_path))

    window.directory.select(clients.acme_id)
    usage_settled(window, qloop)
    qloop.run_until_complete(wait_for(tab.overview.budget_bar.isVisible))
    problems += qloop.run_until_complete(shoot(window, "client", tmp_path))

    tab.overview.kpis.kpi_clicked.emit("Calls")
    view = tab.calls_view
    qloop.run_until_complete(wait_for(lambda: view.count_label.text().endswith("calls")))
    problems += qloop.run_until_complete(shoot(window, "calls", tmp_path))
    problems += qloop.run_until_complete(shoot_dialogs(window, clients.acme, tmp_path))
    assert problems == []


async def shoot_dialogs(window: MainWindow, acme: str, folder: Path) -> list[str]:
    """The budget dialog of a client with a budget, and a reprice preview."""
    tab = window.usage_tab
    budget = await tab.commands.budgets.open_dialog(acme, "Acme Ltd")
    today = date.today()
    change = [
        (acme, "Acme Ltd", None, Decimal("0.0028")),
        ("", None, Decimal("0.5"), Decimal("0.61")),
    ]
    preview = RepricePreview(3, change, Decimal("0.5"), Decimal("0.6128"), 2, 0)
    whose = "the calls of every client"
    reprice = RepricePreviewDialog(preview, today.replace(day=1), today, whose, window)
    reprice.show()
    problems = []
    for look, palette in PALETTES.items():
        with app_look(palette):
            await asyncio.sleep(0.05)
            for name, dialog in (("budget-dialog", budget), ("reprice-preview", reprice)):
                save_screenshot(dialog, f"usage-{name}-{look}", folder)
                problems += [f"{name} {look}: {p}" for p in squeezed_widgets(dialog)]
    budget.reject()
    reprice.reject()
    return problems
