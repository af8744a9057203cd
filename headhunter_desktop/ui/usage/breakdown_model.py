"""Breakdown rows (by action, model, client or day) as a sortable table."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from headhunter_desktop.core.domain.actions import action_label
from headhunter_desktop.core.services.usage_format import cost_text
from headhunter_desktop.core.services.usage_types import UsageRow

Index = QModelIndex | QPersistentModelIndex
Column = tuple[str, Callable[[UsageRow], Any], Callable[[UsageRow], str]]

COLUMNS: tuple[Column, ...] = (
    ("Calls", lambda r: r.calls, lambda r: f"{r.calls:,}"),
    ("Input", lambda r: r.tokens_input, lambda r: f"{r.tokens_input:,}"),
    ("Cached", lambda r: r.tokens_cached_input, lambda r: f"{r.tokens_cached_input:,}"),
    ("Output", lambda r: r.tokens_output, lambda r: f"{r.tokens_output:,}"),
    ("Reasoning", lambda r: r.tokens_reasoning, lambda r: f"{r.tokens_reasoning:,}"),
    ("Cost (USD)", lambda r: r.cost_usd, cost_text),  # empty when all calls are unpriced
    ("Unpriced", lambda r: r.unpriced_calls, lambda r: f"{r.unpriced_calls:,}"),
    ("Errors", lambda r: r.errors, lambda r: f"{r.errors:,}"),
    ("p95 latency", lambda r: r.latency_p95_ms or 0, lambda r: _ms(r.latency_p95_ms)),
)
KEY_TITLES = {"action": "Action", "model": "Model", "client": "Client", "day": "Day"}
SORT_ROLE = Qt.ItemDataRole.UserRole


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
            return str(row.key) if column == 0 else float(COLUMNS[column - 1][1](row))
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _key_text(self, row: UsageRow) -> str:
        # Actions are stored as codes (`parse_cv`); people read labels ("Parse CV").
        return action_label(str(row.key)) if self._by == "action" else row.label

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return KEY_TITLES[self._by] if section == 0 else COLUMNS[section - 1][0]


def _ms(value: int | None) -> str:
    return "—" if value is None else f"{value:,} ms"
