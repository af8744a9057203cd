"""Cost per piece of work (a candidate, a job posting, an interview…) as a sortable table:
one `TargetCost` a row (a candidate's CV files already added up)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import tzinfo
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from headhunter_desktop.core.services.entity_labels import TargetCost
from headhunter_desktop.core.services.usage_format import money_text
from headhunter_desktop.ui.usage.work_kinds import (
    can_open,
    entity_type_text,
    link_look,
    target_text,
)

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole
NO_CLIENT_TEXT = "(no client)"


def work_text(work: TargetCost) -> str:
    """Its label ("Jane Doe"), or its type and id when it could not be named."""
    return work.label.text if work.label is not None else f"{work.entity_type} {work.entity_ids[0]}"


def work_cost_text(work: TargetCost) -> str:
    """The cost, "unpriced" when none of its calls has a price."""
    all_unpriced = work.calls > 0 and work.unpriced_calls >= work.calls
    return money_text(None if all_unpriced else work.cost_usd)


def kind_text(work: TargetCost) -> str:
    """What the row is: "Candidate" for a candidate's CV files, else the recorded type."""
    if work.label is not None and work.label.target_id is not None:
        return target_text(work.label.target)
    return entity_type_text(work.entity_type)


Column = tuple[str, Callable[[TargetCost], Any]]
COLUMNS: tuple[Column, ...] = (
    ("Work", lambda r: work_text(r).casefold()),
    ("Kind", lambda r: kind_text(r)),
    ("Client", lambda r: (r.client_name or NO_CLIENT_TEXT).casefold()),
    ("Calls", lambda r: r.calls),
    ("Tokens", lambda r: r.tokens_total),
    ("Cost", lambda r: float(r.cost_usd)),
    ("Unpriced calls", lambda r: r.unpriced_calls),
    ("First call", lambda r: r.first_at.timestamp()),
    ("Last call", lambda r: r.last_at.timestamp()),
)
WORK_COLUMN, KIND_COLUMN = 0, 1
_NUMBER_COLUMNS = frozenset(range(3, 7))


class WorkModel(QAbstractTableModel):
    """One row per piece of work; the first column reads as a link when it can be opened."""

    def __init__(self, tz: tzinfo, parent: Any = None) -> None:
        super().__init__(parent)
        self._tz = tz
        self._rows: list[TargetCost] = []

    def set_rows(self, rows: Sequence[TargetCost]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[TargetCost]:
        return list(self._rows)

    def row_at(self, row: int) -> TargetCost:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        work, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(work, column)
        if role == SORT_ROLE:
            return COLUMNS[column][1](work)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _NUMBER_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == WORK_COLUMN:
            opens = " — click to open it" if can_open(work.label) else ""
            return f"{work_text(work)}{opens}; double-click the row for its calls"
        if column == WORK_COLUMN and can_open(work.label):
            return link_look(role)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][0]
        return None

    def _text(self, work: TargetCost, column: int) -> str:
        texts = (
            lambda: work_text(work),
            lambda: kind_text(work),
            lambda: work.client_name or NO_CLIENT_TEXT,
            lambda: f"{work.calls:,}",
            lambda: f"{work.tokens_total:,}",
            lambda: work_cost_text(work),
            lambda: f"{work.unpriced_calls:,}",
            lambda: f"{work.first_at.astimezone(self._tz):%Y-%m-%d %H:%M}",
            lambda: f"{work.last_at.astimezone(self._tz):%Y-%m-%d %H:%M}",
        )
        return texts[column]()
