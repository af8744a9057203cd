"""The Usage tab's buttons and what they open: Budget…, Estimate…, Statement…, Prices…
and Export CSV…, each on the client and period the tab shows."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QMenu, QPushButton, QWidget

from headhunter_desktop.core.errors import UserFacingError
from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.services.usage_format import to_csv
from headhunter_desktop.ui.shell.client_directory import ClientDirectory
from headhunter_desktop.ui.shell.task_registry import TaskRegistry
from headhunter_desktop.ui.usage.budget_editing import BudgetEditing, has_budgets
from headhunter_desktop.ui.usage.estimator_dialog import EstimatorDialog
from headhunter_desktop.ui.usage.overview_panel import OverviewPanel
from headhunter_desktop.ui.usage.prices_dialog import PricesDialog
from headhunter_desktop.ui.usage.statement_dialog import StatementDialog
from headhunter_desktop.ui.usage.usage_filters import UsageFilters

TOOLTIPS = {
    "Budget…": "This client's monthly LLM budget",
    "Estimate…": "What a month of work would cost, from measured usage",
    "Statement…": "A client's monthly statement as CSV or PDF",
    "Prices…": "Negotiated prices, local models, repricing",
    "Export CSV…": "The totals and the breakdown shown, at full precision",
}


class UsageActions(QWidget):
    """A row of buttons; the dialogs open over the tab (`parent`)."""

    def __init__(
        self,
        services: AppServices,
        tasks: TaskRegistry,
        directory: ClientDirectory,
        shown: tuple[UsageFilters, OverviewPanel],
        show_budgets: Callable[[], object],
    ):
        super().__init__()
        self._services, self._tasks, self._directory = services, tasks, directory
        self._filters, self._overview = shown
        self._show_budgets = show_budgets
        self.prices_closed: Callable[[], object] = lambda: None
        self.export_totals: Any = None  # the totals shown, once a refresh has read them
        self.budgets = BudgetEditing(services.usage, tasks, self)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 2)
        buttons = {text: QPushButton(text) for text in TOOLTIPS}
        for text, button in buttons.items():
            button.setToolTip(TOOLTIPS[text])
            row.addWidget(button)
        self.budget_button, self.estimate_button = buttons["Budget…"], buttons["Estimate…"]
        self.statement_button, self.prices_button = buttons["Statement…"], buttons["Prices…"]
        self.export_button = buttons["Export CSV…"]
        self.budget_button.clicked.connect(self.edit_budget)
        self.estimate_button.clicked.connect(self.open_estimator)
        self.statement_button.clicked.connect(self.open_statement)
        self.prices_button.clicked.connect(self.open_prices)
        self.export_button.clicked.connect(self.export_csv)

    def set_export_totals(self, totals: Any) -> None:
        self.export_totals = totals
        self.export_button.setEnabled(totals is not None)

    def edit_budget(self) -> QMenu | None:
        """The shown client's budget; under "All clients" (or no client) a menu asks whose."""
        key = self._filters.client_key()
        if key is not None and has_budgets(key):
            self.budgets.edit(key, self._filters.client_name() or key)
            return None
        return self.budgets.ask_whose(
            self.budget_button, self._directory.clients, self._show_budgets
        )

    def open_prices(self) -> PricesDialog:
        """Prices, and repricing of the shown client's calls (everyone's for all clients)."""
        dialog = PricesDialog(
            self._services.usage,
            self._tasks,
            self.window(),
            client_key=self._filters.client_key(),
            client_name=self._filters.client_name(),
        )
        dialog.finished.connect(lambda _r: self.prices_closed())
        dialog.open()
        dialog.load()
        return dialog

    def open_estimator(self) -> EstimatorDialog:
        dialog = EstimatorDialog(self._services, self._tasks, self.window())
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def open_statement(self) -> StatementDialog:
        key = self._filters.client_key()
        clients = [(c.uuid, c.name) for c in self._directory.clients]
        chosen = key if has_budgets(key) else None  # a client company, not "(no client)"
        dialog = StatementDialog(self._services, self._tasks, clients, chosen, self.window())
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def export_csv(self) -> None:
        if self.export_totals is None:
            return
        by = self._overview.breakdown()
        client = (self._filters.client_name() or "all-clients").replace(" ", "-").lower()
        start, end = self._filters.selected_period()
        span = f"{start or 'start'}_{end or 'today'}"
        name = f"usage-{client}-{span}-by-{by}.csv"
        dialog = QFileDialog(self.window(), "Export usage as CSV", name)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter("CSV files (*.csv)")
        dialog.fileSelected.connect(lambda path: self.write_csv(Path(path)))
        dialog.open()

    def write_csv(self, path: Path) -> None:
        """Write the totals and the current breakdown, full precision and action codes."""
        assert self.export_totals is not None
        by = self._overview.breakdown()
        text = to_csv(self.export_totals, self._overview.model.rows(), by)
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UserFacingError(f"Cannot write {path}: {exc.strerror}.") from None
