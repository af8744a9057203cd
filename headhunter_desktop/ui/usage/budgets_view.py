"""Every client's month-to-date spend against its budget, in one table with a bar each,
and where each is heading by the month's end at the rate so far."""

from __future__ import annotations

import calendar
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from headhunter_desktop.core.services.usage_format import money_text
from headhunter_desktop.ui.shell.task_registry import TaskRegistry
from headhunter_desktop.ui.usage.budget_bar import BudgetBarDelegate
from headhunter_desktop.ui.usage.budgets_model import (
    BAR_ROLE,
    USED_COLUMN,
    BudgetsModel,
    can_have_budget,
    client_text,
    total_spend,
)

if TYPE_CHECKING:
    from headhunter_desktop.core.services.app_services import AppServices


class BudgetsView(QWidget):
    """The month's line, the clients' table, the total and "Set budget…".

    Signals:
        edit_budget_requested(str, str): the client's key (its UUID) and name.
    """

    edit_budget_requested = Signal(str, str)

    def __init__(self, services: AppServices, tasks: TaskRegistry, parent: QWidget | None = None):
        super().__init__(parent)
        self._usage, self._tasks = services.usage, tasks
        self.model = BudgetsModel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._build_top_row())
        layout.addWidget(self._build_table(), 1)
        self.total = QLabel()
        self.total.setObjectName("budgetsTotal")
        layout.addWidget(self.total)

    def _build_top_row(self) -> QHBoxLayout:
        self.month_label = QLabel()
        self.month_label.setObjectName("budgetsMonth")
        self.month_label.setWordWrap(True)
        self.edit_button = QPushButton("Set budget…")
        self.edit_button.setEnabled(False)
        self.edit_button.clicked.connect(self.edit_selected)
        row = QHBoxLayout()
        row.addWidget(self.month_label, 1)
        row.addWidget(self.edit_button)
        return row

    def _build_table(self) -> QTableView:
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(USED_COLUMN, BudgetBarDelegate(BAR_ROLE, self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_button())
        self.table.doubleClicked.connect(lambda index: self.edit_row(index.row()))
        return self.table

    # -- loading ----------------------------------------------------------------------------
    def load(self) -> None:
        """Read this month's spend, budgets and projections again."""
        self._tasks.start("usage.budgets", self._load())

    async def _load(self) -> None:
        rows = await self._usage.budget_overview()
        self.model.set_rows(rows)
        self.month_label.setText(month_line(datetime.now(self._usage.tz)))
        spent, projected = total_spend(rows)
        self.total.setText(
            f"All clients: {money_text(spent)} spent this month, "
            f"{money_text(projected)} projected by its end."
        )
        self._update_button()

    # -- editing ----------------------------------------------------------------------------
    def edit_row(self, row: int) -> bool:
        """Ask for the budget of the client at `row`; False when it cannot have one."""
        if not 0 <= row < self.model.rowCount():
            return False
        client = self.model.row_at(row)
        if not can_have_budget(client.client_key):
            return False
        self.edit_budget_requested.emit(client.client_key, client_text(client))
        return True

    def edit_selected(self) -> None:
        if (row := self._selected_row()) is not None:
            self.edit_row(row)

    def _selected_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def _update_button(self) -> None:
        row = self._selected_row()
        ok = row is not None and can_have_budget(self.model.row_at(row).client_key)
        self.edit_button.setEnabled(ok)

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0), QAbstractItemView.ScrollHint.EnsureVisible)

    def index_of(self, client_key: str) -> QModelIndex:
        for row, client in enumerate(self.model.rows()):
            if client.client_key == client_key:
                return self.model.index(row, 0)
        return QModelIndex()


def month_line(now: datetime) -> str:
    """'December 2026 to date (day 2 of 31). Projections continue the spend so far at
    the same rate to the month's end.'"""
    days = calendar.monthrange(now.year, now.month)[1]
    return (
        f"{now:%B %Y} to date (day {now.day} of {days}). The projection carries the "
        "spend so far on at the same rate to the month's end."
    )
