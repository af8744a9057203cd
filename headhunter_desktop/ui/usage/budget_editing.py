"""Editing a client's monthly budget from the Usage tab: which client (a menu when the tab
shows all clients), its dialog with the month's spend, and saving what the dialog returns."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, QPoint, Signal
from PySide6.QtWidgets import QMenu, QWidget

from headhunter_desktop.core.services.clients import ClientSummary
from headhunter_desktop.core.services.usage import UsageService
from headhunter_desktop.core.services.usage_types import Budget
from headhunter_desktop.ui.shell.task_registry import TaskRegistry
from headhunter_desktop.ui.usage.budget_dialog import BudgetDialog
from headhunter_desktop.ui.usage.usage_filters import NO_CLIENT_KEY


def has_budgets(client_key: str | None) -> bool:
    """Budgets are per client UUID: not for all clients, no client or a legacy key."""
    return bool(client_key) and client_key != NO_CLIENT_KEY and ":" not in str(client_key)


class BudgetEditing(QObject):
    """Opens budget dialogs over `parent` and saves them.

    Signals:
        changed(): a budget was saved or removed.
    """

    changed = Signal()

    def __init__(self, usage: UsageService, tasks: TaskRegistry, parent: QWidget):
        super().__init__(parent)
        self._usage, self._tasks, self._parent = usage, tasks, parent
        self.menu: QMenu | None = None  # the last "whose budget?" menu
        self.dialog: BudgetDialog | None = None  # the last dialog opened

    def ask_whose(
        self,
        anchor: QWidget,
        clients: Sequence[ClientSummary],
        show_all: Callable[[], object],
    ) -> QMenu:
        """A menu under `anchor`: each client, then every client's budgets (`show_all`)."""
        menu = QMenu(self._parent)
        for client in clients:
            menu.addAction(client.name, functools.partial(self.edit, client.uuid, client.name))
        if not clients:
            menu.addAction("No client companies yet").setEnabled(False)
        menu.addSeparator()
        menu.addAction("Every client's budget…", show_all)
        self.menu = menu
        menu.popup(anchor.mapToGlobal(QPoint(0, anchor.height())))
        return menu

    def edit(self, client_uuid: str, name: str) -> None:
        """The budget dialog of one client, once its budget and spend are read."""
        self._tasks.start("usage.budget", self.open_dialog(client_uuid, name))

    async def open_dialog(self, client_uuid: str, name: str) -> BudgetDialog:
        """Read the budget and the spend, then open the dialog (returned, already open)."""
        status = await self._usage.budget_status(client_uuid)
        spent = await self._usage.month_spend(client_uuid)  # known with no budget too
        dialog = BudgetDialog(client_uuid, name, status.budget, self._parent, month_spend=spent)
        dialog.saved.connect(
            lambda budget: self._tasks.start("usage.budget.save", self._save(budget))
        )
        dialog.removed.connect(
            lambda: self._tasks.start("usage.budget.save", self._remove(client_uuid))
        )
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog

    async def _save(self, budget: Budget) -> None:
        await self._usage.set_budget(budget)
        self.changed.emit()

    async def _remove(self, client_uuid: str) -> None:
        await self._usage.delete_budget(client_uuid)
        self.changed.emit()
