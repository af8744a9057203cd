"""Breakdown rows (by action, model, client, day or recruiter) as a sortable table."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from headhunter_desktop.core.domain.actions import action_label
from headhunter_desktop.core.services.usage_format import known_cost, money_text
from headhunter_desktop.core.services.usage_periods import day_text
from headhunter_desktop.core.services.usage_types import UsageRow

Index = QModelIndex | QPersistentModelIndex
Column = tuple[str, Callable[[UsageRow], Any], Callable[[UsageRow], str]]

COLUMNS: tuple[Column, ...] = (
    ("Calls", lambda r: r.calls, lambda r: f"{r.calls:,}"),
    ("Input", lambda r: r.tokens_input, lambda r: f"{r.tokens_input:,}"),
    ("Cached", lambda r: r.tokens_cached_input, lambda r: f"{r.tokens_cached_input:,}"),
    ("Output", lambda r: r.tokens_output, lambda r: f"{r.tokens_output:,}"),
    ("Reasoning", lambda r: r.tokens_reasoning, lambda r: f"{r.tokens_reasoning:,}"),
    # "unpriced" when every call of the row is: never a $0.00 that reads like "free".
    ("Cost (USD)", lambda r: r.cost_usd, lambda r: money_text(known_cost(r))),
    ("Unpriced", lambda r: r.unpriced_calls, lambda r: f"{r.unpriced_calls:,}"),
    ("Errors", lambda r: r.errors, lambda r: f"{r.errors:,}"),
    ("p95 latency", lambda r: r.latency_p95_ms or 0, lambda r: _ms(r.latency_p95_ms)),
)
KEY_TITLES = {
    "action": "Action",
    "model": "Model",
    "client": "Client",
    "day": "Day",
    "user": "Recruiter",
}
COST_COLUMN = 1 + next(i for i, c in enumerate(COLUMNS) if c[0] == "Cost (USD)")
SORT_ROLE = Qt.ItemDataRole.UserRole
ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the UsageRow itself (drill-down)


class BreakdownModel(QAbstractTableModel):
    """First column is the breakdown key (its label); the figures follow."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[UsageRow] = []
        self._by = "action"

    def set_rows(self, rows: Sequence[UsageRow], by: str) -> None:
        self.beginResetModel()
        self._rows, self._by = list(rows), by
        self.endResetModel()

    def rows(self) -> list[UsageRow]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS) + 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._key_text(row) if column == 0 else COLUMNS[column - 1][2](row)
        if role == SORT_ROLE:
            if column == 0:  # days by date, the rest by what they read
                return str(row.key) if self._by == "day" else self._key_text(row).casefold()
            return float(COLUMNS[column - 1][1](row))
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return "Double-click to list these calls"
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _key_text(self, row: UsageRow) -> str:
        # Actions are stored as codes (`parse_cv`); people read labels ("Parse CV").
        if self._by == "action":
            return action_label(str(row.key))
        if self._by == "day" and row.day is not None:
            return day_text(row.day)
        return row.label

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return KEY_TITLES[self._by] if section == 0 else COLUMNS[section - 1][0]


def _ms(value: int | None) -> str:
    return "—" if value is None else f"{value:,} ms"
