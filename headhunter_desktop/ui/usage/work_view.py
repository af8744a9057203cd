"""What each piece of work cost in LLM calls: per candidate, job posting, interview,
department — "what did this hire cost". A row's name opens it; double-clicking a row
asks for its calls (the tab shows them in the call log)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from headhunter_desktop.core.services.entity_labels import entity_labels, group_by_target
from headhunter_desktop.core.services.usage_format import money_text
from headhunter_desktop.ui.common.link_table import set_up_link_table, show_link_cursor
from headhunter_desktop.ui.shell.task_registry import TaskRegistry
from headhunter_desktop.ui.usage.work_kinds import can_open
from headhunter_desktop.ui.usage.work_model import (
    KIND_COLUMN,
    SORT_ROLE,
    WORK_COLUMN,
    WorkModel,
)

if TYPE_CHECKING:
    from headhunter_desktop.core.services.app_services import AppServices
    from headhunter_desktop.core.services.entity_labels import EntityLabel, TargetCost
    from headhunter_desktop.core.services.usage_types import CallFilter

OpenEntity = Callable[["EntityLabel"], object]
# (drop-down text, entity type recorded, what one and several of them are called)
KINDS: tuple[tuple[str, str | None, str, str], ...] = (
    ("Per candidate", "cv_file", "candidate", "candidates"),
    ("Per job posting", "job", "job posting", "job postings"),
    ("Per interview", "interview", "interview", "interviews"),
    ("Per department", "department", "department", "departments"),
    ("Per company profile", "client", "company profile", "company profiles"),
    ("All work", None, "piece of work", "pieces of work"),
)


class WorkView(QWidget):
    """A kind drop-down, the table of work and its total.

    Signals:
        calls_requested(object): a CallFilter for the calls of one piece of work.
    """

    calls_requested = Signal(object)

    def __init__(
        self,
        services: AppServices,
        tasks: TaskRegistry,
        open_entity: OpenEntity,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._services, self._tasks, self._open_entity = services, tasks, open_entity
        self._filter: CallFilter | None = None
        self.model = WorkModel(services.usage.tz, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._build_top_row())
        layout.addWidget(self._build_table(), 1)

    def _build_top_row(self) -> QHBoxLayout:
        self.kind = QComboBox()
        for text, entity_type, _one, _several in KINDS:
            self.kind.addItem(text, entity_type)
        self.kind.currentIndexChanged.connect(lambda _i: self._reload())
        self.calls_button = QPushButton("Show calls")
        self.calls_button.setToolTip("The calls of the selected row, in the call log")
        self.calls_button.clicked.connect(self.request_selected_calls)
        self.summary = QLabel()
        self.summary.setObjectName("workSummary")
        row = QHBoxLayout()
        row.addWidget(self.kind)
        row.addWidget(self.calls_button)
        row.addStretch()
        row.addWidget(self.summary)
        return row

    def _build_table(self) -> QTableView:
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(5, Qt.SortOrder.DescendingOrder)  # the cost
        set_up_link_table(self.table)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(WORK_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.table.clicked.connect(self._on_clicked)
        self.table.doubleClicked.connect(self._on_double_clicked)
        self.table.entered.connect(self._on_hovered)
        return self.table

    # -- loading ----------------------------------------------------------------------------
    def load(self, f: CallFilter) -> None:
        """Show what the work of `f`'s client and period cost."""
        self._filter = f
        self._reload()

    def _reload(self) -> None:
        if self._filter is None:
            return
        entity_type = self.kind.currentData()
        self.table.setColumnHidden(KIND_COLUMN, entity_type is not None)
        self.summary.setText("Loading…")
        self._tasks.start("usage.work", self._load(self._filter, entity_type))

    async def _load(self, f: CallFilter, entity_type: str | None) -> None:
        costs = await self._services.usage.work_costs(f, entity_type)
        refs = {(c.entity_type, c.entity_id) for c in costs}
        labels = await entity_labels(self._services, refs) if refs else {}
        rows = group_by_target(costs, labels)
        self.model.set_rows(rows)
        self.summary.setText(self._summary(rows))

    def _summary(self, rows: list[TargetCost]) -> str:
        _text, _type, one, several = KINDS[self.kind.currentIndex()]
        if not rows:
            return f"No calls for any {one} in this period"
        cost = sum((r.cost_usd for r in rows), Decimal(0))
        calls = sum(r.calls for r in rows)
        unpriced = sum(r.unpriced_calls for r in rows)
        noun = one if len(rows) == 1 else several
        text = f"{len(rows):,} {noun} · {calls:,} calls · {money_text(cost)}"
        return text + (f" (+{unpriced:,} unpriced calls)" if unpriced else "")

    # -- acting on a row --------------------------------------------------------------------
    def work_at(self, view_row: int) -> TargetCost:
        """The work shown at `view_row` of the (sorted) table."""
        return self.model.row_at(self.proxy.mapToSource(self.proxy.index(view_row, 0)).row())

    def call_filter_for(self, work: TargetCost) -> CallFilter:
        """The call-log filter of one piece of work (a candidate's first CV file when it has
        several: one filter names one entity)."""
        assert self._filter is not None
        return dataclasses.replace(
            self._filter, entity_type=work.entity_type, entity_id=work.entity_ids[0]
        )

    def request_calls(self, view_row: int) -> None:
        if self._filter is not None and 0 <= view_row < self.proxy.rowCount():
            self.calls_requested.emit(self.call_filter_for(self.work_at(view_row)))

    def request_selected_calls(self) -> None:
        selected = self.table.selectionModel().selectedRows()
        if selected:
            self.request_calls(selected[0].row())

    def open_work(self, view_row: int) -> bool:
        """Open the candidate, job… at `view_row`; False when it cannot be opened."""
        label = self.work_at(view_row).label
        if label is None or not can_open(label):
            return False
        self._open_entity(label)
        return True

    def _on_clicked(self, index: QModelIndex) -> None:
        if index.column() == WORK_COLUMN:
            self.open_work(index.row())

    def _on_double_clicked(self, index: QModelIndex) -> None:
        # On the name, the first click already opened the work.
        if index.column() != WORK_COLUMN or not can_open(self.work_at(index.row()).label):
            self.request_calls(index.row())

    def _on_hovered(self, index: QModelIndex) -> None:
        link = index.column() == WORK_COLUMN and can_open(self.work_at(index.row()).label)
        show_link_cursor(self.table, link)
