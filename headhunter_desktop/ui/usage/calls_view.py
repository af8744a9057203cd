"""The call log: every LLM call of a client and period, filterable, a page at a time.

A drill-down (a KPI, a chart bar, a breakdown row) hands `show_calls` a filter; the
drop-downs narrow it further. The table loads the next page when it is scrolled to the
end, so a million calls cost one page of work at a time.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from headhunter_desktop.core.domain.actions import action_label
from headhunter_desktop.core.services.entity_labels import entity_labels
from headhunter_desktop.core.services.usage_types import STATUS_GROUPS
from headhunter_desktop.ui.common.link_table import set_up_link_table, show_link_cursor
from headhunter_desktop.ui.common.table_hint import TableHint
from headhunter_desktop.ui.shell.task_registry import TaskRegistry
from headhunter_desktop.ui.usage.calls_model import (
    ACTION_COLUMN,
    CLIENT_COLUMN,
    ENTITY_COLUMN,
    MODEL_COLUMN,
    CallsModel,
)
from headhunter_desktop.ui.usage.work_kinds import (
    STATUS_FILTER_TEXT,
    can_open,
    entity_type_text,
)

if TYPE_CHECKING:
    from headhunter_desktop.core.services.app_services import AppServices
    from headhunter_desktop.core.services.entity_labels import EntityLabel
    from headhunter_desktop.core.services.usage_types import CallFilter, CallRow, Cursor

PAGE_SIZE = 200
# Widest a text column starts (the user may widen it): the log fits a 1024-pixel window.
TEXT_COLUMN_MAX = {CLIENT_COLUMN: 140, ACTION_COLUMN: 165, MODEL_COLUMN: 130}
OpenEntity = Callable[["EntityLabel"], object]
NO_CALLS_TEXT = "No calls in this period."
NO_CLIENT_CALLS_TEXT = "No calls for this client in this period."
NO_MATCH_TEXT = "No calls match these filters. “Clear filters” shows every call of the period."
# The filter fields the log's own controls (and drill-downs) narrow, which "Clear filters"
# empties; the client and the period are the panel's.
NARROWING = (
    "action",
    "model",
    "status",
    "app_user",
    "entity_type",
    "entity_id",
    "estimated",
    "priced",
)
# (filter field, "all" text, how a value reads) for each drop-down, in screen order.
FILTERS: tuple[tuple[str, str, Callable[[str], str]], ...] = (
    ("action", "All actions", action_label),
    ("model", "All models", str),
    ("status", "Any status", lambda s: STATUS_FILTER_TEXT.get(s, s)),
    ("app_user", "All users", str),
    ("entity_type", "Any work", entity_type_text),
)


class CallsView(QWidget):
    """Drop-downs, a count and the table of calls; clicking a call's work opens it."""

    def __init__(
        self,
        services: AppServices,
        tasks: TaskRegistry,
        open_entity: OpenEntity,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._services, self._usage, self._tasks = services, services.usage, tasks
        self._open_entity = open_entity
        self._filter: CallFilter | None = None
        self.page_size = PAGE_SIZE
        self.model = CallsModel(self._usage.tz, self)
        self.model.more_wanted.connect(self._load_more)
        self.combos: dict[str, QComboBox] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._build_filter_row())
        layout.addWidget(self._build_table(), 1)

    # -- building ---------------------------------------------------------------------------
    def _build_filter_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        for field, everything, _text in FILTERS:
            combo = QComboBox()
            combo.addItem(everything, None)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setMinimumContentsLength(8)
            combo.currentIndexChanged.connect(lambda _i, f=field: self._on_filter_changed(f))
            self.combos[field] = combo
            row.addWidget(combo)
        self.estimated_only = QCheckBox("Estimated only")
        self.estimated_only.setToolTip("Only calls whose tokens the app counted itself")
        self.estimated_only.toggled.connect(lambda _on: self._on_filter_changed("estimated"))
        row.addWidget(self.estimated_only)
        self.unpriced_only = QCheckBox("Unpriced only")
        self.unpriced_only.setToolTip("Only calls with no known price (set one in Prices…)")
        self.unpriced_only.toggled.connect(lambda _on: self._on_filter_changed("priced"))
        row.addWidget(self.unpriced_only)
        self.clear_button = QPushButton("Clear filters")
        self.clear_button.clicked.connect(self.clear_filters)
        row.addWidget(self.clear_button)
        row.addStretch()
        self.count_label = QLabel()
        self.count_label.setObjectName("callCount")
        row.addWidget(self.count_label)
        return row

    def _build_table(self) -> QTableView:
        self.table = QTableView()
        self.table.setModel(self.model)
        set_up_link_table(self.table)
        compact = self.table.fontMetrics().height() + 8  # a log: many rows in view
        self.table.verticalHeader().setDefaultSectionSize(compact)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(ENTITY_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(24)
        self.table.clicked.connect(self._on_clicked)
        self.table.activated.connect(self._on_activated)
        self.table.entered.connect(self._on_hovered)
        self.hint = TableHint(self.table)
        return self.table

    # -- the filter -------------------------------------------------------------------------
    @property
    def current_filter(self) -> CallFilter | None:
        """The filter of the calls shown (None before the first `show_calls`)."""
        return self._filter

    def show_calls(self, f: CallFilter) -> None:
        """Show the calls of `f` (its drop-down values selected), from the newest."""
        self._filter = f
        self._select_filter_values(f)  # now; the drop-downs' other values follow
        # The page first: the usage database answers one query at a time, and the
        # drop-downs' values read every call of the period (seconds over a year of
        # a million calls) where a page reads a few hundred.
        self._reload()
        self._tasks.start("usage.calls.choices", self._load_choices(f))

    def clear_filters(self) -> None:
        """Every call of the client and period again."""
        if self._filter is None:
            return
        cleared: dict[str, Any] = dict.fromkeys(NARROWING)
        self._filter = dataclasses.replace(self._filter, **cleared)
        self._select_filter_values(self._filter)
        self._reload()

    def _on_filter_changed(self, field: str) -> None:
        if self._filter is None:
            return
        if field == "estimated":
            value: Any = True if self.estimated_only.isChecked() else None
        elif field == "priced":
            value = False if self.unpriced_only.isChecked() else None
        else:
            value = self.combos[field].currentData()
        changes: dict[str, Any] = {field: value}
        if field == "entity_type":  # one piece of work belongs to one type
            changes["entity_id"] = None
        self._filter = dataclasses.replace(self._filter, **changes)
        self._reload()

    async def _load_choices(self, f: CallFilter) -> None:
        choices = await self._usage.call_filter_choices(f)
        for field, everything, text in FILTERS:
            values = list(choices.get(field, []))
            if field == "status":
                values += _status_groups_among(values)
            selected = getattr(f, field)
            if selected is not None and selected not in values:
                values.append(selected)  # a drill-down's value, kept selectable
            self._fill_combo(self.combos[field], everything, values, text)
        self._select_filter_values(self._filter or f)

    @staticmethod
    def _fill_combo(
        combo: QComboBox, everything: str, values: Iterable[str], text: Callable[[str], str]
    ) -> None:
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everything, None)
        for value in sorted(values, key=lambda v: text(v).casefold()):
            combo.addItem(text(value), value)
        combo.blockSignals(False)

    def _select_filter_values(self, f: CallFilter) -> None:
        for field, _everything, text in FILTERS:
            combo, value = self.combos[field], getattr(f, field)
            combo.blockSignals(True)
            if value is not None and combo.findData(value) < 0:
                combo.addItem(text(value), value)
            combo.setCurrentIndex(max(combo.findData(value), 0))
            combo.blockSignals(False)
        self.estimated_only.blockSignals(True)
        self.estimated_only.setChecked(f.estimated is True)
        self.estimated_only.blockSignals(False)
        self.unpriced_only.blockSignals(True)
        self.unpriced_only.setChecked(f.priced is False)
        self.unpriced_only.blockSignals(False)

    # -- loading ----------------------------------------------------------------------------
    def _reload(self) -> None:
        assert self._filter is not None
        # One client's calls need no client column.
        self.table.setColumnHidden(CLIENT_COLUMN, self._filter.client_key is not None)
        generation = self.model.reset()
        self.hint.clear()
        self.count_label.setText("Counting…")
        self._tasks.start("usage.calls.count", self._load_count(self._filter))
        self._tasks.start("usage.calls.page", self._load_page(generation, self._filter, None))

    def _load_more(self, after: Cursor) -> None:
        if self._filter is not None:
            generation = self.model.generation
            self._tasks.start("usage.calls.page", self._load_page(generation, self._filter, after))

    async def _load_count(self, f: CallFilter) -> None:
        count = await self._usage.count_calls(f)
        if f == self._filter:
            text = f"{count:,} call{'' if count == 1 else 's'}"
            if f.entity_id is not None and f.entity_type is not None:  # a piece of work's
                text += f" for one {entity_type_text(f.entity_type).lower()}"
            self.count_label.setText(text)

    async def _load_page(self, generation: int, f: CallFilter, after: Cursor | None) -> None:
        try:
            page = await self._usage.calls(f, after=after, limit=self.page_size)
            labels = await self._labels_for(page.rows)
        except BaseException:
            self.model.page_failed(generation)  # scrolling asks again
            raise
        if self.model.append_page(generation, page.rows, page.next_cursor, labels) and not after:
            if page.rows:
                self._fit_columns()
            else:  # the columns keep their widths: fitted to the headers alone they shrink
                self.hint.show_text(_empty_text(f))

    def _fit_columns(self) -> None:
        self.table.resizeColumnsToContents()
        for column, widest in TEXT_COLUMN_MAX.items():
            if self.table.columnWidth(column) > widest:
                self.table.setColumnWidth(column, widest)

    async def _labels_for(self, rows: Iterable[CallRow]) -> dict[tuple[str, str], EntityLabel]:
        refs = {
            (r.entity_type, r.entity_id)
            for r in rows
            if r.entity_type is not None and r.entity_id is not None
        }
        return await entity_labels(self._services, refs) if refs else {}

    # -- opening the work of a call ---------------------------------------------------------
    def _on_clicked(self, index: QModelIndex) -> None:
        if index.column() == ENTITY_COLUMN:
            self.open_entity_of(index.row())

    def _on_activated(self, index: QModelIndex) -> None:
        # A double click on the link already opened it with its first click.
        by_mouse = QApplication.mouseButtons() != Qt.MouseButton.NoButton
        if not (by_mouse and index.column() == ENTITY_COLUMN):
            self.open_entity_of(index.row())

    def open_entity_of(self, row: int) -> bool:
        """Open the candidate, job… the call at `row` was for; False when it has none."""
        label = self.model.entity_of(row)
        if label is None or not can_open(label):
            return False
        self._open_entity(label)
        return True

    def _on_hovered(self, index: QModelIndex) -> None:
        link = index.column() == ENTITY_COLUMN and can_open(self.model.entity_of(index.row()))
        show_link_cursor(self.table, link)


def _empty_text(f: CallFilter) -> str:
    """Why the log is empty: its filters, or the client and period chosen in the panel."""
    if any(getattr(f, field) is not None for field in NARROWING):
        return NO_MATCH_TEXT
    return NO_CALLS_TEXT if f.client_key is None else NO_CLIENT_CALLS_TEXT


def _status_groups_among(statuses: Iterable[str]) -> list[str]:
    """The status groups ("failed") worth offering: those with a status among `statuses`."""
    present = set(statuses)
    return [group for group, members in STATUS_GROUPS.items() if present & set(members)]
